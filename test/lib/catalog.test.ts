import {
	CATALOG,
	NO_SYMPTOM_CAUSES,
	isKnownCause,
	type Cause,
	type SymptomCause,
} from '../../lib/catalog';
import { reconcileReturns, type ReconcileRecords } from '../../lib/reconcile';
import type { Finding } from '../../lib/types';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the generator is plain CommonJS, shared with the demo and benchmarks
const { generateDataset } = require('../../scripts/sample-data.js') as {
	generateDataset: (settings?: Record<string, unknown>) => ReconcileRecords & {
		options: Record<string, unknown>;
	};
};

// Checked by the compiler (tsc over test/): a cause is one of its own symptom's, from the catalog.
const overdue: Cause<'timing_latency'> = 'overdue';
// @ts-expect-error: a misspelt cause does not compile
const misspelt: Cause<'timing_latency'> = 'overdu';
// @ts-expect-error: nor does another symptom's cause
const borrowed: SymptomCause = { symptom: 'stale_ticket', cause: 'overdue' };
// @ts-expect-error: a symptom-less finding takes a record-level cause only
const symptomless: SymptomCause = { symptom: null, cause: 'overdue' };

describe('causes typed from the catalog', () => {
	it('the typed examples are what the catalog lists at run time', () => {
		expect(isKnownCause('timing_latency', overdue)).toBe(true);
		expect(isKnownCause('timing_latency', misspelt)).toBe(false);
		expect(isKnownCause(borrowed.symptom as 'stale_ticket', borrowed.cause)).toBe(false);
		expect(NO_SYMPTOM_CAUSES).not.toContain(symptomless.cause);
	});

	it('every finding of a sample run names a symptom with one of its causes, or a record-level cause', () => {
		const data = generateDataset({ returns: 300, seed: 9 });
		const result = reconcileReturns(data, data.options);
		const findings: Finding[] = [
			...result.cases.flatMap((c) => c.tag.findings),
			...result.unmatched.flatMap((u) => u.tag.findings),
		];
		expect(findings.length).toBeGreaterThan(0);
		for (const f of findings) {
			const known =
				f.symptom === null
					? (NO_SYMPTOM_CAUSES as readonly string[]).includes(f.cause)
					: (CATALOG[f.symptom].causes as readonly string[]).includes(f.cause);
			if (!known) throw new Error(`${f.symptom}/${f.cause} is not in the catalog`);
		}
	});
});
