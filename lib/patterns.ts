/**
 * The Pattern Report's core (docs/rules.md "Structural vs one-time"): counts of tags by symptom,
 * boundary and signature, structural vs one-time, lag statistics, and the rolling memory the
 * node keeps in workflow static data so that failures arriving one per execution add up.
 */
import { z } from 'zod';

import { CATALOG, SYMPTOM_PRIORITY } from './catalog';
import {
	DEFAULTS,
	resolveOptions,
	OptionsError,
	describe,
	minutesSchema,
	optionsErrorOf,
	type Options,
} from './options';
import { parseTime } from './time';
import { SYMPTOMS } from './types';
import type { HandoffTag, Symptom } from './types';

export type PatternKind = 'structural' | 'one_time';

/** What makes two failures "the same": the guide's "same mismatch type, SKU category, boundary". */
export interface SignatureKey {
	symptom: Symptom;
	cause: string | null;
	boundary: string;
	/** The SKU category of the return's lines; null when unknown. */
	category: string | null;
}

export interface PatternSignature extends SignatureKey {
	count: number;
	pattern: PatternKind;
}

export interface LagStatistics {
	/** How many lag values the statistics are computed from. */
	count: number;
	/** The statistics are null when `count` is 0. */
	medianMinutes: number | null;
	p95Minutes: number | null;
	maxMinutes: number | null;
	cv: number | null;
	/** Null when there is no lag to judge: no evidence either way is not "consistent". */
	consistent: boolean | null;
}

export interface PatternSummary {
	total: number;
	/** Every symptom of the catalog, 0 when unseen, so `bySymptom.missing_handoff` always reads. */
	bySymptom: Record<Symptom, number>;
	/** Every catalog boundary (0 when unseen), then any other boundary a tag carried. */
	byBoundary: Record<string, number>;
	signatures: PatternSignature[];
	lag: LagStatistics;
	/**
	 * The lag values behind `lag` (prior ones first, then this run's, in input order), the most
	 * recent MAX_LAG_SAMPLES of them. They let a later call merge lag exactly (as `prior`) and let
	 * the report draw its histogram.
	 */
	lagSamples: number[];
	/** The thresholds this summary was judged by, so a report can say what "structural" meant. */
	settings: { structuralThreshold: number; slaWindowMinutes: number };
}

/** An earlier summary, as `summarizePatterns` returned it or as it survived a JSON round trip. */
export interface PriorSummary {
	total: number;
	signatures: Array<SignatureKey & { count: number; pattern?: PatternKind }>;
	/** Accepted and ignored: both are recomputed from `signatures`, which carry the same counts. */
	bySymptom?: Partial<Record<Symptom, number>>;
	byBoundary?: Record<string, number>;
	/** Without it, the prior's lag is not merged (its statistics alone cannot be combined). */
	lagSamples?: number[];
}

/** The library's one option vocabulary; summarizePatterns reads the names in PATTERN_USES. */
export type PatternOptions = Options;

/** The cap on `lagSamples`: a few thousand numbers keep a summary item small. */
export const MAX_LAG_SAMPLES = 2000;
/** Lag is judged consistent only when its spread stays within half its mean. */
export const MAX_CONSISTENT_CV = 0.5;

const PATTERN_USES = ['structuralThreshold', 'slaWindowMinutes', 'prior'] as const;
const MEMORY_USES = ['now', 'rememberDays'] as const;

const count = z
	.number({ error: 'a whole number, 0 or more' })
	.int('a whole number, 0 or more')
	.min(0, 'a whole number, 0 or more');
const nullableText = z.string({ error: 'a text or null' }).nullable();

const priorSchema = z
	.object(
		{
			total: count,
			signatures: z.array(
				z.object(
					{
						symptom: z.enum(SYMPTOMS, { error: `one of ${SYMPTOMS.join(', ')}` }),
						cause: nullableText,
						boundary: z.string({ error: 'a text' }),
						category: nullableText,
						count,
					},
					{ error: 'a signature object' },
				),
				{ error: 'a list of signatures' },
			),
			lagSamples: z
				.array(minutesSchema, { error: 'a list of numbers of minutes' })
				.max(1_000_000, 'at most 1,000,000 lag values')
				.optional(),
		},
		{ error: 'an earlier pattern summary' },
	)
	.refine((p) => p.total >= p.signatures.reduce((sum, s) => sum + s.count, 0), {
		message: 'a total at least the sum of its signature counts',
		path: ['total'],
	});

