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

/** The fixture records of the four systems, pinned on the four input nodes. */
function fixturePinData(): IPinData {
	return Object.fromEntries(
		INPUTS.map((input, index) => [
			input,
			fixtureRecords(FIXTURES[index]).map((json) => ({ json })),
		]),
	);
}

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
	it('matches the systems’ records to the returns and routes each case', async () => {
		const run = await runWorkflow(WORKFLOW, { pinData: fixturePinData() });
		const outputs = run.node(RECONCILER).outputs;

		expect(run.error).toBeUndefined();
		expect(outputs.map((items) => items.map(summary))).toEqual([]);
	});
});
