// Types for stand-in-erp.js, for tests written in TypeScript.

export interface StandInCall {
	at: string;
	method: string;
	path: string;
	scenario?: string;
	status?: number | null;
	body?: unknown;
	createdId?: string;
}

export interface StandInErp {
	url: string;
	creditMemoUrl: string;
	port: number;
	calls(): StandInCall[];
	close(): Promise<void>;
}

export const CREDIT_MEMO_PATH: string;
export const SCENARIOS: Record<string, () => unknown>;
export function scenarioOf(body: unknown, headers?: Record<string, unknown>): string | null;
export function startStandInErp(options?: {
	port?: number;
	created?: 200 | 204;
}): Promise<StandInErp>;
