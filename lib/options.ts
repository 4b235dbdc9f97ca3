/**
 * Options shared by the library and the nodes' parameters, parsed with zod. A wrong option
 * throws an OptionsError whose message names the option and what it expected. Maps come out as
 * `Map`s so that keys such as `__proto__` are plain data.
 */
import { z } from 'zod';

import type { AmountUnits } from './money';
import { parseTime } from './time';
import type { RecordKind } from './types';

/** Canonical field names per record kind (SPEC.md "Canonical records"); each path is configurable. */
export const CANONICAL_FIELDS = {
	portal: [
		'returnId',
		'orderId',
		'status',
		'refundAmount',
		'currency',
		'approvedAt',
		'refundInstructedAt',
		'refundMethod',
		'channel',
		'lines',
		'receipt',
		'integrationLog',
	],
	processor: [
		'refundId',
		'returnId',
		'orderId',
		'amount',
		'currency',
		'status',
		'method',
		'disbursedAt',
	],
	erp: [
		'creditMemoId',
		'returnId',
		'orderRef',
		'postedAmount',
		'restockingFee',
		'currency',
		'postedAt',
		'subsidiary',
		'orderStatus',
		'orderClosedAt',
	],
	support: ['ticketId', 'returnId', 'orderId', 'status', 'refundStatusToldCustomer', 'updatedAt'],
	/** The Guard's outgoing payload: a portal return on its way to the ERP. */
	payload: [
		'returnId',
		'orderId',
		'status',
		'refundAmount',
		'currency',
		'channel',
		'lines',
		'receipt',
		'orderRef',
		'subsidiary',
	],
} as const;

export type FieldKind = keyof typeof CANONICAL_FIELDS;
export type FieldPaths = { [K in FieldKind]: Record<(typeof CANONICAL_FIELDS)[K][number], string> };

export const MAX_MAP_ENTRIES = 100_000;
const MAX_TEXT = 1_000;

export class OptionsError extends Error {
	constructor(
		message: string,
		/** The option's name, dotted for nested options (`idRules.padLength`). */
		readonly option: string,
	) {
		super(message);
		this.name = 'OptionsError';
	}
}

const text = z.string().max(MAX_TEXT, `a text of at most ${MAX_TEXT} characters`);
const keyText = text.trim().min(1, 'a non-empty text');
/**
 * A text → text map. Read by hand rather than with z.record, which copies into a plain object
 * where a `__proto__` key would vanish or pollute; here every key is data in a Map.
 */
const stringMap = z.unknown().transform((value, ctx) => {
	const result = new Map<string, string>();
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		ctx.addIssue({ code: 'custom', message: 'an object of text keys and text values' });
		return z.NEVER;
	}
	const keys = Object.keys(value);
	if (keys.length > MAX_MAP_ENTRIES) {
		ctx.addIssue({ code: 'custom', message: `at most ${MAX_MAP_ENTRIES} entries` });
		return z.NEVER;
	}
	for (const key of keys) {
		const entry = (value as Record<string, unknown>)[key];
		if (key.trim() === '' || key.length > MAX_TEXT) {
			ctx.addIssue({ code: 'custom', path: [key], message: `keys of 1 to ${MAX_TEXT} characters` });
			return z.NEVER;
		}
		if (typeof entry !== 'string' || entry.trim() === '' || entry.length > MAX_TEXT) {
			ctx.addIssue({
				code: 'custom',
				path: [key],
				message: `a non-empty text of at most ${MAX_TEXT} characters`,
			});
			return z.NEVER;
		}
		result.set(key.trim(), entry.trim());
	}
	return result;
});
const minutes = z
	.number({ error: 'a number of minutes' })
	.finite('a finite number of minutes')
	.min(0, 'a number of minutes, 0 or more')
	.max(5_256_000, 'at most 10 years in minutes');
const units = z.enum(['major', 'minor'], { error: 'either "major" or "minor"' });

const idRulesSchema = z
	.object({
		stripPrefixes: z.array(keyText).max(100, 'at most 100 prefixes').optional(),
		stripSuffixes: z.array(keyText).max(100, 'at most 100 suffixes').optional(),
		erpPrefix: text.optional(),
		erpSuffix: text.optional(),
		padLength: z
			.number({ error: 'a whole number from 0 to 64' })
			.int('a whole number from 0 to 64')
			.min(0, 'a whole number from 0 to 64')
			.max(64, 'a whole number from 0 to 64')
			.optional(),
	})
	.strict();

