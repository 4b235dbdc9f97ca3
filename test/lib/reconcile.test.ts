import fc from 'fast-check';

import { OptionsError, type ReconcileOptions } from '../../lib/options';
import {
	reconcileReturns,
	type ReconcileRecords,
	type ReconcileResult,
	type ReturnCase,
} from '../../lib/reconcile';

// A Loop return on a Shopify order, its Stripe refund (cents, epoch seconds), its NetSuite
// credit memo and the customer's Zendesk ticket, all as of NOW.
const NOW = '2026-11-27T12:00:00Z';
const NOW_MS = Date.parse(NOW);
const MINUTE = 60_000;

const OPTIONS: ReconcileOptions = {
	now: NOW,
	idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
	subsidiaryMap: { 'web-us': 'US Retail', 'web-ca': 'Canada Retail' },
	amountUnits: { processor: 'minor' },
};

type Rec = Record<string, unknown>;

/** An ISO time `minutes` before NOW. */
function ago(minutes: number): string {
	return new Date(NOW_MS - minutes * MINUTE).toISOString();
}

/** Stripe's `created`: epoch seconds, `minutes` before NOW. */
function agoSeconds(minutes: number): number {
	return Math.round((NOW_MS - minutes * MINUTE) / 1000);
}

function loopReturn(overrides: Rec = {}): Rec {
	return {
		returnId: 'RA-10042',
		orderId: '#1042',
		status: 'refunded',
		refundAmount: '89.50',
		currency: 'USD',
		approvedAt: ago(1500),
		refundInstructedAt: ago(1440),
		refundMethod: 'original_payment',
		channel: 'web-us',
		lines: [{ sku: 'TEE-BLK-M', quantity: 1, category: 'apparel', amount: '89.50' }],
		...overrides,
	};
}

function stripeRefund(overrides: Rec = {}): Rec {
	return {
		refundId: 're_3PqXk2LzvJHm1a0b1c2d3e4f',
		returnId: 'RA-10042',
		orderId: '1042',
		amount: 8950,
		currency: 'usd',
		status: 'succeeded',
		method: 'original_payment',
		disbursedAt: agoSeconds(1430),
		...overrides,
	};
}

function creditMemo(overrides: Rec = {}): Rec {
	return {
		creditMemoId: 'CM-20931',
		returnId: 'RA-10042',
		orderRef: 'SO-0001042',
		postedAmount: 89.5,
		restockingFee: 0,
		currency: 'USD',
		postedAt: ago(1380),
		subsidiary: 'US Retail',
		orderStatus: 'pendingReturn',
		...overrides,
	};
}

function zendeskTicket(overrides: Rec = {}): Rec {
	return {
		ticketId: 48213,
		returnId: 'RA-10042',
		orderId: '#1042',
		status: 'solved',
		refundStatusToldCustomer: 'sent',
		updatedAt: ago(1300),
		...overrides,
	};
}

function without(record: Rec, ...keys: string[]): Rec {
	const copy = { ...record };
	for (const key of keys) delete copy[key];
	return copy;
}

function run(records: ReconcileRecords, options: ReconcileOptions = {}): ReconcileResult {
	return reconcileReturns(records, { ...OPTIONS, ...options });
}

/** The full, consistent set of four records, with overrides per kind. */
function fourRecords(over: { portal?: Rec; processor?: Rec; erp?: Rec; support?: Rec } = {}) {
	return {
		portal: [loopReturn(over.portal)],
		processor: [stripeRefund(over.processor)],
		erp: [creditMemo(over.erp)],
		support: [zendeskTicket(over.support)],
	};
}

function caseOf(result: ReconcileResult, returnId: string | null = 'RA-10042'): ReturnCase {
	const found = result.cases.filter((c) => c.returnId === returnId);
	expect(found).toHaveLength(1);
	return found[0];
}

function causes(c: ReturnCase): string[] {
	return c.tag.findings.map((f) => `${f.symptom}/${f.cause}`);
}

/** Every input index of every kind appears exactly once in the result. */
function expectConserved(records: ReconcileRecords, result: ReconcileResult): void {
	for (const kind of ['portal', 'processor', 'erp', 'support'] as const) {
		const seen: number[] = [];
		for (const c of result.cases) seen.push(...c.sources[kind]);
		for (const u of result.unmatched) if (u.kind === kind) seen.push(u.index);
		seen.sort((a, b) => a - b);
		expect(seen).toEqual((records[kind] ?? []).map((_, i) => i));
	}
}

describe('reconcileReturns: the guide diagnostic table', () => {
	it('missing handoff: portal refunded, processor disbursed, ERP has no record', () => {
		const records = {
			portal: [loopReturn({ refundInstructedAt: ago(5000), approvedAt: ago(5100) })],
			processor: [stripeRefund({ disbursedAt: agoSeconds(4990) })],
			support: [
				zendeskTicket({ status: 'open', refundStatusToldCustomer: 'pending', updatedAt: ago(60) }),
			],
		};
		const c = caseOf(run(records));
		expect(c.tag).toMatchObject({
			state: 'mismatch',
			symptom: 'missing_handoff',
			cause: 'not_received',
			boundary: 'Portal → ERP middleware',
			scope: 'it',
			severity: 'error',
		});
		expect(c.tag.nextSteps[0]).toMatch(/integration log/);
	});

	it('ID linkage failure: the credit memo posted against another order', () => {
		const c = caseOf(run(fourRecords({ erp: { orderRef: 'SO-0002077' } })));
		expect(c.tag).toMatchObject({
			symptom: 'id_linkage_failure',
			cause: 'order_ref_mismatch',
			boundary: 'Middleware → ERP linkage',
			scope: 'it',
		});
		expect(c.tag.findings[0].evidence).toMatchObject({
			orderRef: 'SO-0002077',
			expectedOrderRef: 'SO-0001042',
		});
	});

	it('partial receipt conflict: portal and processor say X, the ERP posted X minus the fee', () => {
		const c = caseOf(run(fourRecords({ erp: { postedAmount: 76.07, restockingFee: 13.43 } })));
		expect(c.tag).toMatchObject({
			state: 'mismatch',
			symptom: 'partial_receipt_conflict',
			cause: 'restocking_fee',
			boundary: 'WMS → Portal → ERP',
			scope: 'ops',
		});
		expect(c.tag.findings[0].evidence).toMatchObject({
			portalAmount: '89.50 USD',
			erpAmount: '76.07 USD',
			restockingFee: '13.43 USD',
		});
	});

	it('timing latency: approved and disbursed, not yet posted, inside the window', () => {
		const records = {
			portal: [loopReturn({ refundInstructedAt: ago(90), approvedAt: ago(100) })],
			processor: [stripeRefund({ disbursedAt: agoSeconds(85) })],
			support: [
				zendeskTicket({
					status: 'open',
					refundStatusToldCustomer: 'pending',
					updatedAt: ago(2880),
				}),
			],
		};
		const c = caseOf(run(records));
		expect(c.tag).toMatchObject({
			state: 'pending',
			symptom: 'timing_latency',
			cause: 'within_window',
			severity: 'info',
		});
	});

	it('a return whose four records agree is consistent, with no findings', () => {
		const records = fourRecords();
		const result = run(records);
		const c = caseOf(result);
		expect(c.tag).toMatchObject({
			state: 'consistent',
			symptom: null,
			cause: null,
			severity: 'info',
		});
		expect(c.tag.findings).toEqual([]);
		expect(c.tag.matchedBy).toEqual({
			processor: 'returnId',
			erp: 'returnId',
			support: 'returnId',
		});
		expect(c.tag.lagMinutes).toBe(60);
		expect(c.tag.category).toBe('apparel');
		expect(c.tag.checkedAt).toBe('2026-11-27T12:00:00.000Z');
		// The raw input records, not copies.
		expect(c.portal).toBe(records.portal[0]);
		expect(c.processor[0]).toBe(records.processor[0]);
		expect(c.erp[0]).toBe(records.erp[0]);
		expect(c.support[0]).toBe(records.support[0]);
		expect(result.unmatched).toEqual([]);
		expectConserved(records, result);
	});
});

