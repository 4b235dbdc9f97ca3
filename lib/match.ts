/**
 * Indexing and matching (reconciliation rules 1 and 8). Portal returns are indexed once by
 * return ID and by order core; every processor refund, credit memo and ticket is then matched
 * with a constant number of map look-ups, so a run grows linearly with its input.
 *
 * Built for a million records at a time: a downstream record is matched on its two keys, read
 * straight from the raw record (it is parsed in full only when several returns of one order
 * compete for it), and results go into typed arrays (one slot per record) rather than objects.
 * The caller parses each record when it builds its case, so parsed records die young (parsing
 * them all here instead, in input order, measured no faster and held them all to the end).
 */
import { toleranceMinor } from './money';
import type { ResolvedOptions } from './options';
import { orderCore } from './orderRef';
import { readPath } from './path';
import {
	READERS,
	compareContent,
	isRecordObject,
	readId,
	type ErpCreditMemo,
	type PortalReturn,
	type ProcessorRefund,
	type SupportTicket,
} from './records';
import type { MatchMethod } from './types';

export type DownstreamRecord = ProcessorRefund | ErpCreditMemo | SupportTicket;
export type DownstreamKind = DownstreamRecord['kind'];

/** `portal[i]` of a match result when the record matched no portal return. */
export const NO_MATCH = -1;

/** Match methods by code; code 0 means "not matched". */
export const METHOD_BY_CODE: readonly (MatchMethod | null)[] = [
	null,
	'returnId',
	'orderId',
	'amount',
	'time',
];
const BY_RETURN_ID = 1;
const BY_ORDER_ID = 2;
const BY_AMOUNT = 3;
const BY_TIME = 4;

/**
 * Return IDs compare without regard to case: middleware that upper- or lower-cases `RA-10042`
 * on the way still means the same return.
 */
export function returnIdKey(returnId: string): string {
	// Most IDs are already upper case: keep the string itself (no copy, its hash is cached)
	// unless a lower-case or non-ASCII character means upper-casing could change it.
	for (let i = 0; i < returnId.length; i++) {
		const code = returnId.charCodeAt(i);
		if ((code >= 97 && code <= 122) || code > 127) return returnId.toUpperCase();
	}
	return returnId;
}

/** When the refund was instructed (rule 4's clock): `refundInstructedAt`, else `approvedAt`. */
export function instructedAt(portal: PortalReturn): number | null {
	return portal.refundInstructedAt ?? portal.approvedAt;
}

export interface PortalIndex {
	readonly portals: readonly PortalReturn[];
	/**
	 * Return ID → portal index. Holds malformed portal returns too (when their ID is readable)
	 * so that the other systems' records of that return join its invalid case instead of being
	 * reported as an orphan credit memo or an unmatched refund because of a bad date.
	 */
	readonly byReturnId: Map<string, number>;
	/** Order core → portal index (or indices); well-formed portal returns only. */
	readonly byOrderCore: Map<string, number | number[]>;
	/**
	 * Portal returns that lost their return ID to another portal record with the same ID, with
	 * the index of the one that kept it.
	 */
	readonly duplicateOf: Map<number, number>;
}

/** Rule 8 between two portal returns: the earlier instruction time, then the return ID. */
function portalPrecedes(a: PortalReturn, b: PortalReturn): boolean {
	const ta = instructedAt(a);
	const tb = instructedAt(b);
	if (ta !== tb) {
		if (ta === null) return false;
		if (tb === null) return true;
		return ta < tb;
	}
	const ida = a.returnId ?? '';
	const idb = b.returnId ?? '';
	if (ida !== idb) return ida < idb;
	const oa = a.orderId ?? '';
	const ob = b.orderId ?? '';
	if (oa !== ob) return oa < ob;
	const byContent = compareContent(a.raw, b.raw);
	return byContent !== 0 ? byContent < 0 : a.index < b.index;
}

/**
 * Which of two portal records keeps a shared return ID: a well-formed one over a malformed
 * one, then by rule 8, so the choice never depends on input order.
 */
function keepsReturnId(candidate: PortalReturn, holder: PortalReturn): boolean {
	const candidateValid = candidate.problems.length === 0;
	const holderValid = holder.problems.length === 0;
	if (candidateValid !== holderValid) return candidateValid;
	return portalPrecedes(candidate, holder);
}

function addToOrder(map: Map<string, number | number[]>, core: string, index: number): void {
	const existing = map.get(core);
	if (existing === undefined) map.set(core, index);
	else if (typeof existing === 'number') {
		if (existing !== index) map.set(core, [existing, index]);
	} else if (!existing.includes(index)) existing.push(index);
}

