// The demo's "Guarded ERP posting" in a real n8n: payloads → Return Handoff Guard v1.1 (orders
// looked up live in the stand-in NetSuite on 127.0.0.1 with the package's token-based
// credential, imported with `n8n import:credentials`) → HTTP Request (n8n-nodes-base.httpRequest
// 4.2, "Predefined Credential Type" = the same credential, "Continue (using error output)")
// posting NetSuite credit memos → Return Handoff Tagger on the error output. The stand-in
// requires a valid signature on every call. One execution for the happy path, then one per
// failure of the lookup; the tests read the printed run JSON and the stand-in's own call log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as n8n from '../../scripts/n8n/env';
import {
	NODES,
	POSTING_CASES,
	POSTING_CREDENTIAL,
	postingCredential,
	postingWorkflow,
} from '../../scripts/demo-workflows';
import { startStandInErp, type StandInErp } from '../../scripts/stand-in-erp';
import { postingStandInOptions } from '../../scripts/stand-in-erp-posting';
import {
	N8N_LABEL,
	RUN_TIMEOUT_MS,
	SETUP_TIMEOUT_MS,
	describeE2e,
	installN8nWithPackage,
	removeN8nUserFolder,
	sorted,
	type N8nUnderTest,
} from './n8n-under-test';

const names = NODES.posting;
const [PASS, BLOCKED] = [0, 1];
const [RETRY, FIX, UNCLASSIFIED] = [0, 1, 2];

interface GuardTag {
	state: string;
	symptom: string | null;
	cause: string | null;
	verdict: 'pass' | 'blocked';
	problems: Array<{ code: string; fixable: boolean }>;
	normalized: { orderRef?: string; status?: string; subsidiary?: string };
}

interface ErrorTag {
	state: string;
	symptom: string | null;
	cause: string | null;
	retryable?: boolean;
	findings: Array<{ cause: string; evidence: Record<string, unknown> }>;
}

interface CallLog {
	count: number;
	calls: Array<{
		path: string;
		auth?: string;
		scenario: string;
		status: number | null;
		body: Record<string, unknown>;
		suiteql?: { refs: number; offset: number; rows: number };
	}>;
}

const CREDIT_MEMO = '/services/rest/record/v1/creditMemo';
const SUITEQL = '/services/rest/query/v1/suiteql';

async function callLog(erp: StandInErp | undefined): Promise<CallLog> {
	return (await (await fetch(`${erp?.url}/__calls`)).json()) as CallLog;
}

/** A payload's key for matching outputs back to cases: the return ID, else the order ID. */
const keyOf = (json: Record<string, unknown>) => String(json.returnId ?? json.orderId);
const casesWhere = (keep: (expectation: string) => boolean) =>
	POSTING_CASES.filter((entry) => keep(entry.expect)).map((entry) => keyOf(entry.payload));

