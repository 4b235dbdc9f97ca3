import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { loadFixture, pairs, runWorkflow, type WorkflowRun } from '../helpers/engine';

// The Reconciler's Attach Records option: which output items carry copies of the four records.
// Every mode must route the same returns the same way, with the same tag and the same
// pairedItem; only the records on the item change.

const RECONCILER = 'Returns Reconciler';
const FIXTURE = 'reconciler-audit.json';
const OUTPUTS = ['Mismatch', 'Pending', 'Consistent', 'Unmatched'];
const CONSISTENT = 2;
const RECORD_KEYS = ['portal', 'processor', 'erp', 'support'];
const ID_KEYS = ['handoff', 'returnId', 'orderId'];

function runWith(attachRecords?: unknown): Promise<WorkflowRun> {
	const fixture = loadFixture(FIXTURE);
	const reconciler = fixture.nodes.find((node) => node.name === RECONCILER);
	const options: INodeParameters = { ...(reconciler?.parameters.options as INodeParameters) };
	if (attachRecords !== undefined) options.attachRecords = attachRecords as string;
	return runWorkflow(fixture, { patch: { [RECONCILER]: { parameters: { options } } } });
}

const outputsOf = (run: WorkflowRun) => {
	expect(run.error).toBeUndefined();
	return run.node(RECONCILER).outputs;
};

/** What stays the same whatever the mode: the route, the tag, the IDs and the pairedItem. */
const skeleton = (outputs: INodeExecutionData[][]) =>
	outputs.map((items) =>
		items.map((item) => ({
			handoff: item.json.handoff,
			returnId: item.json.returnId,
			orderId: item.json.orderId,
			pairs: pairs(item),
		})),
	);

/** Every input item of the fixture as `input:item`, the way pairs() writes them. */
function everyInputItem(): string[] {
	const fixture = loadFixture(FIXTURE);
	const inputs = ['Loop returns', 'Stripe refunds', 'NetSuite credit memos', 'Zendesk tickets'];
	return inputs
		.flatMap((name, input) => (fixture.pinData?.[name] ?? []).map((_, item) => `${input}:${item}`))
		.sort();
}

describe('Returns Reconciler: Attach Records', () => {
	it('attaches all four records to every item by default, exactly as "all" does', async () => {
		const byDefault = outputsOf(await runWith());
		const all = outputsOf(await runWith('all'));

		expect(all).toEqual(byDefault);
		expect(byDefault.flat().length).toBeGreaterThan(0);
		for (const item of byDefault.flat()) {
			expect(Object.keys(item.json)).toEqual([...ID_KEYS, ...RECORD_KEYS]);
		}
		const [consistent] = byDefault[CONSISTENT];
		expect(consistent.json.portal).toMatchObject({ returnId: 'RA-1001' });
		expect(consistent.json.erp).toEqual([expect.objectContaining({ tranId: 'CM-9101' })]);
	});

	it('"allButConsistent" leaves the records off Consistent items only', async () => {
		const all = outputsOf(await runWith('all'));
		const outputs = outputsOf(await runWith('allButConsistent'));

		expect(skeleton(outputs)).toEqual(skeleton(all));
		expect(outputs[CONSISTENT].length).toBeGreaterThan(0);
		for (const item of outputs[CONSISTENT]) expect(Object.keys(item.json)).toEqual(ID_KEYS);
		OUTPUTS.forEach((name, output) => {
			if (output === CONSISTENT) return;
			expect({ output: name, items: outputs[output].map((item) => item.json) }).toEqual({
				output: name,
				items: all[output].map((item) => item.json),
			});
		});
	});

	it('"none" gives every item its tag and IDs only', async () => {
		const all = outputsOf(await runWith('all'));
		const outputs = outputsOf(await runWith('none'));

		expect(skeleton(outputs)).toEqual(skeleton(all));
		for (const item of outputs.flat()) {
			expect(Object.keys(item.json)).toEqual(ID_KEYS);
			expect((item.json.handoff as IDataObject).state).toEqual(expect.any(String));
		}
		expect(outputs[CONSISTENT][0].json).toMatchObject({ returnId: 'RA-1001', orderId: '#1001' });
	});

	it.each(['all', 'allButConsistent', 'none'])(
		'"%s" still names every input item in exactly one output item\'s pairedItem',
		async (mode) => {
			const outputs = outputsOf(await runWith(mode));
			const named = outputs.flat().flatMap(pairs).sort();

			expect(named).toEqual(everyInputItem());
		},
	);

	it('refuses a value it does not know, naming the option', async () => {
		const run = await runWith('someRecords');

		expect(run.error?.message).toMatch(/Attach Records/);
		expect(run.error?.message).toMatch(/allButConsistent/);
	});
});
