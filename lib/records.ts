/**
 * Reading the canonical records through configurable field paths (`options.fields`, compiled
 * once per call by resolveOptions). Each reader returns the values the rules need, already
 * parsed (IDs as trimmed text, amounts in minor units, times in epoch ms), plus the problems
 * that make a record invalid, collected on the record itself: nothing outlives a read, and
 * nothing here throws on bad data.
 */
import { amountMinor, normalizeCurrency, parseAmount, type AmountUnits } from './money';
import type { FieldAccessor, ResolvedOptions } from './options';
import { parseTime, timeMs } from './time';
import type { RecordKind } from './types';

/** What is wrong with a record: the field and why (becomes an `invalid_record` finding). */
export interface RecordProblem {
	field: string;
	reason: string;
	/** The kind of value that could not be read, when it is one. */
	what?: 'amount' | 'currency' | 'date';
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

const hasOwn = Object.prototype.hasOwnProperty;

/** `getPath` through a compiled path (`options.fields`). */
export function readField(source: object, accessor: FieldAccessor): unknown {
	if (typeof accessor === 'string') {
		return hasOwn.call(source, accessor)
			? (source as Record<string, unknown>)[accessor]
			: undefined;
	}
	let current: unknown = source;
	for (let i = 0; i < accessor.length; i++) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!hasOwn.call(current, accessor[i])) return undefined;
		current = (current as Record<string, unknown>)[accessor[i]];
	}
	return current;
}

/**
 * Records without a problem (nearly all) share this frozen empty list instead of each owning
 * one; `addProblem` gives a record its own list on the first problem.
 */
const NO_PROBLEMS: RecordProblem[] = Object.freeze([]) as unknown as RecordProblem[];

/** Whatever collects a record's problems while it is read: the record itself. */
interface Problems {
	problems: RecordProblem[];
}

function addProblem(
	into: Problems,
	field: string,
	reason: string,
	what?: RecordProblem['what'],
): void {
	if (into.problems === NO_PROBLEMS) into.problems = [];
	into.problems.push(what === undefined ? { field, reason } : { field, reason, what });
}

/** Lower-cased status-like text. */
function lowerText(value: unknown): string | null {
	const text = readText(value);
	return text === null ? null : text.toLowerCase();
}

/**
 * An amount in minor units, or null with a problem under `field` (then `.line` when `line` is
 * given, then `suffix`): the name of a nested field is spelled out only for a bad amount, not
 * built for every line of every return.
 */
function amountValue(
	into: Problems,
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
	addProblem(
		into,
		line === -1 ? `${field}${suffix}` : `${field}.${line}${suffix}`,
		`unparseable amount: ${parsed.ok ? 'not an amount' : parsed.reason}`,
		'amount',
	);
	return null;
}

function timeValue(into: Problems, value: unknown, field: string, suffix = ''): number | null {
	if (value === undefined || value === null || value === '') return null;
	const ms = timeMs(value);
	if (ms === ms) return ms;
	const parsed = parseTime(value);
	addProblem(
		into,
		`${field}${suffix}`,
		`unparseable date: ${parsed.ok ? 'not a time' : parsed.reason}`,
		'date',
	);
	return null;
}

