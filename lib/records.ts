/**
 * Reading the canonical records through configurable field paths (`options.fields`, compiled
 * once per call by resolveOptions). Each reader returns the values the rules need, already
 * parsed (IDs as trimmed text, amounts in minor units, times in epoch ms), plus the problems
 * that make a record invalid, collected on the record itself: nothing outlives a read, and
 * nothing here throws on bad data.
 */
import { amountMinor, normalizeCurrency, parseAmount, type AmountUnits } from './money';
import { readCompiled, type CompiledFormat, type FormatKind } from './formats';
import type { FieldPaths, ResolvedOptions } from './options';
import { readPath } from './path';
import { parseTime, timeMs } from './time';
import type { RecordKind } from './types';

/** What is wrong with a record: the field and why (becomes an `invalid_record` finding). */
export interface RecordProblem {
	field: string;
	reason: string;
	/** The kind of value that could not be read, when it is one. */
	what?: 'amount' | 'currency' | 'date';
	/** The record format that read the field, when it is not `canonical`. */
	format?: string;
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

const POSTING_STATUSES: ReadonlyMap<string, PostingStatus> = new Map([
	['posted', 'posted'],
	['draft', 'draft'],
	['cancelled', 'cancelled'],
	['canceled', 'cancelled'],
]);

/** A canonical `postingStatus`: absent is posted; a word outside the three is a problem. */
function postingStatusValue(into: Problems, value: unknown, field: string): PostingStatus {
	if (value === undefined || value === null || value === '') return 'posted';
	const status =
		typeof value === 'string' && value.length <= 100
			? POSTING_STATUSES.get(value.trim().toLowerCase())
			: undefined;
	if (status !== undefined) return status;
	addProblem(into, field, 'unknown posting status: expected posted, draft or cancelled (canceled)');
	return 'posted';
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
	/**
	 * `posted` (the default), `draft` (the handoff arrived, not posted yet) or `cancelled` (kept
	 * in its case, counted by no rule): docs/rules.md "Record formats".
	 */
	postingStatus: PostingStatus;
}

export type PostingStatus = 'posted' | 'draft' | 'cancelled';

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
	const currency = currencyValue(record, readPath(source, at.currency), paths.currency);
	record.currency = currency;
	record.category = readLines(record, readPath(source, at.lines), currency, units, paths.lines);
	const receiptValue = readPath(source, at.receipt);
	const logValue = readPath(source, at.integrationLog);
	record.returnId = readId(readPath(source, at.returnId));
	record.orderId = readId(readPath(source, at.orderId));
	record.status = lowerText(readPath(source, at.status));
	record.refundAmount = amountValue(
		record,
		readPath(source, at.refundAmount),
		currency,
		units,
		paths.refundAmount,
	);
	record.approvedAt = timeValue(record, readPath(source, at.approvedAt), paths.approvedAt);
	record.refundInstructedAt = timeValue(
		record,
		readPath(source, at.refundInstructedAt),
		paths.refundInstructedAt,
	);
	record.refundMethod = lowerText(readPath(source, at.refundMethod));
	record.channel = readText(readPath(source, at.channel));
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
		returnId: readId(readPath(raw, at.returnId)),
		orderId: readId(readPath(raw, at.orderId)),
		orderRef: readId(readPath(raw, at.orderRef)),
		status: readText(readPath(raw, at.status)),
		channel: readText(readPath(raw, at.channel)),
		subsidiary: readText(readPath(raw, at.subsidiary)),
		currency: null,
		refundAmount: null,
		lineCount: 0,
		linesWithAmount: 0,
		lineSum: 0,
		category: null,
		restockingFee: null,
	};
	// The currency's problem comes after the amounts' (it reads as the last problem).
	const currencyRaw = readPath(raw, at.currency);
	const currency = normalizeCurrency(currencyRaw);
	record.currency = currency;
	record.refundAmount = amountValue(
		record,
		readPath(raw, at.refundAmount),
		currency,
		units,
		paths.refundAmount,
	);
	const lines = readPath(raw, at.lines);
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
	const receipt = readPath(raw, at.receipt);
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
	const currency = currencyValue(record, readPath(source, at.currency), paths.currency);
	record.currency = currency;
	record.refundId = readId(readPath(source, at.refundId));
	record.returnId = readId(readPath(source, at.returnId));
	record.orderId = readId(readPath(source, at.orderId));
	record.amount = amountValue(
		record,
		readPath(source, at.amount),
		currency,
		options.amountUnits.processor,
		paths.amount,
	);
	record.status = lowerText(readPath(source, at.status));
	record.method = lowerText(readPath(source, at.method));
	record.disbursedAt = timeValue(record, readPath(source, at.disbursedAt), paths.disbursedAt);
	if (!object) {
		record.problems = notAnObject(raw);
		return record;
	}
	checkProcessor(record, paths);
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
		postingStatus: 'posted',
	};
	const currency = currencyValue(record, readPath(source, at.currency), paths.currency);
	record.currency = currency;
	record.creditMemoId = readId(readPath(source, at.creditMemoId));
	record.returnId = readId(readPath(source, at.returnId));
	record.orderRef = readId(readPath(source, at.orderRef));
	record.postedAmount = amountValue(
		record,
		readPath(source, at.postedAmount),
		currency,
		units,
		paths.postedAmount,
	);
	record.restockingFee = amountValue(
		record,
		readPath(source, at.restockingFee),
		currency,
		units,
		paths.restockingFee,
	);
	record.postedAt = timeValue(record, readPath(source, at.postedAt), paths.postedAt);
	record.subsidiary = readText(readPath(source, at.subsidiary));
	record.orderStatus = readText(readPath(source, at.orderStatus));
	record.orderClosedAt = timeValue(record, readPath(source, at.orderClosedAt), paths.orderClosedAt);
	record.postingStatus = postingStatusValue(
		record,
		readPath(source, at.postingStatus),
		paths.postingStatus,
	);
	if (!object) {
		record.problems = notAnObject(raw);
		return record;
	}
	checkErp(record, paths);
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
		ticketId: readId(readPath(source, at.ticketId)),
		returnId: readId(readPath(source, at.returnId)),
		orderId: readId(readPath(source, at.orderId)),
		status: lowerText(readPath(source, at.status)),
		refundStatusToldCustomer: lowerText(readPath(source, at.refundStatusToldCustomer)),
		updatedAt: null,
	};
	record.updatedAt = timeValue(record, readPath(source, at.updatedAt), paths.updatedAt);
	if (!object) {
		record.problems = notAnObject(raw);
		return record;
	}
	checkSupport(record, paths);
	return record;
}

