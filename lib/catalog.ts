/**
 * The symptom catalog as data: boundary, fix type, scope and the guide's first steps for each
 * symptom, the cause codes each symptom can carry, and the priority order. Every rule that
 * produces a finding names a symptom and a cause from here; nothing else defines them, and the
 * cause types below are derived from this data, so a misspelt cause does not compile.
 */
import type { Scope, Severity, State, Symptom } from './types';

export interface SymptomEntry {
	boundary: string;
	fixType: string;
	scope: Scope;
	/** Cause codes this symptom can carry, in the order docs/rules.md "Symptoms" lists them. */
	causes: readonly string[];
	/** Causes whose scope differs from the symptom's default. */
	scopeByCause?: Readonly<Record<string, Scope>>;
	nextSteps: readonly string[];
}

export const CATALOG = {
	missing_handoff: {
		boundary: 'Portal → ERP middleware',
		fixType: 'Integration mapping or API error',
		scope: 'it',
		causes: [
			'not_received',
			'rejected',
			'unmapped_status',
			'auth_failed',
			'transport_failed',
			'erp_unavailable',
		],
		nextSteps: [
			'Check the integration log for the return transaction ID: was the call made to the ERP, and did it return an error?',
			'Verify the order reference mapping: does the ERP recognize the order ID format the returns portal sent?',
			'Check whether the return status code in the portal maps to a recognized status in the ERP integration configuration.',
		],
	},
	id_linkage_failure: {
		boundary: 'Middleware → ERP linkage',
		fixType: 'ID mapping or routing fix',
		scope: 'it',
		causes: [
			'order_ref_format',
			'order_ref_mismatch',
			'order_ref_missing',
			'order_ref_unknown',
			'return_id_missing',
			'wrong_subsidiary',
			'order_closed',
			'manual_bypass',
		],
		scopeByCause: { manual_bypass: 'ops' },
		nextSteps: [
			'Search the ERP for the orphaned return record and trace its internal reference: what order ID did it receive?',
			'Compare the order ID format in the ERP with the returns portal for the same transaction: is there a prefix, suffix or zero-padding difference?',
			'Check the ERP integration configuration for subsidiary or company code mapping: was the return routed to the wrong entity?',
		],
	},
	partial_receipt_conflict: {
		boundary: 'WMS → Portal → ERP',
		fixType: 'Refund calculation alignment',
		scope: 'ops',
		causes: ['restocking_fee', 'condition_adjustment', 'amount_mismatch', 'currency_mismatch'],
		nextSteps: [
			"Pull the WMS receipt record for the returned item: does it show a condition grade or restocking fee that differs from the portal's original approval amount?",
			"Check whether the portal's refund approval is sent to the ERP before or after the warehouse confirms receipt, and which timestamp the ERP uses for posting.",
			'Compare the refund calculation logic: does the portal use the original approved amount while the ERP recalculates from the actual receipt condition?',
		],
	},
	timing_latency: {
		boundary: 'Processing queue or batch config',
		fixType: 'Job scheduling or async config',
		scope: 'it',
		causes: ['within_window', 'overdue', 'late_posting', 'rate_limited'],
		nextSteps: [
			'Measure the typical lag between portal approval and ERP posting for the same transaction type.',
			'Check whether the lag is within the normal integration processing window or exceeds it consistently.',
			'If the lag is consistent and exceeds the normal window, check the batch processing configuration, API rate limiting and ERP job scheduling.',
			'Check whether the support team has a rule for when to update or close refund status tickets: an outdated ticket can make a resolved mismatch look open.',
		],
	},
	processor_mismatch: {
		boundary: 'Portal → Processor',
		fixType: 'Disbursement method or amount configuration',
		scope: 'it',
		causes: ['amount', 'method', 'not_disbursed', 'failed', 'not_refundable', 'currency_mismatch'],
		nextSteps: [
			"Check the processor's disbursement method configuration.",
			'Check whether the refund went to the original payment method or to store credit, and whether that is what the portal instructed.',
			'Compare the amount the processor disbursed with the amount the portal approved and the ERP posted.',
		],
	},
	duplicate_posting: {
		boundary: 'Middleware → ERP or Portal → Processor',
		fixType: 'Idempotency key or retry configuration',
		scope: 'it',
		causes: ['duplicate_credit_memo', 'duplicate_refund', 'already_posted'],
		nextSteps: [
			'Find the retry or redelivery that posted the return twice.',
			'Void the duplicate credit memo or refund.',
			'Add an idempotency key (the return ID) to the call so a retry cannot post twice.',
		],
	},
	stale_ticket: {
		boundary: 'Support ticket',
		fixType: 'Ticket update or closing rule',
		scope: 'ops',
		causes: ['ticket_not_updated'],
		nextSteps: [
			'Update the ticket to the current state: the refund has been disbursed and all systems agree.',
			'Add a rule that updates or closes refund tickets when the disbursement is confirmed.',
		],
	},
} as const satisfies Readonly<Record<Symptom, SymptomEntry>>;

/** The causes a symptom can carry: `Cause<'timing_latency'>` is `'within_window' | 'overdue' | …`. */
export type Cause<S extends Symptom> = (typeof CATALOG)[S]['causes'][number];

/**
 * Causes of findings that name no symptom: a record that cannot be read, one that matches
 * nothing, an error no rule of the Tagger recognises.
 */
export const NO_SYMPTOM_CAUSES = ['invalid_record', 'unmatched', 'unclassified'] as const;
export type NoSymptomCause = (typeof NO_SYMPTOM_CAUSES)[number];

/** A symptom with one of its own causes, or no symptom with a record-level cause. */
export type SymptomCause =
	| { [S in Symptom]: { symptom: S; cause: Cause<S> } }[Symptom]
	| { symptom: null; cause: NoSymptomCause };
export type AnyCause = SymptomCause['cause'];

/** The primary symptom of a return is the first of its findings' symptoms in this order. */
export const SYMPTOM_PRIORITY: readonly Symptom[] = [
	'missing_handoff',
	'id_linkage_failure',
	'duplicate_posting',
	'partial_receipt_conflict',
	'processor_mismatch',
	'timing_latency',
	'stale_ticket',
];

/** Causes that, alone, leave a return consistent (rule 6). */
export const BENIGN_CAUSES: ReadonlySet<string> = new Set(['late_posting', 'ticket_not_updated']);

export function scopeOf(symptom: Symptom, cause: string | null): Scope {
	const entry: SymptomEntry = CATALOG[symptom];
	const override = cause !== null ? entry.scopeByCause?.[cause] : undefined;
	return override ?? entry.scope;
}

/**
 * Severity: warnings for the two conditions an ops lead should act on without it being an
 * error (an overdue posting, a ticket telling the customer something stale); info for a
 * consistent or pending return; error otherwise.
 */
export function severityOf(state: State, symptom: Symptom | null, cause: string | null): Severity {
	if (symptom === 'stale_ticket' || (symptom === 'timing_latency' && cause === 'overdue')) {
		return 'warning';
	}
	if (state === 'consistent' || state === 'pending') return 'info';
	return 'error';
}

export function isKnownCause(symptom: Symptom, cause: string): boolean {
	return (CATALOG[symptom].causes as readonly string[]).includes(cause);
}
