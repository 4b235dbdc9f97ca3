/**
 * One benchmark measurement in a fresh process, so sizes never share a heap.
 *   node bench/core-child.js reconcile <returns> <runs>
 *   node bench/core-child.js heap <returns>          (run with --trace-gc; prints marks)
 *   node bench/core-child.js guard <payloads> <runs>
 * Prints one JSON line prefixed with RESULT.
 */
const { performance } = require('node:perf_hooks');
const lib = require('../dist/index.js');
const { generateDataset } = require('../scripts/sample-data.js');

const [mode, sizeText, runsText] = process.argv.slice(2);
const size = Number(sizeText);
const runs = Number(runsText || 1);

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

/** The floor: one pass that only indexes the four record lists by key. */
function indexFloor(data) {
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
	const records = { portal: data.portal, processor: data.processor, erp: data.erp, support: data.support };
	const floor = [];
	const reconcile = [];
	let cases = 0;
	for (let run = 0; run < runs; run++) {
		global.gc?.();
		floor.push(time(() => indexFloor(records)).ms);
		global.gc?.();
		const measured = time(() => lib.reconcileReturns(records, data.options));
		reconcile.push(measured.ms);
		cases = measured.result.cases.length + measured.result.unmatched.length;
	}
	emit({
		returns: size,
		records: data.portal.length + data.processor.length + data.erp.length + data.support.length,
		outputs: cases,
		floorMs: median(floor),
		reconcileMs: median(reconcile),
		runs,
	});
} else if (mode === 'heap') {
	const records = { portal: data.portal, processor: data.processor, erp: data.erp, support: data.support };
	const inputBytes = jsonBytes([data.portal, data.processor, data.erp, data.support]);
	global.gc?.();
	const before = process.memoryUsage().heapUsed;
	process.stdout.write('MARK start\n');
	const result = lib.reconcileReturns(records, data.options);
	process.stdout.write('MARK end\n');
	const after = process.memoryUsage().heapUsed;
	emit({ returns: size, inputBytes, heapBeforeBytes: before, heapAfterBytes: after, cases: result.cases.length });
} else if (mode === 'guard') {
	const source = generateDataset({ returns: size, seed: 11 });
	const payloads = source.portal.map((r) => ({
		returnId: r.returnId,
		orderId: r.orderId,
		status: r.status,
		refundAmount: r.refundAmount,
		currency: r.currency,
		channel: r.channel,
		lines: r.lines,
		receipt: r.receipt,
	}));
	const knownOrders = source.erp
		.filter((m) => m.orderRef)
		.map((m) => ({ orderRef: m.orderRef, status: m.orderStatus ?? 'pendingReturn', subsidiary: m.subsidiary }));
	const base = {
		now: '2026-11-27T06:00:00Z',
		...source.options,
		statusMap: { approved: 'pendingRefund', received: 'pendingRefund', refunded: 'refunded', requested: 'pendingApproval', rejected: 'rejected', cancelled: 'cancelled' },
	};
	const without = { ...base };
	const withOrders = { ...base, knownOrders };
	const clone = [];
	const guard = [];
	const guardKnown = [];
	let blocked = 0;
	for (let run = 0; run < runs; run++) {
		global.gc?.();
		clone.push(time(() => structuredClone(payloads)).ms);
		global.gc?.();
		guard.push(time(() => payloads.map((p) => lib.validateHandoff(p, without))).ms);
		global.gc?.();
		const measured = time(() => payloads.map((p) => lib.validateHandoff(p, withOrders)));
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