const knownOrderSchema = z.object({
	orderRef: z.union([keyText, z.number().finite()]).transform(String),
	status: text.nullish(),
	subsidiary: text.nullish(),
});

function fieldPathsSchema() {
	const shape: Record<string, z.ZodTypeAny> = {};
	for (const kind of Object.keys(CANONICAL_FIELDS) as FieldKind[]) {
		const fields: Record<string, z.ZodTypeAny> = {};
		for (const field of CANONICAL_FIELDS[kind]) fields[field] = keyText.optional();
		shape[kind] = z.object(fields).strict().optional();
	}
	return z.object(shape).strict();
}

const schema = z
	.object({
		now: z.union([z.string(), z.number(), z.date()]).optional(),
		slaWindowMinutes: minutes.optional(),
		missingAfterMinutes: minutes.optional(),
		amountTolerance: z
			.number({ error: 'a number of currency units' })
			.finite('a finite number of currency units')
			.min(0, 'a number of currency units, 0 or more')
			.max(1_000_000, 'at most 1,000,000 currency units')
			.optional(),
		idMap: stringMap.optional(),
		idRules: idRulesSchema.optional(),
		subsidiaryMap: stringMap.optional(),
		statusMap: stringMap.optional(),
		closedOrderStatuses: z.array(keyText).max(100, 'at most 100 statuses').optional(),
		knownOrders: z.array(knownOrderSchema).max(10_000_000, 'at most 10,000,000 orders').nullish(),
		structuralThreshold: z
			.number({ error: 'a whole number ≥ 1' })
			.int('a whole number ≥ 1')
			.min(1, 'a whole number ≥ 1')
			.optional(),
		amountUnits: z
			.object({
				portal: units.optional(),
				processor: units.optional(),
				erp: units.optional(),
				support: units.optional(),
				payload: units.optional(),
			})
			.strict()
			.optional(),
		fieldPaths: fieldPathsSchema().optional(),
		mode: z
			.enum(['validate', 'normalize'], { error: 'either "validate" or "normalize"' })
			.optional(),
	})
	.strict();

/** The same schema, for input whose `knownOrders` the hand check (`plainKnownOrders`) passed. */
const schemaTrustingKnownOrders = schema.extend({ knownOrders: z.unknown() });

export type IdRules = z.input<typeof idRulesSchema>;
export type KnownOrder = z.input<typeof knownOrderSchema>;

/** Every option the library takes; each function reads the ones it needs. */
export interface Options {
	/** The reference time (ISO string, epoch ms or Date); default: the current time. */
	now?: string | number | Date;
	slaWindowMinutes?: number;
	missingAfterMinutes?: number;
	/** In currency units: 0.01 means one cent either way is still equal. */
	amountTolerance?: number;
	/** Explicit portal order ID → ERP order ref, consulted before `idRules`. */
	idMap?: Record<string, string>;
	idRules?: IdRules;
	/** Channel (store or storefront) → ERP subsidiary. */
	subsidiaryMap?: Record<string, string>;
	/** Portal status → ERP status. */
	statusMap?: Record<string, string>;
	closedOrderStatuses?: string[];
	/** The Guard's known ERP orders. */
	knownOrders?: KnownOrder[] | null;
	structuralThreshold?: number;
	amountUnits?: Partial<Record<RecordKind | 'payload', AmountUnits>>;
	fieldPaths?: { [K in FieldKind]?: Partial<FieldPaths[K]> };
	mode?: 'validate' | 'normalize';
}
/** The options each function takes: one list per function, its type derived from it. */
export const RECONCILE_OPTION_KEYS = [
	'now',
	'slaWindowMinutes',
	'missingAfterMinutes',
	'amountTolerance',
	'idMap',
	'idRules',
	'subsidiaryMap',
	'statusMap',
	'closedOrderStatuses',
	'amountUnits',
	'fieldPaths',
] as const satisfies readonly (keyof Options)[];
export const GUARD_OPTION_KEYS = [
	'now',
	'amountTolerance',
	'idMap',
	'idRules',
	'subsidiaryMap',
	'statusMap',
	'closedOrderStatuses',
	'knownOrders',
	'amountUnits',
	'fieldPaths',
	'mode',
] as const satisfies readonly (keyof Options)[];
export type ReconcileOptions = Pick<Options, (typeof RECONCILE_OPTION_KEYS)[number]>;
export type GuardOptions = Pick<Options, (typeof GUARD_OPTION_KEYS)[number]>;
export type TagOptions = Pick<Options, 'now'>;

