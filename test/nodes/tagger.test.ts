import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { loadFixture, pairs, runWorkflow } from '../helpers/engine';

const TAGGER = 'Return Handoff Tagger';
const RETRY = 0;
const FIX = 1;
const UNCLASSIFIED = 2;
const ERROR_OUTPUT = 3;

const tagOf = (item: INodeExecutionData, field = 'handoff') => item.json[field] as IDataObject;
const ids = (items: INodeExecutionData[]) => items.map((item) => item.json.returnId);

describe('Return Handoff Tagger', () => {
	describe('NetSuite credit memo errors from HTTP Request error outputs', () => {
		const fixture = 'tagger-netsuite-errors.json';

		it('routes retryable failures to Retry, the rest to Fix, unknown ones to Unclassified', async () => {
			const run = await runWorkflow(fixture);

			expect(run.error).toBeUndefined();
			expect(ids(run.output(TAGGER, RETRY))).toEqual(['RA-1001', 'RA-1002', 'RA-1006']);
			expect(ids(run.output(TAGGER, FIX))).toEqual(['RA-1003', 'RA-1004']);
			expect(ids(run.output(TAGGER, UNCLASSIFIED))).toEqual(['RA-1005']);
		});

		it('tags each failure with its symptom, cause and whether a retry can help', async () => {
			const run = await runWorkflow(fixture);
			const tags = Object.fromEntries(
				run
					.node(TAGGER)
					.outputs.flat()
					.map((item) => [item.json.returnId, tagOf(item)]),
			);

			expect(tags['RA-1001']).toMatchObject({
				symptom: 'missing_handoff',
				cause: 'transport_failed',
				retryable: true,
				state: 'mismatch',
				checkedAt: '2026-04-03T12:00:00.000Z',
			});
			expect(tags['RA-1002']).toMatchObject({ symptom: 'timing_latency', cause: 'rate_limited' });
			expect(tags['RA-1003']).toMatchObject({
				symptom: 'id_linkage_failure',
				cause: 'order_ref_unknown',
				retryable: false,
				boundary: 'Middleware → ERP linkage',
			});
			expect(tags['RA-1004']).toMatchObject({
				symptom: 'duplicate_posting',
				cause: 'already_posted',
			});
			expect(tags['RA-1006']).toMatchObject({ cause: 'erp_unavailable', retryable: true });
			// Unknown: no guess, the raw error is kept for a person.
			expect(tags['RA-1005']).toMatchObject({ symptom: null, cause: 'unclassified' });
			const [unknown] = tags['RA-1005'].findings as IDataObject[];
			expect(JSON.stringify(unknown.evidence)).toContain(
				'The workflow did something nobody expected',
			);
		});

		it('pairs every output item with its input item, and loses none', async () => {
			const run = await runWorkflow(fixture);
			const out = run.node(TAGGER).outputs.flat();

			expect(out.flatMap(pairs).sort()).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4', '0:5']);
			for (const item of out) {
				const index = Number(pairs(item)[0].split(':')[1]);
				expect(item.json.returnId).toBe(`RA-100${index + 1}`);
			}
		});

		it('redacts credentials at any depth, tag included, and keeps the rest', async () => {
			const run = await runWorkflow(fixture);
			const [rateLimited] = run.output(TAGGER, RETRY).filter((i) => i.json.returnId === 'RA-1002');
			const error = rateLimited.json.error as IDataObject;
			const headers = (error.config as IDataObject).headers as IDataObject;

			expect(headers.Authorization).toBe('[redacted]');
			expect(headers.Cookie).toBe('[redacted]');
			expect(headers['Content-Type']).toBe('application/json');
			expect(error.status).toBe(429);
			const everything = JSON.stringify(run.node(TAGGER).outputs);
			expect(everything).not.toContain('tkn-4f1c');
			expect(everything).not.toContain('secret-payload');
			expect(everything).not.toContain('JSESSIONID=abc123');
		});

		it('never changes the items it received', async () => {
			const before = loadFixture(fixture).pinData?.['Failed credit memo calls'];
			const run = await runWorkflow(fixture);

			// n8n adds pairedItem to pinned items; the data itself must be untouched.
			expect(run.output('Failed credit memo calls').map((i) => i.json)).toEqual(
				before?.map((i) => i.json),
			);
			expect(run.output('Failed credit memo calls')[0].json).not.toHaveProperty('handoff');
		});

		it('writes the tag under the field the user names', async () => {
			const run = await runWorkflow(fixture, {
				patch: { [TAGGER]: { parameters: { tagField: 'erpFailure' } } },
			});
			const [first] = run.output(TAGGER, RETRY);

			expect(first.json).not.toHaveProperty('handoff');
			expect(tagOf(first, 'erpFailure')).toMatchObject({ cause: 'transport_failed' });
		});
	});

	it('reads the error objects n8n puts on an ERP call’s error output', async () => {
		const run = await runWorkflow('tagger-error-output.json');

		expect(run.error).toBeUndefined();
		expect(run.output('Post credit memo to NetSuite', 0)).toEqual([]);
		const outputs = run.node(TAGGER).outputs;
		expect(ids(outputs[RETRY])).toEqual(['RA-2001']);
		expect(ids(outputs[FIX])).toEqual(['RA-2002', 'RA-2003']);
		expect(ids(outputs[UNCLASSIFIED])).toEqual(['RA-2004']);
		expect(tagOf(outputs[RETRY][0])).toMatchObject({ cause: 'transport_failed' });
		expect(tagOf(outputs[FIX][0])).toMatchObject({ cause: 'auth_failed' });
		expect(tagOf(outputs[FIX][1])).toMatchObject({ cause: 'unmapped_status' });
		expect(outputs.flat().flatMap(pairs).sort()).toEqual(['0:0', '0:1', '0:2', '0:3']);
	});

	describe('a per-item parameter that is bad for one item (Tag Field Name from an expression)', () => {
		const fixture = 'tagger-bad-tag-field.json';

		it('stops with an error naming the parameter and the item when continue-on-fail is off', async () => {
			const run = await runWorkflow(fixture);

			expect(run.error?.message).toBe('The parameter "Tag Field Name" is empty');
			expect(run.error?.description).toMatch(/Enter the name of the field/);
			expect(run.error?.context.itemIndex).toBe(1);
		});

		it('sets the item aside with its error on Unclassified under "Continue"', async () => {
			const run = await runWorkflow(fixture, {
				patch: { [TAGGER]: { onError: 'continueRegularOutput' } },
			});
			const outputs = run.node(TAGGER).outputs;

			expect(run.error).toBeUndefined();
			expect(ids(outputs[RETRY])).toEqual(['RA-3001']);
			expect(ids(outputs[FIX])).toEqual(['RA-3003']);
			expect(outputs[UNCLASSIFIED]).toEqual([
				{ json: { error: 'The parameter "Tag Field Name" is empty' }, pairedItem: { item: 1 } },
			]);
		});

		it('sends the item, with its own data, to the error output under "Continue (using error output)"', async () => {
			const run = await runWorkflow(fixture, {
				patch: { [TAGGER]: { onError: 'continueErrorOutput' } },
			});
			const outputs = run.node(TAGGER).outputs;

			expect(outputs).toHaveLength(4);
			expect(ids(outputs[RETRY])).toEqual(['RA-3001']);
			expect(ids(outputs[FIX])).toEqual(['RA-3003']);
			expect(outputs[UNCLASSIFIED]).toEqual([]);
			expect(outputs[ERROR_OUTPUT]).toHaveLength(1);
			expect(outputs[ERROR_OUTPUT][0].json).toMatchObject({
				returnId: 'RA-3002',
				tagAs: '',
				error: 'The parameter "Tag Field Name" is empty',
			});
			expect(pairs(outputs[ERROR_OUTPUT][0])).toEqual(['0:1']);
		});
	});

	it('names a bad reference time as the parameter a user sees, and how to fix it', async () => {
		const run = await runWorkflow('tagger-bad-reference-time.json');

		expect(run.error?.message).toBe(
			'Invalid parameter "Options → Reference Time": expected an ISO 8601 time, epoch ms or Date, got "yesterday"',
		);
		expect(run.error?.description).toBe(
			'Change "Options → Reference Time" to an ISO 8601 time, epoch ms or Date.',
		);
		// Not an expression: the parameter is wrong for every item, not because of one.
		expect(run.error?.context.itemIndex).toBeUndefined();
	});

	it('answers an AI agent on its one output: the route, the tag, credentials redacted', async () => {
		const run = await runWorkflow('tagger-tool.json');

		expect(run.error).toBeUndefined();
		const [answer] = run.output('Agent');
		const response = answer.json.response as IDataObject[];
		expect(response).toHaveLength(1);
		expect(response[0]).toMatchObject({
			route: 'Fix',
			returnId: 'RA-1042',
			handoff: { symptom: 'id_linkage_failure', cause: 'order_ref_unknown', retryable: false },
		});
		expect(JSON.stringify(response)).not.toContain('live-token-123');
	});
});
