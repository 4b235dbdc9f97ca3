// Ops visibility in a real n8n, read back from n8n itself: n8n runs as a server (`n8n start`),
// a workflow with a production Webhook trigger posts to the stand-in NetSuite and fails, n8n
// starts the workflow named as its error workflow (an Error Trigger), and the tests read both
// executions, their custom data and the Error Trigger's item over n8n's REST API
// (scripts/n8n/server-api.js). A manual-trigger workflow run with `n8n execute` before the server
// starts shows that a CLI run's custom data is read back the same way.
//
// The shipped workflows too: "Nightly returns audit" and "Guarded ERP posting" run once each
// with `n8n execute`, and the counts our nodes saved are read back from n8n; then "Guarded ERP
// posting" is activated and its production Webhook trigger receives a refund: the Guard fails
// (that path brings no ERP orders while the known-orders check is on), and n8n starts the
// shipped "Handoff error watch", whose Tagger names the failed execution.
import { join } from 'node:path';

import { readErrorTriggerItem } from '../../lib/errorTrigger';
import { WATCH, WATCH_NODES, errorWatchWorkflow } from '../../scripts/error-watch-workflow';
import {
	AUDIT,
	NODES,
	POSTING,
	auditWorkflow,
	postingCredential,
	postingWorkflow,
} from '../../scripts/demo-workflows';
import { postingStandInOptions } from '../../scripts/stand-in-erp-posting';
import { tagHandoffError } from '../../lib/tagger';
import * as n8n from '../../scripts/n8n/env';
import { setUpOwner, startN8n, waitForReady } from '../../scripts/n8n/server';
import {
	callWebhook,
	executionOutput,
	serverApi,
	type Execution,
	type ServerApi,
} from '../../scripts/n8n/server-api';
import { startStandInErp, type StandInErp } from '../../scripts/stand-in-erp';
import {
	N8N_LABEL,
	RUN_TIMEOUT_MS,
	SETUP_TIMEOUT_MS,
	describeE2e,
	installN8nWithPackage,
	removeN8nUserFolder,
	type N8nUnderTest,
} from './n8n-under-test';

const WATCH_ID = 'opsE2eWatch00001';
const FAILING_ID = 'opsE2ePosting001';
const CLI_ID = 'opsE2eCliCounts1';
const WATCHED_ID = 'opsE2eWatched001';
const OWNER = {
	email: 'ops@acme-returns.example',
	firstName: 'Ops',
	lastName: 'Lead',
	password: 'Ops-e2e-2026!',
};

function node(name: string, type: string, typeVersion: number, parameters: object, extra = {}) {
	return { id: `${name}-id`, name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

const main = (to: string) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });

/** Saves custom data with n8n's own Execution Data node. */
function saveCustomData(name: string, values: Record<string, string>) {
	return node(name, 'n8n-nodes-base.executionData', 1.1, {
		operation: 'save',
		dataToSave: { values: Object.entries(values).map(([key, value]) => ({ key, value })) },
	});
}

function watchWorkflow() {
	return {
		id: WATCH_ID,
		name: 'Error watch (e2e)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Error Trigger', 'n8n-nodes-base.errorTrigger', 1, {}),
			node('Failure seen', 'n8n-nodes-base.noOp', 1, {}),
		],
		connections: { 'Error Trigger': main('Failure seen') },
	};
}

