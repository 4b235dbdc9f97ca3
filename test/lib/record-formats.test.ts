/**
 * The Reconciler and the Guard reading the systems' own records (docs/rules.md "Record formats:
 * the systems' own records"): the `formats`, `currencyNames` and `localCurrency` options, field
 * paths on top of a format, malformed paths, not-yet-posted credit memos, and the integration
 * log's error text scrubbed before it reaches a tag.
 */
import { validateHandoff } from '../../lib/guard';
import { OptionsError, type ReconcileOptions } from '../../lib/options';
import { reconcileReturns, type ReconcileRecords, type ReturnCase } from '../../lib/reconcile';
import type { Finding } from '../../lib/types';

const NOW = '2026-11-27T12:00:00Z';
const NOW_MS = Date.parse(NOW);
const MINUTE = 60_000;

type Rec = Record<string, unknown>;

function ago(minutes: number): string {
	return new Date(NOW_MS - minutes * MINUTE).toISOString();
}

const OPTIONS: ReconcileOptions = {
	now: NOW,
	idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
	subsidiaryMap: { 'web-us': 'US Retail' },
};

// ---------------------------------------------------------------------------------------------
// The same return in the systems' own shapes: a Loop return, a Stripe refund (cents, epoch
// seconds, lower-case currency), a NetSuite credit memo (references, "USA" as the currency's
// name) and a Zendesk ticket (the return ID in external_id).

function loopReturn(overrides: Rec = {}): Rec {
	return {
		id: 38471092,
		state: 'closed',
		created_at: ago(1500),
		order_name: '#1042',
		currency: 'USD',
		refund: '89.50',
		provider_order_sales_channel: 'web-us',
		line_items: [{ line_item_id: '11941117', sku: 'TEE-BLK-M', refund: '89.50' }],
		...overrides,
	};
}

function stripeRefund(overrides: Rec = {}): Rec {
	return {
		id: 're_3PqXk2LzvJHm1a0b1c2d3e4f',
		object: 'refund',
		amount: 8950,
		currency: 'usd',
		created: Math.round((NOW_MS - 1430 * MINUTE) / 1000),
		metadata: { return_id: '38471092', order_id: '1042' },
		status: 'succeeded',
		...overrides,
	};
}

function netsuiteMemo(overrides: Rec = {}): Rec {
	return {
		id: '8841',
		tranId: 'CM1042',
		externalId: '38471092',
		otherRefNum: 'SO-0001042',
		total: 89.5,
		currency: { id: '1', refName: 'USA' },
		tranDate: ago(1380).slice(0, 10),
		subsidiary: { id: '1', refName: 'US Retail' },
		status: { id: 'A', refName: 'Open' },
		...overrides,
	};
}

function zendeskTicket(overrides: Rec = {}): Rec {
	return {
		id: 35436,
		external_id: '38471092',
		status: 'solved',
		updated_at: ago(1300),
		...overrides,
	};
}

const FORMATS: ReconcileOptions = {
	formats: { portal: 'loop', processor: 'stripe', erp: 'netsuite', support: 'zendesk' },
	currencyNames: { USA: 'USD' },
};

function causes(findings: readonly Finding[]): string[] {
	return findings.map((f) => `${f.symptom ?? '-'}/${f.cause}`);
}

function only(records: ReconcileRecords, options: ReconcileOptions = {}): ReturnCase {
	const result = reconcileReturns(records, { ...OPTIONS, ...options });
	expect(result.cases).toHaveLength(1);
	expect(result.unmatched).toEqual([]);
	return result.cases[0];
}

