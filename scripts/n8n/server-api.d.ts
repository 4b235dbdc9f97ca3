// Types for server-api.js, for end-to-end tests written in TypeScript.
import type { OutputItem } from './env';

export interface Execution {
	id: string;
	status: string;
	mode: string;
	workflowId: string;
	finished?: boolean;
	retryOf?: string | null;
	/** The execution's custom data, as n8n stored it (execution_metadata). */
	customData: Record<string, string>;
	/** The run, parsed from n8n's flatted storage. */
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main: Array<OutputItem[] | null> };
					hints?: Array<{ message: string; type?: string; location?: string }>;
				}>
			>;
			error?: { message: string };
			metadata?: Record<string, string>;
		};
	};
	[key: string]: unknown;
}

export interface ServerApi {
	call(method: string, route: string, body?: unknown): Promise<unknown>;
	activateWorkflow(id: string): Promise<{ id: string; active: boolean; [key: string]: unknown }>;
	listExecutions(
		workflowId: string,
		options?: { metadata?: Array<{ key: string; value: string }> },
	): Promise<Array<{ id: string; status: string; mode: string; workflowId: string }>>;
	getExecution(id: string): Promise<Execution>;
	waitForExecutions(
		workflowId: string,
		options?: { count?: number; timeoutMs?: number },
	): Promise<Execution[]>;
}

export function serverApi(options: { url: string; cookie: string; n8nDir: string }): ServerApi;
export function executionOutput(
	execution: Execution,
	nodeName: string,
	outputIndex?: number,
): OutputItem[];
export function callWebhook(
	url: string,
	webhookPath: string,
	body: unknown,
): Promise<{ status: number; text: string }>;
