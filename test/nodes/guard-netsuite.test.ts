// The Return Handoff Guard v1.1 with "Check Orders Against" = NetSuite, run through n8n-core's
// engine with the package's real credentials against the stand-in NetSuite on loopback: what
// it asks NetSuite (the stand-in's call log), how each payload leaves, and each failure.
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import {
	startStandInErp,
	type StandInErp,
	type StandInOptions,
	type StandInOrder,
} from '../../scripts/stand-in-erp';
import { loadFixture, runWorkflow, type WorkflowFixture } from '../helpers/engine';
import { credentialsHelperFor, m2mData, tbaData } from './netsuite-credentials';

const GUARD = 'Return Handoff Guard';
const PAYLOADS = 'Refunds to post';
const [PASS, BLOCKED] = [0, 1];

const open: StandInErp[] = [];
afterEach(async () => {
	await Promise.all(open.splice(0).map((erp) => erp.close()));
});

async function standIn(options: StandInOptions) {
	const erp = await startStandInErp(options);
	open.push(erp);
	return erp;
}

const orderRef = (n: number) => `SO-${String(n).padStart(7, '0')}`;

/** A Loop return as middleware posts it: the portal's order name and the ERP ref it derived. */
function payload(n: number, overrides: IDataObject = {}): IDataObject {
	return {
		returnId: `RA-${n}`,
		orderId: `#${n}`,
		orderRef: orderRef(n),
		status: 'refunded',
		refundAmount: 59,
		currency: 'USD',
		channel: 'web-us',
		lines: [{ sku: 'TEE-BLK-M', quantity: 1, amount: 59 }],
		...overrides,
	};
}

function guardWorkflow(
	payloads: IDataObject[],
	parameters: IDataObject = {},
	credentials: INode['credentials'] = {
		netSuiteTokenApi: { id: '7', name: 'NetSuite sandbox (TBA)' },
	},
): WorkflowFixture {
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'payloads',
				name: PAYLOADS,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
			},
			{
				id: 'guard',
				name: GUARD,
				type: 'n8n-nodes-returns-handoff.returnHandoffGuard',
				typeVersion: 1.1,
				position: [400, 0],
				parameters: {
					mode: 'validate',
					checkOrdersAgainst: 'netSuite',
					authentication: 'netSuiteTokenApi',
					idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
					mapsInput: 'keyValue',
					subsidiaryMap: {
						entries: [
							{ key: 'web-us', value: 'US Retail' },
							{ key: 'web-ca', value: 'Canada Retail' },
						],
					},
					...parameters,
				},
				credentials,
			},
		],
		connections: {
			Start: { main: [[{ node: PAYLOADS, type: 'main', index: 0 }]] },
			[PAYLOADS]: { main: [[{ node: GUARD, type: 'main', index: 0 }]] },
		},
		pinData: { [PAYLOADS]: payloads.map((json) => ({ json })) },
	};
}

const tagOf = (item: INodeExecutionData) => item.json.handoff as IDataObject;
const codes = (item: INodeExecutionData) =>
	(tagOf(item).problems as IDataObject[]).map((problem) => problem.code);
const byReturn = (items: INodeExecutionData[]) =>
	Object.fromEntries(items.map((item) => [String(item.json.returnId), item]));
/** The SuiteQL requests the stand-in answered: the first page of each query has offset 0. */
const suiteql = (erp: StandInErp) => erp.calls().filter((call) => call.path.endsWith('/suiteql'));
const queries = (erp: StandInErp) =>
	suiteql(erp).filter((call) => call.suiteql !== undefined && call.suiteql.offset === 0);

const ORDERS: StandInOrder[] = [
	{ tranId: orderRef(30001), status: 'B', subsidiary: 'US Retail' },
	{ tranId: orderRef(30002), status: 'H', subsidiary: 'US Retail' },
	{ tranId: orderRef(30003), status: 'F', subsidiary: 'Canada Retail' },
	{ tranId: orderRef(30005), status: 'B', subsidiary: 'US Retail' },
];

