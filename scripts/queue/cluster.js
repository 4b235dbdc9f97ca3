'use strict';
// n8n in queue mode: one main process, workers and a webhook process sharing one PostgreSQL
// database, one Redis and one encryption key, each with our packed package installed as a
// community package in its own user folder (n8n loads community nodes from the user folder's
// .n8n/nodes on every process; the package is not on a registry for
// N8N_REINSTALL_MISSING_PACKAGES to fetch, so each folder gets the files).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { createUserFolder, freePort, importWorkflow, n8nEnv } = require('../n8n/env');
const { startProcess, logTail, sleep } = require('./processes');

const READY_TIMEOUT_MS = 4 * 60 * 1000;

async function httpOk(url) {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
		await response.arrayBuffer();
		return response.ok;
	} catch {
		return false;
	}
}

/**
 * Prepares the shared settings and one user folder per process.
 * @param {{n8n: object, tarball: string, root: string, redis: object, postgres: object,
 *   portStart: number, workerConcurrency: number}} options
 */
async function createCluster({
	n8n,
	tarball,
	root,
	redis,
	postgres,
	portStart,
	workerConcurrency,
}) {
	const logDir = path.join(root, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	const template = await createUserFolder(tarball, { userFolder: path.join(root, 'n8n-main') });
	const shared = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
		// The workflow records which process ran it ($env.RETURNS_QUEUE_PROCESS) as execution
		// custom data: n8n 2.8.4's execution records do not name the worker.
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		// Production webhooks go to the webhook process only, as in a scaled-out setup.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_LEVEL: 'info',
	};
	let nextPort = portStart;
	const takePort = async () => {
		const port = await freePort(nextPort);
		nextPort = port + 1;
		return port;
	};
	const cluster = {
		root,
		logDir,
		shared,
		processes: {},
		mainPort: await takePort(),
		webhookPort: await takePort(),
		workerConcurrency,
	};
	cluster.webhookUrl = `http://127.0.0.1:${cluster.webhookPort}/webhook/returns-guard`;

	const folderFor = (name) => {
		const userFolder = path.join(root, `n8n-${name}`);
		if (!fs.existsSync(userFolder)) {
			fs.cpSync(
				path.join(template.userFolder, '.n8n', 'nodes'),
				path.join(userFolder, '.n8n', 'nodes'),
				{
					recursive: true,
				},
			);
		}
		return userFolder;
	};

	const envFor = async (name, extra) =>
		n8nEnv(folderFor(name), { ...shared, RETURNS_QUEUE_PROCESS: name, ...extra });

	const spawnN8n = async (name, args, extra, readyUrl) => {
		const userFolder = folderFor(name);
		const env = await envFor(name, extra);
		const logFile = path.join(logDir, `${name}.log`);
		const handle = startProcess(
			name,
			n8n.nodeBin ? path.join(n8n.nodeBin, 'node') : process.execPath,
			[n8n.n8nBin, ...args],
			{
				env,
				cwd: userFolder,
				logFile,
			},
		);
		handle.readyUrl = readyUrl;
		cluster.processes[name] = handle;
		return handle;
	};

	/** Runs an n8n CLI command against the cluster's database and waits for it. */
	cluster.cli = async (name, args) => {
		const handle = await spawnN8n(`cli-${name}`, args, {}, null);
		const exit = await handle.exited;
		delete cluster.processes[`cli-${name}`];
		if (exit.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} exited with ${exit.code ?? exit.signal}\n${logTail(handle.logFile)}`,
			);
		}
		return fs.readFileSync(handle.logFile, 'utf8');
	};

	/** Imports the workflow and publishes it, before the main process starts and activates it. */
	cluster.installWorkflow = async (workflowFile) => {
		const workflow = JSON.parse(fs.readFileSync(workflowFile, 'utf8'));
		const ctx = {
			n8nBin: n8n.n8nBin,
			nodeBin: n8n.nodeBin || null,
			userFolder: folderFor('main'),
			env: await envFor('main', {}),
		};
		const id = await importWorkflow(ctx, workflow);
		const published = await cluster.cli('publish', ['publish:workflow', `--id=${id}`]);
		if (/GOT ERROR|Error updating/i.test(published))
			throw new Error(`publish:workflow failed:\n${published}`);
		return id;
	};

	cluster.startMain = async () =>
		spawnN8n(
			'main',
			['start'],
			{ N8N_PORT: String(cluster.mainPort) },
			`http://127.0.0.1:${cluster.mainPort}/healthz/readiness`,
		);

	cluster.startWebhook = async () =>
		spawnN8n(
			'webhook',
			['webhook'],
			{ N8N_PORT: String(cluster.webhookPort) },
			`http://127.0.0.1:${cluster.webhookPort}/healthz/readiness`,
		);

	cluster.startWorker = async (name) => {
		const healthPort = await takePort();
		return spawnN8n(
			name,
			['worker', `--concurrency=${workerConcurrency}`],
			{ QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) },
			`http://127.0.0.1:${healthPort}/healthz/readiness`,
		);
	};

	/** Waits until each given process answers its readiness URL (and has not exited). */
	cluster.waitReady = async (handles, timeoutMs = READY_TIMEOUT_MS) => {
		const deadline = Date.now() + timeoutMs;
		await Promise.all(
			handles.map(async (handle) => {
				while (Date.now() < deadline) {
					if (!handle.isRunning()) {
						throw new Error(
							`n8n ${handle.name} exited while starting\n--- ${handle.logFile} ---\n${logTail(handle.logFile)}`,
						);
					}
					if (await httpOk(handle.readyUrl)) return;
					await sleep(500);
				}
				throw new Error(
					`n8n ${handle.name} not ready within ${timeoutMs / 1000} s\n--- ${handle.logFile} ---\n${logTail(handle.logFile)}`,
				);
			}),
		);
	};

	/** Worker name → its log file, for every worker started so far. */
	cluster.workerLogs = () =>
		Object.fromEntries(
			Object.values(cluster.processes)
				.filter((handle) => handle.name.startsWith('worker-'))
				.map((handle) => [handle.name, handle.logFile]),
		);

	/**
	 * Waits until the worker's log shows an execution started and not yet finished (what it
	 * logs at level info), so that a kill lands on work in flight; resolves with the IDs of
	 * the executions in flight, or [] after `timeoutMs`.
	 */
	cluster.executionsInFlight = async (handle, timeoutMs = 20000) => {
		const deadline = Date.now() + timeoutMs;
		const inFlight = new Set();
		let offset = 0;
		let rest = '';
		while (Date.now() < deadline) {
			const fd = fs.openSync(handle.logFile, 'r');
			const size = fs.fstatSync(fd).size;
			const buffer = Buffer.alloc(size - offset);
			fs.readSync(fd, buffer, 0, buffer.length, offset);
			fs.closeSync(fd);
			offset = size;
			const lines = (rest + buffer.toString('utf8')).split('\n');
			rest = lines.pop();
			for (const line of lines) {
				const started = /Worker started execution (\d+)/.exec(line);
				if (started) inFlight.add(started[1]);
				const finished = /Worker finished execution (\d+)/.exec(line);
				if (finished) inFlight.delete(finished[1]);
			}
			if (inFlight.size > 0) return [...inFlight];
			await sleep(5);
		}
		return [];
	};

	/**
	 * Waits until the webhook process answers the workflow's webhook: the main process answers
	 * its readiness check before it has activated the workflow and registered the webhook.
	 */
	cluster.waitForWebhook = async (body, timeoutMs = 120000) => {
		const deadline = Date.now() + timeoutMs;
		let last = '';
		while (Date.now() < deadline) {
			try {
				const response = await fetch(cluster.webhookUrl, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body),
					signal: AbortSignal.timeout(30000),
				});
				last = `HTTP ${response.status} ${(await response.text()).slice(0, 200)}`;
				if (response.status === 200) return;
			} catch (error) {
				last = error.message;
			}
			await sleep(1000);
		}
		throw new Error(
			`the webhook ${cluster.webhookUrl} did not answer within ${timeoutMs / 1000} s: ${last}`,
		);
	};

	return cluster;
}

module.exports = { createCluster };