describe('the formats option', () => {
	it('reads Loop, Stripe, NetSuite and Zendesk records as the canonical ones they stand for', () => {
		const found = only(
			{
				portal: [loopReturn()],
				processor: [stripeRefund()],
				erp: [netsuiteMemo()],
				support: [zendeskTicket()],
			},
			FORMATS,
		);
		expect(found.returnId).toBe('38471092');
		expect(found.tag.state).toBe('consistent');
		expect(found.sources).toEqual({ portal: [0], processor: [0], erp: [0], support: [0] });
		// The raw records are handed back as given, not as read.
		expect(found.erp).toEqual([netsuiteMemo()]);
	});

	it('applies a field path on top of a format (the order ID in a Zendesk custom field)', () => {
		const ticket = zendeskTicket({
			external_id: null,
			custom_fields: [
				{ id: 360001, value: '#1042' },
				{ id: 360002, value: 'other' },
			],
		});
		const found = only(
			{
				portal: [loopReturn()],
				processor: [stripeRefund()],
				erp: [netsuiteMemo()],
				support: [ticket],
			},
			{ ...FORMATS, fieldPaths: { support: { orderId: 'custom_fields[id=360001].value' } } },
		);
		expect(found.sources.support).toEqual([0]);
		expect(found.tag.matchedBy?.support).toBe('orderId');
	});

	it('refuses a format name of the wrong kind, listing the kind’s formats', () => {
		const error = captureOptionsError(() =>
			reconcileReturns({ portal: [] }, { formats: { erp: 'stripe' } as never }),
		);
		expect(error.option).toBe('formats.erp');
		expect(error.expected).toContain('"netsuite"');
		expect(error.expected).toContain('"businessCentral"');
		expect(error.expected).toContain('"canonical"');
		expect(error.received).toBe('"stripe"');
	});

	it('refuses an unknown kind and a bad local currency', () => {
		expect(
			captureOptionsError(() => reconcileReturns({}, { formats: { crm: 'x' } as never })),
		).toMatchObject({ option: 'formats.crm', expected: 'a known option name' });
		expect(
			captureOptionsError(() => reconcileReturns({}, { localCurrency: 'dollars' })).option,
		).toBe('localCurrency');
	});

	it('reads the currency of a NetSuite memo through currencyNames, and without it names the field and the format', () => {
		const records = { portal: [loopReturn()], erp: [netsuiteMemo()] };
		const read = reconcileReturns(records, { ...OPTIONS, ...FORMATS });
		expect(causes(read.cases[0].tag.findings)).not.toContain('-/invalid_record');

		const unread = reconcileReturns(records, { ...OPTIONS, ...FORMATS, currencyNames: {} });
		const invalid = unread.cases[0].tag.findings.filter((f) => f.cause === 'invalid_record');
		expect(invalid).toHaveLength(1);
		expect(invalid[0].evidence).toMatchObject({
			field: 'currency',
			format: 'netsuite',
			kind: 'erp',
		});
		expect(invalid[0].message).toContain('currency');
		expect(invalid[0].message).toContain('netsuite');
		// The memo is kept in its case, not dropped.
		expect(unread.cases[0].sources.erp).toEqual([0]);
	});

	it('reads a blank Business Central currency as the local currency', () => {
		const memo = {
			number: 'PCM-1001',
			externalDocumentNumber: '38471092',
			totalAmountIncludingTax: 89.5,
			currencyCode: '',
			postingDate: ago(1380).slice(0, 10),
			status: 'Open',
		};
		const options = { ...FORMATS, formats: { portal: 'loop', erp: 'businessCentral' } } as const;
		const local = only(
			{ portal: [loopReturn()], erp: [memo] },
			{ ...options, localCurrency: 'usd' },
		);
		expect(causes(local.tag.findings)).not.toContain('partial_receipt_conflict/currency_mismatch');
		const foreign = only(
			{ portal: [loopReturn()], erp: [memo] },
			{ ...options, localCurrency: 'CAD' },
		);
		expect(causes(foreign.tag.findings)).toContain('partial_receipt_conflict/currency_mismatch');
	});
});

function captureOptionsError(run: () => unknown): OptionsError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(OptionsError);
		return error as OptionsError;
	}
	throw new Error('expected an OptionsError');
}

