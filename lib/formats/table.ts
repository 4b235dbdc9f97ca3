/**
 * The shape of a format table: per canonical field, the system's default path, the value reader
 * and the API reference the entry follows. Tables are plain data; `compileFormat` (index.ts)
 * turns one into a reader once per run.
 */
import { CANONICAL_FIELDS } from '../fields';
import { compilePath, readPath, type CompiledPath } from '../path';
import { Unreadable, isRecord, describeValue, type Read, type ReadContext } from './values';

/** The record kinds a format reads: the Reconciler's four inputs and the Guard's ERP orders. */
export type FormatKind = 'portal' | 'processor' | 'erp' | 'support' | 'orders';

/** Canonical fields per kind: the records' fields, ERP's `postingStatus`, the orders' three. */
export const FORMAT_FIELDS = {
	portal: CANONICAL_FIELDS.portal,
	processor: CANONICAL_FIELDS.processor,
	erp: CANONICAL_FIELDS.erp,
	support: CANONICAL_FIELDS.support,
	orders: ['orderRef', 'status', 'subsidiary'],
} as const;

export type FormatField<K extends FormatKind> = (typeof FORMAT_FIELDS)[K][number];

/**
 * Reads one field. `value` is what the field's path found; `also` what the entry's further
 * paths found (same order); `context` the record's currency and the options. Returns the
 * canonical value, null (absent) or an Unreadable. Never throws.
 */
export type ValueReader = (
	value: unknown,
	context: ReadContext,
	also: readonly unknown[],
) => unknown;

export interface FieldRule {
	/** The default path; null when the system has no such field (read only if a path is given). */
	readonly path: string | null;
	/** Further fixed paths the reader consults (a status from `eventCode` and `success`). */
	readonly also?: readonly string[];
	readonly read: ValueReader;
	/** The value when the field is absent (Adyen's method is always the original payment). */
	readonly absent?: unknown;
	/** The API reference this entry follows (a URL or an SDK type file). */
	readonly source: string;
}

export interface FormatTable<K extends FormatKind = FormatKind> {
	readonly kind: K;
	readonly format: string;
	/** The API reference of the object as a whole. */
	readonly source: string;
	/** Takes the record out of a wrapper (Adyen's `NotificationRequestItem`, SAP's `d`). */
	readonly unwrap?: (raw: Record<string, unknown>) => unknown;
	readonly fields: { readonly [F in FormatField<K>]: FieldRule };
}

/** A field rule for a nested list (portal lines): each element's fields by path and reader. */
export interface ItemRule {
	readonly path: string | null;
	readonly read: (value: unknown, context: ReadContext) => unknown;
}

/** Lists longer than this are read up to it (as the canonical reader always has). */
export const MAX_ITEMS = 10_000;

interface CompiledItems {
	readonly names: readonly string[];
	readonly paths: ReadonlyArray<CompiledPath | null>;
	readonly readers: ReadonlyArray<ItemRule['read']>;
}

function compileItems(items: Readonly<Record<string, ItemRule>>): CompiledItems {
	const names = Object.keys(items);
	return {
		names,
		paths: names.map((name) => {
			const path = items[name].path;
			return path === null ? null : compilePath(path);
		}),
		readers: names.map((name) => items[name].read),
	};
}

/** One nested object into a canonical object, or the Unreadable of its first bad field. */
function readItem(
	element: Record<string, unknown>,
	items: CompiledItems,
	context: ReadContext,
	where: string,
): Record<string, unknown> | Unreadable {
	const item: Record<string, unknown> = {};
	for (let f = 0; f < items.names.length; f++) {
		const path = items.paths[f];
		let read: unknown = null;
		if (path !== null) {
			read = items.readers[f](readPath(element, path), context);
			if (read instanceof Unreadable) return new Unreadable(`${where}${path.path}: ${read.reason}`);
		}
		item[items.names[f]] = read;
	}
	return item;
}

/**
 * A reader of a list of objects (a return's lines) into canonical objects with the given
 * fields. Item paths are compiled here, once, when the table is built.
 */
export function listOf(items: Readonly<Record<string, ItemRule>>): ValueReader {
	const compiled = compileItems(items);
	return (value, context) => {
		if (value === undefined || value === null) return null;
		if (!Array.isArray(value)) return new Unreadable(`${describeValue(value)} is not a list`);
		const count = Math.min(value.length, MAX_ITEMS);
		const result = new Array<Record<string, unknown>>(count);
		for (let i = 0; i < count; i++) {
			const element: unknown = value[i];
			if (!isRecord(element)) {
				return new Unreadable(`item ${i}: ${describeValue(element)} is not an object`);
			}
			const item = readItem(element, compiled, context, `item ${i}, `);
			if (item instanceof Unreadable) return item;
			result[i] = item;
		}
		return result;
	};
}

/** A reader of one nested object (a receipt, an integration log) into a canonical object. */
export function objectOf(fields: Readonly<Record<string, ItemRule>>): ValueReader {
	const compiled = compileItems(fields);
	return (value, context) => {
		if (value === undefined || value === null) return null;
		if (!isRecord(value)) return new Unreadable(`${describeValue(value)} is not an object`);
		return readItem(value, compiled, context, '');
	};
}

/** The first of `value` and the `also` values a reader can read (PayPal's update, else create). */
export function firstOf(
	read: (value: unknown, context: ReadContext) => Read<unknown>,
): ValueReader {
	return (value, context, also) => {
		const first = read(value, context);
		if (first !== null) return first;
		for (let i = 0; i < also.length; i++) {
			const next = read(also[i], context);
			if (next !== null) return next;
		}
		return null;
	};
}