/** Portal returns by return ID; `indexOrderCores` adds the order cores the run needs. */
export function indexPortals(portals: readonly PortalReturn[]): PortalIndex {
	const byReturnId = new Map<string, number>();
	const duplicateOf = new Map<number, number>();
	for (let i = 0; i < portals.length; i++) {
		const portal = portals[i];
		if (portal.returnId === null) continue;
		const key = returnIdKey(portal.returnId);
		const holder = byReturnId.get(key);
		if (holder === undefined) {
			byReturnId.set(key, i);
		} else if (keepsReturnId(portal, portals[holder])) {
			duplicateOf.set(holder, i);
			byReturnId.set(key, i);
		} else {
			duplicateOf.set(i, holder);
		}
	}
	// With three or more records of one ID, point every loser at the final holder.
	for (const [loser, holder] of duplicateOf) {
		const key = returnIdKey(portals[holder].returnId ?? '');
		duplicateOf.set(loser, byReturnId.get(key) ?? holder);
	}
	// Filled by `indexOrderCores`, with only the cores some record needs.
	const byOrderCore = new Map<string, number | number[]>();
	return { portals, byReturnId, byOrderCore, duplicateOf };
}

/**
 * Indexes well-formed portal returns by order core, for the cores in `needed` only: the
 * records that missed by return ID (a few percent) are all that look this index up, so the
 * other returns need no entry, and a million-entry map is never built.
 */
export function indexOrderCores(
	index: PortalIndex,
	options: ResolvedOptions,
	needed: ReadonlySet<string>,
): void {
	if (needed.size === 0) return;
	const { portals, duplicateOf, byOrderCore } = index;
	for (let i = 0; i < portals.length; i++) {
		const portal = portals[i];
		if (portal.problems.length > 0 || duplicateOf.has(i) || portal.orderId === null) continue;
		const core = orderCore(portal.orderId, options);
		if (core !== null && needed.has(core)) addToOrder(byOrderCore, core, i);
		// An ERP ref written per the ID map may have a core of its own (`NS-A1042`).
		const mapped = options.idMap.get(portal.orderId);
		if (mapped !== undefined) {
			const mappedCore = orderCore(mapped, options);
			if (mappedCore !== null && mappedCore !== core && needed.has(mappedCore)) {
				addToOrder(byOrderCore, mappedCore, i);
			}
		}
	}
}

/** Where each record of one kind went: a portal index (or NO_MATCH) and a method code. */
export interface KindMatch {
	readonly portal: Int32Array;
	readonly method: Uint8Array;
}

function amountOf(record: DownstreamRecord): number | null {
	if (record.kind === 'erp') return record.postedAmount;
	if (record.kind === 'processor') return record.amount;
	return null;
}

function currencyOf(record: DownstreamRecord): string | null {
	return record.kind === 'support' ? null : record.currency;
}

export function timeOf(record: DownstreamRecord): number | null {
	if (record.kind === 'erp') return record.postedAt;
	if (record.kind === 'processor') return record.disbursedAt;
	return record.updatedAt;
}

export function idOf(record: DownstreamRecord): string | null {
	if (record.kind === 'erp') return record.creditMemoId;
	if (record.kind === 'processor') return record.refundId;
	return record.ticketId;
}

/** One kind's matching in progress: return-ID hits done, the misses' order cores waiting. */
interface PendingMatch extends KindMatch {
	readonly kind: DownstreamKind;
	readonly raws: readonly unknown[];
	/** The records read beforehand (a kind in a system's format), else null. */
	readonly records: readonly DownstreamRecord[] | null;
	readonly misses: number[];
	readonly missCores: string[];
}

/**
 * Matches the raw records of each kind: by return ID, else by order core (an ERP `orderRef`,
 * else the record's `orderId`), reading the same fields, through the same paths, as the
 * readers. Every kind's return IDs are looked up first, so the order-core index is built once,
 * for the cores of the records that missed.
 */
export function matchAll(
	raws: Readonly<Record<DownstreamKind, readonly unknown[]>>,
	read: Readonly<Record<DownstreamKind, readonly DownstreamRecord[] | null>>,
	index: PortalIndex,
	options: ResolvedOptions,
): Record<DownstreamKind, KindMatch> {
	const needed = new Set<string>();
	const processor = matchByReturnId(
		'processor',
		raws.processor,
		read.processor,
		index,
		options,
		needed,
	);
	const erp = matchByReturnId('erp', raws.erp, read.erp, index, options, needed);
	const support = matchByReturnId('support', raws.support, read.support, index, options, needed);
	indexOrderCores(index, options, needed);
	for (const pending of [processor, erp, support]) matchByOrder(pending, index, options);
	return { processor, erp, support };
}

function matchByReturnId(
	kind: DownstreamKind,
	raws: readonly unknown[],
	records: readonly DownstreamRecord[] | null,
	index: PortalIndex,
	options: ResolvedOptions,
	needed: Set<string>,
): PendingMatch {
	const portal = new Int32Array(raws.length).fill(NO_MATCH);
	const method = new Uint8Array(raws.length);
	const misses: number[] = [];
	const missCores: string[] = [];
	const returnIdPath = options.fields[kind].returnId;
	const orderPath = kind === 'erp' ? options.fields.erp.orderRef : options.fields[kind].orderId;
	for (let i = 0; i < raws.length; i++) {
		const raw = raws[i];
		if (!isRecordObject(raw)) continue;
		// A kind in a system's format was read whole beforehand: its keys are the format's.
		const record = records === null ? null : records[i];
		const returnId = record === null ? readId(readPath(raw, returnIdPath)) : record.returnId;
		if (returnId !== null) {
			const hit = index.byReturnId.get(returnIdKey(returnId));
			if (hit !== undefined) {
				portal[i] = hit;
				method[i] = BY_RETURN_ID;
				continue;
			}
		}
		const core = orderCore(
			record === null
				? readId(readPath(raw, orderPath))
				: record.kind === 'erp'
					? record.orderRef
					: record.orderId,
			options,
		);
		if (core === null) continue;
		misses.push(i);
		missCores.push(core);
		needed.add(core);
	}
	return { kind, raws, records, portal, method, misses, missCores };
}