describe('missing_handoff', () => {
	it('rejected at once when the integration log shows an error, even inside the window', () => {
		const records = {
			portal: [
				loopReturn({
					refundInstructedAt: ago(30),
					integrationLog: { callMade: true, status: 'error', error: 'INVALID_KEY_OR_REF' },
				}),
			],
			processor: [stripeRefund({ disbursedAt: agoSeconds(25) })],
		};
		const c = caseOf(run(records));
		expect([c.tag.symptom, c.tag.cause, c.tag.state]).toEqual([
			'missing_handoff',
			'rejected',
			'mismatch',
		]);
		expect(c.tag.findings[0].message).toMatch(/INVALID_KEY_OR_REF/);
	});

	it('a log with no call yet follows the window, and past it is rejected', () => {
		const log = { callMade: false, status: 'queued' };
		const inside = run({
			portal: [loopReturn({ refundInstructedAt: ago(240), integrationLog: log })],
			processor: [stripeRefund({ disbursedAt: agoSeconds(235) })],
		});
		expect(caseOf(inside).tag.cause).toBe('within_window');
		const past = run({
			portal: [loopReturn({ refundInstructedAt: ago(241), integrationLog: log })],
			processor: [stripeRefund({ disbursedAt: agoSeconds(235) })],
		});
		expect([caseOf(past).tag.symptom, caseOf(past).tag.cause]).toEqual([
			'missing_handoff',
			'rejected',
		]);
	});

	it('an approved return with no time to measure from and no credit memo is not_received', () => {
		const c = caseOf(
			run({
				portal: [loopReturn({ status: 'approved', approvedAt: null, refundInstructedAt: null })],
			}),
		);
		expect(c.tag.cause).toBe('not_received');
		expect(c.tag.findings[0].message).toMatch(/no approval or refund time/);
	});

	it('applies to approved and received returns too, timed from approvedAt', () => {
		for (const status of ['approved', 'received']) {
			const result = run({
				portal: [loopReturn({ status, refundInstructedAt: null, approvedAt: ago(4321) })],
			});
			expect([status, caseOf(result).tag.cause]).toEqual([status, 'not_received']);
		}
	});
});

describe('timing_latency and the windows (edges)', () => {
	function noErp(ageMinutes: number): ReturnCase {
		return caseOf(
			run({
				portal: [
					loopReturn({ refundInstructedAt: ago(ageMinutes), approvedAt: ago(ageMinutes + 10) }),
				],
				processor: [stripeRefund({ disbursedAt: agoSeconds(ageMinutes - 1) })],
			}),
		);
	}

	it.each([
		[240, 'timing_latency', 'within_window', 'pending'],
		[241, 'timing_latency', 'overdue', 'mismatch'],
		[4320, 'timing_latency', 'overdue', 'mismatch'],
		[4321, 'missing_handoff', 'not_received', 'mismatch'],
	])('no credit memo %i minutes after instruction → %s/%s (%s)', (age, symptom, cause, state) => {
		const c = noErp(age as number);
		expect([c.tag.symptom, c.tag.cause, c.tag.state]).toEqual([symptom, cause, state]);
	});

	it('overdue is a warning, not an error', () => {
		expect(noErp(300).tag.severity).toBe('warning');
	});

	it('honours slaWindowMinutes and missingAfterMinutes', () => {
		const c = caseOf(
			run(
				{
					portal: [loopReturn({ refundInstructedAt: ago(100) })],
					processor: [stripeRefund({ disbursedAt: agoSeconds(99) })],
				},
				{ slaWindowMinutes: 30, missingAfterMinutes: 60 },
			),
		);
		expect(c.tag.cause).toBe('not_received');
	});

	it('late posting: posted after the window is consistent, not at the window edge', () => {
		const atEdge = caseOf(run(fourRecords({ erp: { postedAt: ago(1440 - 240) } })));
		expect(atEdge.tag.findings).toEqual([]);
		expect(atEdge.tag.lagMinutes).toBe(240);
		const late = caseOf(run(fourRecords({ erp: { postedAt: ago(1440 - 241) } })));
		expect(late.tag).toMatchObject({
			state: 'consistent',
			symptom: 'timing_latency',
			cause: 'late_posting',
			severity: 'info',
			lagMinutes: 241,
		});
	});

	it('lagMinutes runs from refundInstructedAt, else approvedAt, to the earliest posting, to 0.1 min', () => {
		const precise = caseOf(
			run(
				fourRecords({
					erp: { postedAt: new Date(NOW_MS - 1440 * MINUTE + 61.26 * MINUTE).toISOString() },
				}),
			),
		);
		expect(precise.tag.lagMinutes).toBe(61.3);
		const fromApproval = caseOf(
			run({
				portal: [
					loopReturn({ status: 'received', refundInstructedAt: null, approvedAt: ago(500) }),
				],
				erp: [
					creditMemo({ postedAt: ago(450) }),
					creditMemo({ creditMemoId: 'CM-20940', postedAt: ago(480), postedAmount: 0 }),
				],
			}),
		);
		expect(fromApproval.tag.lagMinutes).toBe(20);
	});
});

