/**
 * Options shared by the library and the nodes' parameters, parsed with zod. A wrong option
 * throws an OptionsError whose message names the option and what it expected. Maps come out as
 * `Map`s so that keys such as `__proto__` are plain data.
 */
import { z } from 'zod';

import type { AmountUnits } from './money';
import type { PriorSummary } from './patterns';
import { parseTime } from './time';
import type { RecordKind } from './types';
import { CANONICAL_FIELDS } from './fields';
import {
	FORMAT_NAMES,
	compileFormat,
	readCompiled,
	type CompiledFormat,
	type FormatKind,
	type FormatName,
} from './formats';
import { normalizeCurrency } from './money';
import { PathError, readKeys, tryCompilePath, type CompiledPath } from './path';

export { CANONICAL_FIELDS } from './fields';

export type FieldKind = keyof typeof CANONICAL_FIELDS;
export type FieldPaths = { [K in FieldKind]: Record<(typeof CANONICAL_FIELDS)[K][number], string> };

export const MAX_MAP_ENTRIES = 100_000;
const MAX_TEXT = 1_000;
/** Days the Pattern Report remembers at most: static data is saved with every production run. */
export const MAX_REMEMBER_DAYS = 31;

/** What is wrong with an option, as data: the nodes word it with their parameters' labels. */
export interface OptionsErrorData {
	/** The option's name, dotted for nested options (`idRules.padLength`). */
	option: string;
	/** What the option must be, in words: "a whole number from 0 to 64". */
	expected: string;
	/** What it was, described: `99`, `"last Tuesday"`, `an unknown name`. */
	received: string;
	/** For an unknown name: the nearest name that exists. */
	suggestion?: string;
	/** Another option the expectation depends on (the SLA window, for missingAfterMinutes). */
	related?: string;
}

/**
 * The wording of every options error, from its fields; `nameOf` names an option (the nodes pass
 * their parameters' labels, the library the option itself).
 */
export function optionsErrorText(
	data: OptionsErrorData,
	nameOf: (option: string) => string = (option) => option,
): string {
	const text = `${nameOf(data.option)}: expected ${data.expected}, got ${data.received}`;
	return data.suggestion === undefined ? text : `${text}; did you mean ${nameOf(data.suggestion)}?`;
}

export class OptionsError extends Error {
	readonly option: string;
	readonly expected: string;
	readonly received: string;
	readonly suggestion?: string;
	readonly related?: string;

	constructor(data: OptionsErrorData) {
		super(optionsErrorText(data));
		this.name = 'OptionsError';
		this.option = data.option;
		this.expected = data.expected;
		this.received = data.received;
		if (data.suggestion !== undefined) this.suggestion = data.suggestion;
		if (data.related !== undefined) this.related = data.related;
	}