describe('field paths', () => {
	it.each([
		['a[', 'a "[" with no "]"'],
		['[=x]', 'no key'],
		['metadata..return_id', 'empty name'],
		[Array.from({ length: 10_000 }, () => 'a').join('.'), 'at most'],
		[Array.from({ length: 400 }, () => 'a').join('.'), 'more than 100'],
	])('refuses the malformed path %#, naming the option', (path, words) => {
		const error = captureOptionsError(() =>
			reconcileReturns({ erp: [] }, { fieldPaths: { erp: { returnId: path } } }),
		);
		expect(error.option).toBe('fieldPaths.erp.returnId');
		expect(error.expected).toContain(words);
	});

	it('names the option of a malformed path over a format too', () => {
		const error = captureOptionsError(() =>
			reconcileReturns({}, { ...FORMATS, fieldPaths: { processor: { returnId: 'metadata.[0' } } }),
		);
		expect(error.option).toBe('fieldPaths.processor.returnId');
	});

	it('reads nothing through __proto__, so the prototype never stands in for a field', () => {
		const memo = JSON.parse(
			'{"creditMemoId":"CM-1","returnId":"RA-1","postedAmount":10,"currency":"USD","__proto__":{"orderRef":"SO-0001042"}}',
		) as Rec;
		const result = reconcileReturns(
			{ erp: [memo] },
			{ ...OPTIONS, fieldPaths: { erp: { orderRef: '__proto__.orderRef' } } },
		);
		const finding = result.cases[0].tag.findings[0];
		expect(finding.cause).toBe('manual_bypass');
		expect(finding.evidence.orderRef).toBeNull();
	});
});

// ---------------------------------------------------------------------------------------------
// Not-yet-posted credit memos: canonical records with postingStatus.

function portal(minutesAgo: number, overrides: Rec = {}): Rec {
	return {
		returnId: 'RA-10042',
		orderId: '#1042',
		status: 'refunded',
		refundAmount: '89.50',
		currency: 'USD',
		approvedAt: ago(minutesAgo + 60),
		refundInstructedAt: ago(minutesAgo),
		refundMethod: 'store_credit',
		channel: 'web-us',
		...overrides,
	};
}

function memo(overrides: Rec = {}): Rec {
	return {
		creditMemoId: 'CM-20931',
		returnId: 'RA-10042',
		orderRef: 'SO-0001042',
		postedAmount: 89.5,
		currency: 'USD',
		postedAt: ago(10),
		subsidiary: 'US Retail',
		...overrides,
	};
}

describe('a draft credit memo', () => {
	const window = { slaWindowMinutes: 240, missingAfterMinutes: 4320 };

	it.each([
		[0, 'pending', 'timing_latency/within_window'],
		[240, 'pending', 'timing_latency/within_window'],
		[241, 'mismatch', 'timing_latency/overdue'],
		[4320, 'mismatch', 'timing_latency/overdue'],
		[10_000, 'mismatch', 'timing_latency/overdue'],
	])('%i minutes after the refund was instructed: %s, %s', (minutes, state, cause) => {
		const found = only(
			{ portal: [portal(minutes)], erp: [memo({ postingStatus: 'draft', postedAt: null })] },
			window,
		);
		expect(causes(found.tag.findings)).toEqual([cause]);
		expect(found.tag.state).toBe(state);
		expect(found.tag.findings[0].evidence).toMatchObject({
			creditMemoId: 'CM-20931',
			postingStatus: 'draft',
		});
		expect(found.tag.findings[0].message).toContain('CM-20931');
		expect(found.tag.findings[0].message).toContain('draft');
	});

	it('is never missing_handoff, even with an integration-log error', () => {
		const found = only({
			portal: [
				portal(5000, { integrationLog: { callMade: true, status: 'error', error: 'timeout' } }),
			],
			erp: [memo({ postingStatus: 'Draft' })],
		});
		expect(causes(found.tag.findings)).toEqual(['timing_latency/overdue']);
	});

	it('counts for no amount rule while it is a draft', () => {
		const found = only(
			{ portal: [portal(30)], erp: [memo({ postingStatus: 'draft', postedAmount: 12 })] },
			window,
		);
		expect(causes(found.tag.findings)).toEqual(['timing_latency/within_window']);
	});

	it('leaves the rules to the posted memo when one is there too', () => {
		const found = only({
			portal: [portal(30)],
			erp: [memo(), memo({ creditMemoId: 'CM-20932', postingStatus: 'draft', postedAmount: 89.5 })],
		});
		expect(found.tag.state).toBe('consistent');
		expect(found.sources.erp).toEqual([0, 1]);
	});
});

