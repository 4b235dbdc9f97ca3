// Types for env.js (the facade over install.js, community-package.js, cli.js and
// ../lib/process.js), so end-to-end tests written in TypeScript get them with
// `import * as n8n from '../../scripts/n8n/env'`.

export interface N8nInstall {
	version: string;
	dir: string;
	n8nBin: string;
	nodeBin: string | null;
	nodeVersion: string;
	/** Set only by the call that installed; null when an earlier install was reused. */
	timings: { installMs: number; rebuildMs: number } | null;
}

export interface UserFolder {
	userFolder: string;
	nodesDir: string;
	packageDir: string | null;
	packageName: string | null;
	packageVersion: string | null;
}

export interface N8nContext {
	n8nBin: string;
	nodeBin: string | null;
	userFolder: string;
	env: Record<string, string>;
}

export interface OutputItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	[key: string]: unknown;
}

export interface N8nRun {
	status: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<string, Array<{ executionTime: number; data?: { main: OutputItem[][] } }>>;
			error?: { message: string; node?: { name: string } };
		};
	};
	/** Not enumerable: how the CLI process ended. */
	readonly cli: { code: number | null; signal: string | null; ms: number; stderr: string };
	[key: string]: unknown;
}

export const REPO_ROOT: string;
export const CACHE_DIR: string;
export const DEFAULT_N8N_VERSION: string;

export function ensureNode24(): Promise<{ nodeBin: string; nodeDir: string; version: string }>;
export function ensureN8n(options?: {
	version?: string;
	nodeBin?: string;
	nativeModules?: string[];
}): Promise<N8nInstall>;
export function packPackage(options?: { force?: boolean }): Promise<string>;
export function createUserFolder(
	tgzPath: string | null,
	options?: { nodeBin?: string; userFolder?: string },
): Promise<UserFolder>;
export function removeUserFolder(userFolder: string): void;
export function n8nEnv(
	userFolder: string,
	extra?: Record<string, string>,
): Promise<Record<string, string>>;
export function createContext(
	n8n: N8nInstall,
	folder: UserFolder,
	extraEnv?: Record<string, string>,
): Promise<N8nContext>;
export function importWorkflow(
	ctx: N8nContext,
	workflowJsonOrPath: object | string,
): Promise<string>;
export function importWorkflows(ctx: N8nContext, workflows: object[]): Promise<string[]>;
export function importCredentials(
	ctx: N8nContext,
	credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
): Promise<void>;
export function executeWorkflow(
	ctx: N8nContext,
	id: string,
	options?: { allowFailure?: boolean; timeoutMs?: number },
): Promise<N8nRun>;
export function runWorkflow(
	ctx: N8nContext,
	workflowJsonOrPath: object | string,
	options?: { allowFailure?: boolean; timeoutMs?: number },
): Promise<N8nRun>;
export function parseRunOutput(stdout: string): N8nRun | null;
export function outputOf(run: N8nRun, nodeName: string, outputIndex?: number): OutputItem[];
export function executionTimeOf(run: N8nRun, nodeName: string): number | null;
export function binaryContent(userFolder: string, binary: unknown): Buffer;
export function stopRunningCommands(): void;
export function freePort(start?: number): Promise<number>;
