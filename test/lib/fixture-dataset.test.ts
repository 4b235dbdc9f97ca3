/**
 * A small nightly audit in the systems' own shapes (test/fixtures/datasets/): six Loop returns,
 * their Stripe refunds, NetSuite credit memos and Zendesk tickets, reconciled with the formats
 * set. The outcomes below are written by hand from docs/rules.md, one per return.
 */
import dataset from '../fixtures/datasets/loop-stripe-netsuite-zendesk.json';
import type { ReconcileOptions } from '../../lib/options';
import { reconcileReturns, type ReturnCase } from '../../lib/reconcile';

const options = { ...dataset.options, now: dataset.now } as ReconcileOptions;
const result = reconcileReturns(dataset, options);

function caseOf(returnId: string): ReturnCase {
	const found = result.cases.filter((c) => c.returnId === returnId);
	expect(found).toHaveLength(1);
	return found[0];
}

function findings(c: ReturnCase): string[] {
	return c.tag.findings.map((f) => `${f.symptom ?? '-'}/${f.cause}`);
}

describe('a Loop + Stripe + NetSuite + Zendesk audit', () => {
	it('#1042: refund, credit memo (USA read as USD, a date-only posting) and ticket agree', () => {
		const c = caseOf('38471092');
		expect(c.tag.state).toBe('consistent');
		expect(findings(c)).toEqual([]);
		expect(c.sources).toEqual({ portal: [0], processor: [0], erp: [0], support: [0] });
	});

	it('#1043: refunded five days ago, no credit memo: missing_handoff/not_received', () => {
		const c = caseOf('38471555');
		expect(findings(c)).toEqual(['missing_handoff/not_received']);
		expect(c.tag.state).toBe('mismatch');
	});

	it('#1044: the Stripe refund failed: processor_mismatch/failed', () => {
		const c = caseOf('38471600');
		expect(findings(c)).toEqual(['processor_mismatch/failed']);
		expect(c.sources.processor).toEqual([2]);
	});

	it('#1045: NetSuite credited 50.00 of the 60.00 Loop and Stripe agree on', () => {
		const c = caseOf('38471700');
		expect(findings(c)).toEqual(['partial_receipt_conflict/amount_mismatch']);
		expect(c.tag.findings[0].message).toContain('50.00');
	});

	it('#1046: its only credit memo is voided; an hour after the refund it is within the window', () => {
		const c = caseOf('38471800');
		expect(findings(c)).toEqual(['timing_latency/within_window']);
		expect(c.tag.state).toBe('pending');
		// The voided memo stays with its return.
		expect(c.sources.erp).toEqual([3]);
	});

	it('#1047: a currency NetSuite names "Kuwaiti Dinar" is not mapped: invalid_record', () => {
		const c = caseOf('38471900');
		expect(findings(c)).toEqual(['-/invalid_record']);
		expect(c.tag.findings[0].evidence).toMatchObject({
			kind: 'erp',
			field: 'currency',
			format: 'netsuite',
		});
		expect(c.sources.erp).toEqual([4]);
	});

	it('a credit memo no return explains is a manual bypass; a ticket no return explains is unmatched', () => {
		const bypass = caseOf('RA-9999');
		expect(findings(bypass)).toEqual(['id_linkage_failure/manual_bypass']);
		expect(bypass.sources.erp).toEqual([5]);
		expect(result.unmatched.map((u) => `${u.kind}:${u.index}`)).toEqual(['support:1']);
	});

	it('accounts for every record exactly once', () => {
		expect(result.cases).toHaveLength(7);
		for (const kind of ['portal', 'processor', 'erp', 'support'] as const) {
			const placed = [
				...result.cases.flatMap((c) => c.sources[kind]),
				...result.unmatched.filter((u) => u.kind === kind).map((u) => u.index),
			].sort((a, b) => a - b);
			expect(placed).toEqual(dataset[kind].map((_, i) => i));
		}
	});
});
