'use strict';
// What PostgreSQL's execution records say about a load phase.
//
// Which payload an execution ran: every execution's saved data holds the payload's ID (the
// webhook's input), so executions are counted per payload from execution_data, including the
// ones a killed worker never ended.
//
// Which worker ran it: n8n 2.8.4's execution records do not name the worker (execution_entity
// has no such column), so the workflow saves the process name as execution custom data
// (execution_metadata, key `worker`). In queue mode that row is written by the process that
// enqueued the execution (the webhook process), after the worker has saved the execution, and
// a few successful executions under load end up without it; for those, the worker is read from
// the workers' own logs ("Worker started execution <id>"), and the count is reported.

const fs = require('node:fs');

const { sleep } = require('./processes');

function quote(text) {
	return `'${String(text).replace(/'/g, "''")}'`;
}

function phaseExecutions(postgres, phase) {
	return postgres.query(`
		SELECT e.id, e.status, substring(d.data from ${quote(`"(${phase}-[0-9]{5})"`)}),
			coalesce(w.value, '')
		FROM execution_entity e
		JOIN execution_data d ON d."executionId" = e.id
		LEFT JOIN execution_metadata w ON w."executionId" = e.id AND w.key = 'worker'
		WHERE d.data LIKE ${quote(`%"${phase}-%`)}`);
}

/** Execution ID → worker name, from the workers' logs. */
function workersFromLogs(logFiles) {
	const byExecution = new Map();
	for (const [name, file] of Object.entries(logFiles)) {
		let text = '';
		try {
			text = fs.readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		for (const match of text.matchAll(/Worker started execution (\d+)/g)) {
			byExecution.set(match[1], name);
		}
	}
	return byExecution;
}

function add(map, key, n = 1) {
	map[key] = (map[key] || 0) + n;
}

/**
 * Reads the phase's execution records once the number of successful ones stops growing (an
 * answer leaves before the worker saves its execution).
 * @param {Record<string, string>} workerLogs  worker name → its log file
 */
async function readPhase(postgres, phase, workerLogs, { settleMs = 2000, maxWaitMs = 30000 } = {}) {
	const deadline = Date.now() + maxWaitMs;
	const successes = (rows) => rows.filter((row) => row[1] === 'success').length;
	let rows = phaseExecutions(postgres, phase);
	for (;;) {
		await sleep(settleMs);
		const again = phaseExecutions(postgres, phase);
		const settled = successes(again) === successes(rows);
		rows = again;
		if (settled || Date.now() > deadline) break;
	}
	const fromLogs = workersFromLogs(workerLogs);
	const byWorker = {};
	const byStatus = {};
	const executionsPerPayload = new Map();
	const successesPerPayload = new Map();
	const unended = { ids: [], byStatus: {}, payloads: new Set() };
	let workerFromLogOnly = 0;
	for (const [id, status, payloadId, recordedWorker] of rows) {
		add(byStatus, status);
		executionsPerPayload.set(payloadId, (executionsPerPayload.get(payloadId) || 0) + 1);
		if (status === 'success') {
			successesPerPayload.set(payloadId, (successesPerPayload.get(payloadId) || 0) + 1);
			const worker = recordedWorker || fromLogs.get(id) || '(unknown)';
			if (!recordedWorker) workerFromLogOnly++;
			add(byWorker, worker);
		} else {
			unended.ids.push(id);
			add(unended.byStatus, status);
			unended.payloads.add(payloadId);
		}
	}
	let duplicateExecutions = 0;
	const runTwiceIds = new Set();
	for (const [payloadId, n] of executionsPerPayload) {
		duplicateExecutions += n - 1;
		if (n > 1) runTwiceIds.add(payloadId);
	}
	let payloadsSucceededTwice = 0;
	for (const n of successesPerPayload.values()) if (n > 1) payloadsSucceededTwice++;
	return {
		executions: rows.length,
		byStatus,
		/** Successful executions by the worker that ran them. */
		byWorker,
		/** Successful executions whose worker n8n's custom data lacks (read from the logs). */
		workerFromLogOnly,
		payloadsRun: executionsPerPayload.size,
		payloadsSucceeded: successesPerPayload.size,
		succeededIds: new Set(successesPerPayload.keys()),
		/** Executions beyond one per payload, and the payloads they belong to. */
		duplicateExecutions,
		payloadsRunTwice: runTwiceIds.size,
		runTwiceIds,
		payloadsSucceededTwice,
		/** Executions that did not succeed (a killed worker's, a failed one). */
		unended,
	};
}

/** The statuses of the given executions now, by status. */
function statusesOf(postgres, ids) {
	if (ids.length === 0) return {};
	const byStatus = {};
	const rows = postgres.query(
		`SELECT status, count(*) FROM execution_entity WHERE id IN (${ids.map(Number).join(',')}) GROUP BY status`,
	);
	for (const [status, n] of rows) byStatus[status] = Number(n);
	return byStatus;
}

module.exports = { readPhase, statusesOf };