describe('id_linkage_failure', () => {
	it.each([
		['SO-1042', 'unpadded'],
		['so-0001042', 'lower case'],
		['0001042', 'no prefix'],
		[' SO-001042 ', 'other padding, spaces'],
	])('order_ref_format for %j (%s): the same order spelled differently', (orderRef) => {
		const c = caseOf(run(fourRecords({ erp: { orderRef } })));
		expect([c.tag.symptom, c.tag.cause]).toEqual(['id_linkage_failure', 'order_ref_format']);
	});

	it('a suffix nobody configured makes another order: ID rules are literal', () => {
		const c = caseOf(run(fourRecords({ erp: { orderRef: 'SO-0001042-R' } })));
		expect(c.tag.cause).toBe('order_ref_mismatch');
		const configured = caseOf(
			run(fourRecords({ erp: { orderRef: 'SO-0001042-R' } }), {
				idRules: { stripPrefixes: ['#'], stripSuffixes: ['-R'], erpPrefix: 'SO-', padLength: 7 },
			}),
		);
		expect(configured.tag.cause).toBe('order_ref_format');
	});

	it('a padded and an unpadded ref of the same order match the same return by order core', () => {
		const records = {
			portal: [loopReturn()],
			erp: [
				creditMemo({ returnId: undefined, orderRef: 'SO-0001042' }),
				creditMemo({
					creditMemoId: 'CM-20932',
					returnId: undefined,
					orderRef: 'SO-1042',
					postedAmount: 0,
				}),
			],
		};
		const c = caseOf(run(records));
		expect(c.sources.erp).toEqual([0, 1]);
		expect(c.tag.matchedBy?.erp).toBe('orderId');
		expect(causes(c)).toContain('id_linkage_failure/order_ref_format');
	});

	it('order_ref_missing when the memo carries no order ref', () => {
		const c = caseOf(run({ ...fourRecords(), erp: [without(creditMemo(), 'orderRef')] }));
		expect([c.tag.symptom, c.tag.cause]).toEqual(['id_linkage_failure', 'order_ref_missing']);
	});

	it('return_id_missing when the RA number dropped in transit (matched by order)', () => {
		const c = caseOf(run({ ...fourRecords(), erp: [without(creditMemo(), 'returnId')] }));
		expect([c.tag.symptom, c.tag.cause, c.tag.scope]).toEqual([
			'id_linkage_failure',
			'return_id_missing',
			'it',
		]);
		expect(c.tag.matchedBy?.erp).toBe('orderId');
	});

	it('a memo whose RA number the portal does not know is matched by order and flagged', () => {
		const c = caseOf(run(fourRecords({ erp: { returnId: 'RA-1OO42' } })));
		expect(c.tag.matchedBy?.erp).toBe('orderId');
		expect(causes(c)).toEqual(['id_linkage_failure/return_id_missing']);
		expect(c.tag.findings[0].evidence).toMatchObject({ erpReturnId: 'RA-1OO42' });
	});

	it('a refund or ticket without a return ID adds nothing', () => {
		const records = {
			...fourRecords(),
			processor: [without(stripeRefund(), 'returnId')],
			support: [without(zendeskTicket(), 'returnId')],
		};
		const c = caseOf(run(records));
		expect(c.tag.findings).toEqual([]);
		expect(c.tag.matchedBy).toMatchObject({ processor: 'orderId', support: 'orderId' });
	});

	it('wrong_subsidiary when the channel maps elsewhere; nothing when the channel is not in the map', () => {
		const wrong = caseOf(run(fourRecords({ erp: { subsidiary: 'Canada Retail' } })));
		expect([wrong.tag.symptom, wrong.tag.cause]).toEqual([
			'id_linkage_failure',
			'wrong_subsidiary',
		]);
		const sameInOtherCase = caseOf(run(fourRecords({ erp: { subsidiary: 'us retail' } })));
		expect(sameInOtherCase.tag.findings).toEqual([]);
		const unmapped = caseOf(
			run(fourRecords({ portal: { channel: 'web-eu' }, erp: { subsidiary: 'EU Retail' } })),
		);
		expect(unmapped.tag.findings).toEqual([]);
	});

	it('order_closed only when the order was closed before the memo posted', () => {
		const before = caseOf(
			run(fourRecords({ erp: { orderStatus: 'closed', orderClosedAt: ago(2000) } })),
		);
		expect([before.tag.symptom, before.tag.cause]).toEqual(['id_linkage_failure', 'order_closed']);
		const after = caseOf(
			run(fourRecords({ erp: { orderStatus: 'closed', orderClosedAt: ago(100) } })),
		);
		expect(after.tag.findings).toEqual([]);
		const unknownTime = caseOf(run(fourRecords({ erp: { orderStatus: 'Closed' } })));
		expect(unknownTime.tag.cause).toBe('order_closed');
		const configured = caseOf(
			run(fourRecords({ erp: { orderStatus: 'fullyBilled' } }), {
				closedOrderStatuses: ['closed', 'fullyBilled'],
			}),
		);
		expect(configured.tag.cause).toBe('order_closed');
		expect(caseOf(run(fourRecords({ erp: { orderStatus: 'fullyBilled' } }))).tag.findings).toEqual(
			[],
		);
	});

	it('manual_bypass: an ERP return no portal return explains is its own ops case', () => {
		const records = {
			portal: [loopReturn()],
			processor: [stripeRefund()],
			erp: [
				creditMemo(),
				creditMemo({ creditMemoId: 'CM-20977', returnId: 'RA-M-7781', orderRef: 'SO-0009981' }),
			],
		};
		const result = run(records);
		const orphan = caseOf(result, 'RA-M-7781');
		expect(orphan.tag).toMatchObject({
			state: 'mismatch',
			symptom: 'id_linkage_failure',
			cause: 'manual_bypass',
			scope: 'ops',
			returnId: 'RA-M-7781',
			orderId: 'SO-0009981',
		});
		expect(orphan.portal).toBeNull();
		expect(orphan.sources).toEqual({ portal: [], processor: [], erp: [1], support: [] });
		expect(caseOf(result).tag.state).toBe('consistent');
		expectConserved(records, result);
	});

	it('matches ERP refs written per the ID map, and holds memos to it', () => {
		const idMap = { '#1042': 'NS-A1042' };
		const mapped = caseOf(
			run(
				{ ...fourRecords(), erp: [creditMemo({ returnId: null, orderRef: 'NS-A1042' })] },
				{ idMap },
			),
		);
		expect(mapped.tag.matchedBy?.erp).toBe('orderId');
		expect(causes(mapped)).toEqual(['id_linkage_failure/return_id_missing']);
		const byRules = caseOf(run(fourRecords(), { idMap }));
		expect(byRules.tag.cause).toBe('order_ref_mismatch');
	});
});

