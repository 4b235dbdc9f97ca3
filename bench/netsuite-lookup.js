/**
 * The Guard's live NetSuite lookup against the stand-in NetSuite on loopback: 10,000 payloads
 * over 2,000 distinct orders. It reports the SuiteQL queries made (from the stand-in's call
 * log) and, as a ratio, the Guard's time with the live lookup (refs collected, looked up,
 * payloads checked) against its time with the same 2,000 orders given as known orders (the ERP
 * Orders input). Medians of 5 runs after a warm-up, one process.
 *
 *   node bench/netsuite-lookup.js       (needs a build: npm run build; the Guard is
 *                                        dist/index.js, the credential dist/credentials/)
 *
 * The lookup module is read from nodes/shared/netsuite/ (the build bundles it into the node);
 * requests go through n8n-core's own HTTP code, signed by the package's token-based credential.
 * Used by bench/run.js (in a child process: the lookup is asynchronous); prints markdown alone.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.join(__dirname, '..');
const PAYLOADS = 10_000;
const ORDERS = 2_000;
const RUNS = 5;

/** Loads a TypeScript module (and what it imports) as the build would compile it. */
function requireTypeScript(file) {
	const ts = require('typescript');
	const previous = require.extensions['.ts'];
	require.extensions['.ts'] = (module, filename) => {
		const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
			fileName: filename,
		});
		module._compile(outputText, filename);
	};
	try {
		return require(file);
	} finally {
		if (previous) require.extensions['.ts'] = previous;
		else delete require.extensions['.ts'];
	}
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const orderRef = (n) => `SO-${String(n).padStart(7, '0')}`;
const ID_RULES = { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 };
const SUBSIDIARY_MAP = { 'web-us': 'US Retail', 'web-ca': 'Canada Retail' };

/** Loop-shaped refund payloads, five per order, with the ERP ref middleware derives. */
function payloads() {
	return Array.from({ length: PAYLOADS }, (_, index) => {
		const order = 60000 + (index % ORDERS);
		return {
			returnId: `RA-${100000 + index}`,
			orderId: `#${order}`,
			orderRef: orderRef(order),
			status: 'refunded',
			refundAmount: 59,
			currency: 'USD',
			channel: order % 5 === 0 ? 'web-ca' : 'web-us',
			lines: [{ sku: 'TEE-BLK-M', quantity: 1, amount: 59 }],
		};
	});
}

