/**
 * The n8n part of `npm run bench`: in a real n8n (the end-to-end install), the Returns Reconciler
 * on 4 × N records against n8n's Compare Datasets and Merge ("combine by matching fields") on
 * 2 × N, all fed by Code nodes in one workflow run, so every executionTime comes from the same
 * run. Then one million returns through the Reconciler in n8n's engine in-process
 * (bench/million.js).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { parseArgsOrExit } = require('../scripts/lib/args.js');
const { killGroup, randomPortStart } = require('../scripts/lib/process.js');

const ROOT = path.join(__dirname, '..');

/** Code-node source emitting `n` records of one kind, all consistent but every 10th off by a cent. */
function codeFor(kind, n) {
	return `const n = ${n};
const out = new Array(n);
const base = Date.parse('2026-11-20T10:00:00Z');
for (let i = 0; i < n; i++) {
  const returnId = 'RA-' + (100000 + i);
  const orderId = '#' + (500000 + i);
  const amount = (20 + (i % 180)) + '.' + String(i % 100).padStart(2, '0');
  const at = new Date(base + i * 1000).toISOString();
  let json;
  switch ('${kind}') {
    case 'portal': json = { returnId, orderId, status: 'refunded', refundAmount: amount, currency: 'USD', approvedAt: at, refundInstructedAt: at, refundMethod: 'original_payment', channel: 'web-us', lines: [{ sku: 'SKU-' + (i % 700), quantity: 1, category: 'apparel', amount }] }; break;
    case 'processor': json = { refundId: 're_' + i.toString(36).padStart(8, '0'), returnId, orderId, amount, currency: 'USD', status: 'succeeded', method: 'original_payment', disbursedAt: at }; break;
    case 'erp': json = { creditMemoId: 'CM-' + (200000 + i), returnId, orderRef: 'SO-' + String(500000 + i).padStart(8, '0'), postedAmount: i % 10 === 0 ? (Number(amount) - 0.5).toFixed(2) : amount, currency: 'USD', postedAt: new Date(base + i * 1000 + 3600000).toISOString(), subsidiary: 'US Retail' }; break;
    case 'support': json = { ticketId: 40000 + i, returnId, orderId, status: 'solved', refundStatusToldCustomer: 'sent', updatedAt: at }; break;
    case 'a': json = { returnId, orderId, amount, status: 'refunded' }; break;
    case 'b': json = { returnId, orderId, amount: i % 10 === 0 ? '0.00' : amount, status: 'refunded' }; break;
  }
  out[i] = { json };
}
return out;`;
}

