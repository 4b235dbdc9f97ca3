/**
 * Reading the canonical records through configurable field paths. Each reader returns the
 * values the rules need, already parsed (IDs as trimmed text, amounts in minor units, times in
 * epoch ms), plus the problems that make a record invalid. Nothing here throws on bad data.
 */
import { amountMinor, normalizeCurrency, parseAmount, type AmountUnits } from './money';
import { CANONICAL_FIELDS, type FieldKind, type FieldPaths, type ResolvedOptions } from './options';
import { parseTime, timeMs } from './time';
import type { RecordKind } from './types';

/** What is wrong with a record: the field and why (becomes an `invalid_record` finding). */
export interface RecordProblem {
	field: string;
	reason: string;
}

/** A dotted path (`metadata.return_id`, `lines.0.sku`), read through own properties only. */
export function getPath(source: unknown, path: string): unknown {
	let current: unknown = source;
	let start = 0;
	while (start <= path.length) {
		let end = path.indexOf('.', start);
		if (end === -1) end = path.length;
		const key = path.slice(start, end);
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
		start = end + 1;
	}
	return current;
}

export function isRecordObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An identifier as text: trimmed strings and finite numbers; anything else is absent. */
export function readId(value: unknown): string | null {
	if (typeof value === 'string') {
		const text = trimmed(value);
		return text.length > 0 && text.length <= 200 ? text : null;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function readText(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const text = trimmed(value);
	return text.length > 0 ? text.slice(0, 1000) : null;
}

/**
 * `text.trim()`, skipping the call when both ends are visible ASCII (no whitespace to trim):
 * true of nearly every ID and status, read several times per record.
 */
function trimmed(text: string): string {
	if (text.length === 0) return text;
	const first = text.charCodeAt(0);
	const last = text.charCodeAt(text.length - 1);
	return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

/**
 * A field path compiled once per options object: the key itself for a dot-free path (nearly
 * every path), else its keys. The readers run once per record, a million records a run;
 * splitting every path on every read was a measured share of that.
 */
export type FieldAccessor = string | readonly string[];

export function compilePath(path: string): FieldAccessor {
	return path.indexOf('.') === -1 ? path : path.split('.');
}

const hasOwn = Object.prototype.hasOwnProperty;

/** `getPath` through a compiled path; `undefined` for a field the kind does not define. */
export function readField(source: object, accessor: FieldAccessor | undefined): unknown {
	if (typeof accessor === 'string') {
		return hasOwn.call(source, accessor)
			? (source as Record<string, unknown>)[accessor]
			: undefined;
	}
	if (accessor === undefined) return undefined;
	let current: unknown = source;
	for (let i = 0; i < accessor.length; i++) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!hasOwn.call(current, accessor[i])) return undefined;
		current = (current as Record<string, unknown>)[accessor[i]];
	}
	return current;
}

type Accessors<K extends FieldKind> = Record<keyof FieldPaths[K], FieldAccessor | undefined>;

/**
 * Compiled paths per paths object. A run resolves its options once, so the last object seen
 * per kind answers nearly every call with one comparison; the WeakMap covers runs that
 * interleave (the Guard and the Reconciler in one process).
 */
const compiled = new WeakMap<object, Record<string, FieldAccessor | undefined>>();
const lastPaths: Record<string, object | undefined> = {};
const lastAccessors: Record<string, Record<string, FieldAccessor | undefined>> = {};

export function accessorsOf<K extends FieldKind>(kind: K, paths: FieldPaths[K]): Accessors<K> {
	if (lastPaths[kind] === paths) return lastAccessors[kind] as Accessors<K>;
	let accessors = compiled.get(paths);
	if (accessors === undefined) {
		accessors = {};
		for (const field of CANONICAL_FIELDS[kind]) {
			const path = (paths as Record<string, string | undefined>)[field];
			accessors[field] = path === undefined ? undefined : compilePath(path);
		}
		compiled.set(paths, accessors);
	}
	lastPaths[kind] = paths;
	lastAccessors[kind] = accessors;
	return accessors as Accessors<K>;
}

/**
 * Records without a problem (nearly all) share this frozen empty list instead of each owning
 * one; `addProblem` gives a record its own list on the first problem.
 */
const NO_PROBLEMS: RecordProblem[] = Object.freeze([]) as unknown as RecordProblem[];

/**
 * The problems of the record being read. Reading is synchronous and never re-entered, so one
 * slot serves every reader; it stays null (no allocation) until a record has a problem.
 */
let found: RecordProblem[] | null = null;

function problem(field: string, reason: string): void {
	if (found === null) found = [];
	found.push({ field, reason });
}

/** The problems found since the reader started, and a clean slot for the next record. */
function takeProblems(): RecordProblem[] {
	const problems = found ?? NO_PROBLEMS;
	found = null;
	return problems;
}

function addProblem(record: { problems: RecordProblem[] }, field: string, reason: string): void {
	if (record.problems === NO_PROBLEMS) record.problems = [];
	record.problems.push({ field, reason });
}

function idAt(source: object, accessor: FieldAccessor | undefined): string | null {
	return readId(readField(source, accessor));
}

function textAt(source: object, accessor: FieldAccessor | undefined): string | null {
	return readText(readField(source, accessor));
}

/** Lower-cased status-like text. */
function statusAt(source: object, accessor: FieldAccessor | undefined): string | null {
	const text = readText(readField(source, accessor));
	return text === null ? null : text.toLowerCase();
}

function amountAt(
	source: object,
	accessor: FieldAccessor | undefined,
	path: string,
	currency: string | null,
	units: AmountUnits,
): number | null {
	return amountValue(readField(source, accessor), currency, units, path);
}

/**
 * An amount in minor units, or null with a problem under `field` (then `.line` when `line` is
 * given, then `suffix`): the name of a nested field is spelled out only for a bad amount, not
 * built for every line of every return.
 */
function amountValue(
	value: unknown,
	currency: string | null,
	units: AmountUnits,
	field: string,
	suffix = '',
	line = -1,
): number | null {
	if (value === undefined || value === null || value === '') return null;
	const minor = amountMinor(value, currency, units);
	if (minor === minor) return minor;
	// Cold: parse again for the reason.
	const parsed = parseAmount(value, currency, units);
	problem(
		line === -1 ? `${field}${suffix}` : `${field}.${line}${suffix}`,
		`unparseable amount: ${parsed.ok ? 'not an amount' : parsed.reason}`,
	);
	return null;
}

function timeAt(source: object, accessor: FieldAccessor | undefined, path: string): number | null {
	return timeValue(readField(source, accessor), path);
}

function timeValue(value: unknown, field: string, suffix = ''): number | null {
	if (value === undefined || value === null || value === '') return null;
	const ms = timeMs(value);
	if (ms === ms) return ms;
	const parsed = parseTime(value);
	problem(`${field}${suffix}`, `unparseable date: ${parsed.ok ? 'not a time' : parsed.reason}`);
	return null;
}

function currencyAt(
	source: object,
	accessor: FieldAccessor | undefined,
	path: string,
): string | null {
	const value = readField(source, accessor);
	if (value === undefined || value === null || value === '') return null;
	const code = normalizeCurrency(value);
	if (code === null) problem(path, 'unparseable currency: not an ISO 4217 code');
	return code;
}

export interface ReturnLine {
	sku: string | null;
	quantity: number | null;
	category: string | null;
	/** Minor units, or null when the line has no amount. */
	amount: number | null;
}

export interface PortalReturn {
	kind: 'portal';
	index: number;
	raw: unknown;
	problems: RecordProblem[];
	returnId: string | null;
	orderId: string | null;
	status: string | null;
	refundAmount: number | null;
	currency: string | null;
	approvedAt: number | null;
	refundInstructedAt: number | null;
	refundMethod: string | null;
	channel: string | null;
	/**
	 * The SKU category of the return's lines (`categoryOf`), the one thing the rules read of the
	 * lines: kept instead of a parsed copy of every line, which every return would carry.
	 */
	category: string | null;
	receipt: {
		condition: string | null;
		restockingFee: number | null;
		receivedAt: number | null;
	} | null;
	integrationLog: { callMade: boolean | null; status: string | null; error: string | null } | null;
}

export interface ProcessorRefund {
	kind: 'processor';
	index: number;
	raw: unknown;
	problems: RecordProblem[];
	refundId: string | null;
	returnId: string | null;
	orderId: string | null;
	amount: number | null;
	currency: string | null;
	status: string | null;
	method: string | null;
	disbursedAt: number | null;
}

export interface ErpCreditMemo {
	kind: 'erp';
	index: number;
	raw: unknown;
	problems: RecordProblem[];
	creditMemoId: string | null;
	returnId: string | null;
	orderRef: string | null;
	postedAmount: number | null;
	restockingFee: number | null;
	currency: string | null;
	postedAt: number | null;
	subsidiary: string | null;
	orderStatus: string | null;
	orderClosedAt: number | null;
}

export interface SupportTicket {
	kind: 'support';
	index: number;
	raw: unknown;
	problems: RecordProblem[];
	ticketId: string | null;
	returnId: string | null;
	orderId: string | null;
	status: string | null;
	refundStatusToldCustomer: string | null;
	updatedAt: number | null;
}

export type AnyRecord = PortalReturn | ProcessorRefund | ErpCreditMemo | SupportTicket;

function notAnObject(raw: unknown): RecordProblem[] {
	const what = raw === null ? 'null' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`;
	return [{ field: '', reason: `the record is ${what}, not an object` }];
}

const EMPTY = {} as Record<string, unknown>;

// Every reader below reads its fields in one fixed order, which is also the order of the
// record's problems (and so of its invalid_record findings): change it and reports reorder.

export function readPortal(
	raw: unknown,
	index: number,
	options: ResolvedOptions,
	kind: 'portal' | 'payload' = 'portal',
): PortalReturn {
	const object = isRecordObject(raw);
	const source = object ? raw : EMPTY;
	// The Guard's payload kind has no path for some portal fields (refundMethod,
	// integrationLog): a field the kind does not define reads as absent.
	const paths = (
		kind === 'payload' ? options.fieldPaths.payload : options.fieldPaths.portal
	) as FieldPaths['portal'];
	const at = accessorsOf(kind, paths) as Accessors<'portal'>;
	const units = options.amountUnits[kind];
	found = null;
	const currency = currencyAt(source, at.currency, paths.currency);
	const category = readLines(readField(source, at.lines), currency, units, paths.lines);
	const receiptValue = readField(source, at.receipt);
	const logValue = readField(source, at.integrationLog);
	const returnId = idAt(source, at.returnId);
	const orderId = idAt(source, at.orderId);
	const status = statusAt(source, at.status);
	const refundAmount = amountAt(source, at.refundAmount, paths.refundAmount, currency, units);
	const approvedAt = kind === 'payload' ? null : timeAt(source, at.approvedAt, paths.approvedAt);
	const refundInstructedAt =
		kind === 'payload' ? null : timeAt(source, at.refundInstructedAt, paths.refundInstructedAt);
	const refundMethod = statusAt(source, at.refundMethod);
	const channel = textAt(source, at.channel);
	let receipt: PortalReturn['receipt'] = null;
	if (isRecordObject(receiptValue)) {
		const condition = readText(receiptValue.condition);
		receipt = {
			condition: condition === null ? null : condition.toLowerCase(),
			restockingFee: amountValue(
				receiptValue.restockingFee,
				currency,
				units,
				paths.receipt,
				'.restockingFee',
			),
			receivedAt: timeValue(receiptValue.receivedAt, paths.receipt, '.receivedAt'),
		};
	}
	let integrationLog: PortalReturn['integrationLog'] = null;
	if (isRecordObject(logValue)) {
		const logStatus = readText(logValue.status);
		integrationLog = {
			callMade: typeof logValue.callMade === 'boolean' ? logValue.callMade : null,
			status: logStatus === null ? null : logStatus.toLowerCase(),
			error:
				readText(logValue.error) ??
				(isRecordObject(logValue.error) ? safeJson(logValue.error, 1000) : null),
		};
	}
	const problems = takeProblems();
	return {
		kind: 'portal',
		index,
		raw,
		problems: object ? problems : notAnObject(raw),
		returnId,
		orderId,
		status,
		refundAmount,
		currency,
		approvedAt,
		refundInstructedAt,
		refundMethod,
		channel,
		category,
		receipt,
		integrationLog,
	};
}

/**
 * Checks every line's amount (a bad one makes the return invalid) and returns the lines' SKU
 * category as `categoryOf` would of the parsed lines, without parsing them into objects.
 */
function readLines(
	value: unknown,
	currency: string | null,
	units: AmountUnits,
	base: string,
): string | null {
	if (!Array.isArray(value)) return null;
	let category: string | null = null;
	for (let i = 0; i < value.length && i < 10_000; i++) {
		const line = value[i];
		if (!isRecordObject(line)) continue;
		if (category === null) category = readText(line.category);
		amountValue(line.amount, currency, units, base, '.amount', i);
	}
	return category;
}

export function readProcessor(
	raw: unknown,
	index: number,
	options: ResolvedOptions,
): ProcessorRefund {
	const object = isRecordObject(raw);
	const source = object ? raw : EMPTY;
	const paths = options.fieldPaths.processor;
	const at = accessorsOf('processor', paths);
	found = null;
	const currency = currencyAt(source, at.currency, paths.currency);
	const record: ProcessorRefund = {
		kind: 'processor',
		index,
		raw,
		problems: NO_PROBLEMS,
		refundId: idAt(source, at.refundId),
		returnId: idAt(source, at.returnId),
		orderId: idAt(source, at.orderId),
		amount: amountAt(source, at.amount, paths.amount, currency, options.amountUnits.processor),
		currency,
		status: statusAt(source, at.status),
		method: statusAt(source, at.method),
		disbursedAt: timeAt(source, at.disbursedAt, paths.disbursedAt),
	};
	const problems = takeProblems();
	record.problems = object ? problems : notAnObject(raw);
	if (object && record.returnId === null && record.orderId === null) {
		addProblem(record, paths.returnId, 'no usable key: neither a return ID nor an order ID');
	}
	if (object && record.amount === null && !hasProblemAt(record.problems, paths.amount)) {
		addProblem(record, paths.amount, 'no refund amount');
	}
	return record;
}

function hasProblemAt(problems: readonly RecordProblem[], field: string): boolean {
	for (let i = 0; i < problems.length; i++) if (problems[i].field === field) return true;
	return false;
}

export function readErp(raw: unknown, index: number, options: ResolvedOptions): ErpCreditMemo {
	const object = isRecordObject(raw);
	const source = object ? raw : EMPTY;
	const paths = options.fieldPaths.erp;
	const at = accessorsOf('erp', paths);
	const units = options.amountUnits.erp;
	found = null;
	const currency = currencyAt(source, at.currency, paths.currency);
	const record: ErpCreditMemo = {
		kind: 'erp',
		index,
		raw,
		problems: NO_PROBLEMS,
		creditMemoId: idAt(source, at.creditMemoId),
		returnId: idAt(source, at.returnId),
		orderRef: idAt(source, at.orderRef),
		postedAmount: amountAt(source, at.postedAmount, paths.postedAmount, currency, units),
		restockingFee: amountAt(source, at.restockingFee, paths.restockingFee, currency, units),
		currency,
		postedAt: timeAt(source, at.postedAt, paths.postedAt),
		subsidiary: textAt(source, at.subsidiary),
		orderStatus: textAt(source, at.orderStatus),
		orderClosedAt: timeAt(source, at.orderClosedAt, paths.orderClosedAt),
	};
	const problems = takeProblems();
	record.problems = object ? problems : notAnObject(raw);
	if (
		object &&
		record.returnId === null &&
		record.orderRef === null &&
		record.creditMemoId === null
	) {
		addProblem(
			record,
			paths.creditMemoId,
			'no usable key: no credit memo ID, return ID or order ref',
		);
	}
	if (
		object &&
		record.postedAmount === null &&
		!hasProblemAt(record.problems, paths.postedAmount)
	) {
		addProblem(record, paths.postedAmount, 'no posted amount');
	}
	return record;
}

export function readSupport(raw: unknown, index: number, options: ResolvedOptions): SupportTicket {
	const object = isRecordObject(raw);
	const source = object ? raw : EMPTY;
	const paths = options.fieldPaths.support;
	const at = accessorsOf('support', paths);
	found = null;
	const record: SupportTicket = {
		kind: 'support',
		index,
		raw,
		problems: NO_PROBLEMS,
		ticketId: idAt(source, at.ticketId),
		returnId: idAt(source, at.returnId),
		orderId: idAt(source, at.orderId),
		status: statusAt(source, at.status),
		refundStatusToldCustomer: statusAt(source, at.refundStatusToldCustomer),
		updatedAt: timeAt(source, at.updatedAt, paths.updatedAt),
	};
	const problems = takeProblems();
	record.problems = object ? problems : notAnObject(raw);
	if (object && record.returnId === null && record.orderId === null) {
		addProblem(record, paths.returnId, 'no usable key: neither a return ID nor an order ID');
	}
	return record;
}

/** Portal returns need a return ID: it is the key every other record points at. */
export function checkPortalKey(record: PortalReturn, options: ResolvedOptions): void {
	if (isRecordObject(record.raw) && record.returnId === null) {
		addProblem(record, options.fieldPaths.portal.returnId, 'no usable key: no return ID');
	}
}

export const READERS: {
	[K in RecordKind]: (
		raw: unknown,
		index: number,
		options: ResolvedOptions,
	) => Extract<AnyRecord, { kind: K }>;
} = {
	portal: (raw, index, options) => {
		const record = readPortal(raw, index, options);
		checkPortalKey(record, options);
		return record;
	},
	processor: readProcessor,
	erp: readErp,
	support: readSupport,
};

/** The SKU category of a return's lines when they share one, else the first line's, else null. */
export function categoryOf(lines: readonly ReturnLine[]): string | null {
	const first = lines.find((line) => line.category !== null)?.category ?? null;
	return first;
}

/**
 * A record as text with its keys sorted, for the last tie-break of rule 8: two records alike in
 * time and ID are ordered by their content, so the result never depends on input order. Deep
 * or huge values are cut (depth 64, 100,000 characters): past that, records count as equal.
 */
export function canonicalText(value: unknown): string {
	const parts: string[] = [];
	let length = 0;
	const seen = new Set<object>();
	const write = (text: string) => {
		parts.push(text);
		length += text.length;
	};
	const visit = (node: unknown, depth: number): void => {
		if (length > 100_000) return;
		if (node === null || typeof node !== 'object') {
			write(typeof node === 'string' ? JSON.stringify(node) : `${typeof node}:${String(node)}`);
			return;
		}
		if (depth > 64 || seen.has(node)) {
			write('…');
			return;
		}
		seen.add(node);
		if (Array.isArray(node)) {
			write('[');
			for (const item of node) {
				visit(item, depth + 1);
				write(',');
			}
			write(']');
		} else {
			write('{');
			for (const key of Object.keys(node).sort()) {
				write(`${JSON.stringify(key)}:`);
				visit((node as Record<string, unknown>)[key], depth + 1);
				write(',');
			}
			write('}');
		}
		seen.delete(node);
	};
	visit(value, 0);
	return parts.join('');
}

/** Orders two raw records by content (see canonicalText): negative, zero or positive. */
export function compareContent(a: unknown, b: unknown): number {
	const ta = canonicalText(a);
	const tb = canonicalText(b);
	return ta === tb ? 0 : ta < tb ? -1 : 1;
}

/** An object as JSON for a message, or a note when it cannot be written (too deep, cyclic). */
export function safeJson(value: unknown, limit: number): string {
	try {
		return (JSON.stringify(value) ?? '').slice(0, limit);
	} catch {
		return '[an object too deep or cyclic to show]';
	}
}
