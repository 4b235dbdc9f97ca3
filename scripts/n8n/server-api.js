'use strict';
// What a running n8n (server.js's `n8n start`) tells its owner about workflows and executions,
// over the REST API its own editor uses, with the owner's session cookie (server.js `login`).
// Facts this relies on, read from n8n 2.8.4's source (packages/cli) and checked against it:
//   - every answer is wrapped: `{ data: … }`;
//   - a workflow runs in production only once published: `POST /rest/workflows/:id/activate`
//     with the `versionId` that `GET /rest/workflows/:id` reports (2.x publishes a version;
//     an error workflow must be published too, or n8n logs "is not active and cannot be
//     executed" and never runs it);
//   - `GET /rest/executions?filter={"workflowId":…}` lists executions, newest first
//     (`{ results, count }`; the custom-data filter `metadata` needs an enterprise licence and is
//     dropped silently without one);
//   - `GET /rest/executions/:id` returns the execution with `customData` (the
//     execution_metadata rows as `{ key: value }`) and `data`, the run as n8n stores it: a
//     `flatted` string, parsed here with n8n's own copy of flatted.
// Node's standard library only (n8n's flatted is loaded from the n8n install), like env.js.

const path = require('node:path');
const { createRequire } = require('node:module');

const { sleep } = require('../lib/process.js');

/** Statuses of an execution that has ended. */
const ENDED = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * A client for one n8n server: `url` (server.js's `server.url`), the session `cookie`
 * (`n8n-auth=…`, from setUpOwner or login), and the n8n install (for its flatted).
 */
function serverApi({ url, cookie, n8nDir }) {
	const n8nRequire = createRequire(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'));
	const flatted = n8nRequire('flatted');

	async function call(method, route, body) {
		const response = await fetch(`${url}/rest${route}`, {
			method,
			headers: {
				cookie,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) {
			throw new Error(`${method} /rest${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		}
		return JSON.parse(text).data;
	}

	/** Publishes the workflow's current version, so its triggers (webhooks, errors) run. */
	async function activateWorkflow(id) {
		const workflow = await call('GET', `/workflows/${encodeURIComponent(id)}`);
		return call('POST', `/workflows/${encodeURIComponent(id)}/activate`, {
			versionId: workflow.versionId,
		});
	}

	/**
	 * Executions of a workflow, newest first: `[{ id, status, mode, workflowId, … }]`. `metadata`
	 * (`[{ key, value }]`) filters by custom data, as the Executions list does, when the instance
	 * is licensed for it; without a licence n8n ignores it.
	 */
	async function listExecutions(workflowId, { metadata } = {}) {
		const filter = encodeURIComponent(
			JSON.stringify(metadata ? { workflowId, metadata } : { workflowId }),
		);
		const answer = await call('GET', `/executions?filter=${filter}&limit=100`);
		return answer.results;
	}

	/**
	 * One execution as n8n stores it: `{ id, status, mode, customData, data }`, `data` parsed
	 * into the run (`data.resultData.runData[node][0].data.main[output]`).
	 */
	async function getExecution(id) {
		const execution = await call('GET', `/executions/${encodeURIComponent(id)}`);
		const data =
			typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
		return { ...execution, data };
	}

	/**
	 * Waits until the workflow has at least `count` ended executions and returns them, newest
	 * first, read in full (getExecution). Production executions are saved when they end, and an
	 * error workflow starts only after the failed execution ended, so tests poll.
	 */
	async function waitForExecutions(workflowId, { count = 1, timeoutMs = 60_000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let seen = [];
		while (Date.now() < deadline) {
			seen = await listExecutions(workflowId);
			const ended = seen.filter((execution) => ENDED.has(execution.status));
			if (ended.length >= count) {
				return Promise.all(ended.map((execution) => getExecution(execution.id)));
			}
			await sleep(500);
		}
		const statuses = seen.map((execution) => `${execution.id}:${execution.status}`).join(', ');
		throw new Error(
			`workflow ${workflowId}: fewer than ${count} ended executions within ${timeoutMs / 1000} s (${statuses || 'none'})`,
		);
	}

	return { call, activateWorkflow, listExecutions, getExecution, waitForExecutions };
}

/** The items a node put on one output in an execution read by getExecution. */
function executionOutput(execution, nodeName, outputIndex = 0) {
	const runs = execution.data && execution.data.resultData && execution.data.resultData.runData;
	const first = runs && runs[nodeName] && runs[nodeName][0];
	const main = first && first.data && first.data.main;
	return (main && main[outputIndex]) || [];
}

/** Calls a production webhook: `POST <url>/webhook/<path>` with a JSON body. */
async function callWebhook(url, webhookPath, body) {
	const response = await fetch(`${url}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, text: await response.text() };
}

module.exports = { serverApi, executionOutput, callWebhook };