/** Portal returns need a return ID: it is the key every other record points at. */
function checkPortalKey(record: PortalReturn, options: ResolvedOptions): void {
	if (isRecordObject(record.raw)) checkPortal(record, options.fieldPaths.portal);
}

// What makes a record usable once read, the same whether it was read as a canonical record or
// through a system's format (whose name then goes with each problem): a key to match it by, and
// for refunds and credit memos an amount.

function addCheckProblem(into: Problems, field: string, reason: string, format?: string): void {
	if (into.problems === NO_PROBLEMS) into.problems = [];
	into.problems.push(format === undefined ? { field, reason } : { field, reason, format });
}

function checkPortal(record: PortalReturn, paths: FieldPaths['portal'], format?: string): void {
	if (record.returnId === null) {
		addCheckProblem(record, paths.returnId, 'no usable key: no return ID', format);
	}
}

function checkProcessor(
	record: ProcessorRefund,
	paths: FieldPaths['processor'],
	format?: string,
): void {
	if (record.returnId === null && record.orderId === null) {
		const reason = 'no usable key: neither a return ID nor an order ID';
		addCheckProblem(record, paths.returnId, reason, format);
	}
	if (record.amount === null && !hasProblemAt(record.problems, paths.amount)) {
		addCheckProblem(record, paths.amount, 'no refund amount', format);
	}
}

