// Returns Reconciler v1.1: each input read in its system's format (docs/rules.md "Record
// formats"), Field Paths as overrides on top, and version 1 unchanged for saved workflows.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
	NodeHelpers,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyCollection,
	type IPinData,
} from 'n8n-workflow';

import { FORMATS, FORMAT_FIELDS, FORMAT_NAMES, type FormatKind } from '../../lib/formats';
import { ReturnsReconciler } from '../../nodes/ReturnsReconciler/ReturnsReconciler.node';
import { formatParameter } from '../../nodes/shared/descriptions';
import { loadFixture, pairs, runWorkflow } from '../helpers/engine';

const RECONCILER = 'Returns Reconciler';
const [MISMATCH, PENDING, CONSISTENT, UNMATCHED] = [0, 1, 2, 3];
const KINDS = ['portal', 'processor', 'erp', 'support'] as const;
const INPUTS = ['Loop returns', 'Stripe refunds', 'NetSuite credit memos', 'Zendesk tickets'];
const FIXTURES = ['portal/loop', 'processor/stripe', 'erp/netsuite', 'support/zendesk'];
const WORKFLOW = 'reconciler-formats.json';

const node = new ReturnsReconciler();
const v11 = NodeHelpers.getVersionedNodeType(node, 1.1).description;

function fixtureRecords(name: string): IDataObject[] {
	const file = path.join(__dirname, '..', 'fixtures', `${name}.json`);
	return (JSON.parse(readFileSync(file, 'utf8')) as { records: IDataObject[] }).records;
}

/**
 * Loop's return IDs: the fixtures of the other systems say `RA-1001`…, as a merchant whose RMA
 * numbers come from elsewhere would; this workflow's middleware passes Loop's own ID on instead.
 */
const LOOP_IDS: Record<string, string> = {
	'RA-1001': '38471092',
	'RA-1002': '38471555',
	'RA-1003': '38471600',
	'RA-1004': '38471700',
};

/** The fixture records of the four systems, pinned on the four input nodes. */
function fixturePinData(): IPinData {
	return Object.fromEntries(
		INPUTS.map((input, index) => {
			const text = JSON.stringify(fixtureRecords(FIXTURES[index])).replace(
				/"RA-100[1-4]"/g,
				(quoted) => JSON.stringify(LOOP_IDS[JSON.parse(quoted) as string]),
			);
			return [input, (JSON.parse(text) as IDataObject[]).map((json) => ({ json }))];
		}),
	);
}

/**
 * What the fixture records say, by output. #1001: Loop closed at 89.99 USD, Stripe 8999 cents,
 * NetSuite 89.99 in "USA" (USD through Currency Names) on SO-0001001, Zendesk solved: consistent.
 * #1002: the NetSuite memo went to Japan KK, the web-us channel's subsidiary is US Retail.
 * #1003: the credit memo is voided (it counts for nothing) and the one Stripe refund on the
 * order failed. #1004: expired in Loop, and
 * Stripe's refund was canceled, so no money moved: consistent.
 */
const EXPECTED_ROUTES: string[][] = [];
EXPECTED_ROUTES[MISMATCH] = [
	'38471555 id_linkage_failure/wrong_subsidiary',
	'38471600 processor_mismatch/failed',
];
EXPECTED_ROUTES[PENDING] = [];
EXPECTED_ROUTES[CONSISTENT] = ['38471092 -/-', '38471700 -/-'];
EXPECTED_ROUTES[UNMATCHED] = [];

const tagOf = (item: INodeExecutionData) => item.json.handoff as IDataObject;
const summary = (item: INodeExecutionData) =>
	`${item.json.returnId ?? '-'} ${tagOf(item).symptom ?? '-'}/${tagOf(item).cause ?? '-'}`;

