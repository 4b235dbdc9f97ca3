/**
 * Reliability through n8n's engine (issue 6): whatever the continue-on-fail setting, a batch
 * with malformed items loses none of them and routes each to the output the library's verdict
 * names (bad data is a finding, never an error); a parameter that an expression makes bad for
 * one item stops the run naming that item, or under "Continue (using error output)" sends that
 * item alone, with its own data, to the error output. Batches are generated (fast-check), so
 * the malformed items are many and varied; runs are few, each being a whole workflow execution.
 */
import fc from 'fast-check';
import type { IDataObject, INodeExecutionData, IPinData } from 'n8n-workflow';

import {
	reconcileReturns,
	summarizePatterns,
	tagHandoffError,
	validateHandoff,
	type GuardOptions,
} from '../../lib';
import type { ReconcileOptions } from '../../lib/options';
import { pairs, runWorkflow } from '../helpers/engine';
import {
	hostileScalar,
	messyErp,
	messyPortal,
	messyProcessor,
	messySupport,
} from '../properties/generators';

const NOW = '2026-04-03T12:00:00Z';
const SETTINGS = ['stopWorkflow', 'continueRegularOutput', 'continueErrorOutput'] as const;
/** Whole workflow runs per property: each is an execution through n8n-core. */
const BATCHES = 40;

/** The options each fixture's node parameters amount to, for the library's own verdict. */
const GUARD_OPTIONS: GuardOptions = {
	now: NOW,
	idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
	statusMap: { approved: 'pendingReceipt', received: 'pendingRefund', refunded: 'refunded' },
	subsidiaryMap: { 'us-store': 'Acme US', 'eu-store': 'Acme EU' },
};
const RECONCILE_OPTIONS: ReconcileOptions = {
	now: NOW,
	slaWindowMinutes: 240,
	missingAfterMinutes: 4320,
	idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
	subsidiaryMap: { 'us-store': 'Acme US', 'eu-store': 'Acme EU' },
};

/** As an item arrives from another node: JSON, so no NaN, undefined or 100,000 levels. */
function asItemJson(value: unknown): IDataObject | undefined {
	try {
		const text = JSON.stringify(value);
		const parsed: unknown = text === undefined ? undefined : JSON.parse(text);
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as IDataObject)
			: { value: parsed ?? null };
	} catch {
		return undefined;
	}
}

function items(
	arbitrary: fc.Arbitrary<unknown>,
	maxLength = 8,
): fc.Arbitrary<INodeExecutionData[]> {
	return fc
		.array(arbitrary.map(asItemJson), { minLength: 1, maxLength })
		.map((list) => list.filter((json): json is IDataObject => json !== undefined))
		.filter((list) => list.length > 0)
		.map((list) => list.map((json) => ({ json })));
}

/** What a tag says, or `-` for an item without one (the Pattern Report's summary). */
function said(tag: unknown): string {
	if (tag === null || typeof tag !== 'object') return '-';
	const { symptom, cause } = tag as IDataObject;
	return `${symptom ?? '-'}/${cause ?? '-'}`;
}

/** Where each input item went and what its output item says: `output:input:item symptom/cause`. */
function routing(outputs: INodeExecutionData[][]): string[] {
	return outputs
		.flatMap((list, output) =>
			list.flatMap((item) => pairs(item).map((p) => `${output}:${p} ${said(item.json.handoff)}`)),
		)
		.sort();
}

async function runAll(
	fixture: string,
	node: string,
	pinData: IPinData,
	expected: string[],
	outputCount: number,
	inputSizes?: number[],
): Promise<void> {
	for (const onError of SETTINGS) {
		// n8n-core writes `pairedItem` into the items it is given: each run gets its own copy.
		const run = await runWorkflow(fixture, {
			patch: { [node]: { onError } },
			pinData: structuredClone(pinData),
		});
		const outputs = run.node(node).outputs;
		if (run.error !== undefined)
			throw new Error(`${onError}: the run stopped: ${run.error.message}`);
		// The error output, when there is one, stays empty: bad data is not a node error.
		const errorOutput = outputs[outputCount] ?? [];
		if (errorOutput.length > 0) {
			throw new Error(
				`${onError}: ${errorOutput.length} item(s) on the error output: ${JSON.stringify(errorOutput[0].json)}`,
			);
		}
		expect({ onError, routing: routing(outputs.slice(0, outputCount)) }).toEqual({
			onError,
			routing: expected,
		});
		if (inputSizes !== undefined) {
			// Counted from what was fed in, not from the library's answer: each item of each input
			// is named by exactly one output item.
			const fed = inputSizes.flatMap((size, input) =>
				Array.from({ length: size }, (_, item) => `${input}:${item}`),
			);
			expect({ onError, named: outputs.flat().flatMap(pairs).sort() }).toEqual({
				onError,
				named: fed.sort(),
			});
		}
	}
}