describe('Guard v1.1, Check Orders Against = NetSuite', () => {
	it('checks each payload against the order NetSuite has: open, closed, elsewhere, missing', async () => {
		const erp = await standIn({ orders: ORDERS });
		const payloads = [
			payload(30001),
			payload(30002),
			payload(30003),
			payload(30004),
			// Two payloads of one order: one ref in the query.
			payload(30005),
			payload(30005, { returnId: 'RA-30005-2' }),
		];
		const run = await runWorkflow(guardWorkflow(payloads), {
			additionalData: credentialsHelperFor(tbaData(erp)).additionalData,
		});
		const [pass, blocked] = run.node(GUARD).outputs;

		expect(run.error).toBeUndefined();
		expect(pass.map((item) => item.json.returnId).sort()).toEqual([
			'RA-30001',
			'RA-30005',
			'RA-30005-2',
		]);
		const out = byReturn(blocked);
		expect(Object.keys(out).sort()).toEqual(['RA-30002', 'RA-30003', 'RA-30004']);
		expect(codes(out['RA-30002'])).toEqual(['order_closed']);
		expect(tagOf(out['RA-30002'])).toMatchObject({
			symptom: 'id_linkage_failure',
			cause: 'order_closed',
		});
		expect(codes(out['RA-30003'])).toEqual(['wrong_subsidiary']);
		expect((tagOf(out['RA-30003']).problems as IDataObject[])[0]).toMatchObject({
			expected: 'Canada Retail',
			actual: 'US Retail',
		});
		expect(codes(out['RA-30004'])).toEqual(['order_ref_unknown']);
		expect((tagOf(out['RA-30004']).problems as IDataObject[])[0].message).toContain(
			'NetSuite has no sales order SO-0030004',
		);
		// One signed query for the five distinct orders, answered from the order table.
		expect(suiteql(erp)).toHaveLength(1);
		expect(suiteql(erp)[0]).toMatchObject({
			auth: 'tba',
			status: 200,
			suiteql: { refs: 5, offset: 0, rows: 4 },
		});
	});

	it('takes the closed statuses from the options, by NetSuite code or label', async () => {
		const erp = await standIn({ orders: ORDERS });
		const run = await runWorkflow(
			guardWorkflow([payload(30001), payload(30002)], {
				options: { closedOrderStatuses: ['b'] },
			}),
			{ additionalData: credentialsHelperFor(tbaData(erp)).additionalData },
		);

		expect(run.output(GUARD, PASS).map((item) => item.json.returnId)).toEqual(['RA-30002']);
		expect(codes(run.output(GUARD, BLOCKED)[0])).toEqual(['order_closed']);
		expect((tagOf(run.output(GUARD, BLOCKED)[0]).problems as IDataObject[])[0].actual).toBe('B');
	});

	it('looks 2,500 distinct orders up in 3 queries, never one per item', async () => {
		const orders: StandInOrder[] = Array.from({ length: 2500 }, (_, index) => ({
			tranId: orderRef(40000 + index),
			// Every tenth order NetSuite does not have.
		})).filter((_, index) => index % 10 !== 0);
		const erp = await standIn({ orders });
		const payloads = Array.from({ length: 2500 }, (_, index) => payload(40000 + index));
		const run = await runWorkflow(guardWorkflow(payloads), {
			additionalData: credentialsHelperFor(tbaData(erp)).additionalData,
		});

		expect(run.error).toBeUndefined();
		expect(run.output(GUARD, PASS)).toHaveLength(2250);
		const blocked = run.output(GUARD, BLOCKED);
		expect(blocked).toHaveLength(250);
		for (const item of blocked) expect(codes(item)).toEqual(['order_ref_unknown']);
		expect(queries(erp).map((call) => call.suiteql?.refs)).toEqual([1000, 1000, 500]);
		expect(suiteql(erp)).toHaveLength(3);
	});

	it('follows hasMore when a query has more rows than a page', async () => {
		// NetSuite keeps two orders under one document number when auto-numbering was turned
		// off: 1,000 refs can bring more than 1,000 rows.
		const orders: StandInOrder[] = Array.from({ length: 1000 }, (_, index) => [
			{ tranId: orderRef(50000 + index) },
			{ tranId: orderRef(50000 + index), subsidiary: 'Canada Retail' },
		]).flat();
		const erp = await standIn({ orders });
		const payloads = Array.from({ length: 1000 }, (_, index) => payload(50000 + index));
		const run = await runWorkflow(guardWorkflow(payloads), {
			additionalData: credentialsHelperFor(tbaData(erp)).additionalData,
		});

		expect(run.output(GUARD, PASS)).toHaveLength(1000);
		expect(queries(erp)).toHaveLength(1);
		expect(suiteql(erp).map((call) => call.suiteql?.offset)).toEqual([0, 1000]);
	});

	it("finds nothing for a ref carrying x' OR '1'='1, and breaks nothing", async () => {
		const erp = await standIn({ orders: ORDERS });
		const hostile = "SO-x' OR '1'='1";
		const run = await runWorkflow(
			guardWorkflow([payload(30001), { ...payload(30009), orderId: undefined, orderRef: hostile }]),
			{ additionalData: credentialsHelperFor(tbaData(erp)).additionalData },
		);

		expect(run.output(GUARD, PASS).map((item) => item.json.returnId)).toEqual(['RA-30001']);
		const [blocked] = run.output(GUARD, BLOCKED);
		expect(codes(blocked)).toEqual(['order_ref_unknown']);
		expect(blocked.json.orderRef).toBe(hostile);
		// The query ran, as two literals, and matched one order, not the whole table.
		expect(suiteql(erp)).toHaveLength(1);
		expect(suiteql(erp)[0]).toMatchObject({ status: 200, suiteql: { refs: 2, rows: 1 } });
	});

	it('retries a request limit (429 twice) and then checks the batch', async () => {
		const erp = await standIn({
			orders: ORDERS,
			faults: [{ answer: 'ratelimit', path: 'suiteql', times: 2 }],
		});
		const run = await runWorkflow(guardWorkflow([payload(30001), payload(30004)]), {
			additionalData: credentialsHelperFor(tbaData(erp)).additionalData,
		});

		expect(run.error).toBeUndefined();
		expect(suiteql(erp).map((call) => call.status)).toEqual([429, 429, 200]);
		expect(run.output(GUARD, PASS).map((item) => item.json.returnId)).toEqual(['RA-30001']);
		expect(codes(run.output(GUARD, BLOCKED)[0])).toEqual(['order_ref_unknown']);
	});

	it('blocks every payload with order_lookup_failed when NetSuite stays down past the retries', async () => {
		const erp = await standIn({
			orders: ORDERS,
			faults: [{ answer: 'serverError', path: 'suiteql' }],
		});
		const payloads = [payload(30001), payload(30002), payload(30004, { returnId: undefined })];
		const run = await runWorkflow(guardWorkflow(payloads), {
			additionalData: credentialsHelperFor(tbaData(erp)).additionalData,
		});

		expect(run.error).toBeUndefined();
		expect(run.output(GUARD, PASS)).toEqual([]);
		const blocked = run.output(GUARD, BLOCKED);
		expect(blocked).toHaveLength(3);
		for (const item of blocked) {
			expect(codes(item)).toContain('order_lookup_failed');
			expect(tagOf(item)).toMatchObject({
				verdict: 'blocked',
				symptom: 'missing_handoff',
				cause: 'erp_unavailable',
				retryable: true,
			});
		}
		// The payload without a return ID is blocked for that too.
		expect(codes(blocked[2])).toEqual(['return_id_missing', 'order_lookup_failed']);
		// Bounded: four tries of the one query, then it gave up.
		expect(suiteql(erp).map((call) => call.status)).toEqual([500, 500, 500, 500]);
		const message = (tagOf(blocked[0]).problems as IDataObject[])[0].message;
		expect(message).toContain('UNEXPECTED_ERROR');
	});

	it('fails the node with a wrong secret, naming the credential and INVALID_LOGIN; no item passes', async () => {
		const erp = await standIn({ orders: ORDERS });
		const run = await runWorkflow(guardWorkflow([payload(30001), payload(30005)]), {
			additionalData: credentialsHelperFor(tbaData(erp, { tokenSecret: 'revoked' })).additionalData,
		});

		expect(run.error?.message).toContain('NetSuite sandbox (TBA)');
		expect(run.error?.message).toContain('INVALID_LOGIN');
		expect(run.node(GUARD).error?.message).toBe(run.error?.message);
		expect(run.node(GUARD).outputs.flat()).toEqual([]);
		// n8n-core signs again once after a 401 (its own retry); the lookup adds none: a refused
		// login is not a request limit.
		expect(suiteql(erp).map((call) => [call.status, call.authFailure])).toEqual([
			[401, 'signature'],
			[401, 'signature'],
		]);
	});

	it('looks orders up with the OAuth 2.0 M2M credential too, fetching one token', async () => {
		const erp = await standIn({ orders: ORDERS });
		const credentials = credentialsHelperFor(m2mData(erp));
		const run = await runWorkflow(
			guardWorkflow(
				[payload(30001), payload(30004)],
				{ authentication: 'netSuiteOAuth2Api' },
				{
					netSuiteOAuth2Api: { id: '8', name: 'NetSuite M2M' },
				},
			),
			{ additionalData: credentials.additionalData },
		);

		expect(run.output(GUARD, PASS).map((item) => item.json.returnId)).toEqual(['RA-30001']);
		expect(codes(run.output(GUARD, BLOCKED)[0])).toEqual(['order_ref_unknown']);
		expect(credentials.store.preAuthentications).toBe(1);
		expect(suiteql(erp)[0]).toMatchObject({ auth: 'bearer', status: 200 });
	});
});