describe('Returns Reconciler v1.1 in the editor', () => {
	const fieldPaths = v11.properties.find((p) => p.name === 'fieldPaths') as INodeProperties;

	it('is the version new workflows get, and asks for each input’s format first', () => {
		expect(node.currentVersion).toBe(1.1);
		expect(v11.properties.slice(0, 4).map((p) => [p.displayName, p.default])).toEqual([
			['Portal Format', 'canonical'],
			['Processor Format', 'canonical'],
			['ERP Format', 'canonical'],
			['Support Format', 'canonical'],
		]);
	});

	it('offers every format of each kind, named, with the API object it reads', () => {
		for (const [index, kind] of KINDS.entries()) {
			const options = v11.properties[index].options as Array<{
				name: string;
				value: string;
				description: string;
			}>;
			expect(options.map((o) => o.value)).toEqual(FORMAT_NAMES[kind]);
			for (const option of options) {
				expect(option.name).not.toBe('');
				// "<System> — <object> (<endpoint>)"; canonical names no system.
				if (option.value !== 'canonical') expect(option.description).toMatch(/^.+ — .+\(.+\)$/);
			}
		}
		const stripe = (
			v11.properties[1].options as Array<{ value: string; description: string }>
		).find((o) => o.value === 'stripe');
		expect(stripe?.description).toBe('Stripe — Refund object (GET /v1/refunds)');
	});

	it('builds the Guard’s ERP Orders format from the same definition', () => {
		const orders = formatParameter('orders', 'ordersFormat', 'ERP Orders Format');
		expect(orders.name).toBe('ordersFormat');
		expect((orders.options as Array<{ value: string }>).map((o) => o.value)).toEqual(
			FORMAT_NAMES.orders,
		);
	});

	it.each(KINDS)(
		'shows in each %s field, for every format, the path that format reads when it is empty',
		(kind) => {
			const group = (fieldPaths.options as INodePropertyCollection[]).find((o) => o.name === kind);
			const parameter = `${kind}Format`;
			for (const format of FORMAT_NAMES[kind]) {
				// n8n's own visibility rule, with the format chosen in the panel.
				const shown = (group?.values ?? []).filter((value) =>
					NodeHelpers.displayParameter({}, value, { typeVersion: 1.1 }, v11, {
						[parameter]: format,
					}),
				);
				expect(shown.map((value) => value.name)).toEqual(FORMAT_FIELDS[kind]);
				const table = (
					FORMATS[kind] as Record<string, { fields: Record<string, { path: string | null }> }>
				)[format];
				for (const value of shown) {
					expect(value.default).toBe('');
					const defaultPath = table.fields[value.name].path;
					if (defaultPath === null) expect(value.placeholder).toMatch(/^not in .+ records/);
					else expect(value.placeholder).toBe(defaultPath);
				}
			}
		},
	);

	it('shows the paths a user recognises from the systems’ APIs', () => {
		const placeholder = (kind: FormatKind, format: string, field: string) => {
			const group = (fieldPaths.options as INodePropertyCollection[]).find((o) => o.name === kind);
			return group?.values.find(
				(value) =>
					value.name === field &&
					NodeHelpers.displayParameter({}, value, { typeVersion: 1.1 }, v11, {
						[`${kind}Format`]: format,
					}),
			)?.placeholder;
		};
		expect(placeholder('processor', 'stripe', 'returnId')).toBe('metadata.return_id');
		expect(placeholder('processor', 'stripe', 'amount')).toBe('amount');
		expect(placeholder('erp', 'netsuite', 'orderRef')).toBe('otherRefNum');
		expect(placeholder('portal', 'loop', 'orderId')).toBe('order_name');
		expect(placeholder('support', 'zendesk', 'orderId')).toBe(
			'not in Zendesk records: enter a path',
		);
		expect(placeholder('processor', 'canonical', 'returnId')).toBe('returnId');
	});

	it('tells the agent, in tool mode, that its records come in the configured formats', () => {
		const arguments_ = v11.properties.filter(
			(p) => typeof p.default === 'string' && p.default.includes('$fromAI'),
		);
		expect(arguments_).toHaveLength(4);
		for (const [index, argument] of arguments_.entries()) {
			expect(argument.default).toContain(
				`${['Portal', 'Processor', 'ERP', 'Support'][index]} Format`,
			);
		}
	});
});

