'use strict';
// Child processes for the scripts: run a command with a timeout and a log, end a process group,
// wait, find a free port. Node's standard library only, so it runs before (and without)
// anything in the repo's node_modules.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { seconds, tail } = require('./log.js');

const MINUTE = 60 * 1000;

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Sends `signal` to the child's whole process group (a child started with `detached: true`
 * leads its own), so helpers it started (npm's node-gyp, n8n's task runner, Chromium's
 * renderers) end with it; falls back to the child alone. A process already gone is no error.
 */
function killGroup(child, signal = 'SIGKILL') {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// Already gone.
		}
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

// When a script runs under `npm test` or `npm run`, npm has exported its own settings (the
// repo's ignore-scripts=true among them) as npm_config_* variables; the child npm and n8n
// processes must not inherit them, or a rebuild silently does nothing.
function cleanEnv(extra = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_(config|package|lifecycle)_/.test(key) || key === 'npm_execpath') continue;
		if (key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
		// jest sets NODE_ENV=test, which silences n8n's logger: no import message, no run JSON.
		if (key === 'NODE_ENV' || key === 'JEST_WORKER_ID') continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

/** `env` with the directory of another Node binary first on PATH (none: `env` unchanged). */
function withNodeOnPath(env, nodeBin) {
	if (!nodeBin) return env;
	return { ...env, PATH: `${nodeBin}${path.delimiter}${env.PATH || ''}` };
}

/** The `node` in `nodeBin`, or the Node running this script. */
function nodeExecutable(nodeBin) {
	return nodeBin ? path.join(nodeBin, 'node') : process.execPath;
}

// Children run in their own process group (so a timeout can end a whole tree), which also keeps
// a Ctrl-C in the terminal from reaching them: a caller that stops early ends them itself.
const runningChildren = new Set();

/** Kills every command run() has started and that is still running (with its process group). */
function stopRunningCommands() {
	for (const child of runningChildren) killGroup(child);
	runningChildren.clear();
}

/**
 * Runs a command and resolves with its exit code, signal, output and duration; never rejects on
 * a non-zero exit (callers decide what failure means), only when it cannot start. Output is
 * also appended to `logFile`; `heartbeat(elapsedMs)` is called every 30 s while it runs.
 * @param {string} command
 * @param {string[]} args
 * @param {{cwd?: string, env?: Record<string, string>, timeoutMs?: number, logFile?: string,
 *   heartbeat?: (elapsedMs: number) => void}} [options]
 * @returns {Promise<{code: number|null, signal: string|null, timedOut: boolean, stdout: string,
 *   stderr: string, ms: number}>}
 */
function run(command, args, { cwd, env, timeoutMs = 30 * MINUTE, logFile, heartbeat } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(command, args, {
			cwd,
			env: env || cleanEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		runningChildren.add(child);
		const stdout = [];
		const stderr = [];
		const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
		if (logStream) logStream.write(`\n$ ${command} ${args.join(' ')}\n`);
		child.stdout.on('data', (chunk) => {
			stdout.push(chunk);
			if (logStream) logStream.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr.push(chunk);
			if (logStream) logStream.write(chunk);
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child);
		}, timeoutMs);
		const ticker = heartbeat ? setInterval(() => heartbeat(Date.now() - started), 30000) : null;
		const settle = () => {
			runningChildren.delete(child);
			clearTimeout(timer);
			if (ticker) clearInterval(ticker);
			if (logStream) logStream.end();
		};
		child.on('error', (error) => {
			settle();
			reject(new Error(`could not start ${command}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			settle();
			resolve({
				code,
				signal,
				timedOut,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				ms: Date.now() - started,
			});
		});
	});
}

/** An Error saying how run()'s command ended, with the tail of its output. */
function describeFailure(what, result, logFile) {
	const how = result.timedOut
		? 'timed out'
		: result.signal
			? `was killed by ${result.signal}`
			: `exited with code ${result.code}`;
	const output = tail(`${result.stdout}\n${result.stderr}`);
	const where = logFile ? `\nFull log: ${logFile}` : '';
	return new Error(
		`${what} ${how} after ${seconds(result.ms)}.${where}\n--- output tail ---\n${output}`,
	);
}

// npm's own CLI script, so that npm can be run under another Node binary (the compat matrix).
function npmCliPath() {
	const bin = path.dirname(process.execPath);
	const candidates = [
		path.join(bin, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		path.join(bin, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
	];
	return candidates.find((candidate) => fs.existsSync(candidate)) || null;
}

/** run() for npm, under the Node in `nodeBin` when given. */
function runNpm(args, { cwd, nodeBin, env, ...options } = {}) {
	const childEnv = withNodeOnPath(env || cleanEnv(), nodeBin);
	const cli = npmCliPath();
	if (cli) return run(nodeExecutable(nodeBin), [cli, ...args], { cwd, env: childEnv, ...options });
	if (nodeBin) throw new Error('cannot find npm-cli.js to run npm under another Node binary');
	return run('npm', args, { cwd, env: childEnv, ...options });
}

/**
 * First free TCP port on 127.0.0.1 at or above `start`.
 * @returns {Promise<number>}
 */
async function freePort(start = 5679) {
	for (let port = start; port < 65536; port++) {
		if (await canListen(port)) return port;
	}
	throw new Error(`no free TCP port at or above ${start}`);
}

function canListen(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
			server.close(() => resolve(true));
		});
	});
}

// Parallel processes (jest workers, benchmark children) each look for a port at once; starting
// from a random point keeps them from all finding the same one.
function randomPortStart() {
	return 20000 + crypto.randomInt(0, 20000);
}

module.exports = {
	MINUTE,
	sleep,
	killGroup,
	isAlive,
	cleanEnv,
	withNodeOnPath,
	nodeExecutable,
	run,
	runNpm,
	stopRunningCommands,
	describeFailure,
	freePort,
	randomPortStart,
};
