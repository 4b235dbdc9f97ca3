/**
 * `npm run bench`: a benchmark, not a test. It reports; it never passes or fails. Every figure
 * is a ratio of two things measured side by side in this run (medians of several runs), so the
 * numbers mean the same on a slower machine. Markdown goes to stdout, JSON to bench-results/.
 *
 *   node bench/run.js [--quick] [--no-n8n]
 *
 * --quick: 10k and 100k returns only, N = 10k in n8n, 100k returns in-process; --no-n8n: the
 * core only. Needs a build (`npm run build`): the core is measured as it ships, dist/index.js.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { parseArgsOrExit } = require('../scripts/lib/args.js');

const ROOT = path.join(__dirname, '..');
const { quick, noN8n: skipN8n } = parseArgsOrExit({
	usage: 'node bench/run.js [options]',
	options: {
		quick: { type: 'flag', help: '10k and 100k returns only, N = 10k in n8n' },
		'no-n8n': { type: 'flag', help: 'the core only' },
	},
});

/** One measurement in a fresh process (bench/core-child.js), so sizes never share a heap. */
function child(argv, nodeFlags = []) {
	const run = spawnSync(
		process.execPath,
		[
			'--expose-gc',
			'--max-old-space-size=16384',
			...nodeFlags,
			path.join(__dirname, 'core-child.js'),
			...argv.map(String),
		],
		{ cwd: ROOT, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 },
	);
	if (run.status !== 0) {
		throw new Error(`bench child ${argv.join(' ')} failed:\n${(run.stderr || '').slice(-2000)}`);
	}
	const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
	return { result: JSON.parse(line.slice(7)), stdout: run.stdout };
}

/**
 * Peak heap from the --trace-gc lines between the marks: the largest heap a collection started
 * from ("Mark-Compact 812.3 (850.1) -> …": 812.3 MB in use).
 */
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
const count = (x) => Math.round(x).toLocaleString('en-US');
const mark = (ok) => (ok ? 'met' : '**missed**');
const say = (text) => process.stderr.write(`bench: ${text}\n`);

