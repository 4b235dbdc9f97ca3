#!/usr/bin/env node
'use strict';
// `npm run test:queue`: the Guard in n8n's queue mode, under load and with faults.
//
// Starts Redis and a throwaway PostgreSQL cluster (installing Debian's packages when missing),
// n8n main + 2 workers + a webhook process with our packed package, activates
// test/workflows/queue-guard-webhook.json (Webhook → Guard → Respond to Webhook), then runs
// load phases against the webhook and checks every answer against the payload's known verdict:
//   one worker   throughput with worker-2 not started (for the scaling ratio)
//   load         the main load with both workers: every payload answered and right, both
//                workers used (PostgreSQL's execution records), p50/p95, throughput
//   worker kill  worker-2 killed with SIGKILL a third of the way in: no payload lost (the
//                client retries), duplicates counted
//   redis restart Redis restarted a third of the way in: what n8n does, in numbers
// Prints a summary table and exits non-zero when a check fails. Everything it started is
// stopped at the end, on failure and on Ctrl-C/SIGTERM.
//
// Sizes (environment): QUEUE_LOAD_PAYLOADS (5000), QUEUE_PHASE_PAYLOADS (1500),
// QUEUE_CONCURRENCY (50), QUEUE_WORKER_CONCURRENCY (10), QUEUE_KEEP=1 keeps the temp folder.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT, ensureN8n, packPackage, stopRunningCommands } = require('../n8n/env');
const { createCluster } = require('./cluster');
const { checkVerdicts, runLoad } = require('./load');
const { makePayloads } = require('./payloads');
const { cpuSecondsByProcess, killAllNow, stopAll } = require('./processes');
const { readPhase, statusesOf } = require('./records');
const { ensurePackages, log, startPostgres, startRedis } = require('./services');

const WORKFLOW_FILE = path.join(REPO_ROOT, 'test', 'workflows', 'queue-guard-webhook.json');
const LOAD_PAYLOADS = Number(process.env.QUEUE_LOAD_PAYLOADS || 5000);
const PHASE_PAYLOADS = Number(process.env.QUEUE_PHASE_PAYLOADS || 1500);
const CONCURRENCY = Number(process.env.QUEUE_CONCURRENCY || 50);
const WORKER_CONCURRENCY = Number(process.env.QUEUE_WORKER_CONCURRENCY || 10);
const MAX_ATTEMPTS = 6;
const REQUEST_TIMEOUT_MS = 30000;

const checks = [];
const figures = [];
const phases = [];
const t0 = Date.now();

