// Types for stand-in-model.js, for tests written in TypeScript.

export interface ModelRequest {
	at: string;
	method: string;
	path: string;
	status?: number;
	/** OpenAI's error message, for a request answered with 4xx. */
	error?: string;
	/** The last four characters of the bearer key, or null without one. */
	keyTail: string | null;
	model?: string;
	stream?: boolean;
	/** The `tools` of the request, as sent. */
	tools?: Array<{
		type: string;
		function: {
			name: string;
			description?: string;
			parameters?: {
				type?: string;
				properties?: Record<string, { type?: string; description?: string }>;
				required?: string[];
			};
		};
	}>;
	/** The roles of the request's messages, in order. */
	messages?: string[];
	/** `tool_calls` or `stop`. */
	answered?: string;
}

export interface ModelToolCall {
	id: string;
	name: string;
	/** The arguments as sent (each a JSON text). */
	arguments: Record<string, string>;
}

export interface ModelToolResult {
	toolCallId: string;
	content: string;
	/** The content parsed as JSON, or the content itself when it is not JSON. */
	parsed: unknown;
}

export interface ModelCallLog {
	count: number;
	requests: ModelRequest[];
	toolCalls: ModelToolCall[];
	toolResults: ModelToolResult[];
	answers: string[];
}

export interface StandInModel {
	/** http://127.0.0.1:<port> */
	url: string;
	/** The Base URL for an OpenAI credential: `${url}/v1`. */
	baseUrl: string;
	port: number;
	calls(): ModelCallLog;
	close(): Promise<void>;
}

export const MODEL_ID: string;
export const TOOL_ARGUMENTS: { guard: string[]; reconciler: string[] };
export const DEFAULT_TOOL_NAMES: { guard: string; reconciler: string };
export function toolProblems(
	tools: unknown,
	expectedNames: { guard: string; reconciler: string },
): string[] | null;
export function startStandInModel(options?: {
	port?: number;
	toolNames?: { guard?: string; reconciler?: string };
}): Promise<StandInModel>;
