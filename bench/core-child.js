/**
 * One benchmark measurement in a fresh process, so sizes never share a heap.
 *   node bench/core-child.js reconcile <returns> <runs>   (reconcile and its two floors)
 *   node bench/core-child.js heap <returns>               (run with --trace-gc; prints marks)
 *   node bench/core-child.js guard <payloads> <runs>      (Guard and structuredClone)
 *   node bench/core-child.js formats <returns> <runs>     (reconcile on Loop + Stripe + NetSuite
 *                                                          + Zendesk records against canonical)
 * Prints one JSON line prefixed with RESULT.
 */
const { performance } = require('node:perf_hooks');
const lib = require('../dist/index.js');
const { generateDataset } = require('../scripts/sample-data.js');

const { mode, size, runs } = require('../scripts/lib/args.js').parseArgsOrExit({
	usage: 'node bench/core-child.js <reconcile|heap|guard|formats> <size> [runs]',
	positionals: [
		{ name: 'mode' },
		{ name: 'size', type: 'number' },
		{ name: 'runs', type: 'number', default: 1 },
	],
});

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function jsonBytes(lists) {
	let bytes = 0;
	for (const list of lists) for (const record of list) bytes += JSON.stringify(record).length + 1;
	return bytes;
}

/**
 * Floor A (the first draft's): one pass over each of the four lists that indexes every record
 * by its return ID (falling back to the order reference as written). It never computes an
 * order core, which docs/rules.md rule 1 needs to match any record whose return ID is missing or
 * unknown, so it is cheaper than the least a correct reconciler must do. Kept for comparison.
 */
function floorByReturnId(data) {
	const indexes = [];
	for (const [list, key] of [
		[data.portal, 'returnId'],
		[data.processor, 'returnId'],
		[data.erp, 'returnId'],
		[data.support, 'returnId'],
	]) {
		const index = new Map();
		for (let i = 0; i < list.length; i++) {
			const id = list[i][key] ?? list[i].orderId ?? list[i].orderRef;
			const bucket = index.get(id);
			if (bucket === undefined) index.set(id, [i]);
			else bucket.push(i);
		}
		indexes.push(index);
	}
	return indexes;
}

/**
 * Floor B, the one the target is measured against: one pass over each of the four lists that
 * indexes every record by the two keys docs/rules.md rule 1 matches on, its return ID and the core of
 * its order reference (rule 0: trimmed, one configured prefix and suffix removed ignoring case,
 * leading zeros dropped, lower case). Only the keys are read; no amount, date or rule. This
 * floor is deliberately not floor A: reconcile must read both keys of every record (issue 5's
 * "indexes the four record lists by key", with the keys the contract names).
 */
function floorByKeys(data, idRules = {}) {
	const byLength = (a, b) => b.length - a.length;
	const lower = (list) =>
		list
			.filter((text) => text.length > 0)
			.map((text) => text.toLowerCase())
			.sort(byLength);
	const prefixes = lower([...(idRules.stripPrefixes ?? ['#']), idRules.erpPrefix ?? '']);
	const suffixes = lower([...(idRules.stripSuffixes ?? []), idRules.erpSuffix ?? '']);
	// Plain string steps: a leaner core (by index, one slice) measured no faster here; the
	// floor's cost is its map inserts.
	const coreOf = (ref) => {
		let text = String(ref).trim().toLowerCase();
		for (const prefix of prefixes) {
			if (text.length > prefix.length && text.startsWith(prefix)) {
				text = text.slice(prefix.length);
				break;
			}
		}
		for (const suffix of suffixes) {
			if (text.length > suffix.length && text.endsWith(suffix)) {
				text = text.slice(0, text.length - suffix.length);
				break;
			}
		}
		let start = 0;
		while (start < text.length - 1 && text.charCodeAt(start) === 48) start++;
		return text.slice(start);
	};
	const add = (index, key, i) => {
		const bucket = index.get(key);
		if (bucket === undefined) index.set(key, [i]);
		else bucket.push(i);
	};
	const indexes = [];
	for (const [list, refKey] of [
		[data.portal, 'orderId'],
		[data.processor, 'orderId'],
		[data.erp, 'orderRef'],
		[data.support, 'orderId'],
	]) {
		const byReturnId = new Map();
		const byOrderCore = new Map();
		for (let i = 0; i < list.length; i++) {
			const record = list[i];
			const returnId = record.returnId;
			if (returnId !== undefined && returnId !== null) add(byReturnId, returnId, i);
			const ref = record[refKey];
			if (ref !== undefined && ref !== null) add(byOrderCore, coreOf(ref), i);
		}
		indexes.push(byReturnId, byOrderCore);
	}
	return indexes;
}

