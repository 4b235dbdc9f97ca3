#!/usr/bin/env node
'use strict';
// `npm run test:queue`: the Guard in n8n's queue mode, under load and with faults.
//
// Starts Redis and a throwaway PostgreSQL cluster (installing Debian's packages when missing),
// n8n main + 2 workers + a webhook process with our packed package, activates
// test/workflows/queue-guard-webhook.json (Webhook → Guard → Respond to Webhook), then runs
// load phases against the webhook and checks every answer against the payload's known verdict
// and problem codes:
//   one worker       worker-2 not started yet: the throughput the scaling ratio divides by
//   two workers      the main load: every payload answered and right, executions on both
//                    workers, p50/p95, throughput, CPU per payload
//   worker-2 killed  SIGKILL a third of the way in, while it runs executions, and a new
//                    worker-2 started as a supervisor would: no payload lost (the client
//                    retries), duplicates counted
//   redis restarted  a clean Redis restart a third of the way in: what n8n does, in numbers
// Duplicates are executions beyond one per payload: every execution's saved input in PostgreSQL
// holds its payload's ID. Prints a summary table and exits non-zero when a check fails.
// Everything it started is stopped at the end, on failure and on Ctrl-C/SIGTERM.
//
// Sizes (environment): QUEUE_LOAD_PAYLOADS (5000), QUEUE_PHASE_PAYLOADS (1000),
// QUEUE_CONCURRENCY (50), QUEUE_WORKER_CONCURRENCY (10), QUEUE_KEEP=1 keeps the temp folder.
// A size must be a whole number at least its floor, so that no setting turns a check into one
// that cannot fail; .ci/run unsets them all. The checks judge correctness only (every answer,
// every verdict, both workers, nothing lost): speed is printed, never judged, so a slow machine
// does not turn the run red.

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
/** A size from the environment: a whole number, at least `floor`; anything else stops the run. */
function size(name, fallback, floor) {
	const text = process.env[name];
	if (text === undefined || text === '') return fallback;
	if (!/^\d{1,9}$/.test(text) || Number(text) < floor) {
		process.stderr.write(
			`[queue] ${name} must be a whole number, at least ${floor}; got '${text}'\n`,
		);
		process.exit(2);
	}
	return Number(text);
}

// Floors: both workers must get work, and a phase must be long enough to fault a third of
// the way in while the load still runs.
const LOAD_PAYLOADS = size('QUEUE_LOAD_PAYLOADS', 5000, 200);
const PHASE_PAYLOADS = size('QUEUE_PHASE_PAYLOADS', 1000, 150);
const WARM_PAYLOADS = 50;
const CONCURRENCY = size('QUEUE_CONCURRENCY', 50, 4);
const WORKER_CONCURRENCY = size('QUEUE_WORKER_CONCURRENCY', 10, 1);
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
async function phase(ctx, name, label, size, { events = [] } = {}) {
	const payloads = makePayloads(name, size);
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
	// CPU used by everything this run started (n8n with its task runners, PostgreSQL, Redis)
	// per payload: on a shared machine it says more than the wall-clock throughput does.
	const cpuMs = {};
	for (const [key, { name: processName, seconds }] of Object.entries(cpuSecondsByProcess())) {
		const before = cpuBefore[key] ? cpuBefore[key].seconds : 0;
		cpuMs[processName] = (cpuMs[processName] || 0) + ((seconds - before) * 1000) / size;
	}
	const cpuMsPerPayload = Object.values(cpuMs).reduce((sum, ms) => sum + ms, 0);
	const verdicts = checkVerdicts(payloads, load.results);
	const records = await readPhase(ctx.postgres, name, ctx.cluster.workerLogs());
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
		byWorker: records.byWorker,
		duplicates: records.duplicateExecutions,
	};
	phases.push(row);
	log(
		`${label}: ${verdicts.answered}/${size} answered, ${verdicts.right} right, ` +
			`${load.throughput.toFixed(1)} payloads/s, p50 ${load.p50} ms, p95 ${load.p95} ms, ` +
			`${load.retries} retries (${count(load.retryReasons)})`,
	);
	log(
		`${label}: ${records.executions} executions (${count(records.byStatus)}); successful ones by worker: ` +
			`${count(records.byWorker)} (${records.workerFromLogOnly} without n8n's custom data, worker read from its log)`,
	);
	log(
		`${label}: CPU ms per payload: ${Object.entries(cpuMs)
			.map(([processName, ms]) => `${processName} ${ms.toFixed(1)}`)
			.join(', ')}`,
	);
	for (const wrong of verdicts.wrong.slice(0, 5)) log(`  wrong: ${JSON.stringify(wrong)}`);
	for (const missing of verdicts.unanswered.slice(0, 5)) {
		log(`  unanswered: ${JSON.stringify(missing)}`);
	}
	return { payloads, load, verdicts, records, cpuMsPerPayload };
}