	get data(): OptionsErrorData {
		const { option, expected, received, suggestion, related } = this;
		return { option, expected, received, suggestion, related };
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
/** Minutes, as every window option takes them. */
export const minutesSchema = z
	.number({ error: 'a number of minutes' })
	.finite('a finite number of minutes')
	.min(0, 'a number of minutes, 0 or more')
	.max(5_256_000, 'at most 10 years in minutes');
/** A whole number ≥ 1, as every count threshold takes it. */
export const atLeastOneSchema = z
	.number({ error: 'a whole number ≥ 1' })
	.int('a whole number ≥ 1')
	.min(1, 'a whole number ≥ 1');
const units = z.enum(['major', 'minor'], { error: 'either "major" or "minor"' });
const kindUnits = {
	portal: units.optional(),
	processor: units.optional(),
	erp: units.optional(),
	support: units.optional(),
	payload: units.optional(),
};

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

/** Per kind, `canonical` (the default) or one of the kind's format names. */
const formatsSchema = z
	.object(
		Object.fromEntries(
			(Object.keys(FORMAT_NAMES) as FormatKind[]).map((kind) => [
				kind,
				z
					.enum(FORMAT_NAMES[kind] as [string, ...string[]], {
						error: `one of ${FORMAT_NAMES[kind].map((name) => `"${name}"`).join(', ')}`,
					})
					.optional(),
			]),
		) as { [K in FormatKind]: z.ZodOptional<z.ZodEnum<Record<string, string>>> },
	)
	.strict();

/** An ISO 4217 code, in any case. */
const currencySchema = z
	.string({ error: 'an ISO 4217 currency code such as "USD"' })
	.max(10, 'an ISO 4217 currency code such as "USD"')
	.transform((value, ctx) => {
		const code = normalizeCurrency(value);
		if (code === null) {
			ctx.addIssue({ code: 'custom', message: 'an ISO 4217 currency code such as "USD"' });
			return z.NEVER;
		}
		return code;
	});

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
	// The Guard's known ERP orders: read through `formats.orders` with these on top.
	shape.orders = z
		.object({
			orderRef: keyText.optional(),
			status: keyText.optional(),
			subsidiary: keyText.optional(),
		})
		.strict()
		.optional();
	return z.object(shape).strict();
}

/**
 * The option vocabulary: every name any of the four functions takes, one entry each. A function
 * ignores the names it does not use, so one settings object serves all four; a name outside
 * the vocabulary is a typo, refused with the nearest name. Adding an option is one entry here
 * (its type in `Options` and its resolution follow).
 */
const VOCABULARY = {
	/** Read by `timeOption` (ISO string, epoch ms or Date), not by zod. */
	now: z.unknown().optional(),
	slaWindowMinutes: minutesSchema.optional(),
	missingAfterMinutes: minutesSchema.optional(),
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
	structuralThreshold: atLeastOneSchema.optional(),
	amountUnits: z.object(kindUnits).strict().optional(),
	fieldPaths: fieldPathsSchema().optional(),
	formats: formatsSchema.optional(),
	/** Currency record names (NetSuite's "USA") → ISO 4217 codes. */
	currencyNames: stringMap.optional(),
	localCurrency: currencySchema.optional(),
	mode: z.enum(['validate', 'normalize'], { error: 'either "validate" or "normalize"' }).optional(),
	/** An earlier pattern summary: its shape is checked by summarizePatterns. */
	prior: z.unknown().optional(),
	rememberDays: z
		.number({ error: `a whole number from 1 to ${MAX_REMEMBER_DAYS}` })
		.int(`a whole number from 1 to ${MAX_REMEMBER_DAYS}`)
		.min(1, `a whole number from 1 to ${MAX_REMEMBER_DAYS}`)
		.max(MAX_REMEMBER_DAYS, `a whole number from 1 to ${MAX_REMEMBER_DAYS}`)
		.optional(),
};
export type OptionName = keyof typeof VOCABULARY;
export const OPTION_NAMES = Object.keys(VOCABULARY) as readonly OptionName[];

const schema = z.object(VOCABULARY).strict();
/** The same schema, for input whose `knownOrders` the hand check (`plainKnownOrders`) passed. */
const schemaTrustingKnownOrders = schema.extend({ knownOrders: z.unknown() });
/** For known orders read through a format: a list of records, each read (and judged) by it. */
const schemaOfOrderRecords = schema.extend({
	knownOrders: z
		.array(z.unknown(), { error: 'a list of ERP order records' })
		.max(10_000_000, 'at most 10,000,000 orders')
		.nullish(),
});

/** The names a nested option takes, for the suggestion when one is misspelt. */
function namesAt(path: readonly PropertyKey[]): readonly string[] {
	if (path.length === 0) return OPTION_NAMES;
	if (path.length === 1 && path[0] === 'idRules') return Object.keys(idRulesSchema.shape);
	if (path.length === 1 && path[0] === 'amountUnits') return Object.keys(kindUnits);
	if (path.length === 1 && path[0] === 'fieldPaths') {
		return [...Object.keys(CANONICAL_FIELDS), 'orders'];
	}
	if (path.length === 2 && path[0] === 'fieldPaths' && path[1] === 'orders') {
		return ['orderRef', 'status', 'subsidiary'];
	}
	if (path.length === 1 && path[0] === 'formats') return Object.keys(FORMAT_NAMES);
	if (path.length === 2 && path[0] === 'fieldPaths' && String(path[1]) in CANONICAL_FIELDS) {
		return CANONICAL_FIELDS[path[1] as FieldKind];
	}
	return [];
}

export type IdRules = z.input<typeof idRulesSchema>;
export type KnownOrder = z.input<typeof knownOrderSchema>;

/** The library's options: one vocabulary for the four functions, each reading what it needs. */
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
	/** A signature seen this many times is structural. */
	structuralThreshold?: number;
	amountUnits?: Partial<Record<RecordKind | 'payload', AmountUnits>>;
	/** Per canonical field, a path (docs/rules.md "Record formats"), on top of the kind's format. */
	fieldPaths?: { [K in FieldKind]?: Partial<FieldPaths[K]> } & {
		/** Where the Guard's known ERP orders keep each field, on top of `formats.orders`. */
		orders?: { orderRef?: string; status?: string; subsidiary?: string };
	};
	/** The shape each kind's records come in: `canonical` (default) or a system's format. */
	formats?: { [K in FormatKind]?: FormatName<K> };
	/** Currency record names → ISO 4217 codes (NetSuite's `{ "USA": "USD" }`). */
	currencyNames?: Record<string, string>;
	/** The company's currency, for a blank currency (Business Central's `currencyCode`). */
	localCurrency?: string;
	mode?: 'validate' | 'normalize';
	/** An earlier pattern summary whose counts (and lag samples) are added first. */
	prior?: PriorSummary | null;
	/** How many UTC days the pattern memory keeps, today included. */
	rememberDays?: number;
}
// Every vocabulary name has its type above, and nothing else does.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
	? true
	: never;
