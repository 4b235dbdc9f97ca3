/**
 * Reading the canonical records through configurable field paths. Each reader returns the
 * values the rules need, already parsed (IDs as trimmed text, amounts in minor units, times in
 * epoch ms), plus the problems that make a record invalid. Nothing here throws on bad data.
 */
import { normalizeCurrency, parseAmount, type AmountUnits } from './money';
import type { FieldKind, FieldPaths, ResolvedOptions } from './options';
import { parseTime } from './time';
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

/** Sets a dotted path on a copy-on-write basis: objects along the path are shallow-copied. */
export function setPath<T>(target: T, path: string, value: unknown): T {
	const keys = path.split('.');
	const root = { ...(target as Record<string, unknown>) };
	let cursor = root;
	for (let i = 0; i < keys.length - 1; i++) {
		const next = Object.prototype.hasOwnProperty.call(cursor, keys[i])
			? cursor[keys[i]]
			: undefined;
		const copy =
			next !== null && typeof next === 'object' && !Array.isArray(next)
				? { ...(next as Record<string, unknown>) }
				: {};
		Object.defineProperty(cursor, keys[i], {
			value: copy,
			enumerable: true,
			writable: true,
			configurable: true,
		});
		cursor = copy;
	}
	Object.defineProperty(cursor, keys[keys.length - 1], {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
	return root as T;
}

export function isRecordObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An identifier as text: trimmed strings and finite numbers; anything else is absent. */
export function readId(value: unknown): string | null {
	if (typeof value === 'string') {
		const text = value.trim();
		return text.length > 0 && text.length <= 200 ? text : null;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function readText(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const text = value.trim();
	return text.length > 0 ? text.slice(0, 1000) : null;
}

/** A reader bound to one record: every read records its problem under the canonical field. */
class FieldReader<K extends FieldKind> {
	readonly problems: RecordProblem[] = [];

	constructor(
		private readonly raw: Record<string, unknown>,
		private readonly paths: FieldPaths[K],
		private readonly units: AmountUnits,
	) {}

	value(field: keyof FieldPaths[K] & string): unknown {
		// The Guard's payload kind has no path for some portal fields (refundMethod,
		// integrationLog): a field the kind does not define reads as absent.
		const path = (this.paths as Record<string, string | undefined>)[field];
		return path === undefined ? undefined : getPath(this.raw, path);
	}

	id(field: keyof FieldPaths[K] & string): string | null {
		return readId(this.value(field));
	}

	text(field: keyof FieldPaths[K] & string): string | null {
		return readText(this.value(field));
	}

	/** Lower-cased status-like text. */
	status(field: keyof FieldPaths[K] & string): string | null {
		return this.text(field)?.toLowerCase() ?? null;
	}

	amount(field: keyof FieldPaths[K] & string, currency: string | null): number | null {
		const value = this.value(field);
		if (value === undefined || value === null || value === '') return null;
		const parsed = parseAmount(value, currency, this.units);
		if (parsed.ok) return parsed.minor;
		this.problems.push({
			field: this.pathOf(field),
			reason: `unparseable amount: ${parsed.reason}`,
		});
		return null;
	}

	time(field: keyof FieldPaths[K] & string): number | null {
		const value = this.value(field);
		if (value === undefined || value === null || value === '') return null;
		const parsed = parseTime(value);
		if (parsed.ok) return parsed.ms;
		this.problems.push({ field: this.pathOf(field), reason: `unparseable date: ${parsed.reason}` });
		return null;
	}

	currency(field: keyof FieldPaths[K] & string): string | null {
		const value = this.value(field);
		if (value === undefined || value === null || value === '') return null;
		const code = normalizeCurrency(value);
		if (code === null) {
			this.problems.push({
				field: this.pathOf(field),
				reason: 'unparseable currency: not an ISO 4217 code',
			});
		}
		return code;
	}

	pathOf(field: keyof FieldPaths[K] & string): string {
		return (this.paths as Record<string, string>)[field];
	}
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
	lines: ReturnLine[];
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

export function readPortal(
	raw: unknown,
	index: number,
	options: ResolvedOptions,
	kind: 'portal' | 'payload' = 'portal',
): PortalReturn {
	const object = isRecordObject(raw);
	const reader = new FieldReader<'portal'>(
		object ? raw : EMPTY,
		(kind === 'payload'
			? options.fieldPaths.payload
			: options.fieldPaths.portal) as FieldPaths['portal'],
		options.amountUnits[kind],
	);
	const currency = reader.currency('currency');
	const lines = readLines(reader.value('lines'), currency, options.amountUnits[kind], reader);
	const receiptValue = reader.value('receipt');
	const logValue = reader.value('integrationLog');
	const record: PortalReturn = {
		kind: 'portal',
		index,
		raw,
		problems: object ? reader.problems : notAnObject(raw),
		returnId: reader.id('returnId'),
		orderId: reader.id('orderId'),
		status: reader.status('status'),
		refundAmount: reader.amount('refundAmount', currency),
		currency,
		approvedAt: kind === 'payload' ? null : reader.time('approvedAt'),
		refundInstructedAt: kind === 'payload' ? null : reader.time('refundInstructedAt'),
		refundMethod: reader.status('refundMethod'),
		channel: reader.text('channel'),
		lines,
		receipt: isRecordObject(receiptValue)
			? {
					condition: readText(receiptValue.condition)?.toLowerCase() ?? null,
					restockingFee: readNestedAmount(
						receiptValue.restockingFee,
						currency,
						options.amountUnits[kind],
						`${reader.pathOf('receipt')}.restockingFee`,
						reader.problems,
					),
					receivedAt: readNestedTime(
						receiptValue.receivedAt,
						`${reader.pathOf('receipt')}.receivedAt`,
						reader.problems,
					),
				}
			: null,
		integrationLog: isRecordObject(logValue)
			? {
					callMade: typeof logValue.callMade === 'boolean' ? logValue.callMade : null,
					status: readText(logValue.status)?.toLowerCase() ?? null,
					error:
						readText(logValue.error) ??
						(isRecordObject(logValue.error) ? JSON.stringify(logValue.error).slice(0, 1000) : null),
				}
			: null,
	};
	return record;
}

function readLines(
	value: unknown,
	currency: string | null,
	units: AmountUnits,
	reader: FieldReader<'portal'>,
): ReturnLine[] {
	if (!Array.isArray(value)) return [];
	const lines: ReturnLine[] = [];
	const base = reader.pathOf('lines');
	for (let i = 0; i < value.length && i < 10_000; i++) {
		const line = value[i];
		if (!isRecordObject(line)) continue;
		const quantity =
			typeof line.quantity === 'number' && Number.isFinite(line.quantity) ? line.quantity : null;
		lines.push({
			sku: readId(line.sku),
			quantity,
			category: readText(line.category),
			amount: readNestedAmount(
				line.amount,
				currency,
				units,
				`${base}.${i}.amount`,
				reader.problems,
			),
		});
	}
	return lines;
}

function readNestedAmount(
	value: unknown,
	currency: string | null,
	units: AmountUnits,
	field: string,
	problems: RecordProblem[],
): number | null {
	if (value === undefined || value === null || value === '') return null;
	const parsed = parseAmount(value, currency, units);
	if (parsed.ok) return parsed.minor;
	problems.push({ field, reason: `unparseable amount: ${parsed.reason}` });
	return null;
}

function readNestedTime(value: unknown, field: string, problems: RecordProblem[]): number | null {
	if (value === undefined || value === null || value === '') return null;
	const parsed = parseTime(value);
	if (parsed.ok) return parsed.ms;
	problems.push({ field, reason: `unparseable date: ${parsed.reason}` });
	return null;
}

export function readProcessor(
	raw: unknown,
	index: number,
	options: ResolvedOptions,
): ProcessorRefund {
	const object = isRecordObject(raw);
	const reader = new FieldReader<'processor'>(
		object ? raw : EMPTY,
		options.fieldPaths.processor,
		options.amountUnits.processor,
	);
	const currency = reader.currency('currency');
	const record: ProcessorRefund = {
		kind: 'processor',
		index,
		raw,
		problems: object ? reader.problems : notAnObject(raw),
		refundId: reader.id('refundId'),
		returnId: reader.id('returnId'),
		orderId: reader.id('orderId'),
		amount: reader.amount('amount', currency),
		currency,
		status: reader.status('status'),
		method: reader.status('method'),
		disbursedAt: reader.time('disbursedAt'),
	};
	if (object && record.returnId === null && record.orderId === null) {
		record.problems.push({
			field: reader.pathOf('returnId'),
			reason: 'no usable key: neither a return ID nor an order ID',
		});
	}
	if (
		object &&
		record.amount === null &&
		!record.problems.some((p) => p.field === reader.pathOf('amount'))
	) {
		record.problems.push({ field: reader.pathOf('amount'), reason: 'no refund amount' });
	}
	return record;
}

export function readErp(raw: unknown, index: number, options: ResolvedOptions): ErpCreditMemo {
	const object = isRecordObject(raw);
	const reader = new FieldReader<'erp'>(
		object ? raw : EMPTY,
		options.fieldPaths.erp,
		options.amountUnits.erp,
	);
	const currency = reader.currency('currency');
	const record: ErpCreditMemo = {
		kind: 'erp',
		index,
		raw,
		problems: object ? reader.problems : notAnObject(raw),
		creditMemoId: reader.id('creditMemoId'),
		returnId: reader.id('returnId'),
		orderRef: reader.id('orderRef'),
		postedAmount: reader.amount('postedAmount', currency),
		restockingFee: reader.amount('restockingFee', currency),
		currency,
		postedAt: reader.time('postedAt'),
		subsidiary: reader.text('subsidiary'),
		orderStatus: reader.text('orderStatus'),
		orderClosedAt: reader.time('orderClosedAt'),
	};
	if (
		object &&
		record.returnId === null &&
		record.orderRef === null &&
		record.creditMemoId === null
	) {
		record.problems.push({
			field: reader.pathOf('creditMemoId'),
			reason: 'no usable key: no credit memo ID, return ID or order ref',
		});
	}
	if (
		object &&
		record.postedAmount === null &&
		!record.problems.some((p) => p.field === reader.pathOf('postedAmount'))
	) {
		record.problems.push({ field: reader.pathOf('postedAmount'), reason: 'no posted amount' });
	}
	return record;
}

export function readSupport(raw: unknown, index: number, options: ResolvedOptions): SupportTicket {
	const object = isRecordObject(raw);
	const reader = new FieldReader<'support'>(
		object ? raw : EMPTY,
		options.fieldPaths.support,
		options.amountUnits.support,
	);
	const record: SupportTicket = {
		kind: 'support',
		index,
		raw,
		problems: object ? reader.problems : notAnObject(raw),
		ticketId: reader.id('ticketId'),
		returnId: reader.id('returnId'),
		orderId: reader.id('orderId'),
		status: reader.status('status'),
		refundStatusToldCustomer: reader.status('refundStatusToldCustomer'),
		updatedAt: reader.time('updatedAt'),
	};
	if (object && record.returnId === null && record.orderId === null) {
		record.problems.push({
			field: reader.pathOf('returnId'),
			reason: 'no usable key: neither a return ID nor an order ID',
		});
	}
	return record;
}

/** Portal returns need a return ID: it is the key every other record points at. */
export function checkPortalKey(record: PortalReturn, options: ResolvedOptions): void {
	if (isRecordObject(record.raw) && record.returnId === null) {
		record.problems.push({
			field: options.fieldPaths.portal.returnId,
			reason: 'no usable key: no return ID',
		});
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