export interface ResolvedIdRules {
	stripPrefixes: string[];
	stripSuffixes: string[];
	erpPrefix: string;
	erpSuffix: string;
	padLength: number;
}

export interface ResolvedOptions {
	nowMs: number;
	slaWindowMinutes: number;
	missingAfterMinutes: number;
	amountTolerance: number;
	idMap: Map<string, string>;
	idRules: ResolvedIdRules;
	subsidiaryMap: Map<string, string>;
	statusMap: Map<string, string>;
	/** Lower-cased. */
	closedOrderStatuses: Set<string>;
	knownOrders: Array<{ orderRef: string; status: string | null; subsidiary: string | null }> | null;
	structuralThreshold: number;
	amountUnits: Record<RecordKind | 'payload', AmountUnits>;
	fieldPaths: FieldPaths;
	mode: 'validate' | 'normalize';
}

export const DEFAULTS = {
	slaWindowMinutes: 240,
	missingAfterMinutes: 4320,
	amountTolerance: 0.01,
	closedOrderStatuses: ['closed'],
	structuralThreshold: 3,
	/** Shopify order names start with '#'; it is never part of the order number. */
	idRules: { stripPrefixes: ['#'], stripSuffixes: [], erpPrefix: '', erpSuffix: '', padLength: 0 },
	mode: 'validate',
} as const;

export function resolveOptions(
	raw: unknown,
	allowed?: readonly (keyof Options)[],
): ResolvedOptions {
	if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
		throw new OptionsError(`options must be an object, got ${describe(raw)}`, 'options');
	}
	const input = (raw ?? {}) as Record<string, unknown>;
	if (allowed) {
		for (const key of Object.keys(input)) {
			if (!(allowed as readonly string[]).includes(key) && input[key] !== undefined) {
				throw new OptionsError(
					`${key} is not an option here; the options are: ${allowed.join(', ')}`,
					key,
				);
			}
		}
	}
	// A Guard may bring tens of thousands of ERP orders, and zod walks each one (about 70 ms
	// for 50,000, paid again per item when a parameter is an expression). Well-formed lists are
	// checked by hand here; anything the hand check doubts goes to zod, which then decides and
	// words the error exactly as before.
	const knownOrders = plainKnownOrders(input.knownOrders);
	const parsed = (knownOrders === undefined ? schema : schemaTrustingKnownOrders).safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const path = issue.path.map(String);
		if (issue.code === 'unrecognized_keys') {
			const option = [...path, issue.keys[0]].join('.');
			throw new OptionsError(
				`${option} is not a known option${path.length ? ` of ${path.join('.')}` : ''}; check its spelling`,
				option,
			);
		}
		const option = path.join('.') || 'options';
		const got = path.length > 0 ? valueAt(input, issue.path) : input;
		throw new OptionsError(`${option}: expected ${issue.message}, got ${describe(got)}`, option);
	}
	// With the hand-checked list, `o.knownOrders` is that raw list; `knownOrders` is used instead.
	const o = parsed.data as z.output<typeof schema>;
	const slaWindowMinutes = o.slaWindowMinutes ?? DEFAULTS.slaWindowMinutes;
	const missingAfterMinutes = o.missingAfterMinutes ?? DEFAULTS.missingAfterMinutes;
	if (missingAfterMinutes < slaWindowMinutes) {
		throw new OptionsError(
			`missingAfterMinutes (${missingAfterMinutes}) must be at least slaWindowMinutes (${slaWindowMinutes}): a return cannot be missing before it is overdue`,
			'missingAfterMinutes',
		);
	}
	let nowMs = Date.now();
	if (o.now !== undefined) {
		const time = parseTime(o.now);
		if (!time.ok)
			throw new OptionsError(
				`now: expected an ISO 8601 time, epoch ms or Date, got ${describe(o.now)}`,
				'now',
			);
		nowMs = time.ms;
	}
	const fieldPaths = {} as Record<string, Record<string, string>>;
	for (const kind of Object.keys(CANONICAL_FIELDS) as FieldKind[]) {
		const overrides = (o.fieldPaths?.[kind] ?? {}) as Record<string, string | undefined>;
		const paths: Record<string, string> = {};
		for (const field of CANONICAL_FIELDS[kind]) paths[field] = overrides[field] ?? field;
		fieldPaths[kind] = paths;
	}
	const units = o.amountUnits ?? {};
	return {
		nowMs,
		slaWindowMinutes,
		missingAfterMinutes,
		amountTolerance: o.amountTolerance ?? DEFAULTS.amountTolerance,
		idMap: o.idMap ?? new Map(),
		idRules: {
			stripPrefixes: o.idRules?.stripPrefixes ?? [...DEFAULTS.idRules.stripPrefixes],
			stripSuffixes: o.idRules?.stripSuffixes ?? [...DEFAULTS.idRules.stripSuffixes],
			erpPrefix: o.idRules?.erpPrefix ?? DEFAULTS.idRules.erpPrefix,
			erpSuffix: o.idRules?.erpSuffix ?? DEFAULTS.idRules.erpSuffix,
			padLength: o.idRules?.padLength ?? DEFAULTS.idRules.padLength,
		},
		subsidiaryMap: o.subsidiaryMap ?? new Map(),
		statusMap: o.statusMap ?? new Map(),
		closedOrderStatuses: new Set(
			(o.closedOrderStatuses ?? DEFAULTS.closedOrderStatuses).map((s) => s.trim().toLowerCase()),
		),
		knownOrders:
			knownOrders ??
			o.knownOrders?.map((k) => ({
				orderRef: k.orderRef,
				status: k.status ?? null,
				subsidiary: k.subsidiary ?? null,
			})) ??
			null,
		structuralThreshold: o.structuralThreshold ?? DEFAULTS.structuralThreshold,
		amountUnits: {
			portal: units.portal ?? 'major',
			processor: units.processor ?? 'major',
			erp: units.erp ?? 'major',
			support: units.support ?? 'major',
			payload: units.payload ?? 'major',
		},
		fieldPaths: fieldPaths as FieldPaths,
		mode: o.mode ?? DEFAULTS.mode,
	};
}