function matchByOrder(pending: PendingMatch, index: PortalIndex, options: ResolvedOptions): void {
	const { kind, raws, records, portal, method, misses, missCores } = pending;
	const toleranceByCurrency = new Map<string | null, number>();
	for (let m = 0; m < misses.length; m++) {
		const i = misses[m];
		const candidates = index.byOrderCore.get(missCores[m]);
		if (candidates === undefined) continue;
		if (typeof candidates === 'number') {
			portal[i] = candidates;
			method[i] = BY_ORDER_ID;
			continue;
		}
		const record = records === null ? READERS[kind](raws[i], i, options) : records[i];
		const currency = currencyOf(record);
		let tolerance = toleranceByCurrency.get(currency);
		if (tolerance === undefined) {
			tolerance = toleranceMinor(options.amountTolerance, currency);
			toleranceByCurrency.set(currency, tolerance);
		}
		const chosen = chooseAmongOrder(record, candidates, index.portals, tolerance);
		portal[i] = chosen.portal;
		method[i] = chosen.method;
	}
}

/**
 * Several returns of one order: the one whose amount is within tolerance, then the nearest in
 * time (a ticket: the most recent return), then rule 8. Runs only for orders with several
 * returns, so the candidate lists are short.
 */
function chooseAmongOrder(
	record: DownstreamRecord,
	candidates: readonly number[],
	portals: readonly PortalReturn[],
	tolerance: number,
): { portal: number; method: number } {
	let pool: readonly number[] = candidates;
	const amount = amountOf(record);
	if (amount !== null) {
		const currency = currencyOf(record);
		const within: number[] = [];
		for (let k = 0; k < candidates.length; k++) {
			const candidate = candidates[k];
			const p = portals[candidate];
			if (p.refundAmount === null) continue;
			if (currency !== null && p.currency !== null && currency !== p.currency) continue;
			if (Math.abs(p.refundAmount - amount) <= tolerance) within.push(candidate);
		}
		if (within.length === 1) return { portal: within[0], method: BY_AMOUNT };
		if (within.length > 1) pool = within;
	}
	const latest = record.kind === 'support';
	const time = timeOf(record);
	let best = pool[0];
	let bestScore = scoreTime(portals[best], time, latest);
	for (let k = 1; k < pool.length; k++) {
		const candidate = pool[k];
		const score = scoreTime(portals[candidate], time, latest);
		if (
			score < bestScore ||
			(score === bestScore && portalPrecedes(portals[candidate], portals[best]))
		) {
			best = candidate;
			bestScore = score;
		}
	}
	return { portal: best, method: BY_TIME };
}

/** Lower is better: distance in ms, or for a ticket the most recent return first. */
function scoreTime(portal: PortalReturn, time: number | null, latest: boolean): number {
	const at = instructedAt(portal);
	if (at === null) return Number.POSITIVE_INFINITY;
	if (latest) return -at;
	if (time === null) return Number.POSITIVE_INFINITY;
	return Math.abs(time - at);
}

/**
 * Records grouped by the portal return they matched, as offsets into one index list (a
 * counting sort), so grouping allocates two typed arrays rather than a list per return.
 * Records of portal `p` are `order[start[p]] … order[start[p + 1] - 1]`, in input order.
 */
export interface Grouping {
	readonly start: Int32Array;
	readonly order: Int32Array;
}

export function groupByPortal(match: KindMatch, portalCount: number): Grouping {
	const start = new Int32Array(portalCount + 1);
	const target = match.portal;
	for (let i = 0; i < target.length; i++) if (target[i] !== NO_MATCH) start[target[i] + 1]++;
	for (let p = 0; p < portalCount; p++) start[p + 1] += start[p];
	const order = new Int32Array(start[portalCount]);
	const next = start.slice(0, portalCount);
	for (let i = 0; i < target.length; i++) {
		if (target[i] !== NO_MATCH) order[next[target[i]]++] = i;
	}
	return { start, order };
}

/**
 * Rule 8 inside a case: records of one kind by time, then ID, so `case.erp[0]` and every
 * evidence list are the same whatever the input order.
 */
export function compareRecords(a: DownstreamRecord, b: DownstreamRecord): number {
	const ta = timeOf(a);
	const tb = timeOf(b);
	if (ta !== tb) {
		if (ta === null) return 1;
		if (tb === null) return -1;
		return ta - tb;
	}
	const ida = idOf(a) ?? '';
	const idb = idOf(b) ?? '';
	if (ida !== idb) return ida < idb ? -1 : 1;
	return compareContent(a.raw, b.raw) || a.index - b.index;
}
