// Types for demo-workflows.js, for the end-to-end tests written in TypeScript.

export interface Workflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export interface Outcome {
	symptom: string | null;
	cause: string | null;
}

export interface SampleDataset {
	portal: Array<Record<string, unknown>>;
	processor: Array<Record<string, unknown>>;
	erp: Array<Record<string, unknown>>;
	support: Array<Record<string, unknown>>;
	options: {
		now: string;
		idRules: Record<string, unknown>;
		subsidiaryMap: Record<string, string>;
		/** The system each input's records come from (the Reconciler's Format parameters). */
		formats: Record<'portal' | 'processor' | 'erp' | 'support', string>;
		currencyNames: Record<string, string>;
		fieldPaths: Record<string, Record<string, string>>;
	};
	/** returnId → the outcome the generator injected; both null for a consistent return. */
	expected: Record<string, Outcome>;
	/** Refund IDs (Stripe `id`) no return explains. */
	expectedUnmatched: string[];
}

export interface PostingCase {
	payload: Record<string, unknown>;
	/** `posted`, `blocked:<problem code>`, `unclassified`, or `<retry|fix>:<symptom>/<cause>`. */
	expect: string;
}

export const AUDIT: {
	id: string;
	name: string;
	file: string;
	returns: number;
	seed: number;
	now: string;
	consistentShare: number;
};
export const POSTING: { id: string; name: string; file: string };
export const NODES: {
	audit: Record<
		| 'trigger'
		| 'portal'
		| 'processor'
		| 'erp'
		| 'support'
		| 'reconciler'
		| 'report'
		| 'pending'
		| 'consistent'
		| 'unmatched',
		string
	>;
	posting: Record<
		| 'trigger'
		| 'payloads'
		| 'guard'
		| 'blocked'
		| 'post'
		| 'posted'
		| 'tagger'
		| 'retry'
		| 'fix'
		| 'unclassified',
		string
	>;
};
export const POSTING_CASES: PostingCase[];
export const DEFAULT_ERP_PORT: number;
export const CREDIT_MEMO_PATH: string;
export const WORKFLOWS_DIR: string;
export function auditWorkflow(settings?: {
	returns?: number;
	seed?: number;
	now?: string;
	consistentShare?: number;
}): { workflow: Workflow; data: SampleDataset };
export function postingWorkflow(settings?: { creditMemoUrl?: string }): Workflow;
export const POSTING_CREDENTIAL: { id: string; name: string; type: string };
export function postingCredential(erp: {
	erpUrl: string;
	tba: {
		accountId: string;
		consumerKey: string;
		consumerSecret: string;
		tokenId: string;
		tokenSecret: string;
	};
}): {
	id: string;
	name: string;
	type: string;
	data: Record<string, string>;
};
export function workflowFiles(): Record<string, string>;