describe('partial_receipt_conflict', () => {
	it('restocking_fee from the warehouse receipt when the memo carries no fee', () => {
		const c = caseOf(
			run(
				fourRecords({
					portal: {
						receipt: { condition: 'opened', restockingFee: '13.43', receivedAt: ago(1600) },
					},
					erp: { postedAmount: 76.07, restockingFee: null },
				}),
			),
		);
		expect(c.tag.cause).toBe('restocking_fee');
	});

	it('condition_adjustment when a receipt condition explains it and no fee does', () => {
		const c = caseOf(
			run(
				fourRecords({
					portal: { receipt: { condition: 'Damaged' } },
					erp: { postedAmount: 44.75 },
				}),
			),
		);
		expect([c.tag.symptom, c.tag.cause]).toEqual([
			'partial_receipt_conflict',
			'condition_adjustment',
		]);
	});

	it('amount_mismatch when nothing explains it (a pristine receipt explains nothing)', () => {
		for (const receipt of [undefined, { condition: 'like new' }, { condition: 'sealed' }]) {
			const c = caseOf(run(fourRecords({ portal: { receipt }, erp: { postedAmount: 80 } })));
			expect([c.tag.symptom, c.tag.cause]).toEqual(['partial_receipt_conflict', 'amount_mismatch']);
		}
	});

	it('a stale approval: processor and ERP agree, the portal differs', () => {
		const c = caseOf(
			run(
				fourRecords({
					processor: { amount: 7607 },
					erp: { postedAmount: 76.07, restockingFee: 13.43 },
				}),
			),
		);
		expect(causes(c)).toEqual(['partial_receipt_conflict/restocking_fee']);
	});

	it('all three differ: both partial_receipt_conflict/amount_mismatch and processor_mismatch/amount', () => {
		const c = caseOf(run(fourRecords({ processor: { amount: 8000 }, erp: { postedAmount: 70 } })));
		expect(causes(c)).toEqual([
			'partial_receipt_conflict/amount_mismatch',
			'processor_mismatch/amount',
		]);
		expect(c.tag.symptom).toBe('partial_receipt_conflict');
	});

	it('currency_mismatch: amounts in different currencies are never compared', () => {
		const c = caseOf(run(fourRecords({ erp: { currency: 'CAD', postedAmount: 121.3 } })));
		expect(causes(c)).toEqual(['partial_receipt_conflict/currency_mismatch']);
	});

	it.each([
		[89.49, []],
		[89.51, []],
		[89.48, ['partial_receipt_conflict/amount_mismatch']],
		[89.52, ['partial_receipt_conflict/amount_mismatch']],
	])('the 0.01 tolerance: ERP %p against 89.50 → %j', (postedAmount, expected) => {
		expect(causes(caseOf(run(fourRecords({ erp: { postedAmount } }))))).toEqual(expected);
	});

	it('amountTolerance 0 compares to the cent', () => {
		const c = caseOf(run(fourRecords({ erp: { postedAmount: '89.49' } }), { amountTolerance: 0 }));
		expect(c.tag.cause).toBe('amount_mismatch');
	});
});

describe('processor_mismatch', () => {
	it('amount: portal and ERP agree, the processor differs', () => {
		const c = caseOf(run(fourRecords({ processor: { amount: 8000 } })));
		expect([c.tag.symptom, c.tag.cause, c.tag.boundary]).toEqual([
			'processor_mismatch',
			'amount',
			'Portal → Processor',
		]);
		expect(c.tag.findings[0].evidence).toMatchObject({
			processorAmount: '80.00 USD',
			portalAmount: '89.50 USD',
		});
	});

	it.each([
		[{ method: 'store_credit' }, {}],
		[{ method: null }, { refundMethod: 'store_credit' }],
		[{ method: 'card' }, { refundMethod: 'store_credit' }],
	])('method: refund %j on a portal return %j', (refund, portal) => {
		const c = caseOf(run(fourRecords({ processor: refund, portal })));
		expect([c.tag.symptom, c.tag.cause]).toEqual(['processor_mismatch', 'method']);
	});

	it('a card refund on an original-payment return is the same method', () => {
		expect(caseOf(run(fourRecords({ processor: { method: 'card' } }))).tag.findings).toEqual([]);
	});

	it('not_disbursed past the window; pending inside it; never for store credit', () => {
		const past = caseOf(run({ ...fourRecords(), processor: [] }));
		expect([past.tag.symptom, past.tag.cause]).toEqual(['processor_mismatch', 'not_disbursed']);
		expect(causes(past)).toEqual(['processor_mismatch/not_disbursed']);
		const inside = caseOf(
			run({
				portal: [loopReturn({ refundInstructedAt: ago(240) })],
				erp: [creditMemo({ postedAt: ago(200) })],
			}),
		);
		expect([inside.tag.state, inside.tag.cause]).toEqual(['pending', 'within_window']);
		const storeCredit = caseOf(
			run({ portal: [loopReturn({ refundMethod: 'store_credit' })], erp: [creditMemo()] }),
		);
		expect(storeCredit.tag.state).toBe('consistent');
	});

	it('a refund still pending at the processor past the window is not_disbursed', () => {
		const c = caseOf(run(fourRecords({ processor: { status: 'pending', disbursedAt: null } })));
		expect(c.tag.cause).toBe('not_disbursed');
	});

	it('failed: a failed refund counts as present but never in a sum; a retry that worked is fine', () => {
		const failed = caseOf(run(fourRecords({ processor: { status: 'failed' } })));
		expect(causes(failed)).toEqual(['processor_mismatch/failed']);
		const retried = caseOf(
			run({
				...fourRecords(),
				processor: [
					stripeRefund({ status: 'failed', refundId: 're_3PqXfailed0000000000' }),
					stripeRefund({ refundId: 're_3PqXretry00000000000' }),
				],
			}),
		);
		expect(retried.tag.findings).toEqual([]);
		expect(retried.processor).toHaveLength(2);
	});

	it('currency_mismatch when the refund is in another currency', () => {
		const c = caseOf(run(fourRecords({ processor: { currency: 'eur', amount: 8250 } })));
		expect(causes(c)).toEqual(['processor_mismatch/currency_mismatch']);
	});

	it('one processor finding at most: the first that applies', () => {
		const c = caseOf(
			run(fourRecords({ processor: { method: 'store_credit', currency: 'eur', amount: 10 } })),
		);
		expect(causes(c).filter((x) => x.startsWith('processor_mismatch'))).toEqual([
			'processor_mismatch/method',
		]);
	});

	it('the processor answers to the approval when the ERP has not posted', () => {
		const c = caseOf(
			run({
				portal: [loopReturn({ refundInstructedAt: ago(60) })],
				processor: [stripeRefund({ amount: 8000, disbursedAt: agoSeconds(55) })],
			}),
		);
		expect(causes(c)).toEqual(['timing_latency/within_window', 'processor_mismatch/amount']);
		expect(c.tag.state).toBe('mismatch');
	});
});

