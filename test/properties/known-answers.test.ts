/**
 * Known answers amid noise (issue 6): among consistent returns, one return gets exactly one
 * defect of a known kind (every cause code docs/rules.md "Causes" gives the Reconciler), junk records are mixed
 * in and every list is shuffled. That return must show the defect's symptom and cause; every
 * other return must stay consistent with no finding at all; every junk record must come out
 * named as bad data or unmatched. A reconciler that tags everything invalid fails this, as the
 * last test shows.
 */
import fc from 'fast-check';

import { reconcileReturns, type ReconcileResult } from '../../lib/reconcile';
import type { RecordKind } from '../../lib/types';
import {
	DEFECTS,
	KINDS,
	OPTIONS,
	buildReturn,
	caseHolding,
	junkRecord,
	placements,
	returnSeeds,
	runs,
	type BuiltReturn,
	type Defect,
	type FourRecords,
	type Rec,
} from './generators';

/** What each input record is, so the result can be read back after the shuffle. */
type Role =
	| { of: 'target' }
	| { of: 'orphan' }
	| { of: 'consistent'; returnId: string }
	| { of: 'junk' };

interface Scenario {
	records: FourRecords;
	roles: Record<RecordKind, Role[]>;
	defect: Defect;
	consistentIds: string[];
}

function scenario(
	built: BuiltReturn[],
	target: number,
	defect: Defect,
	variant: number,
	junk: Array<{ kind: RecordKind; variant: number }>,
	seeds: number[],
): Scenario {
	const entries: Record<RecordKind, Array<{ record: unknown; role: Role }>> = {
		portal: [],
		processor: [],
		erp: [],
		support: [],
	};
	const consistentIds: string[] = [];
	built.forEach((b, i) => {
		let orphan: Rec | undefined;
		if (i === target) orphan = defect.apply(b, variant)?.orphanErp;
		// The manual bypass leaves its return as it was: the orphan memo is the case to check.
		const isTarget = i === target && orphan === undefined;
		const role: Role = isTarget ? { of: 'target' } : { of: 'consistent', returnId: b.returnId };
		if (!isTarget) consistentIds.push(b.returnId);
		entries.portal.push({ record: b.portal, role });
		for (const record of b.processor) entries.processor.push({ record, role });
		for (const record of b.erp) entries.erp.push({ record, role });
		for (const record of b.support) entries.support.push({ record, role });
		if (orphan !== undefined) entries.erp.push({ record: orphan, role: { of: 'orphan' } });
	});
	junk.forEach(({ kind, variant: v }, n) => {
		entries[kind].push({ record: junkRecord(kind, n, v), role: { of: 'junk' } });
	});
	const records = {} as FourRecords;
	const roles = {} as Record<RecordKind, Role[]>;
	KINDS.forEach((kind, k) => {
		const list = shuffle(entries[kind], seeds[k]);
		records[kind] = list.map((e) => e.record);
		roles[kind] = list.map((e) => e.role);
	});
	return { records, roles, defect, consistentIds };
}

