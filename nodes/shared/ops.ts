/**
 * What the four nodes tell ops beyond their items (docs/rules.md "Ops visibility inside n8n"):
 * a few counts saved as the execution's custom data, shown with each execution and usable as an
 * Executions list filter (that filter is a licensed feature of n8n, "advanced execution
 * filters"), and hints in the output pane when a run looks misconfigured.
 *
 * Custom data. n8n keeps at most 10 keys per execution (n8n-core `KV_LIMIT`) and drops any key
 * beyond the 10th without a word; a key holds only `A-Za-z0-9_` and is cut at 50 characters; a
 * value is a string (a number is turned into one), cut at 255 characters by older n8n and at
 * 512 by n8n-core 2.8 (which logs an error above 255), so values are kept to 255 here; in a
 * manual run an invalid key or value throws and fails the node. So the package uses a fixed plan
 * of 9 keys (CUSTOM_DATA_KEYS): all four nodes in one workflow stay within n8n's 10 and leave one
 * for the workflow's own. Each key belongs to one node, except `handoff_top_symptom`, which every
 * node may write: the last node that saw a symptom wins, so in "Guard → ERP call → Tagger" it
 * names the failures the ERP answered, in "Reconciler → Pattern Report" both agree. A key is
 * written only when it already exists or a slot is free (counted from `getAll()` first), values
 * are checked before n8n sees them, and nothing that goes wrong while saving reaches the
 * execution.
 *
 * Hints. Pure functions from counts to `addExecutionHints` entries, one per situation, and none
 * on a healthy run; `addHints` hands them to n8n where the running n8n supports hints.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeExecutionHint,
} from 'n8n-workflow';

import { SYMPTOM_PRIORITY } from '../../lib/catalog';
import { DEFAULT_TAG_FIELD } from './descriptions';
import { isToolExecution } from './items';

// ---------------------------------------------------------------------------------------------
// Custom data

/** The nodes that write custom data. */
export type OpsNode = 'reconciler' | 'guard' | 'tagger' | 'patternReport';

interface KeyPlan {
	/** The nodes that may write the key. */
	nodes: readonly OpsNode[];
	/** What the value is, for the README and the reviewer. */
	holds: string;
}

/** The package's custom data keys: 9 of n8n's 10, whatever nodes a workflow holds. */
export const CUSTOM_DATA_KEYS = {
	handoff_mismatch: { nodes: ['reconciler'], holds: 'returns in state mismatch' },
	handoff_pending: { nodes: ['reconciler'], holds: 'returns still within the window' },
	handoff_blocked: { nodes: ['guard'], holds: 'payloads blocked' },
	handoff_passed: { nodes: ['guard'], holds: 'payloads passed' },
	handoff_retry: { nodes: ['tagger'], holds: 'failed calls routed to Retry' },
	handoff_fix: { nodes: ['tagger'], holds: 'failed calls routed to Fix' },
	handoff_unclassified: { nodes: ['tagger'], holds: 'failed calls no rule recognised' },
	handoff_structural: {
		nodes: ['patternReport'],
		holds: 'signatures seen often enough to be structural',
	},
	handoff_top_symptom: {
		nodes: ['reconciler', 'guard', 'tagger', 'patternReport'],
		holds: 'the most frequent symptom of the last node that saw one',
	},
} as const satisfies Record<string, KeyPlan>;

export type CustomDataKey = keyof typeof CUSTOM_DATA_KEYS;

/** n8n's limits on execution custom data (n8n-core execution-metadata). */
export const CUSTOM_DATA_LIMITS = {
	keys: 10,
	keyLength: 50,
	/** Older n8n cuts values here; n8n-core 2.8 cuts at 512 and logs an error above 255. */
	valueLength: 255,
} as const;

const KEY_PATTERN = /^[A-Za-z0-9_]+$/;

/** What a node hands over: counts, a symptom code, or null/undefined for "nothing to say". */
export type CustomDataValues = Partial<Record<CustomDataKey, number | string | null | undefined>>;

/** What saving did, so a test (or a debugging user) can see why a key is missing. */
export interface SavedCustomData {
	written: Partial<Record<CustomDataKey, string>>;
	/** Keys not written and why: not this node's, an invalid value, no free slot, n8n refused. */
	skipped: Partial<Record<string, 'not_planned' | 'invalid_value' | 'no_free_slot' | 'refused'>>;
	/** Whether the running n8n offered custom data at all. */
	available: boolean;
}