function main() {
	const started = Date.now();
	const report = {
		machine: {
			node: process.version,
			cpus: os.cpus().length,
			memoryGb: Math.round(os.totalmem() / 2 ** 30),
		},
		startedAt: new Date().toISOString(),
	};
	const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
	// Five runs at every size: at 1M the first run also pays for growing the heap from cold
	// (page faults on a gigabyte of fresh memory), which a median of three let weigh too much.
	const runsFor = () => 5;
	const core = sizes.map((n) => {
		say(`reconcile ${count(n)} returns against its floors, ${runsFor(n)} runs…`);
		return child(['reconcile', n, runsFor(n)]).result;
	});
	report.core = core;
	const big = core[core.length - 1];
	const hundredK = core.find((c) => c.returns === 100_000);
	let heap = null;
	if (!quick) {
		say('peak heap of one reconcile at 1M…');
		const run = child(['heap', 1_000_000], ['--trace-gc']);
		const peakMb = peakHeapMb(run.stdout);
		const beforeMb = run.result.heapBeforeBytes / 1048576;
		heap = {
			...run.result,
			peakHeapMb: peakMb,
			inputJsonMb: run.result.inputBytes / 1048576,
			extraPeakMb: Math.max(0, peakMb - beforeMb),
		};
		report.heap = heap;
	}
	say('reconcile on 100k returns as Loop + Stripe + NetSuite + Zendesk records, 5 runs…');
	const formats = child(['formats', 100_000, 5]).result;
	report.formats = formats;
	say('Guard on 100k payloads against structuredClone, 5 runs…');
	const guard = child(['guard', 100_000, 5]).result;
	report.guard = guard;
	say('the library on long input against a plain scan of the same text…');
	const longInput = require('./long-input.js').run();
	report.longInput = longInput.rows;
	say('redaction on hostile strings of 10k and 100k characters…');
	const redaction = require('./redact.js').run();
	report.redaction = redaction.rows;
	say('the Guard with the live NetSuite lookup, 10k payloads over 2k orders…');
	const netSuiteLookup = require('./netsuite-lookup.js').run();
	report.netSuiteLookup = netSuiteLookup.result;

	let n8n = null;
	let million = null;
	if (!skipN8n) {
		try {
			n8n = require('./n8n.js').run({ quick, million: false });
			report.n8n = n8n;
		} catch (error) {
			report.n8nError = String(error && error.stack ? error.stack : error);
			say(`the n8n part did not run: ${report.n8nError.slice(0, 500)}`);
		}
		million = require('./million.js').compareModes({ returns: quick ? 100_000 : 1_000_000 });
		report.million = million.rows;
	}

	const out = [];
	out.push('## Core: reconcileReturns against its indexing floors (same process, medians)', '');
	out.push(
		'Floor A indexes each of the four lists by return ID only (the first draft). Floor B indexes each list by return ID and by order-reference core, the two keys docs/rules.md rule 1 matches on (bench/core-child.js says why); the target is measured against floor B.',
		'',
	);
	out.push(
		'| returns | records | floor A (ms) | floor B (ms) | reconcile (ms) | reconcile / floor B | reconcile / floor A |',
		'|---:|---:|---:|---:|---:|---:|---:|',
	);
	for (const c of core) {
		out.push(
			`| ${count(c.returns)} | ${count(c.records)} | ${fmt(c.floorByReturnIdMs, 1)} | ${fmt(c.floorMs, 1)} | ${fmt(c.reconcileMs, 1)} | ${fmt(ratio(c.reconcileMs, c.floorMs))} | ${fmt(ratio(c.reconcileMs, c.floorByReturnIdMs))} |`,
		);
	}
	out.push(
		'',
		'Each size runs in a fresh process, so its median includes V8 warming up: at 10k a run is too short for that to finish and the ratios overstate; the targets are at 100k and 1M.',
		'',
	);
	const targets = [];
	if (hundredK) {
		const r = ratio(hundredK.reconcileMs, hundredK.floorMs);
		targets.push(['reconcile ≤ 3 × floor B at 100k', fmt(r), mark(r <= 3)]);
		targets.push([
			'reconcile / floor A at 100k (return ID only; for comparison)',
			fmt(ratio(hundredK.reconcileMs, hundredK.floorByReturnIdMs)),
			'none',
		]);
	}
	const formatsRatio = ratio(formats.formattedMs, formats.canonicalMs);
	targets.push([
		`reconcile on Loop + Stripe + NetSuite + Zendesk records ≤ 1.5 × canonical records, 100k returns (${fmt(formats.formattedMs, 0)} ms vs ${fmt(formats.canonicalMs, 0)} ms)`,
		fmt(formatsRatio),
		mark(formatsRatio <= 1.5),
	]);
	if (big.returns === 1_000_000 && hundredK) {
		const scaling = ratio(big.reconcileMs, hundredK.reconcileMs);
		targets.push(['time(1M) / time(100k) ≤ 12', fmt(scaling), mark(scaling <= 12)]);
	}
	if (heap) {
		const r = ratio(heap.extraPeakMb, heap.inputJsonMb);
		targets.push([
			`peak heap added by reconcile ≤ 3 × input JSON at 1M (${count(heap.extraPeakMb)} MB vs ${count(heap.inputJsonMb)} MB; whole heap at peak ${count(heap.peakHeapMb)} MB)`,
			fmt(r),
			mark(r <= 3),
		]);
	}
	const guardRatio = ratio(guard.guardMs, guard.cloneMs);
	targets.push([
		`Guard ≤ 1 × structuredClone, 100k payloads without ERP orders (${count(guard.payloads / (guard.guardMs / 1000))} payloads/s)`,
		fmt(guardRatio),
		mark(guardRatio <= 1),
	]);
	targets.push([
		`Guard with ${count(guard.knownOrders)} known ERP orders / structuredClone (${count(guard.payloads / (guard.guardKnownMs / 1000))} payloads/s)`,
		fmt(ratio(guard.guardKnownMs, guard.cloneMs)),
		'none',
	]);
	for (const [name, value, ok] of longInput.targets) targets.push([name, value, mark(ok)]);
	for (const [name, value, ok] of redaction.targets) {
		targets.push([name, value, ok === null ? 'none' : mark(ok)]);
	}
	for (const [name, value] of netSuiteLookup.targets) targets.push([name, value, 'none']);
	if (n8n) for (const [name, value, ok] of n8n.targets) targets.push([name, value, mark(ok)]);
	if (million)
		for (const [name, value, ok] of million.targets) targets.push([name, value, mark(ok)]);
	out.push('## Targets', '', '| measure | ratio | target |', '|---|---:|---|');
	for (const [name, value, verdict] of targets) out.push(`| ${name} | ${value} | ${verdict} |`);
	out.push('', ...longInput.markdown);
	out.push('', ...redaction.markdown);
	out.push('', ...netSuiteLookup.markdown);
	if (n8n) out.push('', ...n8n.markdown);
	if (million) out.push('', ...million.markdown);
	const seconds = Math.round((Date.now() - started) / 1000);
	report.totalSeconds = seconds;
	out.push(
		'',
		`Bench run: ${Math.floor(seconds / 60)} min ${seconds % 60} s, Node ${process.version}, ${report.machine.cpus} CPUs, ${report.machine.memoryGb} GB.`,
	);
	process.stdout.write(`${out.join('\n')}\n`);

	const dir = path.join(ROOT, 'bench-results');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `bench-${report.startedAt.replace(/[:.]/g, '-')}.json`);
	fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
	say(`JSON written to ${path.relative(ROOT, file)}`);
}

main();