describeE2e(`"Guarded ERP posting" in ${N8N_LABEL}`, () => {
	let under: N8nUnderTest | undefined;
	let erp: StandInErp | undefined;
	let run: n8n.N8nRun;

	beforeAll(async () => {
		under = await installN8nWithPackage();
		erp = await startStandInErp(postingStandInOptions());
		await n8n.importCredentials(under.ctx, [postingCredential({ erpUrl: erp.url, tba: erp.tba })]);
		const [id] = await n8n.importWorkflows(under.ctx, [
			postingWorkflow({ creditMemoUrl: erp.creditMemoUrl }),
		]);
		run = await n8n.executeWorkflow(under.ctx, id, { timeoutMs: RUN_TIMEOUT_MS });
	}, SETUP_TIMEOUT_MS + RUN_TIMEOUT_MS);

	afterAll(async () => {
		if (erp) await erp.close();
		removeN8nUserFolder(under);
	});

	it('is installed where and how n8n installs a community package', () => {
		const folder = (under as N8nUnderTest).folder;
		const listed = JSON.parse(readFileSync(join(folder.nodesDir, 'package.json'), 'utf8'));
		const manifest = JSON.parse(
			readFileSync(join(folder.packageDir as string, 'package.json'), 'utf8'),
		);

		expect(folder.packageName).toBe('n8n-nodes-returns-handoff');
		expect(listed.dependencies).toEqual({ [folder.packageName as string]: folder.packageVersion });
		expect(manifest.peerDependencies).toBeUndefined();
		expect(manifest.devDependencies).toBeUndefined();
		expect(run.status).toBe('success');
	});

	it('passes clean and fixable payloads to the ERP call, normalized', () => {
		const passed = n8n.outputOf(run, names.guard, PASS);

		expect(sorted(passed.map((item) => keyOf(item.json)))).toEqual(
			sorted(casesWhere((expectation) => !expectation.startsWith('blocked:'))),
		);
		for (const item of passed) {
			expect(item.json.handoff).toMatchObject({ verdict: 'pass', state: 'consistent' });
			expect(item.json.erp).toEqual({
				createdFrom: `SO-00${String(item.json.orderId).slice(1)}`,
				status: 'refunded',
				subsidiary: 'US Retail',
			});
		}
		// so-20002 is order 20002 spelled the portal's way: fixed, not blocked.
		const respelled = passed.find((item) => item.json.returnId === 'RA-20002');
		expect((respelled?.json.handoff as GuardTag).problems).toEqual([
			expect.objectContaining({ code: 'order_ref_format', fixable: true }),
		]);
		expect(respelled?.json.orderRef).toBe('so-20002');
	});

	it('blocks each payload with a problem, naming the problem', () => {
		const blocked = n8n.outputOf(run, names.guard, BLOCKED);
		const found = blocked.map((item) => {
			const tag = item.json.handoff as GuardTag;
			expect(tag).toMatchObject({ verdict: 'blocked', state: 'mismatch' });
			return `${keyOf(item.json)} blocked:${tag.problems.map((p) => p.code).join('+')}`;
		});

		expect(sorted(found)).toEqual(
			sorted(
				POSTING_CASES.filter((entry) => entry.expect.startsWith('blocked:')).map(
					(entry) => `${keyOf(entry.payload)} ${entry.expect}`,
				),
			),
		);
		expect(n8n.outputOf(run, names.blocked)).toHaveLength(blocked.length);
	});

	it('looks the distinct orders up in one signed SuiteQL query, before any posting', async () => {
		const log = await callLog(erp);
		const queries = log.calls.filter((call) => call.path === SUITEQL);
		const refs = new Set(
			POSTING_CASES.map((entry) => `SO-00${String(entry.payload.orderId).slice(1)}`),
		);

		// ⌈distinct refs / 1000⌉ = 1 query, one page, for the batch's payloads.
		expect(queries).toHaveLength(Math.ceil(refs.size / 1000));
		expect(queries[0]).toMatchObject({ auth: 'tba', status: 200 });
		expect(queries[0].suiteql).toMatchObject({ refs: refs.size, offset: 0 });
		expect(log.calls[0].path).toBe(SUITEQL);
		// Every call the stand-in checked (all but those a fault answered first) was signed with
		// the imported credential, and every signature held.
		const checked = log.calls.filter((call) => call.auth !== undefined);
		for (const call of checked) expect(call).toMatchObject({ auth: 'tba' });
		expect(checked.filter((call) => call.status === 401)).toEqual([]);
		// The credit memos answered by the stand-in's own checks, after the signature held.
		expect(
			sorted(
				checked
					.filter((call) => call.path === CREDIT_MEMO)
					.map((call) => String(call.body.returnId)),
			),
		).toEqual(
			sorted(
				casesWhere((expectation) =>
					[
						'posted',
						'fix:duplicate_posting/already_posted',
						'fix:partial_receipt_conflict/amount_mismatch',
					].includes(expectation),
				),
			),
		);
	});

	it('never sends a blocked payload: the stand-in ERP received only what passed', async () => {
		const log = await callLog(erp);
		const memos = log.calls.filter((call) => call.path === CREDIT_MEMO);
		const received = memos.map((call) => String(call.body.returnId));

		expect(memos).toHaveLength(n8n.outputOf(run, names.guard, PASS).length);
		expect(sorted(received)).toEqual(
			sorted(casesWhere((expectation) => !expectation.startsWith('blocked:'))),
		);
		for (const key of casesWhere((expectation) => expectation.startsWith('blocked:'))) {
			expect(received).not.toContain(key);
		}
		const respelled = memos.find((call) => call.body.returnId === 'RA-20002');
		expect(respelled?.body.createdFrom).toEqual({ refName: 'SO-0020002' });
	});

	it("routes the ERP's answers: credit memos to Posted, NetSuite errors to the error output", () => {
		const posted = n8n.outputOf(run, names.post, 0);
		const failed = n8n.outputOf(run, names.post, 1);

		expect(sorted(posted.map((item) => item.json.returnId))).toEqual(
			sorted(casesWhere((expectation) => expectation === 'posted')),
		);
		for (const item of posted) expect(item.json.id).toEqual(expect.any(String));
		expect(sorted(failed.map((item) => item.json.returnId))).toEqual(
			sorted(casesWhere((expectation) => /^(retry|fix|unclassified)/.test(expectation))),
		);
		for (const item of failed) expect(item.json.error).toEqual(expect.any(Object));
		expect(n8n.outputOf(run, names.posted)).toHaveLength(posted.length);
	});

	it('tags each failed call and routes it to Retry, Fix or Unclassified', () => {
		const routes = ['retry', 'fix', 'unclassified'];
		const found = [RETRY, FIX, UNCLASSIFIED].flatMap((output) =>
			n8n.outputOf(run, names.tagger, output).map((item) => {
				const tag = item.json.handoff as ErrorTag;
				expect(tag.state).toBe('mismatch');
				if (tag.symptom === null) return `${item.json.returnId} ${routes[output]}`;
				expect(tag.retryable).toBe(output === RETRY);
				return `${item.json.returnId} ${routes[output]}:${tag.symptom}/${tag.cause}`;
			}),
		);

		expect(sorted(found)).toEqual(
			sorted(
				POSTING_CASES.filter((entry) => /^(retry|fix|unclassified)/.test(entry.expect)).map(
					(entry) => `${keyOf(entry.payload)} ${entry.expect}`,
				),
			),
		);
	});

	it('keeps the raw error of a failure it does not recognise, and guesses nothing', () => {
		const [unknown] = n8n.outputOf(run, names.tagger, UNCLASSIFIED);
		const tag = unknown.json.handoff as ErrorTag;

		expect(tag).toMatchObject({ symptom: null, cause: 'unclassified', boundary: null });
		expect(tag.findings[0].evidence).toMatchObject({ httpCode: 400, errorCode: 'USER_ERROR' });
		expect(n8n.outputOf(run, names.unclassified)).toHaveLength(1);
	});

	describe('when the lookup fails', () => {
		const REVOKED = { id: 'rhNetSuiteTbaBad01', name: 'NetSuite (revoked token)' };
		let ids: { posting: string; revoked: string };

		/** The posting workflow with both nodes on another credential. */
		function withCredential(credential: { id: string; name: string }, id: string) {
			const workflow = JSON.parse(
				JSON.stringify(postingWorkflow({ creditMemoUrl: erp?.creditMemoUrl })),
			);
			workflow.id = id;
			for (const node of workflow.nodes) {
				if (node.credentials) node.credentials = { [POSTING_CREDENTIAL.type]: credential };
			}
			return workflow;
		}

		beforeAll(async () => {
			const ctx = (under as N8nUnderTest).ctx;
			await n8n.importCredentials(ctx, [
				{
					...postingCredential({ erpUrl: (erp as StandInErp).url, tba: (erp as StandInErp).tba }),
					...REVOKED,
					data: {
						...postingCredential({ erpUrl: (erp as StandInErp).url, tba: (erp as StandInErp).tba })
							.data,
						tokenSecret: 'a token secret NetSuite revoked',
					},
				},
			]);
			const [revoked] = await n8n.importWorkflows(ctx, [
				withCredential(REVOKED, 'rhGuardedErpBad01'),
			]);
			ids = { posting: postingWorkflow().id as string, revoked };
		}, SETUP_TIMEOUT_MS);

		beforeEach(() => {
			erp?.clearCalls();
			erp?.clearFaults();
		});

		it(
			'a wrong token secret fails the Guard, naming the credential and INVALID_LOGIN',
			async () => {
				const failed = await n8n.executeWorkflow((under as N8nUnderTest).ctx, ids.revoked, {
					allowFailure: true,
					timeoutMs: RUN_TIMEOUT_MS,
				});
				const log = await callLog(erp);

				expect(failed.status).toBe('error');
				const error = failed.data.resultData.error;
				expect(error?.node?.name).toBe(names.guard);
				expect(error?.message).toContain(REVOKED.name);
				expect(error?.message).toContain('INVALID_LOGIN');
				expect(n8n.outputOf(failed, names.guard, PASS)).toEqual([]);
				expect(n8n.outputOf(failed, names.post, 0)).toEqual([]);
				expect(log.calls.map((call) => [call.path, call.status])).toEqual(
					log.calls.map(() => [SUITEQL, 401]),
				);
			},
			RUN_TIMEOUT_MS,
		);

		it(
			'a request limit twice, then NetSuite answers: the batch is checked as usual',
			async () => {
				erp?.addFaults({ answer: 'ratelimit', path: 'suiteql', times: 2 });
				const limited = await n8n.executeWorkflow((under as N8nUnderTest).ctx, ids.posting, {
					timeoutMs: RUN_TIMEOUT_MS,
				});
				const queries = (await callLog(erp)).calls.filter((call) => call.path === SUITEQL);

				expect(queries.map((call) => call.status)).toEqual([429, 429, 200]);
				const keys = (output: number) =>
					sorted(n8n.outputOf(limited, names.guard, output).map((item) => keyOf(item.json)));
				expect(keys(PASS)).toEqual(
					sorted(n8n.outputOf(run, names.guard, PASS).map((item) => keyOf(item.json))),
				);
				expect(keys(BLOCKED)).toEqual(
					sorted(n8n.outputOf(run, names.guard, BLOCKED).map((item) => keyOf(item.json))),
				);
			},
			RUN_TIMEOUT_MS,
		);

		it(
			'an outage past the retries: every payload leaves on Blocked, retryable, none is posted',
			async () => {
				erp?.addFaults({ answer: 'unavailable', path: 'suiteql' });
				const down = await n8n.executeWorkflow((under as N8nUnderTest).ctx, ids.posting, {
					timeoutMs: RUN_TIMEOUT_MS,
				});
				const log = await callLog(erp);

				expect(down.status).toBe('success');
				expect(n8n.outputOf(down, names.guard, PASS)).toEqual([]);
				const blocked = n8n.outputOf(down, names.guard, BLOCKED);
				expect(blocked).toHaveLength(POSTING_CASES.length);
				for (const item of blocked) {
					const tag = item.json.handoff as GuardTag & {
						retryable?: boolean;
						findings: Array<{ symptom: string; cause: string }>;
					};
					expect(tag.problems.map((p) => p.code)).toContain('order_lookup_failed');
					expect(tag.findings).toContainEqual(
						expect.objectContaining({ symptom: 'missing_handoff', cause: 'erp_unavailable' }),
					);
					expect(tag).toMatchObject({ state: 'mismatch', retryable: true });
					// A payload with nothing else wrong is named by the outage.
					if (tag.problems.length === 1) expect(tag.cause).toBe('erp_unavailable');
				}
				expect(log.calls.filter((call) => call.path === CREDIT_MEMO)).toEqual([]);
				expect(log.calls.map((call) => call.status)).toEqual([503, 503, 503, 503]);
			},
			RUN_TIMEOUT_MS,
		);
	});
});