const guardPayload = fc.oneof(
	fc.constant({
		returnId: 'RA-5001',
		orderId: '#1001',
		status: 'refunded',
		refundAmount: 42.5,
		currency: 'USD',
		channel: 'us-store',
		lines: [{ sku: 'TEE-BLK-M', quantity: 1, category: 'apparel', amount: 42.5 }],
	}),
	messyPortal.map((p) => ({ ...p, channel: 'us-store' })),
	messyPortal,
	fc.dictionary(
		fc.constantFrom('returnId', 'orderId', 'refundAmount', 'currency', 'lines', 'receipt'),
		hostileScalar,
	),
);

describe('reliability through the engine: malformed items in a batch', () => {
	it('the Guard routes every payload to Pass or Blocked by its verdict, under every setting', async () => {
		await fc.assert(
			fc.asyncProperty(items(guardPayload), async (batch) => {
				const expected = batch
					.map((item, i) => {
						const result = validateHandoff(item.json, GUARD_OPTIONS);
						return `${result.verdict === 'pass' ? 0 : 1}:0:${i} ${said(result.tag)}`;
					})
					.sort();
				await runAll(
					'reliability-guard.json',
					'Return Handoff Guard',
					{ 'Payloads to post': batch },
					expected,
					2,
				);
			}),
			{ numRuns: BATCHES },
		);
	});

	const failedCall = fc.oneof(
		fc.record({
			error: fc.record(
				{
					message: fc.constantFrom('socket hang up', 'Not Found'),
					httpCode: fc.constantFrom('404', '429', '500'),
				},
				{ requiredKeys: [] },
			),
		}),
		fc.record({ error: hostileScalar }),
		fc.dictionary(
			fc.constantFrom('error', 'message', 'httpCode', 'body', 'returnId'),
			hostileScalar,
		),
	);

	it('the Tagger routes every item to Retry, Fix or Unclassified by its tag, under every setting', async () => {
		await fc.assert(
			fc.asyncProperty(items(failedCall), async (batch) => {
				const expected = batch
					.map((item, i) => {
						const tag = tagHandoffError(item.json, { now: NOW });
						return `${tag.symptom === null ? 2 : tag.retryable ? 0 : 1}:0:${i} ${said(tag)}`;
					})
					.sort();
				await runAll(
					'reliability-tagger.json',
					'Return Handoff Tagger',
					{ 'Failed calls': batch },
					expected,
					3,
				);
			}),
			{ numRuns: BATCHES },
		);
	});

	const INPUTS = [
		'Portal returns',
		'Processor refunds',
		'ERP credit memos',
		'Support tickets',
	] as const;
	const reconcilerInputs = fc.tuple(
		items(messyPortal, 4),
		items(messyProcessor, 4),
		items(messyErp, 4),
		items(messySupport, 3),
	);

	it('the Reconciler puts every record of every input in exactly one case, routed by state, under every setting', async () => {
		const OUTPUT = { mismatch: 0, pending: 1, consistent: 2 } as const;
		await fc.assert(
			fc.asyncProperty(reconcilerInputs, async (lists) => {
				const [portal, processor, erp, support] = lists.map((list) =>
					list.map((item) => item.json),
				);
				const result = reconcileReturns({ portal, processor, erp, support }, RECONCILE_OPTIONS);
				const expected = [
					...result.cases.flatMap((c) =>
						(['portal', 'processor', 'erp', 'support'] as const).flatMap((kind, input) =>
							c.sources[kind].map((i) => `${OUTPUT[c.tag.state]}:${input}:${i} ${said(c.tag)}`),
						),
					),
					...result.unmatched.map(
						(u) => `3:${u.kind === 'processor' ? 1 : 3}:${u.index} ${said(u.tag)}`,
					),
				].sort();
				const pinData = Object.fromEntries(INPUTS.map((name, input) => [name, lists[input]]));
				await runAll(
					'reliability-reconciler.json',
					'Returns Reconciler',
					pinData,
					expected,
					4,
					lists.map((list) => list.length),
				);
			}),
			{ numRuns: BATCHES },
		);
	});

	it('the Pattern Report counts every item, tag or not, in one report item, under every setting', async () => {
		const tagged = fc.oneof(
			fc.record({
				handoff: fc.record(
					{
						symptom: fc.constantFrom('missing_handoff', null, 'not a symptom'),
						cause: hostileScalar,
						boundary: hostileScalar,
						category: hostileScalar,
						lagMinutes: hostileScalar,
					},
					{ requiredKeys: [] },
				),
			}),
			fc.record({ handoff: hostileScalar }),
			fc.dictionary(fc.string({ maxLength: 6 }), hostileScalar),
		);
		await fc.assert(
			// With no tag at all the node stops ("Tag Field Name" is wrong): one real tag comes first.
			fc.asyncProperty(items(tagged), async (junk) => {
				const batch = [
					{
						json: {
							handoff: {
								symptom: 'missing_handoff',
								cause: 'not_received',
								boundary: 'Portal → ERP middleware',
								category: 'apparel',
								lagMinutes: 30,
							},
						},
					},
					...junk,
				];
				const expected = batch.map((_, i) => `0:0:${i} -`).sort();
				await runAll(
					'reliability-pattern-report.json',
					'Handoff Pattern Report',
					{ 'Tagged items': batch },
					expected,
					1,
				);
				const run = await runWorkflow('reliability-pattern-report.json', {
					pinData: { 'Tagged items': batch },
				});
				const summary = run.output('Handoff Pattern Report')[0].json.summary as IDataObject;
				expect(summary.total).toBe(batch.length);
				expect(summary.total).toBe(summarizePatterns(batch.map((item) => item.json.handoff)).total);
			}),
			{ numRuns: BATCHES },
		);
	});
});