function workflowFor(n) {
	const code = (name, kind, y) => ({
		id: `code-${kind}`,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [260, y],
		parameters: { jsCode: codeFor(kind, n) },
	});
	const summary = (name, y) => ({
		id: `sum-${name}`,
		name: `${name} count`,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [760, y],
		parameters: { jsCode: 'return [{ json: { items: $input.all().length } }];' },
	});
	return {
		id: `bench${n}`,
		name: `Bench ${n}`,
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 300],
				parameters: {},
			},
			code('Portal', 'portal', 0),
			code('Processor', 'processor', 120),
			code('ERP', 'erp', 240),
			code('Support', 'support', 360),
			code('Dataset A', 'a', 480),
			code('Dataset B', 'b', 600),
			{
				id: 'rec',
				name: 'Returns Reconciler',
				type: 'n8n-nodes-returns-handoff.returnsReconciler',
				typeVersion: 1,
				position: [520, 180],
				parameters: {
					now: '2026-11-27T06:00:00Z',
					idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 8 },
					mapsInput: 'json',
					subsidiaryMap: JSON.stringify({ 'web-us': 'US Retail' }),
				},
			},
			{
				id: 'cmp',
				name: 'Compare Datasets',
				type: 'n8n-nodes-base.compareDatasets',
				typeVersion: 2.3,
				position: [520, 540],
				parameters: {
					mergeByFields: { values: [{ field1: 'returnId', field2: 'returnId' }] },
					options: {},
				},
			},
			{
				id: 'mrg',
				name: 'Merge',
				type: 'n8n-nodes-base.merge',
				typeVersion: 3.2,
				position: [520, 700],
				parameters: { mode: 'combine', fieldsToMatchString: 'returnId', options: {} },
			},
			summary('Mismatch', 0),
			summary('Consistent', 120),
		],
		connections: {
			Start: {
				main: [
					[
						{ node: 'Portal', type: 'main', index: 0 },
						{ node: 'Processor', type: 'main', index: 0 },
						{ node: 'ERP', type: 'main', index: 0 },
						{ node: 'Support', type: 'main', index: 0 },
						{ node: 'Dataset A', type: 'main', index: 0 },
						{ node: 'Dataset B', type: 'main', index: 0 },
					],
				],
			},
			Portal: { main: [[{ node: 'Returns Reconciler', type: 'main', index: 0 }]] },
			Processor: { main: [[{ node: 'Returns Reconciler', type: 'main', index: 1 }]] },
			ERP: { main: [[{ node: 'Returns Reconciler', type: 'main', index: 2 }]] },
			Support: { main: [[{ node: 'Returns Reconciler', type: 'main', index: 3 }]] },
			'Dataset A': {
				main: [
					[
						{ node: 'Compare Datasets', type: 'main', index: 0 },
						{ node: 'Merge', type: 'main', index: 0 },
					],
				],
			},
			'Dataset B': {
				main: [
					[
						{ node: 'Compare Datasets', type: 'main', index: 1 },
						{ node: 'Merge', type: 'main', index: 1 },
					],
				],
			},
			'Returns Reconciler': {
				main: [
					[{ node: 'Mismatch count', type: 'main', index: 0 }],
					[],
					[{ node: 'Consistent count', type: 'main', index: 0 }],
					[],
				],
			},
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

/**
 * Runs the real-n8n part and the in-process million, each in a child process of its own (so
 * neither shares a heap with the other, and the million's peak RSS is its own), and turns their
 * results into Markdown rows and target rows for bench/run.js.
 */
function run({ quick, million = true }) {
	const sizes = quick ? [10_000] : [10_000, 30_000];
	const result = { runs: [], million: null, errors: [] };
	try {
		Object.assign(
			result,
			childResult([__filename, '--child', ...sizes.map(String)], ['--max-old-space-size=8192']),
		);
	} catch (error) {
		result.errors.push(`real n8n: ${error.message}`);
	}
	// bench/run.js runs the million itself, once per Attach Records mode (bench/million.js).
	if (million)
		try {
			const returns = quick ? 100_000 : 1_000_000;
			process.stderr.write(
				`bench: ${returns.toLocaleString('en-US')} returns through the Reconciler in n8n's engine, in-process…\n`,
			);
			result.million = childResult(
				[path.join(__dirname, 'million.js'), String(returns)],
				['--expose-gc', '--max-old-space-size=12288'],
			);
		} catch (error) {
			result.errors.push(`in-process million: ${error.message}`);
		}
	for (const error of result.errors) process.stderr.write(`bench: ${error}\n`);

	const markdown = [
		"## Inside a real n8n 2.8.4 (each node's executionTime, all from one workflow run per N)",
		'',
		'| N | Returns Reconciler, 4 × N records (ms) | Compare Datasets, 2 × N (ms) | Merge by field, 2 × N (ms) | Compare Datasets / Reconciler |',
		'|---:|---:|---:|---:|---:|',
	];
	const targets = [];
	for (const r of result.runs) {
		markdown.push(
			`| ${r.n.toLocaleString('en-US')} | ${r.reconcilerMs} | ${r.compareMs} | ${r.mergeMs} | ${(r.compareMs / r.reconcilerMs).toFixed(1)} |`,
		);
		if (r.n === 30_000) {
			targets.push([
				'Reconciler (4 × 30k) < 1/20 of Compare Datasets (2 × 30k) in n8n',
				(r.reconcilerMs / r.compareMs).toFixed(3),
				r.reconcilerMs * 20 < r.compareMs,
			]);
		}
	}
	if (result.runs.length > 0) {
		markdown.push(
			'',
			'Compare Datasets took 3.2 s at N = 10,000 and 36.6 s at N = 30,000 (it grows with N²).',
		);
	}
	const m = result.million;
	if (m) {
		markdown.push(
			'',
			`${m.returns.toLocaleString('en-US')} returns (${m.records.toLocaleString('en-US')} records) through the Returns Reconciler in n8n's engine (n8n-core WorkflowExecute, in-process): node executionTime ${(m.ms / 1000).toFixed(1)} s (whole run ${(m.wallMs / 1000).toFixed(1)} s), peak RSS ${m.peakRssMb.toLocaleString('en-US')} MB (${m.rssBeforeMb.toLocaleString('en-US')} MB before the run, with the input loaded); ${m.outputs.toLocaleString('en-US')} output items (${Object.entries(
				m.byOutput,
			)
				.map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
				.join(', ')}). The process did not crash.`,
		);
	}
	for (const error of result.errors) markdown.push('', `Did not run: ${error.split('\n')[0]}`);
	return { ...result, markdown, targets };
}

/** Runs a Node script in a child and returns the JSON of its `RESULT ` line. */
function childResult(args, nodeFlags) {
	const child = spawnSync(process.execPath, [...nodeFlags, ...args], {
		cwd: ROOT,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const line = (child.stdout || '').split('\n').find((l) => l.startsWith('RESULT '));
	if (!line)
		throw new Error(
			`${path.basename(args[0])} printed no result (exit ${child.status}${child.signal ? `, ${child.signal}` : ''})`,
		);
	return JSON.parse(line.slice(7));
}

/**
 * `n8n execute --rawOutput` with stdout going to a file, not a pipe. The run's JSON is every
 * node's items (well over 100 MB at N = 30,000), and n8n exits as soon as it has written it:
 * to a pipe, Node writes asynchronously and the exit cuts the JSON short; to a file, it writes
 * synchronously and nothing is lost. Otherwise what scripts/n8n/env.js's executeWorkflow does.
 */
async function executeToFile(ctx, id, timeoutMs) {
	const n8n = require('../scripts/n8n/env.js');
	const node = ctx.nodeBin ? path.join(ctx.nodeBin, 'node') : process.execPath;
	const env = ctx.nodeBin
		? { ...ctx.env, PATH: `${ctx.nodeBin}${path.delimiter}${ctx.env.PATH || ''}` }
		: ctx.env;
	const file = path.join(ctx.userFolder, `execute-${id}.out`);
	for (let attempt = 0; ; attempt++) {
		const ended = await runToFile(node, [ctx.n8nBin, 'execute', `--id=${id}`, '--rawOutput'], {
			cwd: ctx.userFolder,
			env,
			file,
			timeoutMs,
		});
		const text = fs.readFileSync(file, 'utf8');
		fs.rmSync(file, { force: true });
		if (/EADDRINUSE/.test(text + ended.stderr) && attempt === 0) {
			// Another process took the task-runner broker port after it was chosen.
			ctx.env = {
				...ctx.env,
				N8N_RUNNERS_BROKER_PORT: String(await n8n.freePort(randomPortStart())),
			};
			continue;
		}
		const runData = parseRun(text) ?? n8n.parseRunOutput(text);
		if (!runData) {
			throw new Error(
				`n8n execute --id=${id} printed no run JSON (${ended.timedOut ? 'timed out' : `exit ${ended.code}${ended.signal ? `, ${ended.signal}` : ''}`} after ${Math.round(ended.ms / 1000)} s)\n${text.slice(-3000)}\n${ended.stderr.slice(-3000)}`,
			);
		}
		if (runData.status !== 'success') {
			const error = runData.data?.resultData?.error;
			throw new Error(
				`workflow ${id} finished with status ${runData.status}: ${error ? `${error.message} (node ${error.node?.name})` : ''}`,
			);
		}
		runData.cli = { ms: ended.ms };
		return runData;
	}
}

/** The JSON between the first line that is exactly `{` and the last that is exactly `}`. */
function parseRun(text) {
	const start = text.startsWith('{\n') ? 0 : text.indexOf('\n{\n') + 1;
	const end = text.lastIndexOf('\n}');
	if (start <= 0 && !text.startsWith('{\n')) return null;
	if (end < start) return null;
	try {
		return JSON.parse(text.slice(start, end + 2));
	} catch {
		return null;
	}
}

function runToFile(command, args, { cwd, env, file, timeoutMs }) {
	return new Promise((resolve, reject) => {
		const fd = fs.openSync(file, 'w');
		const started = Date.now();
		// Its own process group, so a timeout also ends n8n's task runner.
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, 'pipe'], detached: true });
		fs.closeSync(fd);
		const stderr = [];
		child.stderr.on('data', (chunk) => stderr.push(chunk));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child);
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({
				code,
				signal,
				timedOut,
				ms: Date.now() - started,
				stderr: Buffer.concat(stderr).toString('utf8'),
			});
		});
	});
}

