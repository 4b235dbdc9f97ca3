// Custom data and hints (nodes/shared/ops.ts): the hint builders alone, then both through n8n's
// own engine with a test-only node (test/helpers/ops-probe.ts) standing where each of the four
// nodes will call them, reading back what n8n kept: `resultData.metadata` (the execution's custom
// data, which n8n saves to its execution_metadata table) and the node run's `hints`.
import type { IConnections, IDataObject, INode } from 'n8n-workflow';

import {
	CUSTOM_DATA_KEYS,
	CUSTOM_DATA_LIMITS,
	blockedHints,
	countState,
	customDataValue,
	guardCounts,
	invalidFindingsOf,
	invalidRecordHints,
	reconcilerInputCounts,
	taggerHints,
	topSymptom,
	unmatchedInputHints,
} from '../../nodes/shared/ops';
import { runWorkflow, type WorkflowFixture } from '../helpers/engine';

interface Probe {
	name: string;
	saveCounts?: boolean;
	opsNode?: string;
	values?: Record<string, unknown>;
	preset?: Record<string, string>;
	rawSet?: Record<string, unknown>;
	hints?: IDataObject;
}

/** Manual Trigger → probe → probe → …, in order. */
function chain(probes: Probe[]): WorkflowFixture {
	const trigger: INode = {
		id: 'ops-0',
		name: 'When clicking ‘Execute workflow’',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes: INode[] = [trigger];
	const connections: IConnections = {};
	let previous = trigger.name;
	probes.forEach((probe, index) => {
		nodes.push({
			id: `ops-${index + 1}`,
			name: probe.name,
			type: 'test.opsProbe',
			typeVersion: 1,
			position: [200 * (index + 1), 0],
			parameters: {
				opsNode: probe.opsNode ?? 'reconciler',
				values: JSON.stringify(probe.values ?? {}),
				preset: JSON.stringify(probe.preset ?? {}),
				rawSet: JSON.stringify(probe.rawSet ?? {}),
				hints: JSON.stringify(probe.hints ?? {}),
				options: probe.saveCounts === undefined ? {} : { saveCounts: probe.saveCounts },
			},
		});
		connections[previous] = { main: [[{ node: probe.name, type: 'main', index: 0 }]] };
		previous = probe.name;
	});
	return { name: 'ops probe', nodes, connections };
}

/** The four nodes of a busy workflow, each saving every key it owns. */
const FOUR_NODES: Probe[] = [
	{
		name: 'Returns Reconciler',
		opsNode: 'reconciler',
		values: { handoff_mismatch: 41, handoff_pending: 7, handoff_top_symptom: 'id_linkage_failure' },
	},
	{
		name: 'Return Handoff Guard',
		opsNode: 'guard',
		values: { handoff_blocked: 3, handoff_passed: 12, handoff_top_symptom: 'missing_handoff' },
	},
	{
		name: 'Return Handoff Tagger',
		opsNode: 'tagger',
		values: {
			handoff_retry: 2,
			handoff_fix: 1,
			handoff_unclassified: 0,
			handoff_top_symptom: 'timing_latency',
		},
	},
	{
		name: 'Handoff Pattern Report',
		opsNode: 'patternReport',
		values: { handoff_structural: 2, handoff_top_symptom: null },
	},
];

const savedBy = (run: Awaited<ReturnType<typeof runWorkflow>>, name: string) =>
	run.output(name)[0].json.saved as {
		written: Record<string, string>;
		skipped: Record<string, string>;
		available: boolean;
	};

describe('custom data through n8n’s engine', () => {
	it('holds all four nodes’ counts in 9 keys, as strings, the last symptom seen on top', async () => {
		const run = await runWorkflow(chain(FOUR_NODES));

		expect(run.error).toBeUndefined();
		expect(run.run.data.resultData.metadata).toEqual({
			handoff_mismatch: '41',
			handoff_pending: '7',
			handoff_blocked: '3',
			handoff_passed: '12',
			handoff_retry: '2',
			handoff_fix: '1',
			handoff_unclassified: '0',
			handoff_structural: '2',
			// The Pattern Report saw no symptom of its own: the Tagger's stays.
			handoff_top_symptom: 'timing_latency',
		});
		expect(Object.keys(CUSTOM_DATA_KEYS)).toHaveLength(9);
		expect(Object.keys(CUSTOM_DATA_KEYS).length).toBeLessThan(CUSTOM_DATA_LIMITS.keys);
	});

	it('leaves the workflow’s own keys alone and fills only the slots n8n has left', async () => {
		const own = Object.fromEntries(
			Array.from({ length: 7 }, (_, i) => [`erp_batch_${i + 1}`, `batch-${i + 1}`]),
		);
		const run = await runWorkflow(
			chain([{ name: 'Set by the workflow', opsNode: 'guard', preset: own }, ...FOUR_NODES]),
		);
		const metadata = run.run.data.resultData.metadata ?? {};

		expect(run.error).toBeUndefined();
		expect(Object.keys(metadata)).toHaveLength(CUSTOM_DATA_LIMITS.keys);
		expect(metadata).toMatchObject(own);
		// The Reconciler runs first and takes the three free slots; the others find none…
		expect(savedBy(run, 'Returns Reconciler').written).toEqual({
			handoff_mismatch: '41',
			handoff_pending: '7',
			handoff_top_symptom: 'id_linkage_failure',
		});
		expect(savedBy(run, 'Return Handoff Guard').skipped).toEqual({
			handoff_blocked: 'no_free_slot',
			handoff_passed: 'no_free_slot',
		});
		// …but may still update a key the package already holds.
		expect(metadata.handoff_top_symptom).toBe('timing_latency');
	});

	it('never fails a manual run: invalid values are not handed to n8n at all', async () => {
		const run = await runWorkflow(
			chain([
				{
					name: 'Return Handoff Guard',
					opsNode: 'guard',
					values: {
						handoff_blocked: Number.NaN,
						handoff_passed: { count: 3 },
						'handoff-blocked': 2,
						handoff_retry: 2,
						handoff_top_symptom: '   ',
					},
				},
				{
					name: 'Return Handoff Tagger',
					opsNode: 'tagger',
					values: { handoff_retry: 5, handoff_top_symptom: 'x'.repeat(600) },
				},
			]),
		);

		expect(run.error).toBeUndefined();
		expect(savedBy(run, 'Return Handoff Guard')).toEqual({
			available: true,
			written: {},
			skipped: {
				// NaN arrives as null through JSON: nothing to say, not an error.
				handoff_passed: 'invalid_value',
				'handoff-blocked': 'not_planned',
				handoff_retry: 'not_planned',
				handoff_top_symptom: 'invalid_value',
			},
		});
		expect(run.run.data.resultData.metadata).toEqual({
			handoff_retry: '5',
			handoff_top_symptom: 'x'.repeat(CUSTOM_DATA_LIMITS.valueLength),
		});
	});

	it('is needed: the same invalid key handed to n8n directly fails a manual run', async () => {
		const run = await runWorkflow(
			chain([{ name: 'Code node', opsNode: 'guard', rawSet: { 'handoff-blocked': '2' } }]),
		);

		expect(run.error?.message).toMatch(/A-Za-z0-9_/);
	});

	it('saves in a production (trigger) run too', async () => {
		const run = await runWorkflow(chain(FOUR_NODES.slice(0, 1)), { mode: 'trigger' });

		expect(run.run.data.resultData.metadata).toEqual({
			handoff_mismatch: '41',
			handoff_pending: '7',
			handoff_top_symptom: 'id_linkage_failure',
		});
	});
});

describe('"Save Counts to Execution" off', () => {
	it('saves nothing but still shows the hints', async () => {
		const run = await runWorkflow(
			chain([
				{
					name: 'Return Handoff Tagger',
					opsNode: 'tagger',
					saveCounts: false,
					values: { handoff_retry: 0, handoff_fix: 0, handoff_unclassified: 4 },
					hints: { tagger: { total: 4, classified: 0 } },
				},
			]),
		);

		expect(run.error).toBeUndefined();
		expect(run.run.data.resultData.metadata ?? {}).toEqual({});
		expect(run.output('Return Handoff Tagger')[0].json.saved).toBeNull();
		expect(run.run.data.resultData.runData['Return Handoff Tagger'][0].hints).toEqual([
			expect.objectContaining({ type: 'warning', location: 'outputPane' }),
		]);
	});
});

describe('hints through n8n’s engine', () => {
	it('puts a hint on the node’s run in the output pane when records could not be read', async () => {
		const run = await runWorkflow(
			chain([
				{
					name: 'Returns Reconciler',
					hints: {
						invalidRecords: [
							{
								cause: 'invalid_record',
								evidence: { kind: 'processor', field: 'amount', reason: 'amount is not a number' },
							},
							{
								cause: 'invalid_record',
								evidence: { kind: 'processor', field: 'amount', reason: 'amount is not a number' },
							},
						],
						formats: { processor: 'stripe' },
					},
				},
			]),
		);
		const hints = run.run.data.resultData.runData['Returns Reconciler'][0].hints;

		expect(hints).toHaveLength(1);
		expect(hints?.[0]).toMatchObject({ type: 'warning', location: 'outputPane' });
		expect(hints?.[0].message).toContain('2 processor records could not be read');
		expect(hints?.[0].message).toContain('"stripe"');
		expect(hints?.[0].message).toContain('"amount"');
	});

	it('puts no hint on a healthy run', async () => {
		const run = await runWorkflow(
			chain([
				{
					name: 'Returns Reconciler',
					hints: {
						invalidRecords: [],
						inputs: [
							{ name: 'Processor refunds', records: 40, matched: 38 },
							{ name: 'ERP credit memos', records: 35, matched: 35 },
						],
						guard: { total: 12, blocked: 2, problems: { unmapped_status: 2 } },
						tagger: { total: 3, classified: 2 },
					},
				},
			]),
		);

		expect(run.run.data.resultData.runData['Returns Reconciler'][0].hints ?? []).toEqual([]);
	});
});

describe('hint builders', () => {
	const invalid = (kind: string, field: string, reason = `${field} is not readable`) => ({
		cause: 'invalid_record',
		evidence: { kind, field, reason },
	});

	it('names count, field, reason and format of unreadable records, biggest group first', () => {
		const [only] = invalidRecordHints(
			[
				invalid('portal', 'createdAt', 'createdAt is not a date'),
				invalid('processor', 'amount', 'amount is not a number'),
				invalid('processor', 'amount', 'amount is not a number'),
				invalid('processor', 'amount', 'amount is not a number'),
				{ cause: 'late_posting', evidence: { kind: 'erp' } },
			],
			{ processor: 'stripe', portal: 'loop' },
		);

		expect(only.message.indexOf('3 processor records')).toBeLessThan(
			only.message.indexOf('1 portal record'),
		);
		expect(only.message).toContain(
			'3 processor records could not be read with the "stripe" format (field "amount"): amount is not a number.',
		);
		expect(only.message).toContain('1 portal record could not be read with the "loop" format');
	});

	it('names three groups at most and counts the rest', () => {
		const [only] = invalidRecordHints([
			invalid('portal', 'returnId'),
			invalid('processor', 'amount'),
			invalid('erp', 'createdFrom'),
			invalid('support', 'ticketId'),
			invalid('support', 'updatedAt'),
		]);

		expect(only.message).toContain('And 2 more with other problems.');
	});

	it('counts the Guard’s unreadable payloads, which name a problem code and no kind', () => {
		const [only] = invalidRecordHints(
			[
				{ cause: 'invalid_record', evidence: { problem: 'amount_invalid', field: 'refundAmount' } },
				{ cause: 'invalid_record', evidence: { problem: 'amount_invalid', field: 'refundAmount' } },
			],
			{},
			'payload',
		);

		expect(only.message).toContain(
			'2 payloads could not be read (field "refundAmount"): amount_invalid.',
		);
	});

	it('gives no hint without invalid_record findings', () => {
		expect(invalidRecordHints([])).toEqual([]);
		expect(invalidRecordHints([{ cause: 'unmatched', evidence: { kind: 'processor' } }])).toEqual(
			[],
		);
	});

	it('flags an input that matched nothing while others matched, naming its format', () => {
		const hints = unmatchedInputHints([
			{ name: 'Portal returns', records: 50, matched: 48 },
			{ name: 'Processor refunds', records: 44, matched: 0, format: 'stripe' },
			{ name: 'Support tickets', records: 0, matched: 0 },
		]);

		expect(hints).toHaveLength(1);
		expect(hints[0].message).toContain('44 records on Processor refunds (format "stripe")');
	});

	it('says nothing when nothing matched anywhere, or every input matched something', () => {
		expect(
			unmatchedInputHints([
				{ name: 'Portal returns', records: 5, matched: 0 },
				{ name: 'Processor refunds', records: 4, matched: 0 },
			]),
		).toEqual([]);
		expect(
			unmatchedInputHints([
				{ name: 'Portal returns', records: 5, matched: 5 },
				{ name: 'Processor refunds', records: 4, matched: 1 },
			]),
		).toEqual([]);
	});

	it('flags every payload blocked for one problem code, pointing at the likely setting', () => {
		const [only] = blockedHints({
			total: 12,
			blocked: 12,
			problems: { unmapped_status: 12, order_ref_format: 3 },
		});

		expect(only.message).toContain('All 12 payloads were blocked for unmapped_status');
		expect(only.message).toContain('the Status Map');
	});

	it('says nothing when some passed, when the blocked ones differ, or for one payload', () => {
		expect(blockedHints({ total: 12, blocked: 11, problems: { unmapped_status: 11 } })).toEqual([]);
		expect(
			blockedHints({ total: 4, blocked: 4, problems: { unmapped_status: 2, order_closed: 2 } }),
		).toEqual([]);
		expect(blockedHints({ total: 1, blocked: 1, problems: { wrong_subsidiary: 1 } })).toEqual([]);
	});

	it('flags a Tagger that classified none of its failed calls, and only then', () => {
		expect(taggerHints({ total: 6, classified: 0 })[0].message).toContain(
			'None of the 6 failed calls',
		);
		expect(taggerHints({ total: 6, classified: 1 })).toEqual([]);
		expect(taggerHints({ total: 0, classified: 0 })).toEqual([]);
	});
});

describe('custom data values and the top symptom', () => {
	it('keeps what n8n stores as is and refuses what it would reject or mangle', () => {
		expect(customDataValue(0)).toBe('0');
		expect(customDataValue(' id_linkage_failure ')).toBe('id_linkage_failure');
		expect(customDataValue(Number.POSITIVE_INFINITY)).toBeNull();
		expect(customDataValue('')).toBeNull();
		expect(customDataValue(true)).toBeNull();
		expect(customDataValue(['a'])).toBeNull();
	});

	it('picks the most frequent symptom, ties by the given priority, whatever the item order', () => {
		const tags = [
			{ symptom: 'timing_latency' },
			{ symptom: 'id_linkage_failure' },
			{ symptom: null },
			{ symptom: 'timing_latency' },
			{ symptom: 'id_linkage_failure' },
		];
		const order = ['missing_handoff', 'id_linkage_failure', 'timing_latency'];

		expect(topSymptom(tags, order)).toBe('id_linkage_failure');
		expect(topSymptom([...tags].reverse(), order)).toBe('id_linkage_failure');
		expect(topSymptom([...tags, { symptom: 'timing_latency' }], order)).toBe('timing_latency');
		expect(topSymptom([{ symptom: null }, null, undefined])).toBeNull();
		// The Pattern Report's tags come from items: anything may stand where a tag should.
		expect(topSymptom(['not a tag', 42, { symptom: 7 }, { symptom: 'stale_ticket' }])).toBe(
			'stale_ticket',
		);
	});
});

describe('counts from the core’s results', () => {
	it('counts each input’s records and those matched to another kind', () => {
		const result = {
			cases: [
				{ sources: { portal: [0], processor: [0], erp: [0], support: [] } },
				{ sources: { portal: [1], processor: [], erp: [], support: [] } },
				{ sources: { portal: [2], processor: [1, 2], erp: [], support: [] } },
			],
			unmatched: [{ kind: 'processor' }, { kind: 'support' }],
		};
		const names = {
			portal: 'Portal returns',
			processor: 'Processor refunds',
			erp: 'ERP credit memos',
			support: 'Support tickets',
		};

		expect(reconcilerInputCounts(result, names, { processor: 'stripe' })).toEqual([
			{ name: 'Portal returns', records: 3, matched: 2 },
			{ name: 'Processor refunds', records: 4, matched: 3, format: 'stripe' },
			{ name: 'ERP credit memos', records: 1, matched: 1 },
			{ name: 'Support tickets', records: 1, matched: 0 },
		]);
	});

	it('counts the Guard’s verdicts, a payload once per problem code', () => {
		expect(
			guardCounts([
				{ verdict: 'pass', problems: [{ code: 'order_ref_format' }] },
				{
					verdict: 'blocked',
					problems: [{ code: 'unmapped_status' }, { code: 'unmapped_status' }],
				},
				{ verdict: 'blocked', problems: [{ code: 'unmapped_status' }, { code: 'order_closed' }] },
			]),
		).toEqual({ total: 3, blocked: 2, problems: { unmapped_status: 2, order_closed: 1 } });
	});

	it('collects invalid_record findings and counts states', () => {
		const tags = [
			{
				state: 'mismatch',
				symptom: null,
				findings: [
					{ cause: 'invalid_record', evidence: { kind: 'erp', field: 'total' } },
					{ cause: 'unmatched', evidence: {} },
				],
			},
			{ state: 'pending', symptom: null, findings: [] },
			null,
		];

		expect(invalidFindingsOf(tags)).toEqual([
			{ cause: 'invalid_record', evidence: { kind: 'erp', field: 'total' } },
		]);
		expect(countState(tags, 'mismatch')).toBe(1);
		expect(countState(tags, 'consistent')).toBe(0);
	});
});