describe('a cancelled credit memo', () => {
	it('stays in the case but counts for no amount rule', () => {
		const found = only({
			portal: [portal(30)],
			erp: [
				memo(),
				memo({ creditMemoId: 'CM-20930', postingStatus: 'cancelled', postedAmount: 500 }),
			],
		});
		expect(found.tag.state).toBe('consistent');
		expect(found.sources.erp.sort()).toEqual([0, 1]);
		expect(found.erp).toHaveLength(2);
	});

	it('counts for no duplicate rule', () => {
		const found = only({
			portal: [portal(30)],
			erp: [memo(), memo({ creditMemoId: 'CM-20930', postingStatus: 'canceled' })],
		});
		expect(causes(found.tag.findings)).not.toContain('duplicate_posting/double_post');
		expect(found.tag.state).toBe('consistent');
	});

	it('counts for no lag rule', () => {
		const found = only({
			portal: [portal(3000)],
			erp: [
				memo({ postedAt: ago(2990) }),
				memo({ creditMemoId: 'CM-20930', postingStatus: 'cancelled', postedAt: ago(5) }),
			],
		});
		expect(causes(found.tag.findings)).toEqual([]);
	});

	it('alone, leaves the return as having no credit memo', () => {
		const cancelled = memo({ postingStatus: 'cancelled' });
		const inside = only({ portal: [portal(30)], erp: [cancelled] });
		expect(causes(inside.tag.findings)).toEqual(['timing_latency/within_window']);
		const missing = only({ portal: [portal(5000)], erp: [cancelled] });
		expect(causes(missing.tag.findings)).toEqual(['missing_handoff/not_received']);
		expect(missing.sources.erp).toEqual([0]);
		expect(missing.erp).toEqual([cancelled]);
	});

	it('with no return to belong to is still a credit memo entered outside the portal', () => {
		const result = reconcileReturns(
			{ erp: [memo({ returnId: 'RA-99', orderRef: 'SO-99', postingStatus: 'cancelled' })] },
			OPTIONS,
		);
		expect(causes(result.cases[0].tag.findings)).toEqual(['id_linkage_failure/manual_bypass']);
	});
});