/** Payloads for the per-item parameter: each carries the pad length its expression reads. */
function padded(count: number, bad: number, badPad: number | string): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({
		json: {
			returnId: `RA-${5001 + i}`,
			orderId: `#${1001 + i}`,
			status: i % 3 === 2 ? 'exchanged' : 'refunded',
			refundAmount: 42.5,
			currency: 'USD',
			channel: 'us-store',
			pad: i === bad ? badPad : 7,
		},
	}));
}

const PER_ITEM_PAD = {
	'Return Handoff Guard': {
		parameters: {
			idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: '={{ $json.pad }}' },
		},
	},
};

const perItemCase = fc
	.integer({ min: 2, max: 6 })
	.chain((count) =>
		fc.tuple(
			fc.constant(count),
			fc.integer({ min: 0, max: count - 1 }),
			fc.constantFrom<number | string>(99, -1, 1.5, 'seven'),
		),
	);

describe('reliability through the engine: a parameter bad for one item only', () => {
	const GUARD = 'Return Handoff Guard';

	it('the Guard stops naming that item when continue-on-fail is off', async () => {
		await fc.assert(
			fc.asyncProperty(perItemCase, async ([count, bad, badPad]) => {
				const run = await runWorkflow('reliability-guard.json', {
					patch: { [GUARD]: { ...PER_ITEM_PAD[GUARD], onError: 'stopWorkflow' } },
					pinData: { 'Payloads to post': padded(count, bad, badPad) },
				});
				expect(run.error?.message).toMatch(
					/^Invalid parameter "ID Rules → Pad Length": expected a whole number from 0 to 64/,
				);
				expect(run.error?.context.itemIndex).toBe(bad);
			}),
			{ numRuns: BATCHES },
		);
	});

	it('the Guard sends that item alone, with its data, to the error output, and routes the rest', async () => {
		await fc.assert(
			fc.asyncProperty(perItemCase, async ([count, bad, badPad]) => {
				const batch = padded(count, bad, badPad);
				const run = await runWorkflow('reliability-guard.json', {
					patch: { [GUARD]: { ...PER_ITEM_PAD[GUARD], onError: 'continueErrorOutput' } },
					pinData: { 'Payloads to post': batch },
				});
				const [pass, blocked, errors] = run.node(GUARD).outputs;
				expect(run.error).toBeUndefined();
				expect(errors).toHaveLength(1);
				expect(pairs(errors[0])).toEqual([`0:${bad}`]);
				expect(errors[0].json).toMatchObject({
					...batch[bad].json,
					error: expect.stringContaining('Pad Length'),
				});
				const expected = batch
					.flatMap((item, i) => {
						if (i === bad) return [];
						const result = validateHandoff(item.json, GUARD_OPTIONS);
						return [`${result.verdict === 'pass' ? 0 : 1}:0:${i} ${said(result.tag)}`];
					})
					.sort();
				expect(routing([pass, blocked])).toEqual(expected);
			}),
			{ numRuns: BATCHES },
		);
	});

	it('the Guard never passes that item under "Continue" (regular output): it is blocked', async () => {
		const batch = padded(4, 1, 99);
		const run = await runWorkflow('reliability-guard.json', {
			patch: { [GUARD]: { ...PER_ITEM_PAD[GUARD], onError: 'continueRegularOutput' } },
			pinData: { 'Payloads to post': batch },
		});
		const [pass, blocked] = run.node(GUARD).outputs;
		expect(pass.flatMap(pairs)).not.toContain('0:1');
		const failed = blocked.filter((item) => pairs(item).includes('0:1'));
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toMatch(/Pad Length/);
	});

	const TAGGER = 'Return Handoff Tagger';
	const failures = (count: number, bad: number): INodeExecutionData[] =>
		Array.from({ length: count }, (_, i) => ({
			json: {
				returnId: `RA-${1001 + i}`,
				failedAt: i === bad ? 'last Tuesday' : '2026-04-03T11:00:00Z',
				error: { message: 'socket hang up', code: 'ECONNRESET' },
			},
		}));
	const PER_ITEM_NOW = { parameters: { options: { now: '={{ $json.failedAt }}' } } };

	it('the Tagger stops naming that item when continue-on-fail is off', async () => {
		await fc.assert(
			fc.asyncProperty(perItemCase, async ([count, bad]) => {
				const run = await runWorkflow('reliability-tagger.json', {
					patch: { [TAGGER]: { ...PER_ITEM_NOW, onError: 'stopWorkflow' } },
					pinData: { 'Failed calls': failures(count, bad) },
				});
				expect(run.error?.message).toMatch(/Reference Time/);
				expect(run.error?.context.itemIndex).toBe(bad);
			}),
			{ numRuns: BATCHES },
		);
	});

	it('the Tagger sends that item alone, with its data, to the error output, and tags the rest', async () => {
		await fc.assert(
			fc.asyncProperty(perItemCase, async ([count, bad]) => {
				const batch = failures(count, bad);
				const run = await runWorkflow('reliability-tagger.json', {
					patch: { [TAGGER]: { ...PER_ITEM_NOW, onError: 'continueErrorOutput' } },
					pinData: { 'Failed calls': batch },
				});
				const [retry, fix, unclassified, errors] = run.node(TAGGER).outputs;
				expect(run.error).toBeUndefined();
				expect(errors).toHaveLength(1);
				expect(pairs(errors[0])).toEqual([`0:${bad}`]);
				expect(errors[0].json).toMatchObject({
					returnId: batch[bad].json.returnId,
					failedAt: 'last Tuesday',
				});
				expect(errors[0].json.error).toEqual(expect.stringContaining('Reference Time'));
				// Every other item: a connection reset, retryable.
				expect(routing([retry, fix, unclassified])).toEqual(
					batch
						.map((_, i) => `0:0:${i} missing_handoff/transport_failed`)
						.filter((entry) => !entry.startsWith(`0:0:${bad} `)),
				);
			}),
			{ numRuns: BATCHES },
		);
	});
});