type ResolvedKnownOrder = NonNullable<ResolvedOptions['knownOrders']>[number];

/**
 * `knownOrders` resolved without zod when every entry is plainly what `knownOrderSchema`
 * accepts (a plain object; `orderRef` a text of at most 1,000 characters that is not blank once
 * trimmed, or a finite number; `status` and `subsidiary` absent, null, or text of at most 1,000
 * characters), giving what the schema would; undefined for anything else, zod's to judge.
 */
function plainKnownOrders(value: unknown): ResolvedKnownOrder[] | undefined {
	if (!Array.isArray(value) || value.length > 10_000_000) return undefined;
	const orders = new Array<ResolvedKnownOrder>(value.length);
	for (let i = 0; i < value.length; i++) {
		const entry: unknown = value[i];
		if (entry === null || typeof entry !== 'object') return undefined;
		const prototype: unknown = Object.getPrototypeOf(entry);
		if (prototype !== Object.prototype && prototype !== null) return undefined;
		const { orderRef, status, subsidiary } = entry as Record<string, unknown>;
		let ref: string;
		if (typeof orderRef === 'string') {
			if (orderRef.length > MAX_TEXT) return undefined;
			ref = orderRef.trim();
			if (ref.length === 0) return undefined;
		} else if (typeof orderRef === 'number' && Number.isFinite(orderRef)) {
			ref = String(orderRef);
		} else {
			return undefined;
		}
		if (!isOptionalText(status) || !isOptionalText(subsidiary)) return undefined;
		orders[i] = { orderRef: ref, status: status ?? null, subsidiary: subsidiary ?? null };
	}
	return orders;
}

function isOptionalText(value: unknown): value is string | null | undefined {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.length <= MAX_TEXT)
	);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
	let current: unknown = input;
	for (const key of path) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<PropertyKey, unknown>)[key];
	}
	return current;
}

export function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (value instanceof Date) return 'a Date';
	return `an ${typeof value}`;
}
