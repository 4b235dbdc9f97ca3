/** Value types shared by every capability of the core. No n8n import anywhere under lib/. */
import type { AnyCause, SymptomCause } from './catalog';

export const SYMPTOMS = [
	'missing_handoff',
	'id_linkage_failure',
	'partial_receipt_conflict',
	'timing_latency',
	'processor_mismatch',
	'duplicate_posting',
	'stale_ticket',
] as const;
export type Symptom = (typeof SYMPTOMS)[number];

export type State = 'mismatch' | 'pending' | 'consistent';
export type Scope = 'it' | 'ops';
export type Severity = 'info' | 'warning' | 'error';
export type RecordKind = 'portal' | 'processor' | 'erp' | 'support';
export type MatchMethod = 'returnId' | 'orderId' | 'amount' | 'time';

/**
 * One thing found wrong (or worth noting) about a return, a payload or an error: a symptom with
 * one of its causes from the catalog, or no symptom with a record-level cause.
 */
export type Finding = SymptomCause & {
	message: string;
	evidence: Record<string, unknown>;
};

/** What every node writes on an item (docs/rules.md "The tag"). */
export interface HandoffTag {
	state: State;
	symptom: Symptom | null;
	cause: AnyCause | null;
	boundary: string | null;
	fixType: string | null;
	scope: Scope | null;
	severity: Severity;
	retryable?: boolean;
	nextSteps: string[];
	findings: Finding[];
	matchedBy?: Partial<Record<RecordKind, MatchMethod | MatchMethod[]>>;
	lagMinutes?: number;
	returnId: string | null;
	orderId: string | null;
	category: string | null;
	checkedAt: string;
	version: 1;
	/** The Tagger's tag of an n8n Error Trigger item: which execution failed, and where. */
	executionId?: string | null;
	executionUrl?: string | null;
	workflowName?: string | null;
	failedNode?: string | null;
}