const vocabularyTyped: SameKeys<Options, typeof VOCABULARY> = true;
void vocabularyTyped;

/** The options of each function: the one vocabulary (the names each reads are listed below). */
export type ReconcileOptions = Options;
export type GuardOptions = Options;
export type TagOptions = Options;

/** The names each function reads; the rest of the vocabulary it ignores. */
export const RECONCILE_USES = [
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
	'formats',
	'currencyNames',
	'localCurrency',
] as const satisfies readonly OptionName[];
export const GUARD_USES = [
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
	'formats',
	'currencyNames',
	'localCurrency',
	'mode',
] as const satisfies readonly OptionName[];

/** ID rules as configured, and their affixes lower-cased and longest first (`SO-` before `S`). */
export interface ResolvedIdRules {
	stripPrefixes: string[];
	stripSuffixes: string[];
	erpPrefix: string;
	erpSuffix: string;
	padLength: number;
	prefixes: Affix[];
	suffixes: Affix[];
}

/** An affix as configured and lower-cased once. */
export interface Affix {
	text: string;
	lower: string;
}

/**
 * The field paths compiled once per call (lib/path.ts): the readers run once per record, a
 * million records a run, and parsing a path on every read was a measured share of that.
 */
export type FieldAccessors = {
	[K in FieldKind]: Record<(typeof CANONICAL_FIELDS)[K][number], CompiledPath>;
};

/**
 * The options as every function works with them, resolved once per call (never kept past it):
 * defaults applied, maps as Maps, ID rules prepared, field paths compiled. Passed as `options`
 * throughout lib/.
 */
export interface ResolvedOptions {
	/** The reference time; null when none was given: the clock is read when checking. */
	nowMs: number | null;
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
	/** Each field's path: the override, else the format's path, else the canonical name. */
	fieldPaths: FieldPaths;
	/** `fieldPaths`, compiled for the canonical readers. */
	fields: FieldAccessors;
	formats: { [K in FormatKind]: string };
	/** Per kind, its format compiled for the run; null for `canonical` (the canonical readers). */
	formatReaders: { [K in FormatKind]: CompiledFormat | null };
	currencyNames: Map<string, string>;
	localCurrency: string | null;
	mode: 'validate' | 'normalize';
	rememberDays: number;
}

/** The one set of defaults (docs/rules.md "The library API"). */
export const DEFAULTS = {
	slaWindowMinutes: 240,
	missingAfterMinutes: 4320,
	amountTolerance: 0.01,
	closedOrderStatuses: ['closed'],
	structuralThreshold: 3,
	/** Shopify order names start with '#'; it is never part of the order number. */
	idRules: { stripPrefixes: ['#'], stripSuffixes: [], erpPrefix: '', erpSuffix: '', padLength: 0 },
	mode: 'validate',
	rememberDays: 7,
	amountUnits: 'major',
} as const;

/** Levenshtein distance, for the nearest name to a misspelt one (names are short). */
function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
			current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
		}
		previous = current;
	}
	return previous[b.length];
}

