import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { loadFixture, pairs, runWorkflow } from '../helpers/engine';

const RECONCILER = 'Returns Reconciler';
const MISMATCH = 0;
const PENDING = 1;
const CONSISTENT = 2;
const UNMATCHED = 3;
const ERROR_OUTPUT = 4;
const INPUTS = ['Loop returns', 'Stripe refunds', 'NetSuite credit memos', 'Zendesk tickets'];

const tagOf = (item: INodeExecutionData) => item.json.handoff as IDataObject;
const summary = (item: INodeExecutionData) =>
	`${item.json.returnId ?? '-'} ${tagOf(item).symptom ?? '-'}/${tagOf(item).cause ?? '-'}`;

describe('Returns Reconciler', () => {
	describe('a nightly audit of Loop, Stripe, NetSuite and Zendesk records', () => {
		const fixture = 'reconciler-audit.json';

		it('classifies every return and routes it by state', async () => {
			const run = await runWorkflow(fixture);
			const outputs = run.node(RECONCILER).outputs;

			expect(run.error).toBeUndefined();
			expect(outputs).toHaveLength(4);
			expect(outputs[MISMATCH].map(summary)).toEqual([
				'RA-1003 missing_handoff/not_received',
				'RA-1004 id_linkage_failure/order_ref_format',
				'RA-1005 partial_receipt_conflict/restocking_fee',
				'- id_linkage_failure/manual_bypass',
			]);
			expect(outputs[PENDING].map(summary)).toEqual(['RA-1002 timing_latency/within_window']);
			expect(outputs[CONSISTENT].map(summary)).toEqual(['RA-1001 -/-']);
		});

		it('sends the refund and the ticket no return explains to Unmatched, saying so', async () => {
			const run = await runWorkflow(fixture);
			const unmatched = run.output(RECONCILER, UNMATCHED);

			expect(unmatched).toHaveLength(2);
			const [refund, ticket] = unmatched;
			expect(tagOf(refund)).toMatchObject({ symptom: null, cause: 'unmatched' });
			expect(refund.json.processor).toEqual([
				expect.objectContaining({ id: 're_3P4040', amount: 2599 }),
			]);
			expect(refund.json.portal).toBeNull();
			expect(pairs(refund)).toEqual(['1:5']);
			expect(ticket.json.support).toEqual([expect.objectContaining({ id: 55577 })]);
			expect(pairs(ticket)).toEqual(['3:2']);
		});

		it('puts the tag and all four records of a case on one item', async () => {
			const run = await runWorkflow(fixture);
			const [consistent] = run.output(RECONCILER, CONSISTENT);

			expect(Object.keys(consistent.json)).toEqual([
				'handoff',
				'returnId',
				'orderId',
				'portal',
				'processor',
				'erp',
				'support',
			]);
			expect(consistent.json).toMatchObject({
				returnId: 'RA-1001',
				orderId: '#1001',
				portal: { returnId: 'RA-1001', refundAmount: 42.5 },
				processor: [{ id: 're_3P1001', amount: 4250 }],
				erp: [{ tranId: 'CM-9101', createdFrom: 'SO-0001001' }],
				support: [{ id: 55501, status: 'solved' }],
			});
			expect(tagOf(consistent)).toMatchObject({
				state: 'consistent',
				severity: 'info',
				lagMinutes: 60,
				matchedBy: { processor: 'returnId', erp: 'returnId', support: 'returnId' },
				checkedAt: '2026-04-03T12:00:00.000Z',
			});
		});

		it('names every source item, with its input, in exactly one output item', async () => {
			const fixtureData = loadFixture(fixture);
			const run = await runWorkflow(fixture);
			const named = run.node(RECONCILER).outputs.flat().flatMap(pairs);

			const expected = INPUTS.flatMap((name, input) =>
				(fixtureData.pinData?.[name] ?? []).map((_, item) => `${input}:${item}`),
			);
			expect(named.sort()).toEqual(expected.sort());
			const [consistent] = run.output(RECONCILER, CONSISTENT);
			expect(pairs(consistent)).toEqual(['0:0', '1:0', '2:0', '3:0']);
		});

		it('copies the records: its output shares nothing with the input items', async () => {
			const fixtureData = loadFixture(fixture);
			const run = await runWorkflow(fixture);
			const [consistent] = run.output(RECONCILER, CONSISTENT);

			for (const name of INPUTS) {
				expect(run.output(name).map((i) => i.json)).toEqual(
					fixtureData.pinData?.[name].map((i) => i.json),
				);
			}
			expect(consistent.json.portal).not.toBe(run.output('Loop returns')[0].json);
		});
	});

	it('runs with only some inputs connected, the others taken as empty', async () => {
		const run = await runWorkflow('reconciler-portal-and-erp-only.json');
		const outputs = run.node(RECONCILER).outputs;

		expect(run.error).toBeUndefined();
		expect(outputs[MISMATCH].map(summary)).toEqual(['RA-1001 processor_mismatch/not_disbursed']);
		expect(outputs[PENDING].map(summary)).toEqual(['RA-1002 timing_latency/within_window']);
		expect(outputs.flat().flatMap(pairs).sort()).toEqual(['0:0', '0:1', '2:0']);
	});

	describe('bad parameters', () => {
		it('names the two windows when missing-after is shorter than the SLA window', async () => {
			const run = await runWorkflow('reconciler-bad-windows.json');

			expect(run.error?.message).toBe(
				'Invalid parameter "Missing After (Minutes)": expected at least the SLA window (240 minutes), since a return cannot be missing before it is overdue, got 60',
			);
			expect(run.error?.description).toBe(
				'Change "Missing After (Minutes)" to at least the SLA window (240 minutes), since a return cannot be missing before it is overdue, or change "SLA Window (Minutes)".',
			);
		});

		it('names a negative tolerance and what it must be', async () => {
			const run = await runWorkflow('reconciler-bad-tolerance.json');

			expect(run.error?.message).toBe(
				'Invalid parameter "Options → Amount Tolerance": expected a number of currency units, 0 or more, got -1',
			);
			expect(run.error?.description).toBe(
				'Change "Options → Amount Tolerance" to a number of currency units, 0 or more.',
			);
		});

		it('under "Continue" emits one error item that names every input item', async () => {
			const run = await runWorkflow('reconciler-bad-tolerance.json', {
				patch: { [RECONCILER]: { onError: 'continueRegularOutput' } },
			});
			const outputs = run.node(RECONCILER).outputs;

			expect(run.error).toBeUndefined();
			expect(outputs[MISMATCH]).toHaveLength(1);
			expect(outputs[MISMATCH][0].json.error).toMatch(/Amount Tolerance/);
			expect(pairs(outputs[MISMATCH][0])).toEqual(['0:0', '0:1', '1:0', '1:1', '2:0', '3:0']);
			expect(outputs.slice(1).flat()).toEqual([]);
		});

		it('under "Continue (using error output)" sends that item to the error output', async () => {
			const run = await runWorkflow('reconciler-bad-tolerance.json', {
				patch: { [RECONCILER]: { onError: 'continueErrorOutput' } },
			});
			const outputs = run.node(RECONCILER).outputs;

			expect(outputs).toHaveLength(5);
			expect(outputs.slice(0, 4).flat()).toEqual([]);
			expect(outputs[ERROR_OUTPUT]).toHaveLength(1);
			expect(outputs[ERROR_OUTPUT][0].json.error).toMatch(/Amount Tolerance/);
			expect(pairs(outputs[ERROR_OUTPUT][0])).toHaveLength(6);
		});
	});

	it('as a tool, explains one return from the records the agent passes', async () => {
		const run = await runWorkflow('reconciler-tool.json');

		expect(run.error).toBeUndefined();
		const response = run.output('Agent')[0].json.response as IDataObject[];
		expect(response).toHaveLength(1);
		expect(response[0]).toMatchObject({
			route: 'Mismatch',
			returnId: 'RA-1003',
			handoff: {
				symptom: 'missing_handoff',
				cause: 'not_received',
				boundary: 'Portal → ERP middleware',
				scope: 'it',
			},
			erp: [],
		});
		expect((response[0].handoff as IDataObject).nextSteps).toEqual(
			expect.arrayContaining([expect.stringMatching(/integration log/)]),
		);
	});
});
