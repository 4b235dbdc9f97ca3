// Types for error-watch-workflow.js, for the tests written in TypeScript.
import type { Workflow } from './demo-workflows';

export const WATCH: { id: string; name: string; file: string; rememberDays: number };
export const WATCH_NODES: Record<
	'trigger' | 'tagger' | 'retry' | 'fix' | 'unclassified' | 'report',
	string
>;
export function errorWatchWorkflow(): Workflow & { settings: Record<string, unknown> };
