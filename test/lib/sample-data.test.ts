import { reconcileReturns, type ReconcileResult } from '../../lib/reconcile';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the generator is plain CommonJS, shared with the demo and benchmarks
const { generateDataset, INJECTED } = require('../../scripts/sample-data.js') as {
	generateDataset: (settings?: Record<string, unknown>) => Dataset;
	INJECTED: Array<[string | null, string]>;
};

interface Dataset {
	portal: unknown[];
	processor: unknown[];
	erp: unknown[];
	support: unknown[];
	options: Record<string, unknown>;
	expected: Record<string, { symptom: string | null; cause: string | null }>;
	expectedUnmatched: string[];
}

/** The whole dataset goes in as the records: its other keys (options, expected) are ignored. */
function reconcile(data: Dataset): ReconcileResult {
	return reconcileReturns(data, data.options);
}

describe('sample data', () => {
	const data = generateDataset({ returns: 400, seed: 7 });
	const result = reconcile(data);

	it('gives every return the symptom and cause the generator injected', () => {
		const wrong: string[] = [];
		const seen = new Set<string>();
		for (const c of result.cases) {
			if (c.returnId === null) continue;
			const want = data.expected[c.returnId];
			if (!want) continue;
			seen.add(c.returnId);
			if (c.tag.symptom !== want.symptom || (want.cause !== null && c.tag.cause !== want.cause)) {
				wrong.push(
					`${c.returnId}: expected ${want.symptom}/${want.cause}, got ${c.tag.symptom}/${c.tag.cause}`,
				);
			}
			if (want.symptom === null && want.cause === null && c.tag.state !== 'consistent') {
				wrong.push(`${c.returnId}: expected consistent, got ${c.tag.state}`);
			}
		}
		expect(wrong).toEqual([]);
		expect(seen.size).toBe(Object.keys(data.expected).length);
	});

	it('injects every cause at least once and keeps about 80% consistent', () => {
		const causes = new Set(Object.values(data.expected).map((e) => `${e.symptom}/${e.cause}`));
		for (const [symptom, cause] of INJECTED) {
			if (cause === 'unmatched') continue;
			expect(causes).toContain(`${symptom}/${cause}`);
		}
		const consistent = data.portal.filter(
			(r) =>
				data.expected[(r as { returnId: string }).returnId].symptom === null &&
				data.expected[(r as { returnId: string }).returnId].cause === null,
		).length;
		expect(consistent / data.portal.length).toBeGreaterThan(0.75);
		expect(consistent / data.portal.length).toBeLessThan(0.85);
	});

	it('returns the refunds no return explains as unmatched', () => {
		const unmatchedIds = result.unmatched.map((u) => (u.record as { refundId: string }).refundId);
		expect(unmatchedIds.sort()).toEqual([...data.expectedUnmatched].sort());
		expect(data.expectedUnmatched.length).toBeGreaterThan(0);
	});

	it('is deterministic from the seed', () => {
		const again = generateDataset({ returns: 400, seed: 7 });
		expect(again.processor).toEqual(data.processor);
		expect(generateDataset({ returns: 400, seed: 8 }).processor).not.toEqual(data.processor);
	});

	it('covers every cause with the smallest size the contract names', () => {
		const small = generateDataset({ returns: 200, seed: 1 });
		const causes = new Set(Object.values(small.expected).map((e) => e.cause));
		for (const [, cause] of INJECTED) if (cause !== 'unmatched') expect(causes).toContain(cause);
		const smallResult = reconcile(small);
		for (const c of smallResult.cases) {
			const want = c.returnId === null ? undefined : small.expected[c.returnId];
			if (want)
				expect(`${c.returnId} ${c.tag.symptom}/${c.tag.cause ?? null}`).toBe(
					`${c.returnId} ${want.symptom}/${want.cause}`,
				);
		}
	});
});
