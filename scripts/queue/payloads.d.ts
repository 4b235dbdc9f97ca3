// Types for payloads.js, for the jest check of its expected verdicts (test/queue).

export interface QueuePayload {
	id: string;
	kind: string;
	body: Record<string, unknown> & { payloadId: string };
	verdict: 'pass' | 'blocked';
	codes: string[];
}

export function makePayloads(
	phase: string,
	count: number,
	options?: { seed?: number; offset?: number },
): QueuePayload[];

export const KINDS: ReadonlyArray<{ kind: string; weight: number; codes: string[] }>;
