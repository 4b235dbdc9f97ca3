/**
 * Record formats: the systems' own records read into canonical ones (docs/rules.md "Record
 * formats"). One table per format (default path, value reader and API reference per field);
 * `compileFormat` prepares a table once per run and `readCompiled` reads each record with it.
 */
import type { AmountUnits } from '../money';
import { PathError, compilePath, readPath, tryCompilePath, type CompiledPath } from '../path';
import { FORMAT_FIELDS, type FieldRule, type FormatKind, type FormatTable } from './table';
import { Unreadable, describeValue, isRecord, type ReadContext } from './values';

import {
	canonicalErp,
	canonicalOrders,
	canonicalPortal,
	canonicalProcessor,
	canonicalSupport,
} from './canonical';
import { aftership } from './portal/aftership';
import { loop } from './portal/loop';
import { shopifyReturn } from './portal/shopify';
import { adyen } from './processor/adyen';
import { paypal } from './processor/paypal';
import { shopifyTransaction } from './processor/shopify';
import { stripe } from './processor/stripe';
import { businessCentral } from './erp/businessCentral';
import { netsuite } from './erp/netsuite';
import { sap } from './erp/sap';
import { freshdesk } from './support/freshdesk';
import { gorgias } from './support/gorgias';
import { zendesk } from './support/zendesk';
import { businessCentralOrders } from './orders/businessCentral';
import { netsuiteOrders } from './orders/netsuite';

export {
	FORMAT_FIELDS,
	type FieldRule,
	type FormatField,
	type FormatKind,
	type FormatTable,
} from './table';

/** Every format, per kind; `canonical` (the canonical field names) is the default of each. */
export const FORMATS = {
	portal: { canonical: canonicalPortal, loop, shopify: shopifyReturn, aftership },
	processor: { canonical: canonicalProcessor, stripe, adyen, paypal, shopify: shopifyTransaction },
	erp: { canonical: canonicalErp, netsuite, businessCentral, sap },
	support: { canonical: canonicalSupport, zendesk, gorgias, freshdesk },
	orders: {
		canonical: canonicalOrders,
		netsuite: netsuiteOrders,
		businessCentral: businessCentralOrders,
	},
} as const satisfies { [K in FormatKind]: Record<string, FormatTable<K>> };

export type FormatName<K extends FormatKind> = keyof (typeof FORMATS)[K] & string;

/** The format names per kind, `canonical` first. */
export const FORMAT_NAMES: { readonly [K in FormatKind]: readonly FormatName<K>[] } = {
	portal: Object.keys(FORMATS.portal) as FormatName<'portal'>[],
	processor: Object.keys(FORMATS.processor) as FormatName<'processor'>[],
	erp: Object.keys(FORMATS.erp) as FormatName<'erp'>[],
	support: Object.keys(FORMATS.support) as FormatName<'support'>[],
	orders: Object.keys(FORMATS.orders) as FormatName<'orders'>[],
};

export interface FormatOptions {
	/** NetSuite currency record names → ISO 4217 codes (`{ "USA": "USD" }`). */
	currencyNames?: Readonly<Record<string, string>> | ReadonlyMap<string, string>;
	/** The company's currency, for Business Central's blank `currencyCode`. */
	localCurrency?: string | null;
	/** Per canonical field, a path replacing the format's (the format's reader still reads it). */
	fieldPaths?: Readonly<Record<string, string | undefined>>;
	/** The unit of amounts in canonical records (the `canonical` format only); default major. */
	amountUnits?: AmountUnits;
}

/** A field the format could not read: its path (or canonical name), the format and why. */
export interface FormatProblem {
	field: string;
	format: string;
	reason: string;
}

export interface FormattedRecord {
	/** Canonical field → canonical value; null when absent. */
	record: Record<string, unknown>;
	/** Empty (a shared frozen list) for nearly every record. */
	problems: FormatProblem[];
}

/** An unknown kind or format name, or a malformed field path: a parameter error. */
export class FormatError extends Error {
	constructor(
		message: string,
		/** The option at fault: `format`, or `fieldPaths.<field>`. */
		readonly option: string,
	) {
		super(message);
		this.name = 'FormatError';
	}
}

