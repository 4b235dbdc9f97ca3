/** Building a tag from findings: primary symptom by priority, state, severity, catalog fields. */
import {
	BENIGN_CAUSES,
	CATALOG,
	SYMPTOM_PRIORITY,
	scopeOf,
	severityOf,
	type SymptomCause,
	type SymptomEntry,
} from './catalog';
import type { Finding, HandoffTag, MatchMethod, RecordKind, State, Symptom } from './types';

export const TAG_VERSION = 1 as const;

export interface TagInput {
	findings: Finding[];
	returnId: string | null;
	orderId: string | null;
	category?: string | null;
	checkedAt: Date | string;
	matchedBy?: Partial<Record<RecordKind, MatchMethod | MatchMethod[]>>;
	lagMinutes?: number;
	retryable?: boolean;
	/** The Guard and the Tagger set the state themselves; the Reconciler derives it (rule 6). */
	state?: State;
}

/** The finding that names the tag: the first finding of the highest-priority symptom. */
export function primaryFinding(findings: readonly Finding[]): Finding | undefined {
	let best: Finding | undefined;
	let bestRank = Number.POSITIVE_INFINITY;
	for (let i = 0; i < findings.length; i++) {
		const finding = findings[i];
		if (finding.symptom === null) continue;
		const rank = SYMPTOM_PRIORITY.indexOf(finding.symptom);
		if (rank < bestRank) {
			best = finding;
			bestRank = rank;
		}
	}
	return best;
}

/** Rule 6: pending only for `within_window`; consistent with nothing or only benign causes. */
export function stateOf(findings: readonly Finding[]): State {
	// Plain loops: this runs once per return, a million times a run.
	let benign = true;
	let pending = true;
	for (let i = 0; i < findings.length; i++) {
		const f = findings[i];
		if (f.symptom === null || !BENIGN_CAUSES.has(f.cause)) benign = false;
		if (f.symptom !== 'timing_latency' || f.cause !== 'within_window') pending = false;
	}
	if (benign) return 'consistent';
	return pending ? 'pending' : 'mismatch';
}

export function buildTag(input: TagInput): HandoffTag {
	const primary = primaryFinding(input.findings);
	const symptom: Symptom | null = primary?.symptom ?? null;
	// With no symptom, the cause is that of the first record-level finding (invalid_record,
	// unmatched), so a reader still sees why the item is tagged.
	const cause = primary ? primary.cause : (input.findings[0]?.cause ?? null);
	const state = input.state ?? stateOf(input.findings);
	const entry: SymptomEntry | undefined = symptom ? CATALOG[symptom] : undefined;
	const checkedAt =
		input.checkedAt instanceof Date ? input.checkedAt.toISOString() : input.checkedAt;
	const tag: HandoffTag = {
		state,
		symptom,
		cause,
		boundary: entry?.boundary ?? null,
		fixType: entry?.fixType ?? null,
		scope: symptom ? scopeOf(symptom, cause) : null,
		severity: severityOf(state, symptom, cause),
		nextSteps: entry ? [...entry.nextSteps] : [],
		findings: input.findings,
		returnId: input.returnId,
		orderId: input.orderId,
		category: input.category ?? null,
		checkedAt,
		version: TAG_VERSION,
	};
	if (input.retryable !== undefined) tag.retryable = input.retryable;
	if (input.matchedBy !== undefined) tag.matchedBy = input.matchedBy;
	if (input.lagMinutes !== undefined) tag.lagMinutes = input.lagMinutes;
	return tag;
}

/**
 * A finding: the one constructor every rule uses, so the shape never drifts. `named` is the
 * symptom and cause (a catalog pair), or anything that carries them (an error table row).
 */
export function finding(
	named: SymptomCause,
	message: string,
	evidence: Record<string, unknown> = {},
): Finding {
	return { symptom: named.symptom, cause: named.cause, message, evidence } as Finding;
}