/** The `$execution.customData` object n8n hands to expressions and nodes (1.x and 2.x). */
interface CustomDataApi {
	set(key: string, value: string): void;
	getAll(): Record<string, string>;
}

function isCustomDataApi(value: unknown): value is CustomDataApi {
	if (value === null || typeof value !== 'object') return false;
	const api = value as Record<string, unknown>;
	return typeof api.set === 'function' && typeof api.getAll === 'function';
}

/**
 * The execution's custom data: `$execution.customData` through the workflow data proxy (n8n
 * 1.123 to 2.41), else the context's own `customData` (2.41). Undefined when n8n offers
 * neither (a run without execution data).
 */
function customDataOf(ctx: IExecuteFunctions): CustomDataApi | undefined {
	try {
		const proxy = ctx.getWorkflowDataProxy(0) as { $execution?: { customData?: unknown } };
		const viaProxy = proxy?.$execution?.customData;
		if (isCustomDataApi(viaProxy)) return viaProxy;
	} catch {
		// An n8n without the proxy here: try the context's own.
	}
	const direct = (ctx as unknown as { customData?: unknown }).customData;
	return isCustomDataApi(direct) ? direct : undefined;
}

/** A value as n8n will store it, or null when it must not be written. */
export function customDataValue(value: unknown): string | null {
	if (typeof value === 'number') {
		return Number.isFinite(value) ? String(value) : null;
	}
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	if (trimmed.length === 0) return null;
	return trimmed.slice(0, CUSTOM_DATA_LIMITS.valueLength);
}

function isPlannedFor(key: string, node: OpsNode): key is CustomDataKey {
	if (!Object.prototype.hasOwnProperty.call(CUSTOM_DATA_KEYS, key)) return false;
	if (!KEY_PATTERN.test(key) || key.length > CUSTOM_DATA_LIMITS.keyLength) return false;
	return (CUSTOM_DATA_KEYS[key as CustomDataKey].nodes as readonly OpsNode[]).includes(node);
}

/**
 * Saves a node's counts as the execution's custom data. Never throws: every value is checked
 * first, slots are counted from what the execution holds already, and whatever n8n still
 * objects to is skipped.
 */
export function saveCustomData(
	ctx: IExecuteFunctions,
	node: OpsNode,
	values: CustomDataValues,
): SavedCustomData {
	const saved: SavedCustomData = { written: {}, skipped: {}, available: false };
	try {
		const api = customDataOf(ctx);
		if (api === undefined) return saved;
		saved.available = true;
		const present = new Set(Object.keys(api.getAll() ?? {}));
		for (const [key, raw] of Object.entries(values)) {
			if (raw === undefined || raw === null) continue;
			if (!isPlannedFor(key, node)) {
				saved.skipped[key] = 'not_planned';
				continue;
			}
			const value = customDataValue(raw);
			if (value === null) {
				saved.skipped[key] = 'invalid_value';
				continue;
			}
			if (!present.has(key) && present.size >= CUSTOM_DATA_LIMITS.keys) {
				saved.skipped[key] = 'no_free_slot';
				continue;
			}
			try {
				api.set(key, value);
				present.add(key);
				saved.written[key] = value;
			} catch {
				saved.skipped[key] = 'refused';
			}
		}
	} catch {
		// Custom data is a convenience for ops: a failure here must not fail the execution.
	}
	return saved;
}

/** A field of a tag that came from an item: anything may stand where a tag should. */
function fieldOf(tag: unknown, field: string): unknown {
	return tag !== null && typeof tag === 'object'
		? (tag as Record<string, unknown>)[field]
		: undefined;
}

/**
 * The most frequent symptom among tags, or null when none has one. Ties go to the symptom
 * first in `order` (the catalog's priority), so the value does not depend on item order.
 */
export function topSymptom(tags: Iterable<unknown>, order: readonly string[] = []): string | null {
	const counts = new Map<string, number>();
	for (const tag of tags) {
		const symptom = fieldOf(tag, 'symptom');
		if (typeof symptom === 'string' && symptom.length > 0) {
			counts.set(symptom, (counts.get(symptom) ?? 0) + 1);
		}
	}
	let best: string | null = null;
	let bestCount = 0;
	const rank = (symptom: string) => {
		const at = order.indexOf(symptom);
		return at === -1 ? order.length : at;
	};
	for (const [symptom, count] of counts) {
		const better =
			count > bestCount ||
			(count === bestCount &&
				best !== null &&
				(rank(symptom) < rank(best) || (rank(symptom) === rank(best) && symptom < best)));
		if (better) {
			best = symptom;
			bestCount = count;
		}
	}
	return best;
}