function checkAllRight(label, result, size) {
	check(
		`${label}: every payload answered`,
		result.verdicts.answered === size,
		`${result.verdicts.answered}/${size} answered, ${result.load.retries} client retries (${count(result.load.retryReasons)})`,
	);
	check(
		`${label}: every verdict and problem code right`,
		result.verdicts.right === result.verdicts.answered && result.verdicts.answered > 0,
		`${result.verdicts.right} right, ${result.verdicts.wrong.length} wrong`,
	);
}

async function main() {
	log('checking redis-server and postgresql');
	const packages = ensurePackages();
	figure('Debian packages installed by this run', packages.installed.join(', ') || 'none');
	const [n8n, tarball] = await Promise.all([ensureN8n(), packPackage()]);
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'returns-queue-'));
	// PostgreSQL runs as its own user and must reach its folder inside this one.
	fs.chmodSync(root, 0o755);
	cleanupRoot = root;
	const ctx = { root };
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
	log(`workflow published in ${secs(Date.now() - t)}; starting n8n main`);
	t = Date.now();
	// The import ran the migrations: the three processes can start together. The webhook
	// answers once the main process has activated the workflow (waitForWebhook).
	const main = await cluster.startMain();
	const webhook = await cluster.startWebhook();
	const worker1 = await cluster.startWorker('worker-1');
	await cluster.waitReady([main, webhook, worker1]);
	await cluster.waitForWebhook(makePayloads('probe', 1)[0].body);
	log(`main, webhook process and worker-1 ready in ${secs(Date.now() - t)}`);
	figure('Setup until the webhook answers', secs(Date.now() - t0));

	// A short warm-up: the first executions load code paths and fill caches.
	const warm = await phase(ctx, 'warm', 'warm-up', WARM_PAYLOADS);
	checkAllRight('warm-up', warm, WARM_PAYLOADS);

	// Scaling, first half: worker-2 is not started yet.
	const one = await phase(ctx, 'one', 'one worker', PHASE_PAYLOADS);
	checkAllRight('one worker', one, PHASE_PAYLOADS);

	t = Date.now();
	const worker2 = await cluster.startWorker('worker-2');
	await cluster.waitReady([worker2]);
	log(`worker-2 ready in ${secs(Date.now() - t)}`);

	const load = await phase(ctx, 'load', 'two workers', LOAD_PAYLOADS);
	checkAllRight('load', load, LOAD_PAYLOADS);
	const w1 = load.records.byWorker['worker-1'] || 0;
	const w2 = load.records.byWorker['worker-2'] || 0;
	check(
		'load: executions on both workers (PostgreSQL execution records)',
		w1 > 0 && w2 > 0,
		`worker-1 ${w1}, worker-2 ${w2} (${load.records.workerFromLogOnly} lacked n8n's custom data: worker from its log)`,
	);
	// A payload the client sent twice (a timeout on a slow machine) may run twice: that is the
	// caller's retry, not n8n. n8n running a payload sent once more than once is a failure.
	const loadRetried = new Set(load.load.results.filter((r) => r.attempts > 1).map((r) => r.id));
	const runTwiceUnasked = [...load.records.runTwiceIds].filter((id) => !loadRetried.has(id));
	check(
		'load: a successful execution for every payload, none run twice unless the client resent it',
		load.records.payloadsSucceeded === LOAD_PAYLOADS && runTwiceUnasked.length === 0,
		`${load.records.payloadsSucceeded} payloads succeeded, ${load.records.duplicateExecutions} extra executions (${runTwiceUnasked.length} of payloads sent once)`,
	);
	const ratio = load.load.throughput / one.load.throughput;
	check(
		'scaling: throughput 2 workers / 1 worker measured',
		Number.isFinite(ratio),
		ratio.toFixed(2),
	);

	// Fault 1: worker-2 dies (SIGKILL to its process group, task runner included) mid-load, at a
	// moment its log shows executions in flight.
	const faultAt = Math.floor(PHASE_PAYLOADS / 3);
	let killedInFlight = [];
	let replacement = null;
	const kill = await phase(ctx, 'kill', 'worker-2 killed', PHASE_PAYLOADS, {
		events: [
			{
				afterAnswered: faultAt,
				run: async () => {
					killedInFlight = await cluster.executionsInFlight(worker2);
					await worker2.kill('SIGKILL');
					log(
						`  killed worker-2 (SIGKILL) after ${faultAt} answers, executions ${killedInFlight.join(', ') || '(none)'} running; starting a new worker-2`,
					);
					// As a process supervisor would: a new worker-2 starts while the load goes on.
					t = Date.now();
					replacement = await cluster.startWorker('worker-2');
				},
			},
		],
	});
	check(
		'worker killed: it was running executions',
		killedInFlight.length > 0,
		`executions ${killedInFlight.join(', ')}`,
	);
	checkAllRight('worker killed', kill, PHASE_PAYLOADS);
	// A payload whose execution the kill cut short after Respond to Webhook had answered is not
	// lost to the caller (its verdict arrived), though n8n records that execution as unfinished.
	const answeredIds = new Set(kill.load.results.filter((r) => r.status === 200).map((r) => r.id));
	const cutShortAfterAnswer = [...kill.records.unended.payloads].filter(
		(id) => answeredIds.has(id) && !kill.records.succeededIds.has(id),
	).length;
	check(
		'worker killed: no payload lost (a successful execution, or a verdict answered before the kill)',
		kill.records.payloadsSucceeded + cutShortAfterAnswer === PHASE_PAYLOADS,
		`${kill.records.payloadsSucceeded} with a successful execution, ${cutShortAfterAnswer} answered by an execution the kill cut short`,
	);
	const killRetried = new Set(kill.load.results.filter((r) => r.attempts > 1).map((r) => r.id));
	const killed = {
		ids: kill.records.unended.ids,
		at: Date.now(),
		retried: [...kill.records.unended.payloads].filter((id) => killRetried.has(id)).length,
	};

	await cluster.waitReady([replacement]);
	log('the new worker-2 is ready');

	// Fault 2: Redis restarted (clean shutdown, its append-only file kept) mid-load.
	let redisDown = null;
	const restart = await phase(ctx, 'redis', 'redis restarted', PHASE_PAYLOADS, {
		events: [
			{
				afterAnswered: faultAt,
				run: async () => {
					redisDown = await ctx.redis.restart();
					log(`  restarted redis after ${faultAt} answers: down ${redisDown.downMs} ms`);
				},
			},
		],
	});
	// What n8n does when Redis restarts is reported, not judged (it is n8n's behaviour, not
	// the Guard's); what is judged is that every verdict that does come back is right.
	check(
		'redis restarted: every verdict given is right',
		restart.verdicts.wrong.length === 0,
		`${restart.verdicts.right} right, ${restart.verdicts.wrong.length} wrong`,
	);
	const emptyAnswers = restart.verdicts.unanswered.filter(
		(u) => u.status === 200 && u.text === '',
	).length;
	const processes = Object.values(cluster.processes).filter((p) => !p.name.startsWith('cli-'));
	const lostAnswers = PHASE_PAYLOADS - restart.verdicts.answered;
	const restartFinding =
		`payloads without a verdict: ${lostAnswers} of ${PHASE_PAYLOADS} (${emptyAnswers} as HTTP 200 with an empty body); ` +
		`payloads with a successful execution in PostgreSQL: ${restart.records.payloadsSucceeded}; ` +
		`${restart.load.retries} client retries (${count(restart.load.retryReasons)}); ` +
		`processes after: ${processes.map((p) => `${p.name} ${p.isRunning() ? 'up' : 'exited'}`).join(', ')}`;

	figure(
		'Load, 2 workers',
		`${LOAD_PAYLOADS} payloads in ${secs(load.load.ms)}: ${load.load.throughput.toFixed(1)} payloads/s, p50 ${load.load.p50} ms, p95 ${load.load.p95} ms, ${load.cpuMsPerPayload.toFixed(1)} CPU ms per payload (n8n, PostgreSQL, Redis)`,
	);
	figure(
		'Scaling, throughput 2 workers / 1 worker',
		`${ratio.toFixed(2)} (${load.load.throughput.toFixed(1)} / ${one.load.throughput.toFixed(1)} payloads/s)`,
	);
	figure(
		'Worker killed',
		`${killedInFlight.length} executions running at the kill; ${kill.records.unended.ids.length} executions of ${kill.records.unended.payloads.size} payloads never ended (${count(kill.records.unended.byStatus)} when the phase ended; ${count(statusesOf(ctx.postgres, killed.ids))} ${secs(Date.now() - killed.at)} later); ${killed.retried} of those payloads answered through a client retry, ${cutShortAfterAnswer} by the cut-short execution before the kill (${kill.load.retries} retries in all: ${count(kill.load.retryReasons)}); duplicates: ${kill.records.duplicateExecutions} extra executions, ${kill.records.payloadsSucceededTwice} payloads run to success twice`,
	);
	figure(
		'Redis restarted',
		`down ${redisDown ? redisDown.downMs : '?'} ms; ${restartFinding}; ${restart.records.executions} executions (${count(restart.records.byStatus)}); duplicates: ${restart.records.duplicateExecutions} extra executions, ${restart.records.payloadsSucceededTwice} payloads run to success twice`,
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
				['duplicates', (p) => p.duplicates],
				['successful executions by worker', (p) => count(p.byWorker)],
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
		// n8n first, so that it does not see its database and Redis go away first.
		await stopAll(15000, ['redis', 'postgres']);
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
		const failed = crashed || checks.length === 0 || checks.some((c) => !c.ok);
		await cleanup(failed);
		summary();
		process.exitCode = failed ? 1 : 0;
	});