/** The error for a name that is not an option, with the nearest one that is. */
function unknownOption(option: string, names: readonly string[]): OptionsError {
	const name = option.slice(option.lastIndexOf('.') + 1).toLowerCase();
	let suggestion: string | undefined;
	let best = Number.POSITIVE_INFINITY;
	for (const candidate of names) {
		// Relative to the longer name, so `slaWindow` finds `slaWindowMinutes`, not `now`.
		const distance =
			editDistance(name, candidate.toLowerCase()) / Math.max(name.length, candidate.length);
		if (distance < best) {
			best = distance;
			suggestion = candidate;
		}
	}
	const prefix = option.slice(0, option.lastIndexOf('.') + 1);
	return new OptionsError({
		option,
		expected: 'a known option name',
		received: 'an unknown name',
		...(suggestion === undefined ? {} : { suggestion: `${prefix}${suggestion}` }),
	});
}

/**
 * The options a function reads, out of whatever the caller passed: a non-object and a name
 * outside `names` (the vocabulary, unless a function has its own) are errors; the names the
 * function does not use are dropped unread.
 */
export function pickOptions(
	raw: unknown,
	uses: readonly string[],
	names: readonly string[] = OPTION_NAMES,
): Record<string, unknown> {
	if (raw === undefined || raw === null) return {};
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		throw new OptionsError({ option: 'options', expected: 'an object', received: describe(raw) });
	}
	const input = raw as Record<string, unknown>;
	const picked: Record<string, unknown> = {};
	for (const key of Object.keys(input)) {
		if (input[key] === undefined) continue;
		if (!names.includes(key)) throw unknownOption(key, names);
		if (uses.includes(key)) picked[key] = input[key];
	}
	return picked;
}

/**
 * A zod issue's path as an option name, dotted as field paths are (`idRules.padLength`,
 * `prior.signatures.0.count`), so the nodes find the parameter by its first segments.
 */
function optionPath(path: readonly PropertyKey[]): string {
	return path.map(String).join('.');
}

/** The one conversion of a failed zod parse of `input` into an OptionsError. */
export function optionsErrorOf(error: z.ZodError, input: unknown): OptionsError {
	const issue = error.issues[0];
	if (issue.code === 'unrecognized_keys') {
		return unknownOption(optionPath([...issue.path, issue.keys[0]]), namesAt(issue.path));
	}
	const got = issue.path.length > 0 ? readKeys(input, issue.path) : input;
	return new OptionsError({
		option: optionPath(issue.path) || 'options',
		expected: issue.message,
		received: describe(got),
	});
}

const TIME_EXPECTED = 'an ISO 8601 time, epoch ms or Date';

/**
 * The one reading of a time option (`now`, the report's `generatedAt`): epoch ms, or null when
 * it is absent (the caller reads the clock).
 */
export function timeOption(value: unknown, option = 'now'): number | null {
	if (value === undefined) return null;
	const time =
		typeof value === 'string' || typeof value === 'number' || value instanceof Date
			? parseTime(value)
			: null;
	if (time === null || !time.ok) {
		throw new OptionsError({ option, expected: TIME_EXPECTED, received: describe(value) });
	}
	return time.ms;
}