function shuffle<T>(list: T[], seed: number): T[] {
	const out = [...list];
	let state = seed >>> 0;
	for (let i = out.length - 1; i > 0; i--) {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		const j = state % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

function fail(message: string, result: ReconcileResult): never {
	const summary = result.cases.map((c) => `${c.returnId}: ${c.tag.symptom}/${c.tag.cause}`);
	throw new Error(`${message}\n  cases: ${summary.join('; ')}`);
}

/** The property's assertions, apart so the last test can point them at a wrong reconciler. */
export function checkKnownAnswer(s: Scenario, result: ReconcileResult): void {
	placements(s.records, result);
	const { symptom, cause } = s.defect;
	const anchorKind: RecordKind = KINDS.find((kind) => s.roles[kind].some((r) => r.of === 'orphan'))
		? 'erp'
		: 'portal';
	const anchorRole = anchorKind === 'erp' ? 'orphan' : 'target';
	const anchor = s.roles[anchorKind].findIndex((r) => r.of === anchorRole);
	const defective = caseHolding(result, anchorKind, anchor);
	if (defective === undefined) fail(`the defective ${anchorKind} record has no case`, result);
	if (defective.tag.symptom !== symptom || defective.tag.cause !== cause) {
		fail(
			`expected ${symptom}/${cause}, got ${defective.tag.symptom}/${defective.tag.cause} (${defective.tag.findings
				.map((f) => `${f.symptom}/${f.cause}`)
				.join(', ')})`,
			result,
		);
	}
	for (const returnId of s.consistentIds) {
		const index = s.roles.portal.findIndex((r) => r.of === 'consistent' && r.returnId === returnId);
		const c = caseHolding(result, 'portal', index);
		if (c === undefined) fail(`return ${returnId} has no case`, result);
		if (c.tag.state !== 'consistent' || c.tag.symptom !== null || c.tag.findings.length > 0) {
			fail(
				`return ${returnId} should stay consistent, got ${c.tag.state} ${c.tag.symptom}/${c.tag.cause}`,
				result,
			);
		}
		// Its own records, and only those, are in its case.
		for (const kind of KINDS) {
			for (const i of c.sources[kind]) {
				const role = s.roles[kind][i];
				if (role.of !== 'consistent' || role.returnId !== returnId) {
					fail(`${kind} ${i} (${role.of}) was matched to return ${returnId}`, result);
				}
			}
		}
	}
	for (const kind of KINDS) {
		s.roles[kind].forEach((role, i) => {
			if (role.of !== 'junk') return;
			const unmatched = result.unmatched.some((u) => u.kind === kind && u.index === i);
			const c = caseHolding(result, kind, i);
			const named =
				c !== undefined &&
				c.tag.symptom === null &&
				c.tag.findings.some((f) => f.cause === 'invalid_record');
			if (!unmatched && !named)
				fail(`junk ${kind} ${i} came out neither invalid nor unmatched`, result);
		});
	}
}

const junkList = fc.array(
	fc.record({
		kind: fc.constantFrom<RecordKind>('portal', 'processor', 'erp', 'support'),
		variant: fc.nat({ max: 1_000 }),
	}),
	{ maxLength: 6 },
);

const scenarios = fc
	.tuple(
		returnSeeds(1, 4),
		fc.nat(),
		fc.constantFrom(...DEFECTS),
		fc.nat({ max: 1_000 }),
		junkList,
		fc.array(fc.integer(), { minLength: 4, maxLength: 4 }),
	)
	.map(([seeds, pick, defect, variant, junk, shuffleSeeds]) => {
		const target = pick % seeds.length;
		const built = seeds.map((seed, i) =>
			buildReturn(i === target && defect.seed ? defect.seed(seed) : seed),
		);
		return scenario(built, target, defect, variant, junk, shuffleSeeds);
	});

describe('known answers amid noise: reconcileReturns', () => {
	it('names the one injected defect, keeps the other returns consistent and the junk apart', () => {
		fc.assert(
			fc.property(scenarios, (s) => checkKnownAnswer(s, reconcileReturns(s.records, OPTIONS))),
			runs(),
		);
	});

	it('covers every cause code docs/rules.md "Causes" gives the Reconciler', () => {
		const causes = DEFECTS.map((d) => `${d.symptom}/${d.cause}`).sort();
		expect(causes).toEqual(
			[
				'missing_handoff/not_received',
				'missing_handoff/rejected',
				'id_linkage_failure/order_ref_format',
				'id_linkage_failure/order_ref_mismatch',
				'id_linkage_failure/order_ref_missing',
				'id_linkage_failure/return_id_missing',
				'id_linkage_failure/wrong_subsidiary',
				'id_linkage_failure/order_closed',
				'id_linkage_failure/manual_bypass',
				'partial_receipt_conflict/restocking_fee',
				'partial_receipt_conflict/condition_adjustment',
				'partial_receipt_conflict/amount_mismatch',
				'partial_receipt_conflict/currency_mismatch',
				'timing_latency/within_window',
				'timing_latency/overdue',
				'timing_latency/late_posting',
				'processor_mismatch/amount',
				'processor_mismatch/method',
				'processor_mismatch/not_disbursed',
				'processor_mismatch/failed',
				'processor_mismatch/not_refundable',
				'processor_mismatch/currency_mismatch',
				'duplicate_posting/duplicate_credit_memo',
				'duplicate_posting/duplicate_refund',
				'stale_ticket/ticket_not_updated',
			].sort(),
		);
	});

	it('fails a reconciler that marks every record invalid', () => {
		const catchAll = (records: FourRecords): ReconcileResult => {
			const result = reconcileReturns(records, OPTIONS);
			for (const c of result.cases) {
				c.tag = {
					...c.tag,
					state: 'mismatch',
					symptom: null,
					cause: 'invalid_record',
					findings: [{ symptom: null, cause: 'invalid_record', message: '', evidence: {} }],
				};
			}
			return result;
		};
		const [sample] = fc.sample(scenarios, { numRuns: 1, seed: 1 });
		expect(() => checkKnownAnswer(sample, catchAll(sample.records))).toThrow(/expected/);
	});
});