/** The Options entry that turns custom data off ("Save Counts to Execution", on by default). */
export const saveCountsOption: INodeProperties = {
	displayName: 'Save Counts to Execution',
	name: 'saveCounts',
	type: 'boolean',
	default: true,
	description:
		'Whether to save this run’s counts (and its most frequent symptom) as the execution’s custom data, so the Executions list can be filtered by them. Uses at most 9 of n8n’s 10 custom data keys for all four nodes together.',
};

// ---------------------------------------------------------------------------------------------
// Hints

export type OpsHint = NodeExecutionHint & {
	type: 'warning' | 'info';
	location: 'outputPane';
};

function hint(message: string, type: 'warning' | 'info' = 'warning'): OpsHint {
	return { message, type, location: 'outputPane' };
}

const plural = (count: number, one: string, many = `${one}s`) =>
	`${count} ${count === 1 ? one : many}`;

/** An `invalid_record` finding as the tags carry it (evidence: field, reason, kind). */
export interface InvalidRecordFinding {
	cause: string;
	evidence?: Record<string, unknown>;
}

/** At most this many groups of unreadable records are named; the rest are counted. */
const MAX_INVALID_GROUPS = 3;

/**
 * Records that could not be read, grouped by record kind and field: one hint naming the count,
 * the field, the first reason and the record format in use (a wrong format is the usual cause
 * when every record of a kind fails on the same field). A finding without a kind (the Guard's:
 * it reads payloads) is counted as a `noun`.
 */
export function invalidRecordHints(
	findings: Iterable<InvalidRecordFinding>,
	formats: Readonly<Record<string, string | undefined>> = {},
	noun = 'record',
): OpsHint[] {
	const groups = new Map<
		string,
		{ kind: string | null; field: string; reason: string; count: number }
	>();
	for (const found of findings) {
		if (found.cause !== 'invalid_record') continue;
		const evidence = found.evidence ?? {};
		const kind = typeof evidence.kind === 'string' && evidence.kind ? evidence.kind : null;
		const field = typeof evidence.field === 'string' && evidence.field ? evidence.field : '';
		// The Reconciler says why in `reason`; the Guard names its problem code.
		const why = evidence.reason ?? evidence.problem;
		const reason = typeof why === 'string' ? why : '';
		const key = `${kind ?? ''}\u0000${field}`;
		const group = groups.get(key);
		if (group) group.count++;
		else groups.set(key, { kind, field, reason, count: 1 });
	}
	if (groups.size === 0) return [];
	const ordered = [...groups.values()].sort(
		(a, b) =>
			b.count - a.count ||
			(a.kind ?? '').localeCompare(b.kind ?? '') ||
			a.field.localeCompare(b.field),
	);
	const named = ordered.slice(0, MAX_INVALID_GROUPS).map((group) => {
		const format = group.kind === null ? undefined : formats[group.kind];
		const what = group.kind === null ? noun : `${group.kind} record`;
		const where = group.field ? ` (field "${group.field}")` : '';
		const why = group.reason ? `: ${group.reason}` : '';
		const formatNote = format ? ` with the "${format}" format` : '';
		return `${plural(group.count, what)} could not be read${formatNote}${where}${why}.`;
	});
	const rest = ordered.slice(MAX_INVALID_GROUPS).reduce((sum, group) => sum + group.count, 0);
	const more = rest > 0 ? ` And ${rest} more with other problems.` : '';
	return [
		hint(
			`${named.join(' ')}${more} They are tagged with an invalid_record finding; check the record format and the field paths.`,
		),
	];
}

/** One input of a node that matches records across inputs (the Reconciler). */
export interface InputMatchCount {
	/** The input's name as the user sees it ("Processor refunds"). */
	name: string;
	records: number;
	matched: number;
	/** The record format chosen for the input, if any. */
	format?: string;
}

/**
 * An input whose records all stayed unmatched while another input's records matched: most
 * likely the wrong format or field paths on that input. No hint when nothing matched anywhere
 * (that is the data, not the setup) or when the input was empty.
 */