/** Resolves the options a function reads (`uses`, default: all) for one call. */
export function resolveOptions(
	raw: unknown,
	uses: readonly OptionName[] = OPTION_NAMES,
): ResolvedOptions {
	const input = pickOptions(raw, uses);
	// A Guard may bring tens of thousands of ERP orders, and zod walks each one (about 70 ms
	// for 50,000). Well-formed lists are checked by hand here; anything the hand check doubts
	// goes to zod, which then decides and words the error exactly as before.
	// Known orders in an ERP's own shape (or with their own paths) are read by the orders format
	// after the parse; canonical ones are checked as they always were.
	const ordersByFormat = readsOrdersByFormat(input);
	const knownOrders = ordersByFormat ? undefined : plainKnownOrders(input.knownOrders);
	const parsed = (
		ordersByFormat
			? schemaOfOrderRecords
			: knownOrders === undefined
				? schema
				: schemaTrustingKnownOrders
	).safeParse(input);
	if (!parsed.success) throw optionsErrorOf(parsed.error, input);
	// With the hand-checked list, `o.knownOrders` is that raw list; `knownOrders` is used instead.
	const o = parsed.data as z.output<typeof schema>;
	const slaWindowMinutes = o.slaWindowMinutes ?? DEFAULTS.slaWindowMinutes;
	const missingAfterMinutes = o.missingAfterMinutes ?? DEFAULTS.missingAfterMinutes;
	if (missingAfterMinutes < slaWindowMinutes) {
		throw new OptionsError({
			option: 'missingAfterMinutes',
			expected: `at least the SLA window (${slaWindowMinutes} minutes), since a return cannot be missing before it is overdue`,
			received: String(missingAfterMinutes),
			related: 'slaWindowMinutes',
		});
	}
	const unitsOf = o.amountUnits ?? {};
	const formats = {
		portal: o.formats?.portal ?? 'canonical',
		processor: o.formats?.processor ?? 'canonical',
		erp: o.formats?.erp ?? 'canonical',
		support: o.formats?.support ?? 'canonical',
		orders: o.formats?.orders ?? 'canonical',
	};
	const overridesOf = (kind: FieldKind) =>
		(o.fieldPaths?.[kind] ?? {}) as Record<string, string | undefined>;
	// Every override parses before any format is compiled with it.
	const fields = {} as Record<string, Record<string, CompiledPath>>;
	for (const kind of Object.keys(CANONICAL_FIELDS) as FieldKind[]) {
		const overrides = overridesOf(kind);
		fields[kind] = {};
		for (const field of Object.keys(overrides)) {
			const path = overrides[field];
			if (path !== undefined) fields[kind][field] = fieldPath(path, `fieldPaths.${kind}.${field}`);
		}
	}
	const currencyNames = o.currencyNames ?? new Map<string, string>();
	const localCurrency = o.localCurrency ?? null;
	const orderPaths = (o.fieldPaths?.orders ?? {}) as Record<string, string | undefined>;
	for (const field of Object.keys(orderPaths)) {
		const path = orderPaths[field];
		if (path !== undefined) fieldPath(path, `fieldPaths.orders.${field}`);
	}
	const formatReaders = {} as Record<FormatKind, CompiledFormat | null>;
	for (const kind of Object.keys(formats) as FormatKind[]) {
		formatReaders[kind] =
			formats[kind] === 'canonical' && !(kind === 'orders' && ordersByFormat)
				? null
				: compileFormat(kind, formats[kind], {
						currencyNames,
						localCurrency,
						fieldPaths: kind === 'orders' ? orderPaths : overridesOf(kind),
						amountUnits: kind === 'orders' ? 'major' : (unitsOf[kind] ?? DEFAULTS.amountUnits),
					});
	}
	const fieldPaths = {} as Record<string, Record<string, string>>;
	for (const kind of Object.keys(CANONICAL_FIELDS) as FieldKind[]) {
		const overrides = overridesOf(kind);
		const format = kind === 'payload' ? null : formatReaders[kind];
		const paths: Record<string, string> = {};
		for (const field of CANONICAL_FIELDS[kind] as readonly string[]) {
			const path = overrides[field] ?? (format === null ? field : formatLabel(format, field));
			paths[field] = path;
			fields[kind][field] ??= fieldPath(path, `fieldPaths.${kind}.${field}`);
		}
		fieldPaths[kind] = paths;
	}
	const idRules = o.idRules ?? {};
	const stripPrefixes = idRules.stripPrefixes ?? [...DEFAULTS.idRules.stripPrefixes];
	const stripSuffixes = idRules.stripSuffixes ?? [...DEFAULTS.idRules.stripSuffixes];
	const erpPrefix = idRules.erpPrefix ?? DEFAULTS.idRules.erpPrefix;
	const erpSuffix = idRules.erpSuffix ?? DEFAULTS.idRules.erpSuffix;
	return {
		nowMs: timeOption(o.now),
		slaWindowMinutes,
		missingAfterMinutes,
		amountTolerance: o.amountTolerance ?? DEFAULTS.amountTolerance,
		idMap: o.idMap ?? new Map(),
		idRules: {
			stripPrefixes,
			stripSuffixes,
			erpPrefix,
			erpSuffix,
			padLength: idRules.padLength ?? DEFAULTS.idRules.padLength,
			prefixes: affixes([...stripPrefixes, erpPrefix]),
			suffixes: affixes([...stripSuffixes, erpSuffix]),
		},
		subsidiaryMap: o.subsidiaryMap ?? new Map(),
		statusMap: o.statusMap ?? new Map(),
		closedOrderStatuses: new Set(
			(o.closedOrderStatuses ?? DEFAULTS.closedOrderStatuses).map((s) => s.trim().toLowerCase()),
		),
		knownOrders:
			(formatReaders.orders !== null
				? ordersOf(o.knownOrders as unknown[] | null | undefined, formatReaders.orders)
				: knownOrders) ??
			o.knownOrders?.map((k) => ({
				orderRef: k.orderRef,
				status: k.status ?? null,
				subsidiary: k.subsidiary ?? null,
			})) ??
			null,
		structuralThreshold: o.structuralThreshold ?? DEFAULTS.structuralThreshold,
		amountUnits: {
			portal: unitsOf.portal ?? DEFAULTS.amountUnits,
			processor: unitsOf.processor ?? DEFAULTS.amountUnits,
			erp: unitsOf.erp ?? DEFAULTS.amountUnits,
			support: unitsOf.support ?? DEFAULTS.amountUnits,
			payload: unitsOf.payload ?? DEFAULTS.amountUnits,
		},
		fieldPaths: fieldPaths as FieldPaths,
		fields: fields as FieldAccessors,
		formats,
		formatReaders,
		currencyNames,
		localCurrency,
		mode: o.mode ?? DEFAULTS.mode,
		rememberDays: o.rememberDays ?? DEFAULTS.rememberDays,
	};
}