function time(fn) {
	const start = performance.now();
	const result = fn();
	return { ms: performance.now() - start, result };
}

function emit(result) {
	process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

const data = mode === 'guard' ? null : generateDataset({ returns: size, seed: 7 });

if (mode === 'reconcile') {
	const records = {
		portal: data.portal,
		processor: data.processor,
		erp: data.erp,
		support: data.support,
	};
	const floorA = [];
	const floorB = [];
	const reconcile = [];
	let cases = 0;
	// Interleaved, so a slow moment on a shared machine touches all three alike.
	for (let run = 0; run < runs; run++) {
		global.gc?.();
		floorA.push(time(() => floorByReturnId(records)).ms);
		global.gc?.();
		floorB.push(time(() => floorByKeys(records, data.options.idRules)).ms);
		global.gc?.();
		const measured = time(() => lib.reconcileReturns(records, data.options));
		reconcile.push(measured.ms);
		cases = measured.result.cases.length + measured.result.unmatched.length;
	}
	emit({
		returns: size,
		records: data.portal.length + data.processor.length + data.erp.length + data.support.length,
		outputs: cases,
		floorByReturnIdMs: median(floorA),
		floorMs: median(floorB),
		reconcileMs: median(reconcile),
		runs,
		each: { floorByReturnIdMs: floorA, floorMs: floorB, reconcileMs: reconcile },
	});
} else if (mode === 'heap') {
	const records = {
		portal: data.portal,
		processor: data.processor,
		erp: data.erp,
		support: data.support,
	};
	const inputBytes = jsonBytes([data.portal, data.processor, data.erp, data.support]);
	global.gc?.();
	const before = process.memoryUsage().heapUsed;
	process.stdout.write('MARK start\n');
	const result = lib.reconcileReturns(records, data.options);
	process.stdout.write('MARK end\n');
	const after = process.memoryUsage().heapUsed;
	emit({
		returns: size,
		inputBytes,
		heapBeforeBytes: before,
		heapAfterBytes: after,
		cases: result.cases.length,
	});
} else if (mode === 'guard') {
	const source = generateDataset({ returns: size, seed: 11 });
	// As middleware sends them: with the ERP order ref it derived (the ERP's own, where the seed
	// posted one), so the Guard blocks the seeded linkage failures and passes the rest.
	const refByReturn = new Map(source.erp.map((m) => [m.returnId, m.orderRef]));
	const payloads = source.portal.map((r) => ({
		returnId: r.returnId,
		orderId: r.orderId,
		orderRef: refByReturn.get(r.returnId),
		status: r.status,
		refundAmount: r.refundAmount,
		currency: r.currency,
		channel: r.channel,
		lines: r.lines,
		receipt: r.receipt,
	}));
	const knownOrders = source.erp
		.filter((m) => m.orderRef)
		.map((m) => ({
			orderRef: m.orderRef,
			status: m.orderStatus ?? 'pendingReturn',
			subsidiary: m.subsidiary,
		}));
	const base = {
		now: '2026-11-27T06:00:00Z',
		...source.options,
		statusMap: {
			approved: 'pendingRefund',
			received: 'pendingRefund',
			refunded: 'refunded',
			requested: 'pendingApproval',
			rejected: 'rejected',
			cancelled: 'cancelled',
		},
	};
	const without = { ...base };
	const withOrders = { ...base, knownOrders };
	const clone = [];
	const guard = [];
	const guardKnown = [];
	let blocked = 0;
	for (let run = 0; run < runs; run++) {
		// One guard per run, made inside the timing: it resolves (and checks) the options and
		// indexes the known orders once, as the node does once per workflow execution.
		global.gc?.();
		clone.push(time(() => structuredClone(payloads)).ms);
		global.gc?.();
		guard.push(
			time(() => {
				const check = lib.createHandoffGuard(without);
				return payloads.map((p) => check(p));
			}).ms,
		);
		global.gc?.();
		const measured = time(() => {
			const check = lib.createHandoffGuard(withOrders);
			return payloads.map((p) => check(p));
		});
		guardKnown.push(measured.ms);
		blocked = measured.result.filter((r) => r.verdict === 'blocked').length;
	}
	emit({
		payloads: payloads.length,
		knownOrders: knownOrders.length,
		blockedWithOrders: blocked,
		cloneMs: median(clone),
		guardMs: median(guard),
		guardKnownMs: median(guardKnown),
		runs,
	});
}

/**
 * The test-only renderer (test/helpers/render-formats.ts), loaded from its TypeScript source
 * through `typescript.transpileModule`: it writes canonical values in each system's shape.
 */
function loadRenderer() {
	const fs = require('node:fs');
	const ts = require('typescript');
	require.extensions['.ts'] = (module, filename) => {
		const source = fs.readFileSync(filename, 'utf8');
		const output = ts.transpileModule(source, {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
		});
		module._compile(output.outputText, filename);
	};
	return require('../test/helpers/render-formats.ts');
}

if (mode === 'formats') {
	const { RENDERERS } = loadRenderer();
	// Setup only (not timed): canonical values to render, read with the formats' own code.
	const { readFormatted } = require('../lib/formats/index.ts');
	const FORMATS = { portal: 'loop', processor: 'stripe', erp: 'netsuite', support: 'zendesk' };
	const records = {
		portal: data.portal,
		processor: data.processor,
		erp: data.erp,
		support: data.support,
	};
	const storeCredit = new Set(['store_credit', 'gift_card', 'giftcard', 'account_credit']);
	const openTicket = new Set(['new', 'open', 'pending', 'hold', 'on-hold', 'on_hold']);
	// The same returns in the systems' shapes; a word a system cannot say becomes the one the
	// rules read alike (as in test/properties/format-equivalence.test.ts).
	const formatted = {};
	const fieldPaths = {};
	let currencyNames;
	for (const kind of Object.keys(FORMATS)) {
		const renderer = RENDERERS[kind][FORMATS[kind]];
		formatted[kind] = records[kind].map((raw) => {
			const values = readFormatted(kind, 'canonical', raw).record;
			if (kind === 'processor' && typeof values.method === 'string') {
				values.method = storeCredit.has(values.method) ? 'store_credit' : 'original_payment';
			}
			if (kind === 'support' && renderer.statuses && !renderer.statuses.includes(values.status)) {
				values.status = openTicket.has(values.status) ? 'open' : 'closed';
			}
			if (renderer.statuses && kind !== 'support' && !renderer.statuses.includes(values.status)) {
				values.status = null;
			}
			return renderer.render(values);
		});
		if (renderer.options.fieldPaths) fieldPaths[kind] = renderer.options.fieldPaths;
		if (renderer.options.currencyNames) currencyNames = renderer.options.currencyNames;
	}
	const formatOptions = {
		...data.options,
		formats: FORMATS,
		fieldPaths,
		...(currencyNames ? { currencyNames } : {}),
	};
	const canonical = [];
	const systems = [];
	let cases = 0;
	let invalid = 0;
	for (let run = 0; run < runs; run++) {
		global.gc?.();
		canonical.push(time(() => lib.reconcileReturns(records, data.options)).ms);
		global.gc?.();
		const measured = time(() => lib.reconcileReturns(formatted, formatOptions));
		systems.push(measured.ms);
		cases = measured.result.cases.length + measured.result.unmatched.length;
		invalid = measured.result.cases.filter((c) =>
			c.tag.findings.some((f) => f.cause === 'invalid_record' && f.evidence.format),
		).length;
	}
	emit({
		returns: size,
		outputs: cases,
		casesWithFormatProblems: invalid,
		canonicalMs: median(canonical),
		formattedMs: median(systems),
		runs,
		each: { canonicalMs: canonical, formattedMs: systems },
	});
}