function check(name, ok, detail = '') {
	checks.push({ name, ok: Boolean(ok), detail });
	log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

function figure(name, value) {
	figures.push({ name, value });
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const count = (object) =>
	Object.entries(object)
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([k, v]) => `${k} ${v}`)
		.join(', ') || 'none';

function progress({ label, answered, total, retries, ms }) {
	log(`  ${label}: ${answered}/${total} answered, ${retries} retries, ${secs(ms)}`);
}

/** One load phase: payloads, the load, the verdict check and PostgreSQL's records of it. */
async function phase(ctx, name, label, size, { events = [], offset = 0 } = {}) {
	const payloads = makePayloads(name, size, { offset });
	log(`${label}: ${size} payloads at concurrency ${CONCURRENCY}`);
	const cpuBefore = cpuSecondsByProcess();
	const load = await runLoad(ctx.cluster.webhookUrl, payloads, {
		concurrency: CONCURRENCY,
		maxAttempts: MAX_ATTEMPTS,
		timeoutMs: REQUEST_TIMEOUT_MS,
		events,
		progressLabel: label,
		onProgress: progress,
	});
	// CPU used by everything this run started (n8n, task runners, PostgreSQL, Redis) per
	// payload: on a shared machine it says more than the wall-clock throughput does.
	const cpuAfter = cpuSecondsByProcess();
	const cpuMs = {};
	for (const [name, seconds] of Object.entries(cpuAfter)) {
		if (name in cpuBefore) cpuMs[name] = ((seconds - cpuBefore[name]) * 1000) / size;
	}
	const cpuMsPerPayload = Object.values(cpuMs).reduce((sum, ms) => sum + ms, 0);
	const verdicts = checkVerdicts(payloads, load.results);
	const records = await readPhase(ctx.postgres, name);
	const row = {
		label,
		size,
		answered: verdicts.answered,
		right: verdicts.right,
		throughput: load.throughput,
		p50: load.p50,
		p95: load.p95,
		retries: load.retries,
		cpuMsPerPayload,
		cpuMs,
		byWorker: records.byWorker,
		extra: records.extraEnded + records.unended,
	};
	phases.push(row);
	log(
		`${label}: ${verdicts.answered}/${size} answered, ${verdicts.right} right, ` +
			`${load.throughput.toFixed(1)} payloads/s, p50 ${load.p50} ms, p95 ${load.p95} ms, ` +
			`${load.retries} retries (${count(load.retryReasons)}), executions by process: ${count(records.byWorker)}`,
	);
	log(
		`${label}: CPU ms per payload: ${Object.entries(cpuMs)
			.map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
			.join(', ')}`,
	);
	for (const wrong of verdicts.wrong.slice(0, 5)) log(`  wrong: ${JSON.stringify(wrong)}`);
	for (const missing of verdicts.unanswered.slice(0, 5))
		log(`  unanswered: ${JSON.stringify(missing)}`);
	return { payloads, load, verdicts, records };
}

async function main() {
	log('checking redis-server and postgresql');
	const packages = ensurePackages();
	figure(
		'Debian packages installed by this run',
		packages.installed.join(', ') || 'none (present)',
	);
	const [n8n, tarball] = await Promise.all([ensureN8n(), packPackage()]);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'returns-queue-'));
	fs.chmodSync(root, 0o755);
	const ctx = { root };
	cleanupRoot = root;
	const portStart = 20000 + Math.floor(Math.random() * 20000);
	log(`temporary folder ${root}`);

	ctx.redis = await startRedis(path.join(root, 'redis'), { portStart });
	ctx.postgres = await startPostgres(path.join(root, 'pg'), { portStart: ctx.redis.port + 1 });
	log(`redis on 127.0.0.1:${ctx.redis.port}, postgres on 127.0.0.1:${ctx.postgres.port}`);
	const cluster = await createCluster({
		n8n,
		tarball,
		root,
		redis: ctx.redis,
		postgres: ctx.postgres,
		portStart: ctx.postgres.port + 1,
		workerConcurrency: WORKER_CONCURRENCY,
	});
	ctx.cluster = cluster;

	let t = Date.now();
	log('importing and publishing the webhook workflow (runs the database migrations)');
	await cluster.installWorkflow(WORKFLOW_FILE);
	log(`workflow ready in ${secs(Date.now() - t)}; starting n8n main`);
	t = Date.now();
	const main = await cluster.startMain();
	await cluster.waitReady([main]);
	const webhook = await cluster.startWebhook();
	const worker1 = await cluster.startWorker('worker-1');
	await cluster.waitReady([webhook, worker1]);
	await cluster.waitForWebhook(makePayloads('probe', 1)[0].body);
	log(`main, webhook process and worker-1 ready in ${secs(Date.now() - t)}`);
	figure('Setup (packages, n8n, cluster, workflow)', secs(Date.now() - t0));

	// A short warm-up: the first executions load code paths and fill caches.
	const warm = await phase(ctx, 'warm', 'warm-up', 50);
	check(
		'warm-up: every payload answered with the right verdict',
		warm.verdicts.right === 50,
		`${warm.verdicts.right}/50`,
	);

	const one = await phase(ctx, 'one', 'one worker', PHASE_PAYLOADS);
	check(
		'one worker: every payload answered with the right verdict',
		one.verdicts.right === PHASE_PAYLOADS,
		`${one.verdicts.right}/${PHASE_PAYLOADS}`,
	);

	t = Date.now();
	const worker2 = await cluster.startWorker('worker-2');
	await cluster.waitReady([worker2]);
	log(`worker-2 ready in ${secs(Date.now() - t)}`);

	const load = await phase(ctx, 'load', 'two workers', LOAD_PAYLOADS);
	check(
		`load: all ${LOAD_PAYLOADS} payloads answered`,
		load.verdicts.answered === LOAD_PAYLOADS,
		`${load.verdicts.answered} answered, ${load.load.retries} retries`,
	);
	check(
		'load: every verdict and problem code right',
		load.verdicts.right === LOAD_PAYLOADS,
		`${load.verdicts.right} right, ${load.verdicts.wrong.length} wrong`,
	);
	const w1 = load.records.byWorker['worker-1'] || 0;
	const w2 = load.records.byWorker['worker-2'] || 0;
	check(
		'load: executions on both workers (PostgreSQL execution records)',
		w1 > 0 && w2 > 0 && w1 + w2 === load.records.ended,
		`worker-1 ${w1}, worker-2 ${w2}, other ${load.records.ended - w1 - w2}`,
	);
	check(
		'load: one successful execution per payload',
		load.records.payloadsSucceeded === LOAD_PAYLOADS && load.records.succeededTwice === 0,
		`${load.records.payloadsSucceeded} payloads succeeded, ${load.records.succeededTwice} twice`,
	);
	const ratio = load.load.throughput / one.load.throughput;
	figure(
		'Scaling: throughput 2 workers / 1 worker',
		`${ratio.toFixed(2)} (${load.load.throughput.toFixed(1)} / ${one.load.throughput.toFixed(1)} payloads/s)`,
	);
	check(
		'scaling: a ratio measured in this run',
		Number.isFinite(ratio) && ratio > 0,
		ratio.toFixed(2),
	);

	// Fault 1: worker-2 dies (SIGKILL to its process group, task runner included) mid-load,
	// at a moment its log shows executions in flight.
	const killAt = Math.floor(PHASE_PAYLOADS / 3);
	let killedInFlight = [];
	const kill = await phase(ctx, 'kill', 'worker-2 killed', PHASE_PAYLOADS, {
		events: [
			{
				name: 'SIGKILL worker-2',
				afterAnswered: killAt,
				run: async () => {
					killedInFlight = await cluster.executionsInFlight(worker2);
					await worker2.kill('SIGKILL');
					log(
						`  killed worker-2 (SIGKILL) after ${killAt} answers, with executions ${killedInFlight.join(', ') || '(none)'} in flight`,
					);
				},
			},
		],
	});
	check(
		'worker killed: it had executions in flight',
		killedInFlight.length > 0,
		`${killedInFlight.length} (executions ${killedInFlight.join(', ')})`,
	);
	check(
		'worker killed: no payload lost (every payload answered, client retries allowed)',
		kill.verdicts.answered === PHASE_PAYLOADS,
		`${kill.verdicts.answered}/${PHASE_PAYLOADS} answered, ${kill.load.retries} retries (${count(kill.load.retryReasons)})`,
	);
	check(
		'worker killed: every answer right',
		kill.verdicts.right === kill.verdicts.answered,
		`${kill.verdicts.right} right, ${kill.verdicts.wrong.length} wrong`,
	);
	check(
		'worker killed: every payload run to success (its retry when the first run died)',
		kill.records.payloadsSucceeded === PHASE_PAYLOADS,
		`${kill.records.payloadsSucceeded}/${PHASE_PAYLOADS}`,
	);
	const retried = new Set(kill.load.results.filter((r) => r.attempts > 1).map((r) => r.id));
	ctx.killed = {
		ids: kill.records.unendedIds,
		at: Date.now(),
		answeredByRetry: [...kill.records.unendedPayloads].filter((id) => retried.has(id)).length,
	};

	t = Date.now();
	const worker2b = await cluster.startWorker('worker-2');
	await cluster.waitReady([worker2b]);
	log(`worker-2 restarted in ${secs(Date.now() - t)}`);

	// Fault 2: Redis restarted (clean shutdown, append-only file kept) mid-load.
	let redisDown = null;
	const restart = await phase(ctx, 'redis', 'redis restarted', PHASE_PAYLOADS, {
		events: [
			{
				name: 'restart redis',
				afterAnswered: killAt,
				run: async () => {
					log(`  restarting redis after ${killAt} answers`);
					redisDown = await ctx.redis.restart();
					log(`  redis back after ${redisDown.downMs} ms`);
				},
			},
		],
	});
	const alive = Object.entries(cluster.processes)
		.filter(([name]) => !name.startsWith('cli-'))
		.map(([name, handle]) => `${name} ${handle.isRunning() ? 'up' : 'exited'}`);
	const lost = PHASE_PAYLOADS - restart.verdicts.answered;
	figure(
		'Redis restart',
		`down ${redisDown ? redisDown.downMs : '?'} ms; ${restart.verdicts.answered}/${PHASE_PAYLOADS} answered (${lost} unanswered after ${MAX_ATTEMPTS} attempts), ${restart.verdicts.right} right; ${restart.load.retries} retries (${count(restart.load.retryReasons)}); ${restart.records.succeededTwice} payloads run to success twice; ${restart.records.unended} executions never ended (${count(restart.records.unendedByStatus)}; ${restart.records.unendedNeverSucceeded} of their payloads have no successful execution though answered); processes after: ${alive.join(', ')}`,
	);
	check(
		'redis restarted: every answer given is right',
		restart.verdicts.wrong.length === 0,
		`${restart.verdicts.wrong.length} wrong`,
	);
	check(
		'redis restarted: every payload answered (client retries allowed)',
		lost === 0,
		`${restart.verdicts.answered}/${PHASE_PAYLOADS}`,
	);
	check(
		'redis restarted: the n8n processes are still up',
		alive.every((a) => a.endsWith(' up')),
		alive.join(', '),
	);

	figure(
		'Worker kill',
		`${killedInFlight.length} executions in flight killed; ${kill.load.retries} client retries (${count(kill.load.retryReasons)}); duplicates: ${kill.records.unended} executions of ${kill.records.unendedPayloads.size} payloads never ended (${count(kill.records.unendedByStatus)} when the phase ended, ${count(statusesOf(ctx.postgres, ctx.killed.ids))} ${secs(Date.now() - ctx.killed.at)} later), ${ctx.killed.answeredByRetry} of these payloads answered through a client retry; ${kill.records.succeededTwice} payloads run to success twice`,
	);
	figure(
		'Load (2 workers)',
		`${load.load.throughput.toFixed(1)} payloads/s, p50 ${load.load.p50} ms, p95 ${load.load.p95} ms, ${LOAD_PAYLOADS} payloads in ${secs(load.load.ms)}`,
	);
}