/** Two production webhooks: one posts a bad order reference to NetSuite, one runs failing code. */
function failingWorkflow(creditMemoUrl: string) {
	return {
		id: FAILING_ID,
		name: 'Guarded ERP posting (e2e)',
		active: false,
		settings: { executionOrder: 'v1', errorWorkflow: WATCH_ID },
		nodes: [
			node(
				'Refund approved',
				'n8n-nodes-base.webhook',
				2,
				{ httpMethod: 'POST', path: 'ops-e2e-post', options: {} },
				{ webhookId: '7d0c6a52-4c1e-4f0a-9f3e-000000000001' },
			),
			saveCustomData('Save counts', { handoff_passed: '1' }),
			node('Post credit memo', 'n8n-nodes-base.httpRequest', 4.2, {
				method: 'POST',
				url: creditMemoUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json.body) }}',
				options: {},
			}),
			node(
				'Refund mapped',
				'n8n-nodes-base.webhook',
				2,
				{ httpMethod: 'POST', path: 'ops-e2e-code', options: {} },
				{ webhookId: '7d0c6a52-4c1e-4f0a-9f3e-000000000002' },
			),
			node('Map the refund', 'n8n-nodes-base.code', 2, {
				jsCode: "throw new Error('Refund ' + $json.body.returnId + ' has no order reference');",
			}),
		],
		connections: {
			'Refund approved': main('Save counts'),
			'Save counts': main('Post credit memo'),
			'Refund mapped': main('Map the refund'),
		},
	};
}

/** Posts each webhook body to NetSuite; its error workflow is the shipped "Handoff error watch". */
function watchedWorkflow(creditMemoUrl: string) {
	return {
		id: WATCHED_ID,
		name: 'Posting watched by the shipped error watch (e2e)',
		active: false,
		settings: { executionOrder: 'v1', errorWorkflow: WATCH.id },
		nodes: [
			node(
				'Refund approved',
				'n8n-nodes-base.webhook',
				2,
				{ httpMethod: 'POST', path: 'ops-e2e-watched', options: {} },
				{ webhookId: '7d0c6a52-4c1e-4f0a-9f3e-000000000003' },
			),
			node('Post credit memo', 'n8n-nodes-base.httpRequest', 4.2, {
				method: 'POST',
				url: creditMemoUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json.body) }}',
				options: {},
			}),
		],
		connections: { 'Refund approved': main('Post credit memo') },
	};
}

function cliWorkflow() {
	return {
		id: CLI_ID,
		name: 'Counts from a CLI run (e2e)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Run the audit', 'n8n-nodes-base.manualTrigger', 1, {}),
			saveCustomData('Save counts', {
				handoff_mismatch: '41',
				handoff_top_symptom: 'id_linkage_failure',
			}),
		],
		connections: { 'Run the audit': main('Save counts') },
	};
}

/** A NetSuite credit memo for a sales order the ERP does not have. */
function creditMemo(returnId: string) {
	return { externalId: returnId, createdFrom: { refName: 'SO-0099999' }, total: 42.5 };
}

interface ErrorTriggerJson {
	execution: {
		id: string;
		url: string;
		lastNodeExecuted: string;
		mode: string;
		error: { message: string; httpCode?: string; messages?: string[] };
	};
	workflow: { id: string; name: string };
}

