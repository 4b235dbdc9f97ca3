/**
 * One million returns (about 3.2 million records) through the Returns Reconciler node in n8n's
 * own engine, in this process: n8n-core's WorkflowExecute runs a workflow whose four inputs are
 * pinned data, exactly as the workflow tests do (test/helpers/engine.ts, bundled on the fly
 * with esbuild into .cache/bench/ rather than copied). Reports the node's executionTime, the
 * whole run's wall time and the process's peak RSS; the point is that it finishes at all.
 *
 *   node --expose-gc --max-old-space-size=12288 bench/million.js [returns] [--attach <mode>]
 *   node bench/million.js [returns] --modes
 *
 * Prints one line `RESULT {json}`. With --modes, runs the Reconciler's three Attach Records
 * modes one after the other, each in a fresh child process (so each peak RSS is its own), and
 * prints them side by side as ratios against `all` (today's output). Used by bench/run.js.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.join(__dirname, '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
const ENGINE = path.join(CACHE, 'engine.js');
const RECONCILER = 'Returns Reconciler';
const KINDS = ['portal', 'processor', 'erp', 'support'];
const INPUT_NAMES = ['Portal', 'Processor', 'ERP', 'Support'];
const ATTACH_MODES = ['all', 'allButConsistent', 'none'];

/**
 * test/helpers/engine.ts as CommonJS, rebuilt when it or anything under nodes/ or lib/ is newer
 * than the bundle. n8n-core, n8n-workflow and the rest of node_modules stay external: the engine
 * must use the very copies the tests use.
 */
function engineBundle() {
	const sources = [
		path.join(ROOT, 'test', 'helpers', 'engine.ts'),
		path.join(ROOT, 'nodes'),
		path.join(ROOT, 'lib'),
	];
	const built = fs.existsSync(ENGINE) ? fs.statSync(ENGINE).mtimeMs : 0;
	if (built > 0 && sources.every((source) => newestMtimeMs(source) < built)) return ENGINE;
	fs.mkdirSync(CACHE, { recursive: true });
	require('esbuild').buildSync({
		entryPoints: [sources[0]],
		outfile: ENGINE,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		packages: 'external',
		logLevel: 'warning',
	});
	return ENGINE;
}

function newestMtimeMs(target) {
	const stat = fs.statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of fs.readdirSync(target))
		newest = Math.max(newest, newestMtimeMs(path.join(target, entry)));
	return newest;
}

/** Manual Trigger → four No Operation nodes holding the pinned records → the Reconciler. */
function workflowFor(options) {
	const noOp = (name, y) => ({
		id: `pin-${name}`,
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [260, y],
		parameters: {},
	});
	return {
		name: 'Bench: a million returns',
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 180],
				parameters: {},
			},
			...INPUT_NAMES.map((name, i) => noOp(name, i * 120)),
			{
				id: 'rec',
				name: RECONCILER,
				type: 'n8n-nodes-returns-handoff.returnsReconciler',
				typeVersion: 1,
				position: [520, 180],
				parameters: {
					now: options.now,
					idRules: options.idRules,
					mapsInput: 'json',
					subsidiaryMap: JSON.stringify(options.subsidiaryMap),
					options: { attachRecords: options.attachRecords },
				},
			},
		],
		connections: {
			Start: { main: [INPUT_NAMES.map((node) => ({ node, type: 'main', index: 0 }))] },
			...Object.fromEntries(
				INPUT_NAMES.map((name, index) => [
					name,
					{ main: [[{ node: RECONCILER, type: 'main', index }]] },
				]),
			),
		},
	};
}

async function runMillion(returns = 1_000_000, attachRecords = 'all') {
	// engine.ts registers its temporary folder's removal with jest's afterAll.
	const cleanups = [];
	globalThis.afterAll = (fn) => cleanups.push(fn);
	const engine = require(engineBundle());
	const { generateDataset } = require('../scripts/sample-data.js');

	const data = generateDataset({ returns, seed: 7 });
	const pinData = {};
	let records = 0;
	KINDS.forEach((kind, i) => {
		pinData[INPUT_NAMES[i]] = data[kind].map((json) => ({ json }));
		records += data[kind].length;
	});
	global.gc?.();
	const rssBeforeMb = process.memoryUsage().rss / 1048576;

	const started = performance.now();
	const run = await engine.runWorkflow(workflowFor({ ...data.options, attachRecords }), {
		pinData,
	});
	const wallMs = performance.now() - started;
	if (run.error) throw new Error(`the workflow failed: ${run.error.message}`);
	const task = run.run.data.resultData.runData[RECONCILER][0];
	const outputs = run.node(RECONCILER).outputs;
	const byOutput = Object.fromEntries(
		['mismatch', 'pending', 'consistent', 'unmatched'].map((name, i) => [
			name,
			(outputs[i] ?? []).length,
		]),
	);
	const result = {
		attachRecords,
		returns,
		records,
		ms: task.executionTime,
		wallMs: Math.round(wallMs),
		outputs: Object.values(byOutput).reduce((a, b) => a + b, 0),
		byOutput,
		rssBeforeMb: Math.round(rssBeforeMb),
		// ru_maxrss: the most this process ever held, in KiB on Linux.
		peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
	};
	for (const fn of cleanups) await fn();
	return result;
}