describe('duplicate_posting and split postings', () => {
	it('duplicate_credit_memo: two memos sum past the approval while one alone matches', () => {
		const c = caseOf(
			run({
				...fourRecords(),
				erp: [creditMemo(), creditMemo({ creditMemoId: 'CM-20932', postedAt: ago(1370) })],
			}),
		);
		expect(causes(c)).toEqual(['duplicate_posting/duplicate_credit_memo']);
		expect(c.tag.findings[0].evidence).toMatchObject({
			creditMemoIds: ['CM-20931', 'CM-20932'],
			keptId: 'CM-20931',
		});
	});

	it('duplicate_refund: two refunds of the full amount', () => {
		const c = caseOf(
			run({
				...fourRecords(),
				processor: [
					stripeRefund(),
					stripeRefund({ refundId: 're_3PqXdup000000000000', disbursedAt: agoSeconds(1428) }),
				],
			}),
		);
		expect(causes(c)).toEqual(['duplicate_posting/duplicate_refund']);
		expect(c.tag.scope).toBe('it');
	});

	it('a duplicate voided by a reversing memo is not a duplicate: the sum matches again', () => {
		const c = caseOf(
			run({
				...fourRecords(),
				erp: [
					creditMemo(),
					creditMemo({ creditMemoId: 'CM-20932', postedAt: ago(1370) }),
					creditMemo({ creditMemoId: 'CM-20933', postedAmount: -89.5, postedAt: ago(1200) }),
				],
			}),
		);
		expect(c.tag.findings).toEqual([]);
		expect(c.sources.erp).toEqual([0, 1, 2]);
	});

	it('split refunds and split credit memos are summed', () => {
		const c = caseOf(
			run({
				...fourRecords(),
				processor: [
					stripeRefund({ refundId: 're_3PqXsplitA0000000000', amount: 5000 }),
					stripeRefund({ refundId: 're_3PqXsplitB0000000000', amount: 3950 }),
				],
				erp: [
					creditMemo({ postedAmount: '39.50' }),
					creditMemo({ creditMemoId: 'CM-20935', postedAmount: '50.00' }),
				],
			}),
		);
		expect(c.tag.findings).toEqual([]);
		expect(c.sources.processor).toEqual([0, 1]);
		expect(c.sources.erp).toEqual([0, 1]);
	});
});

describe('stale_ticket', () => {
	const stale = {
		status: 'open',
		refundStatusToldCustomer: 'Your refund is pending',
		updatedAt: ago(1435),
	};

	it('ticket_not_updated: still pending after the refund went out and all systems agree', () => {
		const c = caseOf(run(fourRecords({ support: stale })));
		expect(c.tag).toMatchObject({
			state: 'consistent',
			symptom: 'stale_ticket',
			cause: 'ticket_not_updated',
			scope: 'ops',
			severity: 'warning',
		});
	});

	it('not stale when updated after the disbursement, solved, or not telling "pending"', () => {
		for (const support of [
			{ ...stale, updatedAt: ago(1429) },
			{ ...stale, status: 'solved' },
			{ ...stale, refundStatusToldCustomer: 'sent' },
		]) {
			expect(caseOf(run(fourRecords({ support }))).tag.findings).toEqual([]);
		}
	});

	it('not stale while the systems disagree: the disagreement is the finding', () => {
		const c = caseOf(run({ ...fourRecords({ support: stale }), erp: [] }));
		expect(causes(c)).not.toContain('stale_ticket/ticket_not_updated');
		expect([c.tag.symptom, c.tag.cause]).toEqual(['timing_latency', 'overdue']);
	});

	it('not stale when the ERP posted but disagrees on the amount', () => {
		const c = caseOf(run(fourRecords({ support: stale, erp: { postedAmount: 80 } })));
		expect(causes(c)).toEqual(['partial_receipt_conflict/amount_mismatch']);
	});

	it('matches a ticket without a return ID to the most recent return of its order', () => {
		const records = {
			portal: [
				loopReturn({ returnId: 'RA-10050', refundInstructedAt: ago(3000) }),
				loopReturn({ returnId: 'RA-10051', refundInstructedAt: ago(1440) }),
			],
			support: [without(zendeskTicket(), 'returnId')],
		};
		const result = run(records);
		expect(caseOf(result, 'RA-10051').sources.support).toEqual([0]);
		expect(caseOf(result, 'RA-10051').tag.matchedBy?.support).toBe('time');
	});
});

describe('priority and state', () => {
	it('two symptoms on one return: the primary follows the priority order, all findings stay', () => {
		const c = caseOf(
			run(fourRecords({ erp: { orderRef: 'SO-1042', postedAmount: 76.07, restockingFee: 13.43 } })),
		);
		expect(c.tag.symptom).toBe('id_linkage_failure');
		expect(causes(c)).toEqual([
			'id_linkage_failure/order_ref_format',
			'partial_receipt_conflict/restocking_fee',
		]);
	});

	it('missing_handoff outranks processor_mismatch; duplicate_posting outranks partial_receipt_conflict', () => {
		const missing = caseOf(run({ portal: [loopReturn({ refundInstructedAt: ago(5000) })] }));
		expect(causes(missing)).toEqual([
			'missing_handoff/not_received',
			'processor_mismatch/not_disbursed',
		]);
		expect(missing.tag.symptom).toBe('missing_handoff');
		const duplicate = caseOf(
			run({
				...fourRecords({ processor: { method: 'store_credit' } }),
				erp: [creditMemo(), creditMemo({ creditMemoId: 'CM-20932' })],
			}),
		);
		expect(duplicate.tag.symptom).toBe('duplicate_posting');
		expect(causes(duplicate)).toContain('processor_mismatch/method');
	});

	it('consistent with late_posting and stale_ticket together; mismatch once anything else joins', () => {
		const benign = caseOf(
			run(
				fourRecords({
					erp: { postedAt: ago(1000) },
					support: { status: 'pending', refundStatusToldCustomer: 'pending', updatedAt: ago(1435) },
				}),
			),
		);
		expect(benign.tag.state).toBe('consistent');
		expect(causes(benign)).toEqual([
			'timing_latency/late_posting',
			'stale_ticket/ticket_not_updated',
		]);
		const withFormat = caseOf(
			run(fourRecords({ erp: { postedAt: ago(1000), orderRef: 'SO-1042' } })),
		);
		expect(withFormat.tag.state).toBe('mismatch');
	});

	it('pending only when every finding is within_window', () => {
		const c = caseOf(
			run({
				portal: [loopReturn({ refundInstructedAt: ago(60) })],
				processor: [stripeRefund({ currency: 'eur', disbursedAt: agoSeconds(50) })],
			}),
		);
		expect(causes(c)).toEqual([
			'timing_latency/within_window',
			'processor_mismatch/currency_mismatch',
		]);
		expect(c.tag.state).toBe('mismatch');
	});
});