export function unmatchedInputHints(inputs: readonly InputMatchCount[]): OpsHint[] {
	const anyMatched = inputs.some((input) => input.matched > 0);
	if (!anyMatched) return [];
	return inputs
		.filter((input) => input.records > 0 && input.matched === 0)
		.map((input) => {
			const format = input.format ? ` (format "${input.format}")` : '';
			return hint(
				`None of the ${plural(input.records, 'record')} on ${input.name}${format} matched a return, while other inputs did. The format or the field paths of that input are most likely wrong.`,
			);
		});
}

/** What to check when every payload was blocked for the same problem. */
const LIKELY_SETTING: Readonly<Record<string, string>> = {
	unmapped_status: 'the Status Map',
	wrong_subsidiary: 'the Subsidiary Map',
	order_ref_format: 'the ID Rules (prefix, suffix, padding)',
	order_ref_unknown: 'the ERP orders input and its order reference field',
	order_closed: 'the closed order statuses and the ERP orders input',
	order_ref_missing: 'the order ID field path',
	return_id_missing: 'the return ID field path',
	restocking_fee: 'the amount units and the restocking fee field',
	amount_invalid: 'the amount field path and amount units',
	currency_invalid: 'the currency field path',
	invalid_payload: 'what the previous node sends (one object per item)',
};

/** The Guard's verdicts: how many payloads, how many blocked, and per problem code. */
export interface GuardCounts {
	total: number;
	blocked: number;
	/** Payloads blocked with each problem code (a payload counts once per code). */
	problems: Readonly<Record<string, number>>;
}

/**
 * Every payload blocked for one and the same problem: a setting (most often a map) rather than
 * the payloads is wrong. Needs two payloads at least: one blocked payload is not a pattern.
 */
export function blockedHints(counts: GuardCounts): OpsHint[] {
	if (counts.total < 2 || counts.blocked !== counts.total) return [];
	const shared = Object.entries(counts.problems)
		.filter(([, count]) => count === counts.total)
		.map(([code]) => code)
		.sort();
	if (shared.length === 0) return [];
	const code = shared[0];
	const check = LIKELY_SETTING[code] ?? 'the node’s maps and field paths';
	return [
		hint(
			`All ${counts.total} payloads were blocked for ${code}. When every payload fails the same check, a setting is more likely wrong than the payloads: check ${check}.`,
		),
	];
}

/** The Tagger's results: failed calls read, and how many a table row recognised. */
export interface TaggerCounts {
	total: number;
	classified: number;
}

/**
 * A Tagger that recognised none of its failed calls: most often it is not connected to an ERP
 * call's error output, or the errors are not the ERP's.
 */
export function taggerHints(counts: TaggerCounts): OpsHint[] {
	if (counts.total === 0 || counts.classified > 0) return [];
	return [
		hint(
			`None of the ${plural(counts.total, 'failed call')} matched a row of the Tagger’s table, so all went to Unclassified. Check that this node reads the error output of the node that calls the ERP (Settings → On Error → "Continue (using error output)") or an Error Trigger.`,
		),
	];
}

// ---------------------------------------------------------------------------------------------
// Counts from the core's results, so a node's wiring is one call

/** The `invalid_record` findings of tags, for invalidRecordHints. */
export function invalidFindingsOf(tags: Iterable<unknown>): InvalidRecordFinding[] {
	const found: InvalidRecordFinding[] = [];
	for (const tag of tags) {
		const findings = fieldOf(tag, 'findings');
		if (!Array.isArray(findings)) continue;
		for (const finding of findings) {
			if (fieldOf(finding, 'cause') === 'invalid_record')
				found.push(finding as InvalidRecordFinding);
		}
	}
	return found;
}

/**
 * Per input of the Reconciler: its records, and how many ended in a case that holds records of
 * at least two kinds (matched to something). `names` and `formats` are by record kind.
 */
export function reconcilerInputCounts<K extends string>(
	result: {
		cases: ReadonlyArray<{ sources: Readonly<Record<K, readonly number[]>> }>;
		unmatched: ReadonlyArray<{ kind: string }>;
	},
	names: Readonly<Record<K, string>>,
	formats: Readonly<Partial<Record<string, string>>> = {},
): InputMatchCount[] {
	const kinds = Object.keys(names) as K[];
	return kinds.map((kind) => {
		let records = result.unmatched.filter((record) => record.kind === kind).length;
		let matched = 0;
		for (const found of result.cases) {
			const own = found.sources[kind]?.length ?? 0;
			records += own;
			const others = kinds.some((other) => other !== kind && found.sources[other]?.length > 0);
			if (others) matched += own;
		}
		const format = formats[kind];
		return { name: names[kind], records, matched, ...(format ? { format } : {}) };
	});
}