function table(rows, columns) {
	const widths = columns.map(([title, get]) =>
		Math.max(title.length, ...rows.map((r) => String(get(r)).length)),
	);
	const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
	return [
		line(columns.map(([title]) => title)),
		line(widths.map((w) => '-'.repeat(w))),
		...rows.map((r) => line(columns.map(([, get]) => get(r)))),
	].join('\n');
}

function summary() {
	const out = [];
	out.push('', '== n8n queue mode: summary ==', '');
	if (phases.length > 0) {
		out.push(
			table(phases, [
				['phase', (p) => p.label],
				['payloads', (p) => p.size],
				['answered', (p) => p.answered],
				['right', (p) => p.right],
				['per s', (p) => p.throughput.toFixed(1)],
				['p50 ms', (p) => p.p50],
				['p95 ms', (p) => p.p95],
				['retries', (p) => p.retries],
				['CPU ms/payload', (p) => p.cpuMsPerPayload.toFixed(1)],
				['extra executions', (p) => p.extra],
				['executions by process', (p) => count(p.byWorker)],
			]),
			'',
		);
	}
	for (const { name, value } of figures) out.push(`${name}: ${value}`);
	out.push(
		'',
		table(checks, [
			['check', (c) => (c.ok ? 'ok' : 'FAIL')],
			['', (c) => c.name],
			['detail', (c) => c.detail],
		]),
	);
	out.push(
		'',
		`Total ${secs(Date.now() - t0)}; ${os.cpus().length} CPU cores, load average ${os
			.loadavg()
			.map((l) => l.toFixed(1))
			.join(' ')}`,
	);
	process.stdout.write(`${out.join('\n')}\n`);
}

let cleanupRoot = null;
let cleaning = null;
async function cleanup(failed) {
	cleaning ??= (async () => {
		stopRunningCommands();
		await stopAll(15000);
		if (!cleanupRoot) return;
		if (failed || process.env.QUEUE_KEEP) {
			log(`logs kept in ${path.join(cleanupRoot, 'logs')}`);
			for (const dir of fs.readdirSync(cleanupRoot).filter((d) => d !== 'logs'))
				fs.rmSync(path.join(cleanupRoot, dir), { recursive: true, force: true });
		} else {
			fs.rmSync(cleanupRoot, { recursive: true, force: true });
		}
	})();
	return cleaning;
}

for (const [signal, code] of [
	['SIGINT', 130],
	['SIGTERM', 143],
]) {
	process.on(signal, () => {
		log(`${signal}: stopping everything this run started`);
		cleanup(true).finally(() => process.exit(code));
	});
}
process.on('exit', killAllNow);

main()
	.then(
		() => false,
		(error) => {
			check('the run completed', false, error.stack || String(error));
			return true;
		},
	)
	.then(async (crashed) => {
		const failed = crashed || checks.some((c) => !c.ok);
		await cleanup(failed);
		summary();
		process.exitCode = failed ? 1 : 0;
	});