describe('requested, rejected and cancelled returns (rule 7)', () => {
	it.each(['requested', 'rejected', 'cancelled'])(
		'a %s return with no downstream records is consistent',
		(status) => {
			const c = caseOf(
				run({ portal: [loopReturn({ status, refundInstructedAt: null, approvedAt: ago(9000) })] }),
			);
			expect(c.tag.state).toBe('consistent');
			expect(c.tag.findings).toEqual([]);
		},
	);

	it('a refund on a rejected or cancelled return is not_refundable', () => {
		for (const status of ['rejected', 'cancelled']) {
			const c = caseOf(run({ portal: [loopReturn({ status })], processor: [stripeRefund()] }));
			expect([c.tag.symptom, c.tag.cause]).toEqual(['processor_mismatch', 'not_refundable']);
		}
	});

	it('a credit memo on a cancelled return is partial_receipt_conflict/amount_mismatch', () => {
		const c = caseOf(run({ portal: [loopReturn({ status: 'cancelled' })], erp: [creditMemo()] }));
		expect([c.tag.symptom, c.tag.cause]).toEqual(['partial_receipt_conflict', 'amount_mismatch']);
	});
});

describe('matching (rules 1 and 8)', () => {
	/** Two returns on one Shopify order, refunded and posted without RA numbers. */
	function sharedOrder() {
		const first = loopReturn({
			returnId: 'RA-20011',
			orderId: '#2001',
			refundAmount: '49.00',
			refundInstructedAt: ago(3000),
			lines: [{ sku: 'SNKR-WHT-42', quantity: 1, category: 'footwear', amount: '49.00' }],
		});
		const second = { ...first, returnId: 'RA-20012', refundInstructedAt: ago(1500) };
		const third = {
			...first,
			returnId: 'RA-20013',
			refundAmount: '120.00',
			refundInstructedAt: ago(1500),
		};
		const refund = (id: string, amount: number, minutes: number) =>
			stripeRefund({
				refundId: id,
				returnId: undefined,
				orderId: '2001',
				amount,
				disbursedAt: agoSeconds(minutes),
			});
		const memo = (id: string, amount: number, minutes: number) =>
			creditMemo({
				creditMemoId: id,
				returnId: undefined,
				orderRef: 'SO-0002001',
				postedAmount: amount,
				postedAt: ago(minutes),
			});
		return {
			portal: [first, second, third],
			processor: [
				refund('re_3PaaFirst', 4900, 2995),
				refund('re_3PaaSecond', 4900, 1495),
				refund('re_3PaaThird', 12000, 1400),
			],
			erp: [memo('CM-1', 49, 2950), memo('CM-2', 49, 1450), memo('CM-3', 120, 1440)],
			support: [zendeskTicket({ ticketId: 48300, returnId: undefined, orderId: '#2001' })],
		};
	}

	function summary(result: ReconcileResult): string[] {
		return result.cases
			.map((c) => {
				const ids = [
					...c.processor.map((r) => (r as Rec).refundId),
					...c.erp.map((r) => (r as Rec).creditMemoId),
					...c.support.map((r) => (r as Rec).ticketId),
				].join(',');
				return `${c.returnId} ${c.tag.state} ${c.tag.symptom}/${c.tag.cause} [${ids}] ${JSON.stringify(c.tag.matchedBy)}`;
			})
			.sort();
	}

	it('among several returns of one order: by amount, then by time; a ticket to the most recent', () => {
		const result = run(sharedOrder());
		expect(caseOf(result, 'RA-20013').tag.matchedBy).toEqual({
			processor: 'amount',
			erp: 'amount',
		});
		expect(caseOf(result, 'RA-20011').tag.matchedBy).toEqual({ processor: 'time', erp: 'time' });
		expect(caseOf(result, 'RA-20011').processor).toEqual([
			expect.objectContaining({ refundId: 're_3PaaFirst' }),
		]);
		expect(caseOf(result, 'RA-20012').erp).toEqual([
			expect.objectContaining({ creditMemoId: 'CM-2' }),
		]);
		// RA-20012 and RA-20013 were instructed at the same time: the earlier ID wins the ticket.
		expect(caseOf(result, 'RA-20012').sources.support).toEqual([0]);
		// The memos carry no RA number: that, and nothing else, is what is wrong with each return.
		for (const c of result.cases) {
			expect([c.returnId, ...causes(c)]).toEqual([
				c.returnId,
				'id_linkage_failure/return_id_missing',
			]);
		}
	});

	it('results never depend on input order', () => {
		const records = sharedOrder();
		records.erp.push(
			creditMemo({
				creditMemoId: 'CM-9',
				returnId: 'RA-20012',
				orderRef: 'SO-0002001',
				postedAmount: 49,
				postedAt: ago(1450),
			}),
		);
		const expected = summary(run(records));
		const permutation = <T>(list: T[]) =>
			fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length });
		fc.assert(
			fc.property(
				permutation(records.portal),
				permutation(records.processor),
				permutation(records.erp),
				permutation(records.support),
				(portal, processor, erp, support) => {
					expect(summary(run({ portal, processor, erp, support }))).toEqual(expected);
				},
			),
			{ numRuns: 60, seed: 42 },
		);
	});

	it('a tie in time goes to the earlier return, then the smaller return ID, whatever the order', () => {
		const same = loopReturn({
			returnId: 'RA-30002',
			orderId: '#3000',
			refundInstructedAt: ago(1440),
		});
		const other = { ...same, returnId: 'RA-30001' };
		const refund = stripeRefund({ returnId: undefined, orderId: '3000', disbursedAt: null });
		for (const portal of [
			[same, other],
			[other, same],
		]) {
			const result = run({ portal, processor: [refund] });
			expect(caseOf(result, 'RA-30001').sources.processor).toEqual([0]);
			expect(caseOf(result, 'RA-30001').tag.matchedBy).toEqual({ processor: 'time' });
		}
	});

	it('matches return IDs whatever their case, and order IDs by core', () => {
		const c = caseOf(
			run({
				portal: [loopReturn()],
				processor: [stripeRefund({ returnId: 'ra-10042' })],
				erp: [creditMemo({ returnId: 'Ra-10042' })],
				support: [zendeskTicket({ returnId: undefined, orderId: '#001042' })],
			}),
		);
		expect(c.tag.matchedBy).toEqual({ processor: 'returnId', erp: 'returnId', support: 'orderId' });
		expect(c.tag.findings).toEqual([]);
	});

	it('reports matchedBy as a list when records of one kind matched differently', () => {
		const c = caseOf(
			run({
				...fourRecords(),
				processor: [
					stripeRefund({ amount: 5000 }),
					stripeRefund({ refundId: 're_3PqXsplit', returnId: undefined, amount: 3950 }),
				],
			}),
		);
		expect(c.tag.matchedBy?.processor).toEqual(['returnId', 'orderId']);
	});
});