describe('postingStatus', () => {
	it('is posted when absent, and an unknown word is an invalid record naming the field', () => {
		const found = only({ portal: [portal(30)], erp: [memo({ postingStatus: 'booked' })] });
		const invalid = found.tag.findings.filter((f) => f.cause === 'invalid_record');
		expect(invalid).toHaveLength(1);
		expect(invalid[0].evidence).toMatchObject({ field: 'postingStatus', kind: 'erp' });
	});

	it('follows its field path', () => {
		const found = only(
			{ portal: [portal(30)], erp: [memo({ state: { name: 'draft' } })] },
			{ fieldPaths: { erp: { postingStatus: 'state.name' } } },
		);
		expect(causes(found.tag.findings)).toEqual(['timing_latency/within_window']);
	});

	it('comes from a format: a voided NetSuite memo, a Business Central draft', () => {
		const voided = only(
			{ portal: [loopReturn()], erp: [netsuiteMemo({ status: { id: 'V', refName: 'Voided' } })] },
			{ ...FORMATS, formats: { portal: 'loop', erp: 'netsuite' } },
		);
		expect(voided.sources.erp).toEqual([0]);
		expect(causes(voided.tag.findings)).not.toContain('partial_receipt_conflict/amount_mismatch');
		expect(causes(voided.tag.findings)[0]).toMatch(/^(missing_handoff|timing_latency)\//);

		const draft = only(
			{
				portal: [loopReturn({ created_at: ago(60) })],
				erp: [
					{
						number: 'PCM-1001',
						externalDocumentNumber: '38471092',
						totalAmountIncludingTax: 89.5,
						currencyCode: 'USD',
						postingDate: '0001-01-01',
						status: 'Draft',
					},
				],
			},
			{ formats: { portal: 'loop', erp: 'businessCentral' } },
		);
		// The ERP's finding names the draft (the other is the processor's: no Stripe refund yet).
		const erpFinding = draft.tag.findings.find((f) => f.evidence.creditMemoId !== undefined);
		expect(erpFinding).toMatchObject({
			symptom: 'timing_latency',
			cause: 'within_window',
			evidence: { creditMemoId: 'PCM-1001', postingStatus: 'draft' },
		});
		expect(causes(draft.tag.findings)).not.toContain('missing_handoff/not_received');
		expect(draft.tag.state).toBe('pending');
	});
});

describe('the integration log’s error text', () => {
	it('reaches no tag with a secret in it', () => {
		const secret = 'Sup3rS3cretPassw0rd';
		const error = `POST https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl failed: 401 Unauthorized; request headers: Authorization: NLAuth nlauth_account=123456, nlauth_email=ops@example.com, nlauth_signature=${secret}, nlauth_role=3`;
		const found = only({
			portal: [portal(30, { integrationLog: { callMade: true, status: 'error', error } })],
		});
		const finding = found.tag.findings[0];
		expect(`${finding.symptom}/${finding.cause}`).toBe('missing_handoff/rejected');
		expect(JSON.stringify(found.tag)).not.toContain(secret);
		expect(finding.message).toContain('401 Unauthorized');
	});
});

describe('the Guard’s known orders in an ERP’s own shape', () => {
	const payload = {
		returnId: 'RA-10042',
		orderId: '#1042',
		orderRef: 'SO-0001042',
		status: 'refunded',
		channel: 'web-us',
		refundAmount: '89.50',
		currency: 'USD',
		lines: [{ sku: 'TEE-BLK-M', amount: '89.50' }],
	};
	const guardOptions = {
		now: NOW,
		idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
		statusMap: { refunded: 'refunded' },
		subsidiaryMap: { 'web-us': 'US Retail' },
	};

	it('reads NetSuite sales orders and SuiteQL rows through formats.orders', () => {
		const record = {
			tranId: 'SO-0001042',
			status: { id: 'H', refName: 'Closed' },
			subsidiary: { id: '1', refName: 'US Retail' },
		};
		const row = { tranid: 'SO-0001042', status: 'H', subsidiary: 'US Retail' };
		for (const order of [record, row]) {
			const result = validateHandoff(payload, {
				...guardOptions,
				formats: { orders: 'netsuite' },
				knownOrders: [{ tranId: null, total: 1 }, order] as never,
			});
			expect(result.problems.map((p) => p.code)).toEqual(['order_closed']);
		}
	});

	it('reads Business Central salesOrders, and paths on top of the format', () => {
		const order = { number: 'SO-0001042', status: 'Open', x_subsidiary: 'US Retail' };
		const result = validateHandoff(payload, {
			...guardOptions,
			formats: { orders: 'businessCentral' },
			fieldPaths: { orders: { subsidiary: 'x_subsidiary' } },
			knownOrders: [order] as never,
		});
		expect(result.verdict).toBe('pass');
	});

	it('names the entry, the field and the format of an order it cannot read', () => {
		const error = captureOptionsError(() =>
			validateHandoff(payload, {
				...guardOptions,
				formats: { orders: 'netsuite' },
				knownOrders: [{ tranId: 'SO-1' }, { tranId: { nested: true } }] as never,
			}),
		);
		expect(error.option).toBe('knownOrders.1.tranId');
		expect(error.expected).toContain('netsuite');
	});
});