/** The Guard's counts from its results (`verdict` and the problems' codes). */
export function guardCounts(
	results: Iterable<{ verdict: string; problems: ReadonlyArray<{ code: string }> }>,
): GuardCounts {
	const counts: { total: number; blocked: number; problems: Record<string, number> } = {
		total: 0,
		blocked: 0,
		problems: {},
	};
	for (const result of results) {
		counts.total++;
		if (result.verdict !== 'blocked') continue;
		counts.blocked++;
		for (const code of new Set(result.problems.map((problem) => problem.code))) {
			counts.problems[code] = (counts.problems[code] ?? 0) + 1;
		}
	}
	return counts;
}

/** How many of a node's tags are in a state (`mismatch`, `pending`). */
export function countState(tags: Iterable<unknown>, state: string): number {
	let count = 0;
	for (const tag of tags) if (fieldOf(tag, 'state') === state) count++;
	return count;
}

/**
 * What a node tells ops after its run: its custom data (unless the user turned "Save Counts to
 * Execution" off) and its hints. Never throws.
 */
export function reportToOps(
	ctx: IExecuteFunctions,
	node: OpsNode,
	report: { counts: CustomDataValues; hints: readonly OpsHint[] },
): SavedCustomData | null {
	let saveCounts = true;
	try {
		saveCounts = ctx.getNodeParameter(`options.${saveCountsOption.name}`, 0, true) !== false;
	} catch {
		// A node without the option saves, as the option's default says.
	}
	const saved = saveCounts ? saveCustomData(ctx, node, report.counts) : null;
	addHints(ctx, report.hints);
	return saved;
}

/** Hands hints to n8n; n8n versions without runtime hints are skipped silently. */
export function addHints(ctx: IExecuteFunctions, hints: readonly OpsHint[]): void {
	if (hints.length === 0 || typeof ctx.addExecutionHints !== 'function') return;
	try {
		ctx.addExecutionHints(...hints);
	} catch {
		// Hints are advice: a failure to show one must not fail the execution.
	}
}

// ---------------------------------------------------------------------------------------------
// One call per node, at the end of its run: read the node's outputs (or the core's result),
// save the counts and add the hints. An agent's tool call is no execution to count: skipped.

/** The node's tag field as its parameter says (read against the first item), else the default. */
function tagFieldOf(ctx: IExecuteFunctions): string {
	try {
		const value = ctx.getNodeParameter('tagField', 0, DEFAULT_TAG_FIELD) as unknown;
		return typeof value === 'string' && value.trim() !== '' ? value.trim() : DEFAULT_TAG_FIELD;
	} catch {
		return DEFAULT_TAG_FIELD;
	}
}

/** The tags output items carry under the node's tag field (an error item carries none). */
function tagsOn(ctx: IExecuteFunctions, items: readonly INodeExecutionData[]): unknown[] {
	const field = tagFieldOf(ctx);
	return items.map((item) => fieldOf(item.json, field));
}

function runIsTool(ctx: IExecuteFunctions): boolean {
	try {
		return isToolExecution(ctx);
	} catch {
		return false;
	}
}

/** The Guard's run, from its Pass and Blocked outputs. */
export function reportGuardRun(
	ctx: IExecuteFunctions,
	outputs: { pass: readonly INodeExecutionData[]; blocked: readonly INodeExecutionData[] },
): SavedCustomData | null {
	if (runIsTool(ctx)) return null;
	const passTags = tagsOn(ctx, outputs.pass);
	const blockedTags = tagsOn(ctx, outputs.blocked);
	const verdicts = [
		...passTags.map(() => ({ verdict: 'pass', problems: [] })),
		// An error item (continue-on-fail) left on Blocked too: blocked, with no problem code.
		...blockedTags.map((tag) => ({ verdict: 'blocked', problems: problemsOf(tag) })),
	];
	const counts = guardCounts(verdicts);
	const tags = [...passTags, ...blockedTags];
	return reportToOps(ctx, 'guard', {
		counts: {
			handoff_blocked: counts.blocked,
			handoff_passed: counts.total - counts.blocked,
			handoff_top_symptom: topSymptom(tags, SYMPTOM_PRIORITY),
		},
		hints: [...blockedHints(counts), ...invalidRecordHints(invalidFindingsOf(tags), {}, 'payload')],
	});
}