describe('Guard versions', () => {
	it('runs a v1 workflow with the "Check Against Known ERP Orders" switch unchanged', async () => {
		const fixture = loadFixture('guard-netsuite-payloads.json');
		const guard = fixture.nodes.find((node) => node.name === GUARD) as INode;
		expect(guard.typeVersion).toBe(1);
		expect(guard.parameters.checkKnownOrders).toBe(true);

		const v1 = await runWorkflow(fixture);
		// The same check in v1.1: the ERP Orders input, canonical fields.
		const v11 = await runWorkflow(fixture, {
			patch: {
				[GUARD]: {
					typeVersion: 1.1,
					parameters: { checkKnownOrders: undefined, checkOrdersAgainst: 'erpOrdersInput' },
				},
			},
		});

		expect(v1.error).toBeUndefined();
		const returns = (items: INodeExecutionData[]) => items.map((item) => item.json.returnId);
		expect(returns(v1.output(GUARD, PASS))).toEqual(['RA-5001']);
		expect(returns(v11.output(GUARD, PASS))).toEqual(returns(v1.output(GUARD, PASS)));
		expect(returns(v11.output(GUARD, BLOCKED))).toEqual(returns(v1.output(GUARD, BLOCKED)));
		expect(v1.output(GUARD, BLOCKED).map(codes)).toContainEqual(['order_ref_unknown']);
		expect(v11.output(GUARD, BLOCKED).map(codes)).toEqual(v1.output(GUARD, BLOCKED).map(codes));
	});

	it("v1.1 reads the ERP Orders input in NetSuite's own shape (SuiteQL rows)", async () => {
		const fixture = loadFixture('guard-netsuite-payloads.json');
		const CODES: Record<string, string> = { pendingBilling: 'F', fullyBilled: 'G', closed: 'H' };
		// The same orders as a SuiteQL query returns them: lower-case columns, status codes.
		const rows = (fixture.pinData?.['NetSuite sales orders'] ?? []).map(({ json }) => ({
			json: {
				id: json.id,
				tranid: json.tranId,
				status: CODES[String(json.status)],
				subsidiary: json.subsidiary,
			},
		}));
		const v1 = await runWorkflow(fixture);
		const v11 = await runWorkflow(fixture, {
			pinData: { 'NetSuite sales orders': rows },
			patch: {
				[GUARD]: {
					typeVersion: 1.1,
					parameters: {
						checkKnownOrders: undefined,
						knownOrderFields: undefined,
						checkOrdersAgainst: 'erpOrdersInput',
						erpOrdersFormat: 'netsuite',
					},
				},
			},
		});

		expect(v11.error).toBeUndefined();
		expect(v11.output(GUARD, BLOCKED).map(codes)).toEqual(v1.output(GUARD, BLOCKED).map(codes));
		expect(v11.output(GUARD, BLOCKED).map(codes)).toContainEqual(['order_closed']);
		expect(v11.output(GUARD, PASS).length).toBe(v1.output(GUARD, PASS).length);
	});

	it('v1.1 with Check Orders Against = Nothing skips the known-order checks', async () => {
		const fixture = loadFixture('guard-netsuite-payloads.json');
		const v11 = await runWorkflow(fixture, {
			patch: { [GUARD]: { typeVersion: 1.1, parameters: { checkKnownOrders: undefined } } },
		});

		const all = v11.node(GUARD).outputs.flat().flatMap(codes);
		expect(all).not.toContain('order_ref_unknown');
		expect(all).not.toContain('order_closed');
	});
});
