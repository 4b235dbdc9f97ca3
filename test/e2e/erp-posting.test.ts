// The demo's "Guarded ERP posting" in a real n8n: payloads → Return Handoff Guard → HTTP Request
// (n8n-nodes-base.httpRequest 4.2, "Continue (using error output)") posting NetSuite credit memos
// to the stand-in ERP on 127.0.0.1 → Return Handoff Tagger on the error output. One execution;
// the tests read its printed run JSON and the stand-in's own call log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as n8n from '../../scripts/n8n/env';
import { NODES, POSTING_CASES, postingWorkflow } from '../../scripts/demo-workflows';
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
	calls: Array<{ scenario: string; status: number | null; body: Record<string, unknown> }>;
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

	it('never sends a blocked payload: the stand-in ERP received only what passed', async () => {
		const log = (await (await fetch(`${erp?.url}/__calls`)).json()) as CallLog;
		const received = log.calls.map((call) => String(call.body.returnId));

		expect(log.count).toBe(n8n.outputOf(run, names.guard, PASS).length);
		expect(sorted(received)).toEqual(
			sorted(casesWhere((expectation) => !expectation.startsWith('blocked:'))),
		);
		for (const key of casesWhere((expectation) => expectation.startsWith('blocked:'))) {
			expect(received).not.toContain(key);
		}
		const respelled = log.calls.find((call) => call.body.returnId === 'RA-20002');
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
});