function checkErp(record: ErpCreditMemo, paths: FieldPaths['erp'], format?: string): void {
	if (record.returnId === null && record.orderRef === null && record.creditMemoId === null) {
		const reason = 'no usable key: no credit memo ID, return ID or order ref';
		addCheckProblem(record, paths.creditMemoId, reason, format);
	}
	if (record.postedAmount === null && !hasProblemAt(record.problems, paths.postedAmount)) {
		addCheckProblem(record, paths.postedAmount, 'no posted amount', format);
	}
}

function checkSupport(record: SupportTicket, paths: FieldPaths['support'], format?: string): void {
	if (record.returnId === null && record.orderId === null) {
		const reason = 'no usable key: neither a return ID nor an order ID';
		addCheckProblem(record, paths.returnId, reason, format);
	}
}

// ---------------------------------------------------------------------------------------------
// Records in a system's own format (docs/rules.md "Record formats"): read by the kind's compiled
// format (lib/formats/), whose values are already canonical; the checks of a usable key and an
// amount are the canonical readers', under the format's paths.

/** The format's problems as the record's, each naming the field (its path) and the format. */
function formatProblems(
	problems: readonly { field: string; reason: string; format: string }[],
): RecordProblem[] {
	if (problems.length === 0) return NO_PROBLEMS;
	return problems.map((problem) => ({
		field: problem.field,
		reason: problem.reason,
		format: problem.format,
	}));
}

/** Whether the checks of keys and amounts apply: an object the format could read as a whole. */
function readAsWhole(raw: unknown, problems: readonly RecordProblem[]): boolean {
	if (!isRecordObject(raw)) return false;
	for (let k = 0; k < problems.length; k++) if (problems[k].field === '') return false;
	return true;
}

type Values = Record<string, unknown>;