function problemsOf(tag: unknown): Array<{ code: string }> {
	const problems = fieldOf(tag, 'problems');
	if (!Array.isArray(problems)) return [];
	return problems
		.map((problem) => fieldOf(problem, 'code'))
		.filter((code): code is string => typeof code === 'string')
		.map((code) => ({ code }));
}

/** The Tagger's run, from its Retry, Fix and Unclassified outputs. */
export function reportTaggerRun(
	ctx: IExecuteFunctions,
	outputs: {
		retry: readonly INodeExecutionData[];
		fix: readonly INodeExecutionData[];
		unclassified: readonly INodeExecutionData[];
	},
): SavedCustomData | null {
	if (runIsTool(ctx)) return null;
	const tags = tagsOn(ctx, [...outputs.retry, ...outputs.fix, ...outputs.unclassified]);
	const classified = tags.filter((tag) => typeof fieldOf(tag, 'symptom') === 'string').length;
	// Error Trigger items mean the node is wired right: an unknown failure there is the data.
	const fromErrorTrigger = tags.some((tag) => fieldOf(tag, 'executionId') !== undefined);
	return reportToOps(ctx, 'tagger', {
		counts: {
			handoff_retry: outputs.retry.length,
			handoff_fix: outputs.fix.length,
			handoff_unclassified: outputs.unclassified.length,
			handoff_top_symptom: topSymptom(tags, SYMPTOM_PRIORITY),
		},
		hints: fromErrorTrigger ? [] : taggerHints({ total: tags.length, classified }),
	});
}

/**
 * The record format chosen for each input, where the node has a Format parameter per input
 * (`portalFormat`, …); none in version 1, which reads canonical records.
 */
function formatsOf(ctx: IExecuteFunctions, kinds: readonly string[]): Record<string, string> {
	const formats: Record<string, string> = {};
	for (const kind of kinds) {
		try {
			const value = ctx.getNodeParameter(`${kind}Format`, 0, '') as unknown;
			if (typeof value === 'string' && value !== '') formats[kind] = value;
		} catch {
			// No such parameter in this version.
		}
	}
	return formats;
}

/** The Reconciler's run, from the core's result; its inputs' record kinds and names, in order. */
export function reportReconcilerRun<K extends string>(
	ctx: IExecuteFunctions,
	result: {
		cases: ReadonlyArray<{ tag: unknown; sources: Readonly<Record<K, readonly number[]>> }>;
		unmatched: ReadonlyArray<{ kind: string; tag: unknown }>;
	},
	kinds: readonly K[],
	inputNames: readonly string[],
): SavedCustomData | null {
	if (runIsTool(ctx)) return null;
	const names = Object.fromEntries(kinds.map((kind, input) => [kind, inputNames[input]])) as Record<
		K,
		string
	>;
	const caseTags = result.cases.map((found) => found.tag);
	const tags = [...caseTags, ...result.unmatched.map((record) => record.tag)];
	const formats = formatsOf(ctx, Object.keys(names));
	return reportToOps(ctx, 'reconciler', {
		counts: {
			handoff_mismatch: countState(caseTags, 'mismatch'),
			handoff_pending: countState(caseTags, 'pending'),
			handoff_top_symptom: topSymptom(tags, SYMPTOM_PRIORITY),
		},
		hints: [
			...invalidRecordHints(invalidFindingsOf(tags), formats),
			...unmatchedInputHints(reconcilerInputCounts(result, names, formats)),
		],
	});
}

/** The Pattern Report's run: structural signatures, and the most frequent symptom of its tags. */
export function reportPatternRun(
	ctx: IExecuteFunctions,
	tags: readonly unknown[],
	summary: { signatures: ReadonlyArray<{ pattern: string }> },
): SavedCustomData | null {
	if (runIsTool(ctx)) return null;
	return reportToOps(ctx, 'patternReport', {
		counts: {
			handoff_structural: summary.signatures.filter((s) => s.pattern === 'structural').length,
			handoff_top_symptom: topSymptom(tags, SYMPTOM_PRIORITY),
		},
		hints: [],
	});
}