function currencyValue(into: Problems, value: unknown, field: string): string | null {
	if (value === undefined || value === null || value === '') return null;
	const code = normalizeCurrency(value);
	if (code === null) {
		addProblem(into, field, 'unparseable currency: not an ISO 4217 code', 'currency');
	}
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

/**
 * The Guard's outgoing payload: a portal return on its way to the ERP, read as the Guard checks
 * it. Its problems are its unreadable amounts and currency (`what` says which).
 */
export interface HandoffPayload {
	kind: 'payload';
	raw: unknown;
	problems: RecordProblem[];
	returnId: string | null;
	orderId: string | null;
	orderRef: string | null;
	/** As spelled: the status map is looked up exactly first. */
	status: string | null;
	channel: string | null;
	subsidiary: string | null;
	currency: string | null;
	refundAmount: number | null;
	/** Lines that are objects; how many carry an amount, and the sum of those (minor units). */
	lineCount: number;
	linesWithAmount: number;
	lineSum: number;
	category: string | null;
	restockingFee: number | null;
}

export type AnyRecord = PortalReturn | ProcessorRefund | ErpCreditMemo | SupportTicket;

function notAnObject(raw: unknown): RecordProblem[] {
	const what = raw === null ? 'null' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`;
	return [{ field: '', reason: `the record is ${what}, not an object` }];
}

const EMPTY = {} as Record<string, unknown>;

// Every reader below reads its fields in one fixed order, which is also the order of the
// record's problems (and so of its invalid_record findings): change it and reports reorder.

export function readPortal(raw: unknown, index: number, options: ResolvedOptions): PortalReturn {
	const object = isRecordObject(raw);
	const source = object ? raw : EMPTY;
	const paths = options.fieldPaths.portal;
	const at = options.fields.portal;
	const units = options.amountUnits.portal;
	const record: PortalReturn = {
		kind: 'portal',
		index,
		raw,
		problems: NO_PROBLEMS,
		returnId: null,
		orderId: null,
		status: null,
		refundAmount: null,
		currency: null,
		approvedAt: null,
		refundInstructedAt: null,
		refundMethod: null,
		channel: null,
		category: null,
		receipt: null,
		integrationLog: null,
	};
	const currency = currencyValue(record, readField(source, at.currency), paths.currency);
	record.currency = currency;
	record.category = readLines(record, readField(source, at.lines), currency, units, paths.lines);
	const receiptValue = readField(source, at.receipt);
	const logValue = readField(source, at.integrationLog);
	record.returnId = readId(readField(source, at.returnId));
	record.orderId = readId(readField(source, at.orderId));
	record.status = lowerText(readField(source, at.status));
	record.refundAmount = amountValue(
		record,
		readField(source, at.refundAmount),
		currency,
		units,
		paths.refundAmount,
	);
	record.approvedAt = timeValue(record, readField(source, at.approvedAt), paths.approvedAt);
	record.refundInstructedAt = timeValue(
		record,
		readField(source, at.refundInstructedAt),
		paths.refundInstructedAt,
	);
	record.refundMethod = lowerText(readField(source, at.refundMethod));
	record.channel = readText(readField(source, at.channel));
	if (isRecordObject(receiptValue)) {
		record.receipt = {
			condition: lowerText(receiptValue.condition),
			restockingFee: amountValue(
				record,
				receiptValue.restockingFee,
				currency,
				units,
				paths.receipt,
				'.restockingFee',
			),
			receivedAt: timeValue(record, receiptValue.receivedAt, paths.receipt, '.receivedAt'),
		};
	}
	if (isRecordObject(logValue)) {
		record.integrationLog = {
			callMade: typeof logValue.callMade === 'boolean' ? logValue.callMade : null,
			status: lowerText(logValue.status),
			error:
				readText(logValue.error) ??
				(isRecordObject(logValue.error) ? safeJson(logValue.error, 1000) : null),
		};
	}
	if (!object) record.problems = notAnObject(raw);
	return record;
}

/**
 * Checks every line's amount (a bad one makes the return invalid) and returns the lines' SKU
 * category as `categoryOf` would of the parsed lines, without parsing them into objects.
 */
function readLines(
	into: Problems,
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
		amountValue(into, line.amount, currency, units, base, '.amount', i);
	}
	return category;
}

/**
 * The Guard's payload. Reads the amounts in the Guard's order (refund, lines, restocking fee),
 * which is the order of its amount problems.
 */
export function readPayload(
	raw: Record<string, unknown>,
	options: ResolvedOptions,
): HandoffPayload {
	const paths = options.fieldPaths.payload;
	const at = options.fields.payload;
	const units = options.amountUnits.payload;
	const record: HandoffPayload = {
		kind: 'payload',
		raw,
		problems: NO_PROBLEMS,
		returnId: readId(readField(raw, at.returnId)),
		orderId: readId(readField(raw, at.orderId)),
		orderRef: readId(readField(raw, at.orderRef)),
		status: readText(readField(raw, at.status)),
		channel: readText(readField(raw, at.channel)),
		subsidiary: readText(readField(raw, at.subsidiary)),
		currency: null,
		refundAmount: null,
		lineCount: 0,
		linesWithAmount: 0,
		lineSum: 0,
		category: null,
		restockingFee: null,
	};
	// The currency's problem comes after the amounts' (it reads as the last problem).
	const currencyRaw = readField(raw, at.currency);
	const currency = normalizeCurrency(currencyRaw);
	record.currency = currency;
	record.refundAmount = amountValue(
		record,
		readField(raw, at.refundAmount),
		currency,
		units,
		paths.refundAmount,
	);
	const lines = readField(raw, at.lines);
	if (Array.isArray(lines)) {
		for (let i = 0; i < lines.length && i < 10_000; i++) {
			const line: unknown = lines[i];
			if (!isRecordObject(line)) continue;
			record.lineCount++;
			record.category ??= readText(line.category);
			const minor = amountValue(record, line.amount, currency, units, paths.lines, '.amount', i);
			if (minor !== null) {
				record.linesWithAmount++;
				record.lineSum += minor;
			}
		}
	}
	const receipt = readField(raw, at.receipt);
	if (isRecordObject(receipt)) {
		record.restockingFee = amountValue(
			record,
			receipt.restockingFee,
			currency,
			units,
			paths.receipt,
			'.restockingFee',
		);
	}
	if (currency === null) currencyValue(record, currencyRaw, paths.currency);
	return record;
}

export function readProcessor(
	raw: unknown,
	index: number,
	options: ResolvedOptions,
): ProcessorRefund {
	const object = isRecordObject(raw);
	const source = object ? raw : EMPTY;
	const paths = options.fieldPaths.processor;
	const at = options.fields.processor;
	const record: ProcessorRefund = {
		kind: 'processor',
		index,
		raw,
		problems: NO_PROBLEMS,
		refundId: null,
		returnId: null,
		orderId: null,
		amount: null,
		currency: null,
		status: null,
		method: null,
		disbursedAt: null,
	};
	const currency = currencyValue(record, readField(source, at.currency), paths.currency);
	record.currency = currency;
	record.refundId = readId(readField(source, at.refundId));
	record.returnId = readId(readField(source, at.returnId));
	record.orderId = readId(readField(source, at.orderId));
	record.amount = amountValue(
		record,
		readField(source, at.amount),
		currency,
		options.amountUnits.processor,
		paths.amount,
	);
	record.status = lowerText(readField(source, at.status));
	record.method = lowerText(readField(source, at.method));
	record.disbursedAt = timeValue(record, readField(source, at.disbursedAt), paths.disbursedAt);
	if (!object) {
		record.problems = notAnObject(raw);
		return record;
	}
	if (record.returnId === null && record.orderId === null) {
		addProblem(record, paths.returnId, 'no usable key: neither a return ID nor an order ID');
	}
	if (record.amount === null && !hasProblemAt(record.problems, paths.amount)) {
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
	const at = options.fields.erp;
	const units = options.amountUnits.erp;
	const record: ErpCreditMemo = {
		kind: 'erp',
		index,
		raw,
		problems: NO_PROBLEMS,
		creditMemoId: null,
		returnId: null,
		orderRef: null,
		postedAmount: null,
		restockingFee: null,
		currency: null,
		postedAt: null,
		subsidiary: null,
		orderStatus: null,
		orderClosedAt: null,
	};
	const currency = currencyValue(record, readField(source, at.currency), paths.currency);
	record.currency = currency;
	record.creditMemoId = readId(readField(source, at.creditMemoId));
	record.returnId = readId(readField(source, at.returnId));
	record.orderRef = readId(readField(source, at.orderRef));
	record.postedAmount = amountValue(
		record,
		readField(source, at.postedAmount),
		currency,
		units,
		paths.postedAmount,
	);
	record.restockingFee = amountValue(
		record,
		readField(source, at.restockingFee),
		currency,
		units,
		paths.restockingFee,
	);
	record.postedAt = timeValue(record, readField(source, at.postedAt), paths.postedAt);
	record.subsidiary = readText(readField(source, at.subsidiary));
	record.orderStatus = readText(readField(source, at.orderStatus));
	record.orderClosedAt = timeValue(
		record,
		readField(source, at.orderClosedAt),
		paths.orderClosedAt,
	);
	if (!object) {
		record.problems = notAnObject(raw);
		return record;
	}
	if (record.returnId === null && record.orderRef === null && record.creditMemoId === null) {
		addProblem(
			record,
			paths.creditMemoId,
			'no usable key: no credit memo ID, return ID or order ref',
		);
	}
	if (record.postedAmount === null && !hasProblemAt(record.problems, paths.postedAmount)) {
		addProblem(record, paths.postedAmount, 'no posted amount');
	}
	return record;
}

export function readSupport(raw: unknown, index: number, options: ResolvedOptions): SupportTicket {
	const object = isRecordObject(raw);
	const source = object ? raw : EMPTY;
	const paths = options.fieldPaths.support;
	const at = options.fields.support;
	const record: SupportTicket = {
		kind: 'support',
		index,
		raw,
		problems: NO_PROBLEMS,
		ticketId: readId(readField(source, at.ticketId)),
		returnId: readId(readField(source, at.returnId)),
		orderId: readId(readField(source, at.orderId)),
		status: lowerText(readField(source, at.status)),
		refundStatusToldCustomer: lowerText(readField(source, at.refundStatusToldCustomer)),
		updatedAt: null,
	};
	record.updatedAt = timeValue(record, readField(source, at.updatedAt), paths.updatedAt);
	if (!object) {
		record.problems = notAnObject(raw);
		return record;
	}
	if (record.returnId === null && record.orderId === null) {
		addProblem(record, paths.returnId, 'no usable key: neither a return ID nor an order ID');
	}
	return record;
}

/** Portal returns need a return ID: it is the key every other record points at. */
function checkPortalKey(record: PortalReturn, options: ResolvedOptions): void {
	if (isRecordObject(record.raw) && record.returnId === null) {
		addProblem(record, options.fieldPaths.portal.returnId, 'no usable key: no return ID');
	}
}

/**
 * The reader of each record kind. This is where a record's fields are read: through
 * `options.fields` (the configured paths, compiled once per call).
 */
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
