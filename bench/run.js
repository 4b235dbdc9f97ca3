/**
 * `npm run bench`: a benchmark, not a test. It reports; it never passes or fails. Every figure
 * is a ratio of two things measured side by side in this run (medians of several runs), so the
 * numbers mean the same on a slower machine. Markdown goes to stdout, JSON to bench-results/.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const skipN8n = args.has('--no-n8n');

function child(argv, nodeFlags = []) {
	const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', ...nodeFlags, path.join(__dirname, 'core-child.js'), ...argv.map(String)], {
		cwd: ROOT,
		encoding: 'utf8',
		maxBuffer: 512 * 1024 * 1024,
	});
	if (run.status !== 0) throw new Error(`bench child ${argv.join(' ')} failed:\n${run.stderr.slice(-2000)}`);
	const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
	return { result: JSON.parse(line.slice(7)), stdout: run.stdout };
}

/** Peak heap from --trace-gc lines between the marks: "Mark-Compact 812.3 (850.1) -> …". */
function peakHeapMb(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('MARK start');
	const end = lines.indexOf('MARK end');
	let peak = 0;
	for (const line of lines.slice(start, end === -1 ? undefined : end + 2)) {
		const match = / ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/.exec(line);
		if (match) peak = Math.max(peak, Number(match[1]));
	}
	return peak;
}

const ratio = (a, b) => (b > 0 ? a / b : NaN);
const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const mark = (ok) => (ok ? 'met' : '**missed**');

function main() {
	const report = { machine: { node: process.version, cpus: require('node:os').cpus().length }, startedAt: new Date().toISOString() };
	const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
	const runsFor = (n) => (n >= 1_000_000 ? 3 : 5);
	const core = sizes.map((n) => {
		process.stderr.write(`bench: reconcile ${n} returns…\n`);
		return child(['reconcile', n, runsFor(n)]).result;
	});
	report.core = core;
	const big = core[core.length - 1];
	const hundredK = core.find((c) => c.returns === 100_000);
	let heap = null;
	if (!quick) {
		process.stderr.write('bench: peak heap at 1M…\n');
		const run = child(['heap', 1_000_000], ['--trace-gc']);
		const peakMb = peakHeapMb(run.stdout);
		const beforeMb = run.result.heapBeforeBytes / 1048576;
		heap = { ...run.result, peakHeapMb: peakMb, inputJsonMb: run.result.inputBytes / 1048576, extraPeakMb: Math.max(0, peakMb - beforeMb) };
		report.heap = heap;
	}
	process.stderr.write('bench: guard on 100k payloads…\n');
	const guard = child(['guard', 100_000, 5]).result;
	report.guard = guard;

	let n8n = null;
	if (!skipN8n) {
		try {
			n8n = require('./n8n.js').run({ quick });
			report.n8n = n8n;
		} catch (error) {
			report.n8nError = String(error && error.stack ? error.stack : error);
			process.stderr.write(`bench: the n8n part did not run: ${report.n8nError.slice(0, 500)}\n`);
		}
	}

	const out = [];
	out.push('## Core: reconcileReturns against its indexing floor (same process, medians)', '');
	out.push('| returns | records | floor (ms) | reconcile (ms) | reconcile / floor |', '|---:|---:|---:|---:|---:|');
	for (const c of core) out.push(`| ${c.returns.toLocaleString('en-US')} | ${c.records.toLocaleString('en-US')} | ${fmt(c.floorMs, 1)} | ${fmt(c.reconcileMs, 1)} | ${fmt(ratio(c.reconcileMs, c.floorMs))} |`);
	out.push('');
	const targets = [];
	if (hundredK) targets.push(['reconcile ≤ 3 × floor at 100k', fmt(ratio(hundredK.reconcileMs, hundredK.floorMs)), ratio(hundredK.reconcileMs, hundredK.floorMs) <= 3]);
	if (big.returns === 1_000_000 && hundredK) {
		const scaling = ratio(big.reconcileMs, hundredK.reconcileMs);
		targets.push(['time(1M) / time(100k) ≤ 12', fmt(scaling), scaling <= 12]);
	}
	if (heap) {
		const r = ratio(heap.extraPeakMb, heap.inputJsonMb);
		targets.push([`peak heap added by reconcile ≤ 3 × input JSON at 1M (${fmt(heap.extraPeakMb, 0)} MB vs ${fmt(heap.inputJsonMb, 0)} MB; whole heap at peak ${fmt(heap.peakHeapMb, 0)} MB)`, fmt(r), r <= 3]);
	}
	const guardRatio = ratio(guard.guardMs, guard.cloneMs);
	targets.push([`Guard ≤ 1 × structuredClone, 100k payloads without ERP orders (${Math.round(guard.payloads / (guard.guardMs / 1000)).toLocaleString('en-US')} payloads/s)`, fmt(guardRatio), guardRatio <= 1]);
	targets.push([`Guard with ${guard.knownOrders.toLocaleString('en-US')} known ERP orders / structuredClone (${Math.round(guard.payloads / (guard.guardKnownMs / 1000)).toLocaleString('en-US')} payloads/s; no target)`, fmt(ratio(guard.guardKnownMs, guard.cloneMs)), true]);
	if (n8n) for (const row of n8n.targets) targets.push(row);
	out.push('## Targets', '', '| measure | ratio | target |', '|---|---:|---|');
	for (const [name, value, ok] of targets) out.push(`| ${name} | ${value} | ${mark(ok)} |`);
	if (n8n) out.push('', ...n8n.markdown);
	process.stdout.write(`${out.join('\n')}\n`);

	const dir = path.join(ROOT, 'bench-results');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `bench-${report.startedAt.replace(/[:.]/g, '-')}.json`);
	fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
	process.stderr.write(`bench: JSON written to ${path.relative(ROOT, file)}\n`);
}

main();