describe('unmatched records (rule 2)', () => {
	it('a refund and a ticket no return explains go to unmatched with cause "unmatched"', () => {
		const records = {
			portal: [loopReturn()],
			processor: [
				stripeRefund(),
				stripeRefund({ refundId: 're_3PzzOther', returnId: undefined, orderId: '7777' }),
			],
			support: [zendeskTicket({ ticketId: 48999, returnId: 'RA-99999', orderId: '#7777' })],
		};
		const result = run(records);
		expect(result.unmatched.map((u) => [u.kind, u.index, u.tag.symptom, u.tag.cause])).toEqual([
			['processor', 1, null, 'unmatched'],
			['support', 0, null, 'unmatched'],
		]);
		expect(result.unmatched[0].record).toBe(records.processor[1]);
		expect(result.unmatched[0].tag.findings[0].message).toMatch(
			/re_3PzzOther.*matches no portal return/,
		);
		expectConserved(records, result);
	});
});

describe('currencies and times', () => {
	it('JPY has no decimals: 1 yen off is beyond a 0.01 tolerance; Stripe minor units are yen', () => {
		const yen = {
			portal: { currency: 'JPY', refundAmount: 12000, lines: [], channel: 'web-jp' },
			processor: { currency: 'jpy', amount: 12000 },
			erp: { currency: 'JPY', postedAmount: '12000' },
		};
		expect(caseOf(run(fourRecords(yen))).tag.findings).toEqual([]);
		const off = caseOf(run(fourRecords({ ...yen, erp: { currency: 'JPY', postedAmount: 11999 } })));
		expect(off.tag.cause).toBe('amount_mismatch');
		expect(off.tag.findings[0].evidence).toMatchObject({
			erpAmount: '11999 JPY',
			portalAmount: '12000 JPY',
		});
	});

	it('KWD has three decimals: 10 fils is within 0.01, 11 fils is not', () => {
		const dinar = {
			portal: { currency: 'KWD', refundAmount: '24.125', lines: [] },
			processor: { currency: 'kwd', amount: 24125 },
		};
		expect(
			caseOf(run(fourRecords({ ...dinar, erp: { currency: 'KWD', postedAmount: '24.135' } }))).tag
				.findings,
		).toEqual([]);
		const off = caseOf(
			run(fourRecords({ ...dinar, erp: { currency: 'KWD', postedAmount: '24.136' } })),
		);
		expect(off.tag.findings[0].evidence).toMatchObject({
			erpAmount: '24.136 KWD',
			difference: '0.011 KWD',
		});
	});

	it('reads amounts in major units by default and in minor units when amountUnits says so', () => {
		const major = caseOf(
			run(fourRecords({ processor: { amount: '89.50' } }), { amountUnits: { processor: 'major' } }),
		);
		expect(major.tag.findings).toEqual([]);
	});

	it('epoch seconds and epoch milliseconds are the same moment', () => {
		const seconds = caseOf(
			run(fourRecords({ erp: { postedAt: Math.round((NOW_MS - 1380 * MINUTE) / 1000) } })),
		);
		const millis = caseOf(run(fourRecords({ erp: { postedAt: NOW_MS - 1380 * MINUTE } })));
		expect(seconds.tag.lagMinutes).toBe(60);
		expect(millis.tag.lagMinutes).toBe(60);
		const stale = {
			status: 'open',
			refundStatusToldCustomer: 'pending',
			updatedAt: NOW_MS - 1435 * MINUTE,
		};
		const secondsRefund = caseOf(run(fourRecords({ support: stale })));
		const millisRefund = caseOf(
			run(fourRecords({ support: stale, processor: { disbursedAt: NOW_MS - 1430 * MINUTE } })),
		);
		expect(secondsRefund.tag.cause).toBe('ticket_not_updated');
		expect(millisRefund.tag.cause).toBe('ticket_not_updated');
	});

	it('now can be given as epoch ms or a Date and replays a run', () => {
		const records = {
			portal: [loopReturn({ refundInstructedAt: ago(100) })],
			processor: [stripeRefund({ disbursedAt: agoSeconds(99) })],
		};
		expect(caseOf(run(records, { now: NOW_MS })).tag.cause).toBe('within_window');
		expect(caseOf(run(records, { now: new Date(NOW_MS + 200 * MINUTE) })).tag.cause).toBe(
			'overdue',
		);
	});
});

