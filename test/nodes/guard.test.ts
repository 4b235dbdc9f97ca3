import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { loadFixture, pairs, runWorkflow } from '../helpers/engine';

const GUARD = 'Return Handoff Guard';
const PASS = 0;
const BLOCKED = 1;
const ERROR_OUTPUT = 2;

const tagOf = (item: INodeExecutionData) => item.json.handoff as IDataObject;
const ids = (items: INodeExecutionData[]) => items.map((item) => item.json.returnId ?? null);
const problems = (item: INodeExecutionData) =>
	(tagOf(item).problems as IDataObject[]).map((p) => `${p.code}:${p.fixable}`);

describe('Return Handoff Guard', () => {
	describe('validate only, checked against the NetSuite orders on the ERP Orders input', () => {
		const fixture = 'guard-netsuite-payloads.json';

		it('passes the clean payload and blocks every other one, naming its problem', async () => {
			const run = await runWorkflow(fixture);
			const [pass, blocked] = run.node(GUARD).outputs;

			expect(run.error).toBeUndefined();
			expect(ids(pass)).toEqual(['RA-5001']);
			expect(tagOf(pass[0])).toMatchObject({ verdict: 'pass', state: 'consistent', symptom: null });
			const byId = Object.fromEntries(
				blocked.map((item) => [item.json.returnId ?? '(none)', item]),
			);
			expect(problems(byId['RA-5002'])).toEqual(['order_ref_format:true']);
			expect(tagOf(byId['RA-5002'])).toMatchObject({
				verdict: 'blocked',
				state: 'mismatch',
				symptom: 'id_linkage_failure',
				cause: 'order_ref_format',
				normalized: { orderRef: 'SO-0001002', status: 'refunded', subsidiary: 'Acme US' },
			});
			expect(problems(byId['RA-5003'])).toEqual(['unmapped_status:false']);
			expect(tagOf(byId['RA-5003'])).toMatchObject({ symptom: 'missing_handoff' });
			expect(problems(byId['RA-5004'])).toEqual(['wrong_subsidiary:false']);
			expect(problems(byId['(none)'])).toEqual(['return_id_missing:false']);
			expect(problems(byId['RA-5006'])).toEqual(['restocking_fee:false']);
			expect(tagOf(byId['RA-5006'])).toMatchObject({ symptom: 'partial_receipt_conflict' });
			expect(problems(byId['RA-5008'])).toEqual(['order_ref_unknown:false']);
			expect(problems(byId['RA-5009'])).toEqual(['order_closed:false']);
		});

		it('routes a payload with an unreadable amount with a tag, not an error', async () => {
			const run = await runWorkflow(fixture);
			const [bad] = run.output(GUARD, BLOCKED).filter((item) => item.json.returnId === 'RA-5007');

			expect(tagOf(bad)).toMatchObject({ symptom: null, cause: 'invalid_record' });
			expect(problems(bad)).toContain('amount_invalid:false');
		});

		it('pairs each payload with its Handoffs item and treats ERP orders as reference data', async () => {
			const run = await runWorkflow(fixture);
			const out = run.node(GUARD).outputs.flat();

			expect(out.flatMap(pairs).sort()).toEqual(
				['0:0', '0:1', '0:2', '0:3', '0:4', '0:5', '0:6', '0:7', '0:8'].sort(),
			);
			for (const item of out) {
				const index = Number(pairs(item)[0].split(':')[1]);
				expect(item.json.orderId).toBe(`#100${index + 1}`);
			}
		});

		it('never writes into the payloads it received', async () => {
			const pinned = loadFixture(fixture).pinData?.['Loop returns to post'];
			const run = await runWorkflow(fixture);

			expect(run.output('Loop returns to post').map((i) => i.json)).toEqual(
				pinned?.map((i) => i.json),
			);
		});

		it('skips the known-order check when it is off, whatever the ERP Orders input holds', async () => {
			const run = await runWorkflow(fixture, {
				patch: { [GUARD]: { parameters: { checkKnownOrders: false } } },
			});
			const blocked = run.output(GUARD, BLOCKED);

			expect(ids(blocked)).not.toContain('RA-5008');
			expect(ids(run.output(GUARD, PASS))).toEqual(['RA-5001', 'RA-5008', 'RA-5009']);
		});
	});

	describe('validate and normalize', () => {
		it('fixes what the ID rules and maps can fix, in a copy, at the paths the user chose', async () => {
			const run = await runWorkflow('guard-normalize.json');
			const [pass, blocked] = run.node(GUARD).outputs;

			expect(ids(pass)).toEqual(['RA-5001', 'RA-5002']);
			const fixed = pass[1];
			// The ERP ref goes where the user pointed; status and subsidiary to their field paths.
			expect(fixed.json.netsuite).toEqual({ createdFrom: 'SO-0001002' });
			expect(fixed.json.subsidiary).toBe('Acme US');
			expect(fixed.json.status).toBe('refunded');
			expect(tagOf(fixed)).toMatchObject({ verdict: 'pass' });
			expect(problems(fixed)).toEqual(['order_ref_format:true']);
			// What cannot be fixed still blocks.
			expect(ids(blocked)).toEqual(['RA-5003', 'RA-5004']);
			expect(run.output('Loop returns to post')[1].json).not.toHaveProperty('netsuite');
		});
	});

	it('stops when the known-order check is on and the ERP Orders input brings nothing', async () => {
		const run = await runWorkflow('guard-no-erp-orders.json');

		expect(run.error?.message).toBe(
			'"Check Against Known ERP Orders" is on, but the ERP Orders input brought no orders',
		);
		expect(run.error?.description).toMatch(/Connect the node that reads your ERP orders/);
	});

	it('under "Continue (using error output)" sends every payload to the error output instead of passing it', async () => {
		const run = await runWorkflow('guard-no-erp-orders.json', {
			patch: { [GUARD]: { onError: 'continueErrorOutput' } },
		});
		const outputs = run.node(GUARD).outputs;

		expect(outputs[PASS]).toEqual([]);
		expect(outputs[BLOCKED]).toEqual([]);
		expect(ids(outputs[ERROR_OUTPUT])).toEqual(['RA-5001', 'RA-5002']);
		expect(outputs[ERROR_OUTPUT][0].json.error).toMatch(/ERP Orders input brought no orders/);
	});

	describe('bad parameters', () => {
		it('names an ID rule out of range and the range it must be in', async () => {
			const run = await runWorkflow('guard-bad-pad-length.json');

			expect(run.error?.message).toBe(
				'Invalid parameter "ID Rules → Pad Length": expected a whole number from 0 to 64, got 99',
			);
			expect(run.error?.description).toBe(
				'Change "ID Rules → Pad Length" to a whole number from 0 to 64.',
			);
		});

		it('names a map pasted as broken JSON', async () => {
			const run = await runWorkflow('guard-bad-map-json.json');

			expect(run.error?.message).toMatch(/^"Subsidiary Map" is not valid JSON: /);
			expect(run.error?.description).toMatch(/paste a JSON object/);
		});

		it('names a channel mapped twice in the key/value editor', async () => {
			const run = await runWorkflow('guard-duplicate-map-key.json');

			expect(run.error?.message).toBe(
				'The parameter "Subsidiary Map" has the channel "us-store" twice',
			);
		});

		it('under "Continue" blocks the payloads it could not check, never passes them', async () => {
			const run = await runWorkflow('guard-bad-pad-length.json', {
				patch: { [GUARD]: { onError: 'continueRegularOutput' } },
			});
			const [pass, blocked] = run.node(GUARD).outputs;

			expect(pass).toEqual([]);
			expect(blocked.map((item) => item.json.error)).toEqual([
				'Invalid parameter "ID Rules → Pad Length": expected a whole number from 0 to 64, got 99',
				'Invalid parameter "ID Rules → Pad Length": expected a whole number from 0 to 64, got 99',
			]);
			expect(blocked.flatMap(pairs)).toEqual(['0:0', '0:1']);
		});
	});

	describe('a reference time taken from each payload, bad for one of them', () => {
		const fixture = 'guard-bad-reference-time-per-item.json';

		it('stops on that item when continue-on-fail is off', async () => {
			const run = await runWorkflow(fixture);

			expect(run.error?.message).toBe(
				'Invalid parameter "Options → Reference Time": expected an ISO 8601 time, epoch ms or Date, got "last Tuesday"',
			);
			expect(run.error?.context.itemIndex).toBe(1);
		});

		it('sends only that item, with its data, to the error output when continue-on-fail is on', async () => {
			const run = await runWorkflow(fixture, {
				patch: { [GUARD]: { onError: 'continueErrorOutput' } },
			});
			const outputs = run.node(GUARD).outputs;

			expect(ids(outputs[PASS])).toEqual(['RA-5001']);
			expect(ids(outputs[BLOCKED])).toEqual(['RA-5003']);
			expect(outputs[ERROR_OUTPUT]).toHaveLength(1);
			expect(outputs[ERROR_OUTPUT][0].json).toMatchObject({
				returnId: 'RA-5002',
				instructedAt: 'last Tuesday',
				error: expect.stringContaining('Reference Time'),
			});
			expect(pairs(outputs[ERROR_OUTPUT][0])).toEqual(['0:1']);
		});
	});

	it('answers an AI agent on its one output with the verdict and the problems', async () => {
		const run = await runWorkflow('guard-tool.json');

		expect(run.error).toBeUndefined();
		const response = run.output('Agent')[0].json.response as IDataObject[];
		expect(response).toHaveLength(1);
		expect(response[0]).toMatchObject({
			route: 'Blocked',
			returnId: 'RA-7001',
			handoff: {
				verdict: 'blocked',
				cause: 'order_ref_format',
				problems: [
					expect.objectContaining({
						code: 'order_ref_format',
						expected: 'SO-0007001',
						fixable: true,
					}),
				],
			},
		});
	});
});
