// Types for server.js, for tests written in TypeScript.
import type { ChildProcess } from 'node:child_process';

import type { N8nContext } from './env';

export interface N8nServer {
	url: string;
	child: ChildProcess;
	exited: Promise<{ code: number | null; signal: string | null }>;
	stop(): Promise<void>;
}

export function startN8n(
	ctx: N8nContext,
	options: { port: number; listenAddress?: string; logFile: string; env?: Record<string, string> },
): N8nServer;
export function waitForReady(server: N8nServer, options?: { timeoutMs?: number }): Promise<void>;
export function setUpOwner(
	url: string,
	owner: { email: string; firstName: string; lastName: string; password: string },
): Promise<{ created: boolean; cookie: string }>;
export function login(url: string, owner: { email: string; password: string }): Promise<string>;