/**
 * The three Attach Records modes at `returns`, each in a child of its own, and their Markdown
 * and target rows for bench/run.js: time and peak RSS as ratios against `all` from this run.
 */
function compareModes({ returns = 1_000_000 } = {}) {
	const rows = [];
	const errors = [];
	for (const mode of ATTACH_MODES) {
		process.stderr.write(
			`bench: ${returns.toLocaleString('en-US')} returns through the Reconciler in n8n's engine, Attach Records ${mode}…\n`,
		);
		const child = spawnSync(
			process.execPath,
			['--expose-gc', '--max-old-space-size=12288', __filename, String(returns), '--attach', mode],
			{
				cwd: ROOT,
				encoding: 'utf8',
				maxBuffer: 64 * 1024 * 1024,
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		const line = (child.stdout || '').split('\n').find((l) => l.startsWith('RESULT '));
		if (line) rows.push(JSON.parse(line.slice(7)));
		else
			errors.push(
				`Attach Records ${mode}: no result (exit ${child.status}${child.signal ? `, ${child.signal}` : ''})`,
			);
	}
	const all = rows.find((r) => r.attachRecords === 'all');
	const count = (x) => Math.round(x).toLocaleString('en-US');
	const ratio = (a, b) => (all && b > 0 ? (a / b).toFixed(2) : 'n/a');
	const markdown = [
		`## ${count(returns)} returns through the Returns Reconciler in n8n's engine, by Attach Records (in-process, one run each)`,
		'',
		'| Attach Records | records | node executionTime (s) | whole run (s) | peak RSS (MB) | RSS before (MB) | time / all | peak RSS / all |',
		'|---|---:|---:|---:|---:|---:|---:|---:|',
	];
	for (const r of rows) {
		markdown.push(
			`| ${r.attachRecords} | ${count(r.records)} | ${(r.ms / 1000).toFixed(1)} | ${(r.wallMs / 1000).toFixed(1)} | ${count(r.peakRssMb)} | ${count(r.rssBeforeMb)} | ${ratio(r.ms, all?.ms)} | ${ratio(r.peakRssMb, all?.peakRssMb)} |`,
		);
	}
	if (all) {
		markdown.push(
			'',
			`Output items in every mode: ${count(all.outputs)} (${Object.entries(all.byOutput)
				.map(([k, v]) => `${k} ${count(v)}`)
				.join(', ')}). RSS before: the process with the input loaded, before the run.`,
		);
	}
	for (const error of errors) markdown.push('', `Did not run: ${error}`);
	const targets = [];
	const none = rows.find((r) => r.attachRecords === 'none');
	if (all && none && returns === 1_000_000) {
		targets.push([
			'Attach Records none: node time ≤ ½ of all at 1M in n8n',
			ratio(none.ms, all.ms),
			none.ms * 2 <= all.ms,
		]);
		targets.push([
			'Attach Records none: peak RSS ≤ ½ of all at 1M in n8n',
			ratio(none.peakRssMb, all.peakRssMb),
			none.peakRssMb * 2 <= all.peakRssMb,
		]);
	}
	return { rows, errors, markdown, targets };
}

if (require.main === module) {
	const args = require('../scripts/lib/args.js').parseArgsOrExit({
		usage: 'node --expose-gc --max-old-space-size=12288 bench/million.js [returns] [options]',
		options: {
			attach: {
				type: 'string',
				default: 'all',
				help: `Attach Records: ${ATTACH_MODES.join(', ')}`,
			},
			modes: { type: 'flag', help: 'all three modes side by side, each in a child process' },
		},
		positionals: [{ name: 'returns', type: 'number', default: 1_000_000 }],
	});
	if (!ATTACH_MODES.includes(args.attach)) {
		process.stderr.write(`--attach must be one of ${ATTACH_MODES.join(', ')}\n`);
		process.exit(2);
	}
	if (args.modes) {
		const compared = compareModes({ returns: args.returns });
		process.stdout.write(`${compared.markdown.join('\n')}\n`);
		for (const [name, value, ok] of compared.targets)
			process.stdout.write(`${name}: ${value} (${ok ? 'met' : 'missed'})\n`);
		process.stdout.write(`RESULT ${JSON.stringify(compared.rows)}\n`);
		process.exit(compared.errors.length > 0 ? 1 : 0);
	}
	runMillion(args.returns, args.attach).then(
		(result) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`),
		(error) => {
			process.stderr.write(`${error.stack}\n`);
			process.exit(1);
		},
	);
}

module.exports = { runMillion, engineBundle, compareModes, ATTACH_MODES };