/** A field path compiled, or the OptionsError naming the option it came from. */
function fieldPath(path: string, option: string): CompiledPath {
	const compiled = tryCompilePath(path);
	if (compiled instanceof PathError) {
		throw new OptionsError({
			option,
			expected: `a field path such as metadata.return_id or custom_fields[id=360001].value (${compiled.reason} at character ${compiled.position + 1})`,
			received: describe(path),
		});
	}
	return compiled;
}

/** The path a compiled format reads a field from (its label: the canonical name if it has none). */
function formatLabel(format: CompiledFormat, field: string): string {
	for (const compiled of format.fields) if (compiled.name === field) return compiled.label;
	return field;
}

/** Affixes as configured, empty ones dropped, longest first so `SO-` wins over `S`. */
function affixes(list: readonly string[]): Affix[] {
	return list
		.filter((affix) => affix.length > 0)
		.sort((a, b) => b.length - a.length)
		.map((affix) => ({ text: affix, lower: affix.toLowerCase() }));
}

type ResolvedKnownOrder = NonNullable<ResolvedOptions['knownOrders']>[number];

/** Whether `knownOrders` is read by the orders format: one is set, or orders field paths are. */
function readsOrdersByFormat(input: Record<string, unknown>): boolean {
	const formats = input.formats;
	const paths = input.fieldPaths;
	const format =
		formats !== null && typeof formats === 'object'
			? (formats as Record<string, unknown>).orders
			: undefined;
	const orderPaths =
		paths !== null && typeof paths === 'object'
			? (paths as Record<string, unknown>).orders
			: undefined;
	return (format !== undefined && format !== 'canonical') || orderPaths !== undefined;
}

/**
 * Known orders read by the orders format (docs/rules.md "Record formats"). An entry with no
 * order reference (a saved search's summary line) describes no order and is left out; an entry
 * whose fields the format cannot read is an options error naming the entry, the field and the
 * format: a Guard must not check against an order list it misread.
 */
function ordersOf(
	list: readonly unknown[] | null | undefined,
	format: CompiledFormat,
): ResolvedKnownOrder[] | null {
	if (list === null || list === undefined) return null;
	const orders: ResolvedKnownOrder[] = [];
	for (let i = 0; i < list.length; i++) {
		const read = readCompiled(format, list[i]);
		if (read.problems.length > 0) {
			const problem = read.problems[0];
			throw new OptionsError({
				option: problem.field === '' ? `knownOrders.${i}` : `knownOrders.${i}.${problem.field}`,
				expected: `an order record the ${format.format} format can read`,
				received: problem.reason,
			});
		}
		const { orderRef, status, subsidiary } = read.record;
		if (typeof orderRef !== 'string') continue;
		orders.push({
			orderRef,
			status: typeof status === 'string' ? status : null,
			subsidiary: typeof subsidiary === 'string' ? subsidiary : null,
		});
	}
	return orders;
}

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

export function describe(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (value instanceof Date) return 'a Date';
	return `an ${typeof value}`;
}
