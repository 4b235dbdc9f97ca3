// Types for agent-workflow.js, for the end-to-end test written in TypeScript.
import type { N8nContext } from './n8n/env';
import type { Workflow } from './demo-workflows';

export interface AgentQuestion {
	tool: 'guard' | 'reconciler';
	returnId: string;
	/** What the tool must find: the Guard's verdict and problem codes, or the Reconciler's state and route. */
	expect: {
		verdict?: string;
		problems?: string[];
		state?: string;
		route?: string;
		symptom: string;
		cause: string;
	};
	question: string;
	/** The records pasted under the question: a payload, or the four record lists by argument. */
	records: Record<string, unknown>;
}

export interface Credential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export const AGENT: { id: string; name: string; file: string };
export const NODES: Record<
	'chat' | 'trigger' | 'questions' | 'agent' | 'model' | 'guard' | 'reconciler',
	string
>;
export const AGENT_QUESTIONS: AgentQuestion[];
export const MODEL: string;
export const MODEL_CREDENTIAL: { id: string; name: string };
export const DEFAULT_MODEL_PORT: number;
export function agentWorkflow(): Workflow;
export function chatInputOf(question: AgentQuestion): string;
export function standInCredential(baseUrl: string): Credential;
