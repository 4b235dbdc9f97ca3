'use strict';
// What PostgreSQL's execution records say about a load phase. n8n 2.8.4 does not record which
// worker ran an execution (execution_entity has no such column), so the workflow saves the
// payload ID and the process name as execution custom data (table execution_metadata), which
// a worker writes when the execution ends. Executions that never ended (a killed worker's)
// have no custom data: they are found by the payload ID inside their saved input data.

const { sleep } = require('./processes');

function quote(text) {
	return `'${String(text).replace(/'/g, "''")}'`;
}

/** Executions that ended with custom data, per payload of the phase. */
function endedExecutions(postgres, phase) {
	return postgres.query(`
		SELECT p.value, e.status, coalesce(w.value, '')
		FROM execution_metadata p
		JOIN execution_entity e ON e.id = p."executionId"
		LEFT JOIN execution_metadata w ON w."executionId" = p."executionId" AND w.key = 'worker'
		WHERE p.key = 'payloadId' AND p.value LIKE ${quote(`${phase}-%`)}`);
}

/** Executions of the phase without custom data (never ended, or ended before that node). */
function otherExecutions(postgres, phase) {
	return postgres.query(`
		SELECT e.id, e.status, substring(d.data from ${quote(`"(${phase}-[0-9]{5})"`)})
		FROM execution_entity e
		JOIN execution_data d ON d."executionId" = e.id
		WHERE NOT EXISTS (
			SELECT 1 FROM execution_metadata m WHERE m."executionId" = e.id AND m.key = 'payloadId'
		)
		AND d.data LIKE ${quote(`%"${phase}-%`)}`);
}

/**
 * Waits until the number of ended executions of the phase stops growing (the answer leaves
 * before the worker saves the execution), then reads the phase's execution records.
 */
async function readPhase(postgres, phase, { settleMs = 3000, maxWaitMs = 30000 } = {}) {
	const deadline = Date.now() + maxWaitMs;
	let rows = endedExecutions(postgres, phase);
	for (;;) {
		await sleep(settleMs);
		const again = endedExecutions(postgres, phase);
		if (again.length === rows.length || Date.now() > deadline) {
			rows = again;
			break;
		}
		rows = again;
	}
	const byWorker = {};
	const byStatus = {};
	const endedPerPayload = new Map();
	const succeededPerPayload = new Map();
	for (const [payloadId, status, worker] of rows) {
		byWorker[worker || '(none)'] = (byWorker[worker || '(none)'] || 0) + 1;
		byStatus[status] = (byStatus[status] || 0) + 1;
		endedPerPayload.set(payloadId, (endedPerPayload.get(payloadId) || 0) + 1);
		if (status === 'success') {
			succeededPerPayload.set(payloadId, (succeededPerPayload.get(payloadId) || 0) + 1);
		}
	}
	const unended = otherExecutions(postgres, phase);
	const unendedByStatus = {};
	const unendedPayloads = new Set();
	const unendedIds = [];
	for (const [id, status, payloadId] of unended) {
		unendedByStatus[status] = (unendedByStatus[status] || 0) + 1;
		unendedIds.push(id);
		if (payloadId) unendedPayloads.add(payloadId);
	}
	let unendedNeverSucceeded = 0;
	for (const payloadId of unendedPayloads) {
		if (!succeededPerPayload.has(payloadId)) unendedNeverSucceeded++;
	}
	let extraEnded = 0;
	for (const count of endedPerPayload.values()) extraEnded += count - 1;
	let succeededTwice = 0;
	for (const count of succeededPerPayload.values()) if (count > 1) succeededTwice++;
	return {
		ended: rows.length,
		byWorker,
		byStatus,
		payloadsEnded: endedPerPayload.size,
		payloadsSucceeded: succeededPerPayload.size,
		succeededPerPayload,
		/** Executions beyond the first that ran a payload to its end. */
		extraEnded,
		/** Payloads run to success more than once. */
		succeededTwice,
		unended: unended.length,
		unendedByStatus,
		unendedPayloads,
		unendedIds,
		/** Payloads whose only executions never ended. */
		unendedNeverSucceeded,
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
