'use strict';
// Redis and PostgreSQL from Debian's packages, each started on a free loopback port in a
// temporary folder: a throwaway PostgreSQL cluster made with initdb (never the system one) and
// a Redis that keeps its data in an append-only file, so that a restart is a restart of a
// production-like Redis and not one configured to forget its queue.

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { freePort } = require('../n8n/env');
const { startProcess, logTail, sleep } = require('./processes');

function log(message) {
	process.stderr.write(`[queue] ${message}\n`);
}

function commandPath(name) {
	const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
	return found.status === 0 ? found.stdout.trim() : null;
}

/** The bin folder of the newest PostgreSQL server Debian installed, or null. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	let versions = [];
	try {
		versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v));
	} catch {
		return null;
	}
	versions.sort((a, b) => Number(b) - Number(a));
	for (const version of versions) {
		const bin = path.join(root, version, 'bin');
		if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres'))) {
			return bin;
		}
	}
	return null;
}

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Installs `redis-server` and `postgresql` with apt when they are missing. The packages' own
 * services are kept from starting (a temporary policy-rc.d, Debian's switch for that): the test
 * starts its own servers and must leave none running.
 */
function ensurePackages() {
	const missing = [];
	if (!commandPath('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (!commandPath('psql') && !missing.includes('postgresql')) missing.push('postgresql-client');
	if (missing.length === 0) return { installed: [] };
	if (!isRoot()) {
		throw new Error(
			`${missing.join(' and ')} missing: install with ` +
				`sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
		);
	}
	log(`installing ${missing.join(', ')} from Debian's packages`);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		aptGet(['update'], env);
		aptGet(['install', '-y', '--no-install-recommends', ...missing], env);
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	if (!commandPath('redis-server') || !postgresBinDir()) {
		throw new Error(
			`apt-get installed ${missing.join(', ')} but redis-server/initdb are not found`,
		);
	}
	return { installed: missing };
}

/**
 * apt-get, tried three times: a mirror that drops a connection, or another apt holding the lock
 * on a fresh CI machine (unattended upgrades), is not a failure of the test.
 */
function aptGet(args, env) {
	for (let attempt = 1; ; attempt++) {
		const run = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=120', ...args], {
			stdio: ['ignore', 'ignore', 'inherit'],
			env,
		});
		if (run.status === 0) return;
		if (attempt === 3) throw new Error(`apt-get ${args.join(' ')} failed (exit ${run.status})`);
		log(`apt-get ${args[0]} failed (exit ${run.status}); trying again in ${attempt * 10} s`);
		spawnSync('sleep', [String(attempt * 10)]);
	}
}

/** Sends one inline Redis command over TCP and resolves with the first reply line. */
function redisCommand(port, command, timeoutMs = 2000) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		let reply = '';
		const timer = setTimeout(() => socket.destroy(new Error('timeout')), timeoutMs);
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk.toString('utf8');
			if (reply.includes('\r\n')) {
				clearTimeout(timer);
				socket.end();
				resolve(reply);
			}
		});
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

async function waitFor(what, check, { timeoutMs = 60000, isRunning, logFile } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (isRunning && !isRunning()) {
			throw new Error(`${what} exited while starting\n--- ${logFile} ---\n${logTail(logFile)}`);
		}
		try {
			if (await check()) return;
		} catch {
			// Not up yet.
		}
		await sleep(250);
	}
	throw new Error(
		`${what} not ready within ${timeoutMs / 1000} s\n--- ${logFile} ---\n${logTail(logFile)}`,
	);
}

/**
 * Starts Redis on a free loopback port with its data in `dir`.
 * @returns {Promise<{port: number, restart: () => Promise<{downMs: number}>, stop: () => Promise<void>}>}
 */
async function startRedis(dir, { portStart }) {
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort(portStart);
	const logFile = path.join(dir, 'redis.log');
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--save',
		'',
		'--appendonly',
		'yes',
		'--appendfsync',
		'everysec',
		'--protected-mode',
		'yes',
	];
	const redis = { port, process: null };
	const launch = async () => {
		redis.process = startProcess('redis', 'redis-server', args, {
			env: process.env,
			cwd: dir,
			logFile,
		});
		await waitFor(
			'redis-server',
			async () => (await redisCommand(port, 'PING')).startsWith('+PONG'),
			{
				isRunning: redis.process.isRunning,
				logFile,
			},
		);
	};
	await launch();
	/** A clean restart (SIGTERM: Redis flushes its append-only file), as an operator does it. */
	redis.restart = async () => {
		const down = Date.now();
		await redis.process.stop(10000, 'SIGTERM');
		await launch();
		return { downMs: Date.now() - down };
	};
	redis.stop = () => redis.process.stop(5000, 'SIGTERM');
	redis.command = (command) => redisCommand(port, command);
	return redis;
}

function userIds(name) {
	const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

/**
 * Makes a throwaway cluster with initdb in `dir` and starts it on a free loopback port, its
 * socket in `dir` too; creates the `n8n` user and database. As root, both run as the
 * `postgres` user (they refuse to run as root), in a folder that user owns.
 * @returns {Promise<{port: number, socketDir: string, database: string, user: string,
 *   password: string, query: (sql: string) => string[][], stop: () => Promise<void>}>}
 */
async function startPostgres(dir, { portStart }) {
	const bin = postgresBinDir();
	const owner = isRoot() ? userIds('postgres') : {};
	fs.mkdirSync(dir, { recursive: true });
	if (isRoot()) fs.chownSync(dir, owner.uid, owner.gid);
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(logFile, '');
	if (isRoot()) fs.chownSync(logFile, owner.uid, owner.gid);
	const env = { ...process.env, HOME: dir, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };
	const initdb = spawnSync(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
		{ cwd: dir, env, encoding: 'utf8', ...owner },
	);
	if (initdb.status !== 0) {
		throw new Error(`initdb failed (${initdb.status}):\n${initdb.stdout}\n${initdb.stderr}`);
	}
	const port = await freePort(portStart);
	// A throwaway cluster: durability settings off, which a test that restarts nothing of
	// PostgreSQL does not need.
	const args = [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-k',
		dir,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	];
	const server = startProcess('postgres', path.join(bin, 'postgres'), args, {
		env,
		cwd: dir,
		logFile,
		...owner,
	});
	const psqlBin = fs.existsSync(path.join(bin, 'psql')) ? path.join(bin, 'psql') : 'psql';
	const query = (sql, database = 'n8n') => {
		const result = spawnSync(
			psqlBin,
			[
				'-h',
				dir,
				'-p',
				String(port),
				'-U',
				'postgres',
				'-d',
				database,
				'-At',
				'-F',
				'\t',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				sql,
			],
			{ encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 },
		);
		if (result.status !== 0) throw new Error(`psql: ${sql}\n${result.stderr}`);
		return result.stdout
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => line.split('\t'));
	};
	await waitFor('postgres', async () => query('SELECT 1', 'postgres').length === 1, {
		isRunning: server.isRunning,
		logFile,
	});
	query("CREATE USER n8n PASSWORD 'n8n'", 'postgres');
	query('CREATE DATABASE n8n OWNER n8n', 'postgres');
	return {
		port,
		socketDir: dir,
		database: 'n8n',
		user: 'n8n',
		password: 'n8n',
		query,
		// SIGINT: PostgreSQL's fast shutdown.
		stop: () => server.stop(10000, 'SIGINT'),
	};
}

module.exports = { ensurePackages, startRedis, startPostgres, waitFor, log };