async function childMain(sizes) {
	const n8n = require('../scripts/n8n/env.js');
	const install = await n8n.ensureN8n();
	const folder = await n8n.createUserFolder(await n8n.packPackage());
	const ctx = await n8n.createContext(install, folder);
	const runs = [];
	try {
		for (const n of sizes) {
			process.stderr.write(
				`bench: real n8n, one workflow run with N = ${n.toLocaleString('en-US')}…\n`,
			);
			const id = await n8n.importWorkflow(ctx, workflowFor(n));
			const runData = await executeToFile(ctx, id, 30 * 60 * 1000);
			runs.push({
				n,
				reconcilerMs: n8n.executionTimeOf(runData, 'Returns Reconciler'),
				compareMs: n8n.executionTimeOf(runData, 'Compare Datasets'),
				mergeMs: n8n.executionTimeOf(runData, 'Merge'),
				reconcilerOutputs: {
					mismatch: n8n.outputOf(runData, 'Mismatch count', 0)[0]?.json.items ?? 0,
					consistent: n8n.outputOf(runData, 'Consistent count', 0)[0]?.json.items ?? 0,
				},
				wallMs: runData.cli.ms,
			});
		}
	} finally {
		n8n.removeUserFolder(folder.userFolder);
	}
	process.stdout.write(`RESULT ${JSON.stringify({ runs })}\n`);
}

if (require.main === module) {
	const { child, sizes } = parseArgsOrExit({
		usage: 'node bench/n8n.js --child <N>...   (run() starts it)',
		options: { child: { type: 'flag', help: 'one workflow run per N in a real n8n' } },
		positionals: [{ name: 'sizes', type: 'number', variadic: true }],
	});
	if (child) {
		childMain(sizes).catch((error) => {
			process.stderr.write(`${error.stack}\n`);
			process.exit(1);
		});
	}
}

module.exports = { run, workflowFor };
