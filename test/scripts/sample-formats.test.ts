// The demo's records in the systems' own shapes (scripts/sample-data.js `renderDataset`) must
// say what the canonical records say: each one, read back through lib/formats with the options
// the demo workflow sets, gives the canonical record's values.
import { readFormatted, type FormatKind, type FormatOptions } from '../../lib/formats';
import type { ReconcileOptions } from '../../lib/options';
import { reconcileReturns } from '../../lib/reconcile';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the generator is plain CommonJS, shared with the demo and benchmarks
const { generateDataset, renderDataset } = require('../../scripts/sample-data.js') as {
	generateDataset: (settings?: Record<string, unknown>) => Dataset;
	renderDataset: (data: Dataset) => Dataset;
};

type Kind = 'portal' | 'processor' | 'erp' | 'support';
type Values = Record<string, unknown>;

interface Dataset {
	portal: Values[];
	processor: Values[];
	erp: Values[];
	support: Values[];
	options: {
		formats?: Record<Kind, string>;
		currencyNames?: Record<string, string>;
		fieldPaths?: Partial<Record<Kind, Record<string, string>>>;
	} & Values;
	expected: Record<string, unknown>;
}

const KINDS: Kind[] = ['portal', 'processor', 'erp', 'support'];

/**
 * What a system's shape cannot carry, as the canonical reading of it: Loop lines are one unit
 * each with no product type, and Loop knows a refund time only for a closed return.
 */
function kept(kind: Kind, values: Values): Values {
	if (kind !== 'portal') return values;
	return {
		...values,
		refundInstructedAt: values.status === 'refunded' ? values.refundInstructedAt : null,
		lines: Array.isArray(values.lines)
			? (values.lines as Values[]).map((line) => ({ ...line, quantity: null, category: null }))
			: values.lines,
	};
}

describe('the demo dataset as Loop, Stripe, NetSuite and Zendesk records', () => {
	const canonical = generateDataset({ returns: 600, seed: 11 });
	const rendered = renderDataset(canonical);
	const { formats, currencyNames, fieldPaths } = rendered.options;

	it('names the four systems and keeps the expected outcomes', () => {
		expect(formats).toEqual({
			portal: 'loop',
			processor: 'stripe',
			erp: 'netsuite',
			support: 'zendesk',
		});
		expect(rendered.expected).toEqual(canonical.expected);
		for (const kind of KINDS) expect(rendered[kind]).toHaveLength(canonical[kind].length);
	});

	it('looks like the systems send it: cents, lower-case currencies, reference objects', () => {
		const refund = rendered.processor[0];
		expect(Number.isInteger(refund.amount)).toBe(true);
		expect(refund.currency).toMatch(/^[a-z]{3}$/);
		expect(refund.object).toBe('refund');
		expect(rendered.erp[0].currency).toEqual({
			id: expect.any(String),
			refName: expect.any(String),
		});
		expect(rendered.portal[0].refund).toMatch(/^\d+(\.\d+)?$/);
		expect(rendered.support[0].custom_fields).toEqual(
			expect.arrayContaining([expect.objectContaining({ id: 360001 })]),
		);
	});

	it.each(KINDS)('reads every %s record back to the canonical values', (kind) => {
		const options: FormatOptions = {
			currencyNames,
			fieldPaths: fieldPaths?.[kind],
		};
		const differences: string[] = [];
		canonical[kind].forEach((record, index) => {
			const want = readFormatted(kind as FormatKind, 'canonical', record);
			const got = readFormatted(kind as FormatKind, formats![kind], rendered[kind][index], options);
			// A record the canonical reader finds invalid must be invalid in its system's shape too.
			if (want.problems.length > 0 !== got.problems.length > 0) {
				differences.push(`${kind}[${index}]: problems ${JSON.stringify(got.problems)}`);
				return;
			}
			if (want.problems.length > 0) return;
			const expected = kept(kind, want.record);
			if (JSON.stringify(got.record) !== JSON.stringify(expected)) {
				differences.push(
					`${kind}[${index}]: ${JSON.stringify(got.record)} ≠ ${JSON.stringify(expected)}`,
				);
			}
		});
		expect(differences.slice(0, 5)).toEqual([]);
	});

	it('gives every return the outcome the generator injected, as the canonical records do', () => {
		const outcomes = (data: Dataset) => {
			const result = reconcileReturns(data, data.options as ReconcileOptions);
			return Object.fromEntries(
				result.cases.map((found) => [
					found.tag.returnId ?? `-${found.tag.orderId}`,
					`${found.tag.state} ${found.tag.symptom}/${found.tag.cause}`,
				]),
			);
		};
		const want = outcomes(canonical);
		const got = outcomes(rendered);

		expect(Object.keys(got).length).toBeGreaterThan(500);
		expect(got).toEqual(want);
		for (const [returnId, outcome] of Object.entries(canonical.expected)) {
			const { symptom, cause } = outcome as { symptom: string | null; cause: string | null };
			if (cause === 'invalid_record' || cause === null) continue;
			expect([returnId, got[returnId]]).toEqual([
				returnId,
				expect.stringContaining(`${symptom}/${cause}`),
			]);
		}
	});
});