/**
 * The record of each kind as one object literal, from the values in FORMAT_FIELDS order: every
 * record of a kind gets one shape at once, instead of growing field by field (a measured share
 * of reading a million records).
 */
const BUILDERS: { readonly [K in FormatKind]: (v: readonly unknown[]) => Record<string, unknown> } =
	{
		portal: (v) => ({
			returnId: v[0],
			orderId: v[1],
			status: v[2],
			refundAmount: v[3],
			currency: v[4],
			approvedAt: v[5],
			refundInstructedAt: v[6],
			refundMethod: v[7],
			channel: v[8],
			lines: v[9],
			receipt: v[10],
			integrationLog: v[11],
		}),
		processor: (v) => ({
			refundId: v[0],
			returnId: v[1],
			orderId: v[2],
			amount: v[3],
			currency: v[4],
			status: v[5],
			method: v[6],
			disbursedAt: v[7],
		}),
		erp: (v) => ({
			creditMemoId: v[0],
			returnId: v[1],
			orderRef: v[2],
			postedAmount: v[3],
			restockingFee: v[4],
			currency: v[5],
			postedAt: v[6],
			subsidiary: v[7],
			orderStatus: v[8],
			orderClosedAt: v[9],
			postingStatus: v[10],
		}),
		support: (v) => ({
			ticketId: v[0],
			returnId: v[1],
			orderId: v[2],
			status: v[3],
			refundStatusToldCustomer: v[4],
			updatedAt: v[5],
		}),
		orders: (v) => ({ orderRef: v[0], status: v[1], subsidiary: v[2] }),
	};

interface CompiledField {
	readonly name: string;
	/** The field's place in FORMAT_FIELDS (fields are read currency first, not in that order). */
	readonly slot: number;
	/** The path as a problem names it: the path, or the canonical name when there is none. */
	readonly label: string;
	readonly path: CompiledPath | null;
	readonly also: readonly CompiledPath[];
	/** Filled per record with what `also` finds: allocated once per run, not per record. */
	readonly alsoValues: unknown[];
	readonly read: FieldRule['read'];
	readonly absent: unknown;
}

/** A format prepared for one run: paths compiled, options resolved. */
export interface CompiledFormat {
	readonly kind: FormatKind;
	readonly format: string;
	readonly fields: readonly CompiledField[];
	readonly unwrap: FormatTable['unwrap'];
	/** Reused for every record of the run; only `currency` changes, per record. */
	readonly context: ReadContext;
	/** The values of the record being read, by slot: allocated once per run. */
	readonly values: unknown[];
	readonly build: (values: readonly unknown[]) => Record<string, unknown>;
}

const NO_PROBLEMS: FormatProblem[] = Object.freeze([]) as unknown as FormatProblem[];
const NOTHING: readonly unknown[] = Object.freeze([]);

export function isFormatName<K extends FormatKind>(kind: K, name: unknown): name is FormatName<K> {
	return typeof name === 'string' && (FORMAT_NAMES[kind] as readonly string[]).includes(name);
}

/**
 * Prepares a format for a run: throws a FormatError for an unknown kind or format, a path
 * override that does not parse, or a field the kind does not have.
 */
