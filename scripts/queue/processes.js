'use strict';
// Long-running children of the queue test (Redis, PostgreSQL, the n8n processes): each in its
// own process group, so stopping one ends its own children too (n8n's task runner, PostgreSQL's
// backends), and all of them are stopped on success, failure, Ctrl-C or SIGTERM.

const { spawn } = require('node:child_process');
const fs = require('node:fs');

const started = new Set();

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function signalGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
		return true;
	} catch {
		try {
			return child.kill(signal);
		} catch {
			return false;
		}
	}
}

/**
 * Starts a long-running command in its own process group, its output appended to `logFile`.
 * `uid`/`gid` run it as another user (PostgreSQL refuses to run as root).
 * @returns {{name: string, child: import('node:child_process').ChildProcess, logFile: string,
 *   exited: Promise<{code: number|null, signal: string|null}>, isRunning: () => boolean,
 *   kill: (signal?: string) => Promise<void>, stop: (graceMs?: number, signal?: string) => Promise<void>}}
 */
function startProcess(name, command, args, { env, cwd, logFile, uid, gid }) {
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
	const child = spawn(command, args, {
		cwd,
		env,
		stdio: ['ignore', out, out],
		detached: true,
		...(uid === undefined ? {} : { uid, gid }),
	});
	fs.closeSync(out);
	let exitedWith = null;
	const exited = new Promise((resolve) => {
		child.once('exit', (code, signal) => {
			exitedWith = { code, signal };
			started.delete(handle);
			resolve(exitedWith);
		});
		child.once('error', (error) => {
			exitedWith = { code: null, signal: null, error };
			started.delete(handle);
			resolve(exitedWith);
		});
	});
	const isRunning = () => exitedWith === null;
	const handle = {
		name,
		child,
		logFile,
		exited,
		isRunning,
		/** Sends `signal` (SIGKILL by default) to the whole group and waits for the exit. */
		async kill(signal = 'SIGKILL') {
			if (!isRunning()) return;
			signalGroup(child, signal);
			await exited;
		},
		/** `signal` to the group, then SIGKILL when it is still running after `graceMs`. */
		async stop(graceMs = 10000, signal = 'SIGTERM') {
			if (!isRunning()) return;
			signalGroup(child, signal);
			const ended = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
			if (!ended) {
				signalGroup(child, 'SIGKILL');
				await exited;
			}
		},
	};
	started.add(handle);
	return handle;
}

/**
 * Stops every process startProcess started that is still running, those named in `last`
 * after all the others.
 */
async function stopAll(graceMs = 10000, last = []) {
	const first = [...started].filter((handle) => !last.includes(handle.name));
	await Promise.all(first.map((handle) => handle.stop(graceMs)));
	await Promise.all([...started].map((handle) => handle.stop(graceMs)));
}

/** Kills every started process group at once, without waiting (for a process about to exit). */
function killAllNow() {
	for (const handle of started) signalGroup(handle.child, 'SIGKILL');
}

/**
 * CPU seconds (user + system, reaped children included) used so far by each running process
 * group this module started (n8n with its task runner, PostgreSQL with its backends), keyed by
 * the group's process ID, so that a restarted process is not mistaken for the one before it.
 * Read from /proc; empty where /proc is not there.
 * @returns {Record<string, {name: string, seconds: number}>}
 */
function cpuSecondsByProcess() {
	const names = new Map([...started].map((handle) => [handle.child.pid, handle.name]));
	const ticks = 100; // USER_HZ on Linux
	const byGroup = {};
	let entries = [];
	try {
		entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return byGroup;
	}
	for (const pid of entries) {
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue;
		}
		// The command name (field 2) may hold spaces: the fields after it start after its ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const group = Number(fields[2]);
		const name = names.get(group);
		if (name === undefined) continue;
		const used = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
		byGroup[group] ??= { name, seconds: 0 };
		byGroup[group].seconds += used / ticks;
	}
	return byGroup;
}

/** The last `lines` lines of a log file, for an error message. */
function logTail(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

module.exports = { startProcess, stopAll, killAllNow, logTail, sleep, cpuSecondsByProcess };