describeE2e(`ops visibility in ${N8N_LABEL} as a server`, () => {
	let under: N8nUnderTest | undefined;
	let erp: StandInErp | undefined;
	let server: ReturnType<typeof startN8n> | undefined;
	let api: ServerApi;
	let failed: Execution[];
	let watched: Execution[];
	let webhookAnswers: Array<{ status: number }>;
	let shippedWatch: Execution[];
	let postingErp: StandInErp | undefined;
	let shippedRuns: { audit: Execution; posting: Execution };
	let productionFailure: { answer: { status: number }; failed: Execution; watch: Execution };

	beforeAll(
		async () => {
			under = await installN8nWithPackage();
			// These workflows send no credentials (no 401 here); the stand-in answers a credit memo for
			// an order it does not have with INVALID_KEY_OR_REF, and RA-20032's with a rate limit.
			erp = await startStandInErp({
				requireAuth: false,
				faults: [{ answer: 'ratelimit', externalId: 'RA-20032' }],
			});
			postingErp = await startStandInErp(postingStandInOptions());
			await n8n.importWorkflows(under.ctx, [
				// The shipped audit with fewer sample returns: `n8n execute` prints the whole run.
				auditWorkflow({ returns: 60 }).workflow,
				postingWorkflow({ creditMemoUrl: postingErp.creditMemoUrl }),
				watchWorkflow(),
				failingWorkflow(erp.creditMemoUrl),
				cliWorkflow(),
				errorWatchWorkflow(),
				watchedWorkflow(erp.creditMemoUrl),
			]);
			await n8n.executeWorkflow(under.ctx, CLI_ID, { timeoutMs: RUN_TIMEOUT_MS });
			await n8n.executeWorkflow(under.ctx, AUDIT.id, { timeoutMs: RUN_TIMEOUT_MS });
			const tba = { erpUrl: postingErp.url, tba: postingErp.tba };
			await n8n.importCredentials(under.ctx, [postingCredential(tba)]);
			await n8n.executeWorkflow(under.ctx, POSTING.id, { timeoutMs: RUN_TIMEOUT_MS });
			// NetSuite revokes the token before the production run below: the Guard's live order
			// lookup is refused (INVALID_LOGIN), the node fails, and n8n starts the error workflow.
			const revoked = postingCredential(tba);
			await n8n.importCredentials(under.ctx, [
				{ ...revoked, data: { ...revoked.data, tokenSecret: 'a token secret NetSuite revoked' } },
			]);

			const port = await n8n.freePort(5700 + Math.floor(Math.random() * 200));
			server = startN8n(under.ctx, { port, logFile: join(under.folder.userFolder, 'n8n.log') });
			await waitForReady(server);
			const owner = await setUpOwner(server.url, OWNER);
			api = serverApi({ url: server.url, cookie: owner.cookie, n8nDir: under.install.dir });
			await api.activateWorkflow(WATCH_ID);
			await api.activateWorkflow(FAILING_ID);
			await api.activateWorkflow(WATCH.id);
			await api.activateWorkflow(WATCHED_ID);

			webhookAnswers = [
				await callWebhook(server.url, 'ops-e2e-post', creditMemo('RA-20017')),
				await callWebhook(server.url, 'ops-e2e-code', { returnId: 'RA-20018' }),
			];
			failed = await api.waitForExecutions(FAILING_ID, { count: 2, timeoutMs: RUN_TIMEOUT_MS });
			watched = await api.waitForExecutions(WATCH_ID, { count: 2, timeoutMs: RUN_TIMEOUT_MS });

			// One failure at a time: the watch's memory (static data) is saved when its execution ends.
			const limits = { timeoutMs: RUN_TIMEOUT_MS };
			await callWebhook(server.url, 'ops-e2e-watched', creditMemo('RA-20031'));
			await api.waitForExecutions(WATCH.id, { count: 1, ...limits });
			await callWebhook(server.url, 'ops-e2e-watched', creditMemo('RA-20032'));
			shippedWatch = await api.waitForExecutions(WATCH.id, { count: 2, ...limits });

			const [audit] = await api.waitForExecutions(AUDIT.id, { count: 1, ...limits });
			const [cliPosting] = await api.waitForExecutions(POSTING.id, { count: 1, ...limits });
			shippedRuns = { audit, posting: cliPosting };
			await api.activateWorkflow(POSTING.id);
			const answer = await callWebhook(server.url, 'guarded-erp-posting', {
				returnId: 'RA-30412',
				orderId: '#30412',
				status: 'refunded',
				refundAmount: 59.9,
				currency: 'USD',
				channel: 'web-us',
			});
			const postingRuns = await api.waitForExecutions(POSTING.id, { count: 2, ...limits });
			const watchRuns = await api.waitForExecutions(WATCH.id, { count: 3, ...limits });
			productionFailure = { answer, failed: postingRuns[0], watch: watchRuns[0] };
		},
		SETUP_TIMEOUT_MS + 6 * RUN_TIMEOUT_MS,
	);

	afterAll(async () => {
		if (server) await server.stop();
		if (erp) await erp.close();
		if (postingErp) await postingErp.close();
		removeN8nUserFolder(under);
	});

	const triggerItems = () =>
		watched.map((execution) => {
			const [item] = executionOutput(execution, 'Error Trigger');
			return item.json as unknown as ErrorTriggerJson;
		});

	it('runs the webhook workflow in production and records both failures', () => {
		expect(webhookAnswers.map((answer) => answer.status)).toEqual([200, 200]);
		expect(failed).toHaveLength(2);
		for (const execution of failed) {
			expect(execution).toMatchObject({ mode: 'webhook', status: 'error' });
		}
	});

	it('keeps custom data saved before the failure, read back from n8n', () => {
		const posting = failed.find((execution) => executionOutput(execution, 'Save counts').length);

		expect(posting?.customData).toEqual({ handoff_passed: '1' });
	});

	it('reads back the custom data of a CLI run', async () => {
		const [run] = await api.waitForExecutions(CLI_ID, { count: 1 });

		expect(run.status).toBe('success');
		expect(run.customData).toEqual({
			handoff_mismatch: '41',
			handoff_top_symptom: 'id_linkage_failure',
		});
	});

	it('filters executions by custom data only when licensed: this one ignores the filter', async () => {
		// The Executions list's custom data filter is an enterprise feature
		// (feat:advancedExecutionFilters); a community instance answers as if it were not given.
		const listed = await api.listExecutions(FAILING_ID, {
			metadata: [{ key: 'handoff_passed', value: 'no-such-value' }],
		});

		expect(listed.map((execution) => String(execution.id)).sort()).toEqual(
			failed.map((execution) => String(execution.id)).sort(),
		);
	});

	it('starts the error workflow once per failed execution, in error mode', () => {
		expect(watched).toHaveLength(2);
		for (const execution of watched) {
			expect(execution).toMatchObject({ mode: 'error', status: 'success' });
			expect(executionOutput(execution, 'Failure seen')).toHaveLength(1);
		}
		expect(
			triggerItems()
				.map((item) => item.execution.id)
				.sort(),
		).toEqual(failed.map((execution) => String(execution.id)).sort());
	});

	it('hands the Error Trigger the failed execution, its workflow and its error', () => {
		const items = triggerItems();
		const posting = items.find((item) => item.execution.lastNodeExecuted === 'Post credit memo');
		const code = items.find((item) => item.execution.lastNodeExecuted === 'Map the refund');

		expect(posting?.workflow).toEqual({ id: FAILING_ID, name: 'Guarded ERP posting (e2e)' });
		expect(posting?.execution).toMatchObject({
			mode: 'webhook',
			url: expect.stringContaining(`/workflow/${FAILING_ID}/executions/${posting?.execution.id}`),
			error: { httpCode: '400' },
		});
		expect(posting?.execution.error.messages?.join(' ')).toContain('INVALID_KEY_OR_REF');
		expect(code?.execution.error.message).toContain('RA-20018 has no order reference');
	});

	it('gives the Tagger’s table what it needs to name the failure from the Error Trigger item', () => {
		const items = triggerItems();
		const posting = readErrorTriggerItem(
			items.find((item) => item.execution.lastNodeExecuted === 'Post credit memo'),
		);
		const code = readErrorTriggerItem(
			items.find((item) => item.execution.lastNodeExecuted === 'Map the refund'),
		);

		expect(posting?.fields).toMatchObject({
			workflowName: 'Guarded ERP posting (e2e)',
			failedNode: 'Post credit memo',
		});
		expect(tagHandoffError(posting?.error)).toMatchObject({
			symptom: 'id_linkage_failure',
			cause: 'order_ref_unknown',
		});
		expect(code?.fields.failedNode).toBe('Map the refund');
		expect(tagHandoffError(code?.error)).toMatchObject({ symptom: null, cause: 'unclassified' });
	});

	it('runs the shipped "Handoff error watch" for each failure, tagging it and remembering it', () => {
		const [second, first] = shippedWatch;
		const tagOn = (execution: Execution, output: number) =>
			executionOutput(execution, WATCH_NODES.tagger, output).map(
				(item) => item.json.handoff as { symptom: string | null; cause: string | null },
			);
		const summaryOf = (execution: Execution) =>
			executionOutput(execution, WATCH_NODES.report)[0]?.json.summary as { total: number };

		expect(shippedWatch.map((execution) => [execution.mode, execution.status])).toEqual([
			['error', 'success'],
			['error', 'success'],
		]);
		// Fix (output 1) for the unknown order, Retry (output 0) for the rate limit.
		expect(tagOn(first, 1)).toEqual([
			expect.objectContaining({ symptom: 'id_linkage_failure', cause: 'order_ref_unknown' }),
		]);
		expect(tagOn(second, 0)).toEqual([
			expect.objectContaining({ symptom: 'timing_latency', cause: 'rate_limited' }),
		]);
		// The second summary counts the first failure too: memory across executions.
		expect(summaryOf(first).total).toBe(1);
		expect(summaryOf(second).total).toBe(2);
	});

	it('received each failing payload at the stand-in ERP once', () => {
		const calls = erp?.calls() ?? [];

		expect(calls.map((call) => call.scenario)).toEqual([
			'invalid_key_or_ref',
			'invalid_key_or_ref',
			'ratelimit',
		]);
	});

	it('saves the audit’s counts to its execution: read back from n8n, they match its run', () => {
		const { audit } = shippedRuns;
		const names = NODES.audit;
		const summary = executionOutput(audit, names.report)[0]?.json.summary as {
			signatures: Array<{ pattern: string }>;
		};
		const mismatchSymptoms = executionOutput(audit, names.reconciler, 0).map(
			(item) => (item.json.handoff as { symptom: string }).symptom,
		);

		expect(audit.status).toBe('success');
		expect(audit.customData).toEqual({
			handoff_mismatch: String(executionOutput(audit, names.reconciler, 0).length),
			handoff_pending: String(executionOutput(audit, names.reconciler, 1).length),
			handoff_structural: String(
				summary.signatures.filter((signature) => signature.pattern === 'structural').length,
			),
			handoff_top_symptom: expect.any(String),
		});
		expect(Number(audit.customData.handoff_mismatch)).toBeGreaterThan(0);
		expect(mismatchSymptoms).toContain(audit.customData.handoff_top_symptom);
	});

	it('saves the posting’s counts: Guard and Tagger, read back from n8n', () => {
		const { posting } = shippedRuns;
		const names = NODES.posting;
		const count = (node: string, output: number) =>
			String(executionOutput(posting, node, output).length);

		expect(posting.status).toBe('success');
		expect(posting.customData).toEqual({
			handoff_passed: count(names.guard, 0),
			handoff_blocked: count(names.guard, 1),
			handoff_retry: count(names.tagger, 0),
			handoff_fix: count(names.tagger, 1),
			handoff_unclassified: count(names.tagger, 2),
			handoff_top_symptom: expect.any(String),
		});
		expect(Number(posting.customData.handoff_blocked)).toBeGreaterThan(0);
		expect(Number(posting.customData.handoff_fix)).toBeGreaterThan(0);
	});

	it('starts "Handoff error watch" when a production execution of the posting fails', () => {
		const { answer, failed, watch } = productionFailure;

		expect(answer.status).toBe(200);
		expect(failed).toMatchObject({ mode: 'webhook', status: 'error' });
		expect(failed.data.resultData.error?.message).toMatch(/refused the credential.*INVALID_LOGIN/);
		expect(watch).toMatchObject({ mode: 'error', status: 'success' });
	});

	it('has the watch’s Tagger name the failed execution, its workflow and the failed node', () => {
		const { failed, watch } = productionFailure;
		const tags = [0, 1, 2].flatMap((output) =>
			executionOutput(watch, WATCH_NODES.tagger, output).map(
				(item) => item.json.handoff as Record<string, unknown>,
			),
		);

		expect(tags).toEqual([
			expect.objectContaining({
				// NetSuite's INVALID_LOGIN, named in the Guard's error: a credential to fix, not retry.
				symptom: 'missing_handoff',
				cause: 'auth_failed',
				retryable: false,
				executionId: String(failed.id),
				executionUrl: expect.stringContaining(`/workflow/${POSTING.id}/executions/${failed.id}`),
				workflowName: POSTING.name,
				failedNode: NODES.posting.guard,
			}),
		]);
		// The watch's own execution carries the Tagger's counts.
		expect(watch.customData).toMatchObject({ handoff_fix: '1', handoff_retry: '0' });
	});
});