async function measure() {
	const lib = require(path.join(ROOT, 'dist', 'index.js'));
	const { NetSuiteTokenApi } = require(
		path.join(ROOT, 'dist', 'credentials', 'NetSuiteTokenApi.credentials.js'),
	);
	const { lookupNetSuiteOrders } = requireTypeScript(
		path.join(ROOT, 'nodes', 'shared', 'netsuite', 'lookup.ts'),
	);
	const { httpRequest } = require(
		require.resolve(
			'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions',
		),
	);
	const { startStandInErp } = require(path.join(ROOT, 'scripts', 'stand-in-erp.js'));

	const orders = Array.from({ length: ORDERS }, (_, index) => ({
		tranId: orderRef(60000 + index),
		status: index % 50 === 0 ? 'H' : 'B',
		subsidiary: (60000 + index) % 5 === 0 ? 'Canada Retail' : 'US Retail',
	}));
	const erp = await startStandInErp({ orders });
	try {
		const credential = new NetSuiteTokenApi();
		const data = { ...erp.tba, baseUrl: erp.url };
		const request = async (options) =>
			await httpRequest(await credential.authenticate(data, options));
		const batch = payloads();
		const options = {
			idRules: ID_RULES,
			subsidiaryMap: SUBSIDIARY_MAP,
			now: '2026-12-01T00:00:00Z',
		};
		// The same orders as the ERP Orders input would bring them.
		const inputOrders = orders.map((order) => ({
			orderRef: order.tranId,
			status: order.status === 'H' ? 'Closed' : 'Pending Fulfillment',
			subsidiary: order.subsidiary,
		}));

		const check = (guard) => {
			let passed = 0;
			for (const payload of batch) if (guard(payload).verdict === 'pass') passed++;
			return passed;
		};
		const withInput = () => check(lib.createHandoffGuard({ ...options, knownOrders: inputOrders }));
		const withLookup = async () => {
			const refGuard = lib.createHandoffGuard(options);
			const refs = new Set();
			for (const payload of batch) {
				const ref = refGuard.orderRefOf(payload);
				if (ref) refs.add(ref);
			}
			const result = await lookupNetSuiteOrders(refs, { request, sleep: async () => {} });
			if (result.kind !== 'found') throw new Error(`lookup failed: ${JSON.stringify(result)}`);
			const knownOrders = [...result.found.values()].map((order) => ({
				orderRef: order.orderRef,
				status: order.statusLabel ?? order.status,
				subsidiary: order.subsidiary,
			}));
			const guard = lib.createHandoffGuard({ ...options, knownOrders }, { name: 'NetSuite' });
			return { passed: check(guard), result };
		};

		const expected = withInput();
		const warm = await withLookup();
		if (warm.passed !== expected) {
			throw new Error(`the live lookup passed ${warm.passed}, the input ${expected}`);
		}
		const inputMs = [];
		const lookupMs = [];
		let queries = 0;
		let requests = 0;
		for (let run = 0; run < RUNS; run++) {
			let started = performance.now();
			withInput();
			inputMs.push(performance.now() - started);
			erp.clearCalls();
			started = performance.now();
			const { result } = await withLookup();
			lookupMs.push(performance.now() - started);
			queries = erp.calls().filter((call) => call.suiteql && call.suiteql.offset === 0).length;
			requests = result.requests;
		}
		return {
			payloads: PAYLOADS,
			distinctOrders: ORDERS,
			passed: expected,
			queries,
			requests,
			inputMs: median(inputMs),
			lookupMs: median(lookupMs),
		};
	} finally {
		await erp.close();
	}
}

const count = (x) => x.toLocaleString('en-US');

function markdown(result) {
	const ratio = result.lookupMs / result.inputMs;
	return {
		ratio,
		lines: [
			'## The Guard with the live NetSuite lookup (stand-in NetSuite on loopback)',
			'',
			`${count(result.payloads)} payloads over ${count(result.distinctOrders)} distinct orders (${count(result.passed)} pass); medians of ${RUNS} runs. Input: the same orders given as known orders (the ERP Orders input). Live: the refs collected, looked up with signed SuiteQL through n8n-core's HTTP code, the payloads checked against what NetSuite returned.`,
			'',
			'| SuiteQL queries | HTTP requests | input (ms) | live (ms) | live / input |',
			'|---:|---:|---:|---:|---:|',
			`| ${result.queries} | ${result.requests} | ${result.inputMs.toFixed(1)} | ${result.lookupMs.toFixed(1)} | ${ratio.toFixed(2)} |`,
		],
	};
}

/** For bench/run.js: measures in a child process and returns the figures. */
function run() {
	const child = spawnSync(process.execPath, [__filename, '--json'], {
		cwd: ROOT,
		encoding: 'utf8',
		maxBuffer: 16 * 1024 * 1024,
	});
	if (child.status !== 0) {
		throw new Error(`bench/netsuite-lookup.js failed:\n${(child.stderr || '').slice(-2000)}`);
	}
	const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
	const result = JSON.parse(line.slice(7));
	const { ratio, lines } = markdown(result);
	return {
		result,
		markdown: lines,
		targets: [
			[
				`Guard with the live NetSuite lookup / with the same orders on its input, ${count(result.payloads)} payloads over ${count(result.distinctOrders)} orders (${result.queries} SuiteQL queries)`,
				ratio.toFixed(2),
				null,
			],
		],
	};
}

if (require.main === module) {
	measure().then(
		(result) => {
			if (process.argv.includes('--json')) {
				process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
			} else {
				process.stdout.write(`${markdown(result).lines.join('\n')}\n`);
			}
		},
		(error) => {
			process.stderr.write(`${error.stack || error}\n`);
			process.exit(1);
		},
	);
}

module.exports = { run };