describe('Returns Reconciler v1.1 on Loop, Stripe, NetSuite and Zendesk records', () => {
	const pinData = fixturePinData();

	it('matches the systems’ records to the returns and routes each case', async () => {
		const run = await runWorkflow(WORKFLOW, { pinData });
		const outputs = run.node(RECONCILER).outputs;

		expect(run.error).toBeUndefined();
		expect(outputs.map((items) => items.map(summary))).toEqual(EXPECTED_ROUTES);
	});

	it('puts each system’s records on its return’s item, as they came in', async () => {
		const run = await runWorkflow(WORKFLOW, { pinData });
		const byOrder = new Map(
			run
				.node(RECONCILER)
				.outputs.flat()
				.filter((item) => item.json.portal !== null)
				.map((item) => [item.json.orderId, item]),
		);

		const first = byOrder.get('#1001');
		expect(first?.json.returnId).toBe('38471092');
		// Loop's own record, the Stripe refund in cents, the NetSuite memo, the Zendesk ticket.
		expect(first?.json.portal).toMatchObject({ id: '38471092', order_name: '#1001' });
		expect(first?.json.processor).toEqual([expect.objectContaining({ amount: 8999 })]);
		expect(first?.json.erp).toEqual([expect.objectContaining({ tranId: 'CM1042' })]);
		expect(first?.json.support).toEqual([expect.objectContaining({ id: 35436 })]);
		expect(pairs(first as INodeExecutionData)).toEqual(['0:0', '1:0', '2:0', '3:0']);
	});

	it('names every input item in exactly one output item', async () => {
		const run = await runWorkflow(WORKFLOW, { pinData });
		const named = run.node(RECONCILER).outputs.flat().flatMap(pairs).sort();
		const everyItem = INPUTS.flatMap((input, index) =>
			(pinData[input] ?? []).map((_, item) => `${index}:${item}`),
		).sort();

		expect(named).toEqual(everyItem);
	});

	it('reads a return ID from a path of the merchant’s own on top of the Stripe format', async () => {
		const refunds = fixtureRecords('processor/stripe').map((refund) => {
			const metadata = { ...(refund.metadata as IDataObject) };
			// This merchant keeps Loop's return ID under `rma` and sends no order ID.
			const rma = metadata.order_id === '#1001' ? '38471092' : undefined;
			delete metadata.return_id;
			delete metadata.order_id;
			return { json: { ...refund, metadata: rma ? { rma } : metadata } };
		});
		const paths = {
			processor: { returnId: 'metadata.rma' },
			support: {
				orderId: 'custom_fields[id=360001].value',
				refundStatusToldCustomer: 'custom_fields[id=360002].value',
			},
		};
		const run = await runWorkflow(WORKFLOW, {
			pinData: { ...pinData, 'Stripe refunds': refunds },
			patch: { [RECONCILER]: { parameters: { fieldPaths: paths } } },
		});
		const first = run
			.node(RECONCILER)
			.outputs.flat()
			.find((item) => item.json.orderId === '#1001');

		expect(run.error).toBeUndefined();
		expect(tagOf(first as INodeExecutionData).matchedBy).toMatchObject({ processor: 'returnId' });
		expect(first?.json.processor).toEqual([
			expect.objectContaining({ metadata: { rma: '38471092' } }),
		]);
	});

	it('reads the order ID of a Zendesk ticket from its custom field, and nothing without the path', async () => {
		const withPath = await runWorkflow(WORKFLOW, { pinData });
		const withoutPath = await runWorkflow(WORKFLOW, {
			pinData,
			patch: { [RECONCILER]: { parameters: { fieldPaths: {} } } },
		});
		const ticketOf = (run: Awaited<ReturnType<typeof runWorkflow>>) =>
			run
				.node(RECONCILER)
				.outputs.flat()
				.find((item) => (item.json.support as IDataObject[]).some((t) => t.id === 35437));

		// Ticket 35437 has no external ID: only its custom field says order #1002. Without the
		// path it names no return and no order, which a ticket must.
		expect(ticketOf(withPath)?.json.orderId).toBe('#1002');
		expect(tagOf(ticketOf(withoutPath) as INodeExecutionData)).toMatchObject({
			symptom: null,
			cause: 'invalid_record',
		});
	});

	it('stops on a malformed path, naming the parameter', async () => {
		const run = await runWorkflow(WORKFLOW, {
			pinData,
			patch: {
				[RECONCILER]: { parameters: { fieldPaths: { erp: { returnId: 'custom_fields[' } } } },
			},
		});

		expect(run.error?.message).toMatch(
			/^Invalid parameter "Field Paths → ERP Credit Memos → Return ID": .*"custom_fields\["$/,
		);
	});

	it('stops on a format an expression made up, naming the parameter', async () => {
		const run = await runWorkflow(WORKFLOW, {
			pinData,
			patch: { [RECONCILER]: { parameters: { erpFormat: '={{ "oracle" }}' } } },
		});

		expect(run.error?.message).toBe('Invalid parameter "ERP Format": "oracle" is not a format');
		expect(run.error?.description).toContain('netsuite (NetSuite)');
	});
});

describe('Returns Reconciler v1.1 as an AI agent’s tool', () => {
	it('reads the records the agent passes in the formats the node is set to', async () => {
		const run = await runWorkflow('reconciler-formats-tool.json');

		expect(run.error).toBeUndefined();
		const response = run.output('Agent')[0].json.response as IDataObject[];
		// NetSuite got the order as SO-1042; the ID rules make #1042 SO-0001042.
		expect(response).toEqual([
			expect.objectContaining({
				route: 'Mismatch',
				returnId: '38472001',
				orderId: '#1042',
				handoff: expect.objectContaining({
					symptom: 'id_linkage_failure',
					cause: 'order_ref_format',
					matchedBy: { processor: 'returnId', erp: 'returnId', support: 'returnId' },
				}),
				erp: [expect.objectContaining({ tranId: 'CM1042', otherRefNum: 'SO-1042' })],
			}),
		]);
	});
});

describe('Returns Reconciler version 1 in a saved workflow', () => {
	it('keeps version 1 and its results: canonical field names, no formats', async () => {
		const fixture = loadFixture('reconciler-audit.json');
		const saved = fixture.nodes.find((n) => n.name === RECONCILER);
		expect(saved?.typeVersion).toBe(1);
		const v1 = NodeHelpers.getVersionedNodeType(node, 1).description;
		expect(v1.properties.some((p) => p.name.endsWith('Format'))).toBe(false);

		const run = await runWorkflow(fixture);
		const asV11 = await runWorkflow(fixture, {
			patch: { [RECONCILER]: { typeVersion: 1.1 } },
		});

		expect(run.error).toBeUndefined();
		const routes = run.node(RECONCILER).outputs.map((items) => items.map(summary));
		expect(routes.flat()).toContain('RA-1004 id_linkage_failure/order_ref_format');
		// Version 1.1 with every format left at Canonical reads the same records the same way.
		expect(asV11.node(RECONCILER).outputs.map((items) => items.map(summary))).toEqual(routes);
	});
});