function textOrNull(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

function numberOrNull(value: unknown): number | null {
	return typeof value === 'number' ? value : null;
}

function portalFromFormat(
	raw: unknown,
	index: number,
	options: ResolvedOptions,
	format: CompiledFormat,
): PortalReturn {
	const read = readCompiled(format, raw);
	const r = read.record;
	let category: string | null = null;
	const lines = r.lines;
	if (Array.isArray(lines)) {
		for (let i = 0; i < lines.length && category === null; i++) {
			category = textOrNull((lines[i] as Values).category);
		}
	}
	const receipt = r.receipt as Values | null;
	const log = r.integrationLog as Values | null;
	const record: PortalReturn = {
		kind: 'portal',
		index,
		raw,
		problems: formatProblems(read.problems),
		returnId: textOrNull(r.returnId),
		orderId: textOrNull(r.orderId),
		status: textOrNull(r.status),
		refundAmount: numberOrNull(r.refundAmount),
		currency: textOrNull(r.currency),
		approvedAt: numberOrNull(r.approvedAt),
		refundInstructedAt: numberOrNull(r.refundInstructedAt),
		refundMethod: textOrNull(r.refundMethod),
		channel: textOrNull(r.channel),
		category,
		receipt:
			receipt === null
				? null
				: {
						condition: textOrNull(receipt.condition),
						restockingFee: numberOrNull(receipt.restockingFee),
						receivedAt: numberOrNull(receipt.receivedAt),
					},
		integrationLog:
			log === null
				? null
				: {
						callMade: typeof log.callMade === 'boolean' ? log.callMade : null,
						status: textOrNull(log.status),
						error: textOrNull(log.error),
					},
	};
	if (readAsWhole(raw, record.problems))
		checkPortal(record, options.fieldPaths.portal, format.format);
	return record;
}

function processorFromFormat(
	raw: unknown,
	index: number,
	options: ResolvedOptions,
	format: CompiledFormat,
): ProcessorRefund {
	const read = readCompiled(format, raw);
	const r = read.record;
	const record: ProcessorRefund = {
		kind: 'processor',
		index,
		raw,
		problems: formatProblems(read.problems),
		refundId: textOrNull(r.refundId),
		returnId: textOrNull(r.returnId),
		orderId: textOrNull(r.orderId),
		amount: numberOrNull(r.amount),
		currency: textOrNull(r.currency),
		status: textOrNull(r.status),
		method: textOrNull(r.method),
		disbursedAt: numberOrNull(r.disbursedAt),
	};
	if (readAsWhole(raw, record.problems)) {
		checkProcessor(record, options.fieldPaths.processor, format.format);
	}
	return record;
}

function erpFromFormat(
	raw: unknown,
	index: number,
	options: ResolvedOptions,
	format: CompiledFormat,
): ErpCreditMemo {
	const read = readCompiled(format, raw);
	const r = read.record;
	const posting = r.postingStatus;
	const record: ErpCreditMemo = {
		kind: 'erp',
		index,
		raw,
		problems: formatProblems(read.problems),
		creditMemoId: textOrNull(r.creditMemoId),
		returnId: textOrNull(r.returnId),
		orderRef: textOrNull(r.orderRef),
		postedAmount: numberOrNull(r.postedAmount),
		restockingFee: numberOrNull(r.restockingFee),
		currency: textOrNull(r.currency),
		postedAt: numberOrNull(r.postedAt),
		subsidiary: textOrNull(r.subsidiary),
		orderStatus: textOrNull(r.orderStatus),
		orderClosedAt: numberOrNull(r.orderClosedAt),
		postingStatus: posting === 'draft' || posting === 'cancelled' ? posting : 'posted',
	};
	if (readAsWhole(raw, record.problems)) checkErp(record, options.fieldPaths.erp, format.format);
	return record;
}

function supportFromFormat(
	raw: unknown,
	index: number,
	options: ResolvedOptions,
	format: CompiledFormat,
): SupportTicket {
	const read = readCompiled(format, raw);
	const r = read.record;
	const record: SupportTicket = {
		kind: 'support',
		index,
		raw,
		problems: formatProblems(read.problems),
		ticketId: textOrNull(r.ticketId),
		returnId: textOrNull(r.returnId),
		orderId: textOrNull(r.orderId),
		status: textOrNull(r.status),
		refundStatusToldCustomer: textOrNull(r.refundStatusToldCustomer),
		updatedAt: numberOrNull(r.updatedAt),
	};
	if (readAsWhole(raw, record.problems)) {
		checkSupport(record, options.fieldPaths.support, format.format);
	}
	return record;
}

/** Whether a kind's records are read by a system's format rather than the canonical readers. */
export function isFormatted(kind: FormatKind, options: ResolvedOptions): boolean {
	return options.formatReaders[kind] !== null;
}

/**
 * The reader of each record kind. This is where a record's fields are read: by the kind's
 * format when one is set (`options.formatReaders`), else through `options.fields` (the
 * configured canonical paths, compiled once per call).
 */
export const READERS: {
	[K in RecordKind]: (
		raw: unknown,
		index: number,
		options: ResolvedOptions,
	) => Extract<AnyRecord, { kind: K }>;
} = {
	portal: (raw, index, options) => {
		const format = options.formatReaders.portal;
		if (format !== null) return portalFromFormat(raw, index, options, format);
		const record = readPortal(raw, index, options);
		checkPortalKey(record, options);
		return record;
	},
	processor: (raw, index, options) => {
		const format = options.formatReaders.processor;
		return format === null
			? readProcessor(raw, index, options)
			: processorFromFormat(raw, index, options, format);
	},
	erp: (raw, index, options) => {
		const format = options.formatReaders.erp;
		return format === null
			? readErp(raw, index, options)
			: erpFromFormat(raw, index, options, format);
	},
	support: (raw, index, options) => {
		const format = options.formatReaders.support;
		return format === null
			? readSupport(raw, index, options)
			: supportFromFormat(raw, index, options, format);
	},
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