const priorOption = z.object({ prior: priorSchema.nullish() });

interface ResolvedPatternOptions {
	structuralThreshold: number;
	slaWindowMinutes: number;
	prior: z.output<typeof priorSchema> | null;
}

function resolvePatternOptions(raw: unknown): ResolvedPatternOptions {
	const options = resolveOptions(raw, PATTERN_USES);
	const input = { prior: (raw as Options | null | undefined)?.prior };
	const parsed = priorOption.safeParse(input);
	if (!parsed.success) throw optionsErrorOf(parsed.error, input);
	return {
		structuralThreshold: options.structuralThreshold,
		slaWindowMinutes: options.slaWindowMinutes,
		prior: parsed.data.prior ?? null,
	};
}

/** A list of tags, or an OptionsError naming `tags`. */
function checkTags(tags: unknown): void {
	if (!Array.isArray(tags)) {
		throw new OptionsError({
			option: 'tags',
			expected: 'a list of tags',
			received: describe(tags),
		});
	}
}

/** The parts of a tag the report reads, taken defensively: a tag may come from anywhere. */
interface TagReading {
	/** Null for a tag with no symptom, or one this catalog does not know. */
	symptom: Symptom | null;
	cause: string | null;
	boundary: string | null;
	category: string | null;
	lagMinutes: number | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOrNull(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function readTag(tag: Record<string, unknown>): TagReading {
	const symptom = (SYMPTOMS as readonly unknown[]).includes(tag.symptom)
		? (tag.symptom as Symptom)
		: null;
	const lag = tag.lagMinutes;
	return {
		symptom,
		cause: textOrNull(tag.cause),
		// A tag built elsewhere may lack its boundary; the catalog's is what it would have said.
		boundary: textOrNull(tag.boundary) ?? (symptom ? CATALOG[symptom].boundary : null),
		category: textOrNull(tag.category),
		// A posting dated before the instruction (clocks of two systems) waited no time at all.
		lagMinutes: typeof lag === 'number' && Number.isFinite(lag) ? Math.max(0, lag) : undefined,
	};
}

function signatureKeyOf(s: {
	symptom: Symptom | null;
	cause: string | null;
	boundary: string | null;
	category: string | null;
}): string {
	return JSON.stringify([s.symptom, s.cause, s.boundary, s.category]);
}

/** Counts, merged in linear time: one Map entry per signature. */
class PatternTally {
	total = 0;
	private readonly signatures = new Map<string, SignatureKey & { count: number }>();
	readonly lag: number[] = [];

	addSignature(key: SignatureKey, n: number): void {
		const id = signatureKeyOf(key);
		const entry = this.signatures.get(id);
		if (entry) entry.count += n;
		else
			this.signatures.set(id, {
				symptom: key.symptom,
				cause: key.cause,
				boundary: key.boundary,
				category: key.category,
				count: n,
			});
	}

	addTag(tag: unknown): void {
		this.total += 1;
		if (!isRecord(tag)) return;
		const reading = readTag(tag);
		if (reading.lagMinutes !== undefined) this.lag.push(reading.lagMinutes);
		if (reading.symptom !== null && reading.boundary !== null) {
			this.addSignature({ ...reading, symptom: reading.symptom, boundary: reading.boundary }, 1);
		}
	}

	summary(structuralThreshold: number, slaWindowMinutes: number): PatternSummary {
		const signatures: PatternSignature[] = [...this.signatures.values()]
			.map((s) => ({
				...s,
				pattern: (s.count >= structuralThreshold ? 'structural' : 'one_time') as PatternKind,
			}))
			.sort(compareSignatures);
		const bySymptom = Object.fromEntries(SYMPTOMS.map((s) => [s, 0])) as Record<Symptom, number>;
		const byBoundary = new Map<string, number>(SYMPTOMS.map((s) => [CATALOG[s].boundary, 0]));
		for (const s of signatures) {
			bySymptom[s.symptom] += s.count;
			byBoundary.set(s.boundary, (byBoundary.get(s.boundary) ?? 0) + s.count);
		}
		return {
			total: this.total,
			bySymptom,
			// fromEntries defines own properties, so a boundary named `__proto__` stays data.
			byBoundary: Object.fromEntries(byBoundary),
			signatures,
			lag: lagStatistics(this.lag, slaWindowMinutes),
			lagSamples: this.lag.slice(-MAX_LAG_SAMPLES),
			settings: { structuralThreshold, slaWindowMinutes },
		};
	}
}

const PRIORITY_RANK = new Map<Symptom, number>(SYMPTOM_PRIORITY.map((s, i) => [s, i]));

/** Known categories before unknown ones; code-unit order, so no locale changes the result. */
function compareText(a: string | null, b: string | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a < b ? -1 : 1;
}

function compareSignatures(a: PatternSignature, b: PatternSignature): number {
	return (
		b.count - a.count ||
		(PRIORITY_RANK.get(a.symptom) ?? 0) - (PRIORITY_RANK.get(b.symptom) ?? 0) ||
		compareText(a.cause, b.cause) ||
		compareText(a.boundary, b.boundary) ||
		compareText(a.category, b.category)
	);
}

/**
 * Lag statistics in minutes. Median: the middle value, or the mean of the two middle values for
 * an even count. p95: nearest rank, the ceil(0.95·n)-th smallest value (of 20 values, the 19th).
 * cv: population standard deviation / mean; 0 for fewer than two values or a mean of 0 (no
 * spread to speak of). Consistent: p95 ≤ slaWindowMinutes and cv ≤ 0.5; null with no values.
 */
export function lagStatistics(samples: readonly number[], slaWindowMinutes: number): LagStatistics {
	const n = samples.length;
	if (n === 0) {
		return {
			count: 0,
			medianMinutes: null,
			p95Minutes: null,
			maxMinutes: null,
			cv: null,
			consistent: null,
		};
	}
	const sorted = [...samples].sort((a, b) => a - b);
	const middle = Math.floor(n / 2);
	const median = n % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	// Integer arithmetic: 0.95 * n in floating point can land a hair above a whole rank.
	const p95 = sorted[Math.ceil((95 * n) / 100) - 1];
	const max = sorted[n - 1];
	let sum = 0;
	for (const value of sorted) sum += value;
	const mean = sum / n;
	let squares = 0;
	for (const value of sorted) squares += (value - mean) ** 2;
	const cv = n < 2 || mean === 0 ? 0 : Math.sqrt(squares / n) / mean;
	return {
		count: n,
		medianMinutes: median,
		p95Minutes: p95,
		maxMinutes: max,
		cv,
		consistent: p95 <= slaWindowMinutes && cv <= MAX_CONSISTENT_CV,
	};
}

/**
 * Counts tags by symptom, boundary and signature (symptom + cause + boundary + category) and
 * judges each signature structural (seen `structuralThreshold` times or more) or one-time.
 *
 * `prior` (an earlier summary) is added first: its total and signature counts, and its lag
 * samples when it carries them, so lag statistics cover the same span as the counts. A prior
 * without `lagSamples` adds counts only. Tags with no symptom (or one the catalog does not know)
 * count in `total` and `lag` only; entries that are not objects count in `total` only. A bad tag
 * never throws; a bad option throws an OptionsError naming it.
 */
export function summarizePatterns(
	tags: readonly HandoffTag[] | readonly unknown[],
	options?: PatternOptions,
): PatternSummary {
	const resolved = resolvePatternOptions(options);
	checkTags(tags);
	const tally = new PatternTally();
	const { prior } = resolved;
	if (prior) {
		for (const signature of prior.signatures) tally.addSignature(signature, signature.count);
		tally.total += prior.total;
		// A loop, not push(...): a long list spread as arguments can overflow the stack.
		for (const value of prior.lagSamples ?? []) tally.lag.push(value);
	}
	for (const tag of tags) tally.addTag(tag);
	return tally.summary(resolved.structuralThreshold, resolved.slaWindowMinutes);
}

// ---------------------------------------------------------------------------------------------
// Rolling memory: what the Pattern Report node keeps between executions in workflow static data.

export const MEMORY_VERSION = 1;
const MAX_SIGNATURES_PER_DAY = 200;
const MAX_LAG_PER_DAY = 300;
const MAX_SEEN_PER_DAY = 3000;
const MAX_MEMORY_TEXT = 200;
const DAY_MS = 86_400_000;

/** `[symptom, cause, boundary, category, count]`; symptom null for tags that count in total only. */
export type MemorySignature = [Symptom | null, string | null, string | null, string | null, number];

export interface PatternMemoryDay {
	signatures: MemorySignature[];
	/** Tags counted in the total that carry no storable signature (not an object, or outsized). */
	other: number;
	/** Lag values of that day, the most recent MAX_LAG_PER_DAY. */
	lag: number[];
	/** 53-bit hashes of (return, signature) already counted, so a re-audit is not counted again. */
	seen: number[];
}

/** Plain JSON: `days` is keyed by UTC day (`2026-04-03`). */
export interface PatternMemory {
	version: typeof MEMORY_VERSION;
	days: Record<string, PatternMemoryDay>;
}

/** rollPatternMemory reads `now` and `rememberDays` (default 7, at most 31) of the vocabulary. */
export type PatternMemoryOptions = Options;

export interface RolledPatternMemory {
	/** What to store back in static data: the remembered days plus this run's new tags. */
	memory: PatternMemory;
	/** The remembered days before this run, as a summary to pass to summarizePatterns as `prior`. */
	prior: PatternSummary;
	/** This run's tags minus those already counted: the ones to pass to summarizePatterns. */
	tags: unknown[];
}

const memoryDaySchema = z.object({
	signatures: z
		.array(
			z.tuple([
				z.enum(SYMPTOMS).nullable(),
				z.string().max(MAX_MEMORY_TEXT).nullable(),
				z.string().max(MAX_MEMORY_TEXT).nullable(),
				z.string().max(MAX_MEMORY_TEXT).nullable(),
				z.number().int().min(1),
			]),
		)
		.max(MAX_SIGNATURES_PER_DAY),
	other: z.number().int().min(0),
	lag: z.array(z.number().min(0)),
	seen: z.array(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)),
});
function utcDay(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

function isDayKey(key: string): boolean {
	return /^\d{4}-\d{2}-\d{2}$/.test(key) && utcDay(Date.parse(key)) === key;
}

/**
 * cyrb53: a small, well-spread 53-bit string hash. Storing it instead of return IDs keeps the
 * memory's size independent of how long IDs are; at thousands of entries a collision (one
 * return wrongly taken as already counted) has odds around one in a billion.
 */
function hash53(text: string): number {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
	h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
	h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The return (else the order) a tag is about; tags with neither are never deduplicated. */
function identityOf(tag: Record<string, unknown>): string | null {
	const returnId = textOrNull(tag.returnId);
	if (returnId !== null) return `return:${returnId}`;
	const orderId = textOrNull(tag.orderId);
	return orderId !== null ? `order:${orderId}` : null;
}

function loadDays(memory: unknown, oldest: string, today: string): Map<string, PatternMemoryDay> {
	const days = new Map<string, PatternMemoryDay>();
	// Static data is whatever the workflow last saved (or a hand edit): any other shape starts
	// fresh, and a day that does not read is dropped rather than failing the run.
	if (!isRecord(memory) || memory.version !== MEMORY_VERSION || !isRecord(memory.days)) return days;
	const stored = memory.days;
	for (const key of Object.keys(stored).sort()) {
		if (key < oldest || key > today || !isDayKey(key)) continue;
		const day = memoryDaySchema.safeParse(stored[key]);
		if (!day.success) continue;
		days.set(key, {
			signatures: day.data.signatures.map((s) => [...s] as MemorySignature),
			other: day.data.other,
			lag: day.data.lag.slice(-MAX_LAG_PER_DAY),
			seen: day.data.seen.slice(-MAX_SEEN_PER_DAY),
		});
	}
	return days;
}

function fitsMemory(s: TagReading): boolean {
	return [s.cause, s.boundary, s.category].every((t) => t === null || t.length <= MAX_MEMORY_TEXT);
}

/**
 * Keeps per-UTC-day buckets of the last `rememberDays` days (today included) and splits this
 * run's tags into those not yet counted. Use it as:
 *
 *   const rolled = rollPatternMemory(staticData.patterns, tags, { now, rememberDays });
 *   staticData.patterns = rolled.memory;
 *   const summary = summarizePatterns(rolled.tags, { prior: rolled.prior, structuralThreshold });
 *
 * A tag is filed under the day of its `checkedAt` (today when it has none, or a future one) and
 * is not remembered when that day is outside the window (it still counts in this run). A return
 * (by `returnId`, else `orderId`) counts once per signature within the window, however often a
 * scheduled audit or a retry tags it again: otherwise an hourly Reconciler run would make every
 * open case "structural" by its third hour. Memory of any other shape starts fresh; each day is
 * bounded (200 signatures, 300 lag values, 3000 seen returns; beyond that a tag still counts but
 * is no longer deduplicated or its signature is kept in the total only).
 */
export function rollPatternMemory(
	memory: unknown,
	tags: readonly HandoffTag[] | readonly unknown[],
	options?: PatternMemoryOptions,
): RolledPatternMemory {
	const resolved = resolveOptions(options, MEMORY_USES);
	checkTags(tags);
	const nowMs = resolved.nowMs ?? Date.now();
	const rememberDays = resolved.rememberDays;
	const today = utcDay(nowMs);
	const oldest = utcDay(nowMs - (rememberDays - 1) * DAY_MS);
	const days = loadDays(memory, oldest, today);

	const prior = new PatternTally();
	const seen = new Set<number>();
	for (const day of days.values()) {
		for (const [symptom, cause, boundary, category, n] of day.signatures) {
			prior.total += n;
			if (symptom !== null && boundary !== null) {
				prior.addSignature({ symptom, cause, boundary, category }, n);
			}
		}
		prior.total += day.other;
		for (const value of day.lag) prior.lag.push(value);
		for (const hash of day.seen) seen.add(hash);
	}

	const dayOf = (key: string): PatternMemoryDay => {
		let day = days.get(key);
		if (!day) {
			day = { signatures: [], other: 0, lag: [], seen: [] };
			days.set(key, day);
		}
		return day;
	};
	// Per day, signature key → its index in `signatures`, built on first use: linear, not a scan.
	const indexes = new Map<string, Map<string, number>>();
	const indexOf = (key: string, day: PatternMemoryDay): Map<string, number> => {
		let index = indexes.get(key);
		if (!index) {
			index = new Map();
			for (const [i, s] of day.signatures.entries()) {
				const id = signatureKeyOf({ symptom: s[0], cause: s[1], boundary: s[2], category: s[3] });
				if (!index.has(id)) index.set(id, i);
			}
			indexes.set(key, index);
		}
		return index;
	};
	const fresh: unknown[] = [];
	for (const tag of tags) {
		if (!isRecord(tag)) {
			fresh.push(tag);
			dayOf(today).other += 1;
			continue;
		}
		const reading = readTag(tag);
		const signature = signatureKeyOf(reading);
		const identity = identityOf(tag);
		const hash = identity === null ? null : hash53(`${identity}\u0000${signature}`);
		if (hash !== null) {
			if (seen.has(hash)) continue;
			seen.add(hash);
		}
		fresh.push(tag);
		const checked = parseTime(tag.checkedAt);
		const key = checked.ok ? utcDay(Math.min(checked.ms, nowMs)) : today;
		if (key < oldest) continue;
		const day = dayOf(key);
		const index = indexOf(key, day);
		const at = index.get(signature);
		if (at !== undefined) day.signatures[at][4] += 1;
		else if (day.signatures.length < MAX_SIGNATURES_PER_DAY && fitsMemory(reading)) {
			index.set(signature, day.signatures.length);
			day.signatures.push([reading.symptom, reading.cause, reading.boundary, reading.category, 1]);
		} else day.other += 1;
		if (reading.lagMinutes !== undefined) day.lag.push(reading.lagMinutes);
		if (hash !== null && day.seen.length < MAX_SEEN_PER_DAY) day.seen.push(hash);
	}

	const stored: Record<string, PatternMemoryDay> = {};
	for (const key of [...days.keys()].sort()) {
		const day = days.get(key) as PatternMemoryDay;
		stored[key] = { ...day, lag: day.lag.slice(-MAX_LAG_PER_DAY) };
	}
	return {
		memory: { version: MEMORY_VERSION, days: stored },
		prior: prior.summary(DEFAULTS.structuralThreshold, DEFAULTS.slaWindowMinutes),
		tags: fresh,
	};
}
