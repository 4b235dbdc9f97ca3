/**
 * One million returns (about 3.2 million records) through the Returns Reconciler node in n8n's
 * own engine, in this process: n8n-core's WorkflowExecute runs a workflow whose four inputs are
 * pinned data, exactly as the workflow tests do (test/helpers/engine.ts, bundled on the fly
 * with esbuild into .cache/bench/ rather than copied). Reports the node's executionTime, the
 * whole run's wall time and the process's peak RSS; the point is that it finishes at all.
 *
 *   node --max-old-space-size=12288 bench/million.js [returns]
 *
 * Prints one line `RESULT {json}`. Used by bench/n8n.js; runnable on its own.
 */
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.join(__dirname, '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
const ENGINE = path.join(CACHE, 'engine.js');
const RECONCILER = 'Returns Reconciler';
const KINDS = ['portal', 'processor', 'erp', 'support'];
const INPUT_NAMES = ['Portal', 'Processor', 'ERP', 'Support'];

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

async function runMillion(returns = 1_000_000) {
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
	const run = await engine.runWorkflow(workflowFor(data.options), { pinData });
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

if (require.main === module) {
	const { returns } = require('../scripts/lib/args.js').parseArgsOrExit({
		usage: 'node --max-old-space-size=12288 bench/million.js [returns]',
		positionals: [{ name: 'returns', type: 'number', default: 1_000_000 }],
	});
	runMillion(returns).then(
		(result) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`),
		(error) => {
			process.stderr.write(`${error.stack}\n`);
			process.exit(1);
		},
	);
}

module.exports = { runMillion, engineBundle };