describe('malformed records: each comes out once, with invalid_record naming the field', () => {
	function invalidFields(c: ReturnCase): string[] {
		return c.tag.findings
			.filter((f) => f.cause === 'invalid_record')
			.map((f) => String(f.evidence.field));
	}

	it('a portal return with a bad amount is its own case, and its records join it (no false orphans)', () => {
		const records = fourRecords({ portal: { refundAmount: 'eighty-nine fifty' } });
		const result = run(records);
		const c = caseOf(result);
		expect(c.tag).toMatchObject({ state: 'mismatch', symptom: null, cause: 'invalid_record' });
		expect(invalidFields(c)).toEqual(['refundAmount']);
		expect(c.tag.findings[0].message).toMatch(/refundAmount.*eighty-nine fifty/);
		expect(c.sources).toEqual({ portal: [0], processor: [0], erp: [0], support: [0] });
		expect(result.unmatched).toEqual([]);
		expectConserved(records, result);
	});

	it.each([
		['not an object', 'RA-10042', ''],
		['null', null, ''],
		['no return ID', without(loopReturn(), 'returnId'), 'returnId'],
		['a bad date', loopReturn({ approvedAt: 'last Tuesday' }), 'approvedAt'],
		['a bad currency', loopReturn({ currency: 'dollars' }), 'currency'],
	])('a portal return with %s', (_what, portal, field) => {
		const records = { portal: [portal], processor: [stripeRefund()] };
		const result = run(records);
		const own = result.cases.find((c) => c.sources.portal[0] === 0)!;
		expect(own.tag.symptom).toBeNull();
		expect(invalidFields(own)).toEqual([field]);
		expectConserved(records, result);
	});

	it('a second portal return with the same return ID is invalid; the records match the first', () => {
		const records = {
			portal: [loopReturn({ refundInstructedAt: ago(1000) }), loopReturn()],
			processor: [stripeRefund()],
		};
		const result = run(records);
		const loser = result.cases.find((c) => c.sources.portal[0] === 0)!;
		const kept = result.cases.find((c) => c.sources.portal[0] === 1)!;
		expect(invalidFields(loser)).toEqual(['returnId']);
		expect(kept.sources.processor).toEqual([0]);
		expectConserved(records, result);
	});

	it('a malformed portal return is not matched by order: a refund naming only the order is unmatched', () => {
		const records = {
			portal: [loopReturn({ approvedAt: 'last Tuesday' })],
			processor: [without(stripeRefund(), 'returnId')],
		};
		const result = run(records);
		expect(result.unmatched.map((u) => [u.kind, u.index])).toEqual([['processor', 0]]);
		expectConserved(records, result);
	});

	it('a well-formed portal return keeps a shared return ID over a malformed one, whatever the times', () => {
		const records = {
			portal: [loopReturn({ refundInstructedAt: ago(3000), refundAmount: 'n/a' }), loopReturn()],
			processor: [stripeRefund()],
		};
		const result = run(records);
		expect(result.cases.find((c) => c.sources.portal[0] === 1)?.sources.processor).toEqual([0]);
		expect(result.cases.find((c) => c.sources.portal[0] === 0)?.sources.processor).toEqual([]);
	});

	it('a refund with a bad amount joins its return and silences the processor rules', () => {
		const records = fourRecords({ processor: { amount: 'abc' } });
		const c = caseOf(run(records));
		expect(invalidFields(c)).toEqual(['amount']);
		expect(c.tag.symptom).toBeNull();
		expect(c.sources.processor).toEqual([0]);
	});

	it('a credit memo with a bad date joins its return and is not also called missing', () => {
		const records = fourRecords({ erp: { postedAt: 'yesterday' } });
		const c = caseOf(run(records));
		expect(invalidFields(c)).toEqual(['postedAt']);
		expect(causes(c)).toEqual(['null/invalid_record']);
	});

	it('a credit memo with a bad amount is not read as an amount conflict', () => {
		const c = caseOf(run(fourRecords({ erp: { postedAmount: '89,50' } })));
		expect(invalidFields(c)).toEqual(['postedAmount']);
		expect(causes(c)).toEqual(['null/invalid_record']);
	});

	it('a ticket with a bad date joins its return; no stale finding is guessed', () => {
		const c = caseOf(
			run(
				fourRecords({
					support: { status: 'open', refundStatusToldCustomer: 'pending', updatedAt: '31/12/2026' },
				}),
			),
		);
		expect(causes(c)).toEqual(['null/invalid_record']);
	});

	it.each([
		[
			'processor',
			'a refund with no key',
			without(stripeRefund(), 'returnId', 'orderId'),
			'returnId',
		],
		['processor', 'a refund that is a string', 're_3Pbroken', ''],
		[
			'erp',
			'a memo with no amount',
			without(creditMemo({ returnId: 'RA-55555', orderRef: 'SO-0055555' }), 'postedAmount'),
			'postedAmount',
		],
		['erp', 'a memo that is null', null, ''],
		[
			'support',
			'a ticket with no key',
			without(zendeskTicket(), 'returnId', 'orderId'),
			'returnId',
		],
		['support', 'a ticket that is a list', [48213], ''],
	])('%s: %s that cannot be matched is a case of its own', (kind, _what, record, field) => {
		const records: ReconcileRecords = { portal: [loopReturn()], [kind]: [record] };
		const result = run(records);
		const own = result.cases.filter((c) => c.sources[kind as 'erp'].length > 0);
		expect(own).toHaveLength(1);
		expect(own[0].tag).toMatchObject({ returnId: null, symptom: null, cause: 'invalid_record' });
		expect(own[0].returnId).toBeNull();
		expect(invalidFields(own[0])).toEqual([field]);
		expect(result.unmatched).toEqual([]);
		expectConserved(records, result);
	});
});

describe('conservation and options', () => {
	it('every input index of every kind appears exactly once, whatever the records', () => {
		const pool = [
			loopReturn(),
			loopReturn({ returnId: 'RA-10043', orderId: '#1043', refundAmount: 'n/a' }),
			stripeRefund(),
			stripeRefund({ returnId: undefined, orderId: '555' }),
			creditMemo(),
			creditMemo({ returnId: 'RA-X', orderRef: 'SO-0000001' }),
			zendeskTicket(),
			zendeskTicket({ returnId: undefined }),
			null,
			'text',
			{},
		];
		const list = fc.array(fc.constantFrom(...pool), { maxLength: 6 });
		fc.assert(
			fc.property(list, list, list, list, (portal, processor, erp, support) => {
				const records = { portal, processor, erp, support };
				expectConserved(records, run(records));
			}),
			{ numRuns: 60, seed: 7 },
		);
	});

	it("accepts missing lists and ignores other keys, such as a dataset's own options", () => {
		const result = reconcileReturns(
			{ portal: [loopReturn({ status: 'requested' })], options: {} } as ReconcileRecords,
			OPTIONS,
		);
		expect(result.cases).toHaveLength(1);
	});

	it('ignores the vocabulary it does not use, and refuses a misspelt name with the nearest one', () => {
		expect(reconcileReturns({}, { knownOrders: [], mode: 'normalize' }).cases).toEqual([]);
		expect(() => reconcileReturns({}, { slaWindow: 240 } as ReconcileOptions)).toThrow(
			expect.objectContaining({ option: 'slaWindow', suggestion: 'slaWindowMinutes' }),
		);
		expect(() => reconcileReturns({}, { slaWindow: 240 } as ReconcileOptions)).toThrow(
			OptionsError,
		);
		expect(() => reconcileReturns({ portal: 'x' } as unknown as ReconcileRecords)).toThrow(
			/records\.portal/,
		);
	});

	it('reads records through fieldPaths', () => {
		const c = caseOf(
			run(
				{
					portal: [loopReturn()],
					processor: [
						{ ...without(stripeRefund(), 'returnId'), metadata: { return_id: 'RA-10042' } },
					],
					erp: [creditMemo()],
				},
				{ fieldPaths: { processor: { returnId: 'metadata.return_id' } } },
			),
		);
		expect(c.tag.matchedBy?.processor).toBe('returnId');
		expect(c.tag.findings).toEqual([]);
	});
});

describe('options are read on every call', () => {
	it('a change to the options object between two calls takes effect', () => {
		const options: ReconcileOptions = {
			...OPTIONS,
			subsidiaryMap: { 'web-us': 'US Retail' },
		};
		const records = fourRecords();
		expect(causes(caseOf(reconcileReturns(records, options)))).toEqual([]);
		(options.subsidiaryMap as Record<string, string>)['web-us'] = 'Canada Retail';
		expect(causes(caseOf(reconcileReturns(records, options)))).toEqual([
			'id_linkage_failure/wrong_subsidiary',
		]);
	});
});