export function compileFormat(
	kind: FormatKind,
	format: string,
	options: FormatOptions = {},
): CompiledFormat {
	if (!Object.prototype.hasOwnProperty.call(FORMATS, kind)) {
		throw new FormatError(`"${String(kind)}" is not a record kind`, 'kind');
	}
	if (!isFormatName(kind, format)) {
		throw new FormatError(
			`"${String(format)}" is not a ${kind} format; the formats are: ${FORMAT_NAMES[kind].join(', ')}`,
			'format',
		);
	}
	const table = (FORMATS[kind] as Record<string, FormatTable>)[format];
	const names = FORMAT_FIELDS[kind] as readonly string[];
	const overrides = options.fieldPaths ?? {};
	for (const field of Object.keys(overrides)) {
		if (!names.includes(field)) {
			throw new FormatError(
				`fieldPaths.${field}: not a ${kind} field; the fields are: ${names.join(', ')}`,
				`fieldPaths.${field}`,
			);
		}
	}
	// The currency first: the amounts need its exponent.
	const order = names.includes('currency')
		? ['currency', ...names.filter((name) => name !== 'currency')]
		: names;
	const rules = table.fields as Readonly<Record<string, FieldRule>>;
	const fields = order.map((name): CompiledField => {
		const rule = rules[name];
		const override = Object.prototype.hasOwnProperty.call(overrides, name)
			? overrides[name]
			: undefined;
		const pathText = override ?? rule.path;
		let path: CompiledPath | null = null;
		if (pathText !== null) {
			const compiledPath = tryCompilePath(pathText);
			if (compiledPath instanceof PathError) {
				throw new FormatError(`fieldPaths.${name}: ${compiledPath.message}`, `fieldPaths.${name}`);
			}
			path = compiledPath;
		}
		const also = (rule.also ?? []).map((text) => compilePath(text));
		return {
			name,
			slot: names.indexOf(name),
			label: pathText ?? name,
			path,
			also,
			alsoValues: also.length === 0 ? (NOTHING as unknown[]) : new Array<unknown>(also.length),
			read: rule.read,
			absent: rule.absent ?? null,
		};
	});
	return {
		kind,
		format,
		fields,
		unwrap: table.unwrap,
		values: new Array<unknown>(names.length).fill(null),
		build: BUILDERS[kind],
		context: {
			currency: null,
			currencyNames: currencyNameMap(options.currencyNames),
			localCurrency: options.localCurrency ?? null,
			amountUnits: options.amountUnits ?? 'major',
		},
	};
}

function currencyNameMap(names: FormatOptions['currencyNames']): ReadonlyMap<string, string> {
	const map = new Map<string, string>();
	if (names === undefined) return map;
	const entries = names instanceof Map ? [...names.entries()] : Object.entries(names);
	for (const [name, code] of entries) map.set(name.trim().toLowerCase(), code.trim().toUpperCase());
	return map;
}

/**
 * Reads one raw record with a compiled format: canonical values plus the problems of the fields
 * it could not read. Never throws, whatever the record holds.
 */
export function readCompiled(compiled: CompiledFormat, raw: unknown): FormattedRecord {
	const values = compiled.values;
	const fields = compiled.fields;
	let problems = NO_PROBLEMS;
	let source: unknown = raw;
	if (!isRecord(raw)) {
		problems = [
			{
				field: '',
				format: compiled.format,
				reason: `the record is ${describeValue(raw)}, not an object`,
			},
		];
		source = undefined;
	} else if (compiled.unwrap !== undefined) {
		try {
			source = compiled.unwrap(raw);
		} catch {
			source = new Unreadable('the record could not be read');
		}
		if (source instanceof Unreadable) {
			problems = [{ field: '', format: compiled.format, reason: source.reason }];
			source = undefined;
		}
	}
	const context = compiled.context;
	context.currency = null;
	for (let i = 0; i < fields.length; i++) {
		const field = fields[i];
		if (source === undefined || (field.path === null && field.also.length === 0)) {
			values[field.slot] = source === undefined ? null : field.absent;
			continue;
		}
		let read: unknown;
		try {
			const value = field.path === null ? undefined : readPath(source, field.path);
			for (let a = 0; a < field.also.length; a++) {
				field.alsoValues[a] = readPath(source, field.also[a]);
			}
			read = field.read(value, context, field.alsoValues);
		} catch {
			// Readers never throw and JSON has no getters; this keeps a record built otherwise
			// (a getter that throws, a revoked proxy) as data too.
			read = new Unreadable('the value could not be read');
		}
		if (read instanceof Unreadable) {
			if (problems === NO_PROBLEMS) problems = [];
			problems.push({ field: field.label, format: compiled.format, reason: read.reason });
			read = null;
		} else if (read === null || read === undefined) {
			read = field.absent;
		}
		values[field.slot] = read;
		if (field.name === 'currency') context.currency = read as string | null;
	}
	return { record: compiled.build(values), problems };
}

/** Compiles and reads in one call (tests, one-off reads); a run compiles once instead. */
export function readFormatted(
	kind: FormatKind,
	format: string,
	raw: unknown,
	options: FormatOptions = {},
): FormattedRecord {
	return readCompiled(compileFormat(kind, format, options), raw);
}
