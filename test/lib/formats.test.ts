import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	FORMATS,
	FORMAT_FIELDS,
	FORMAT_NAMES,
	FormatError,
	compileFormat,
	readCompiled,
	readFormatted,
	type FormatKind,
	type FormatOptions,
} from '../../lib/formats';
import { CANONICAL_FIELDS } from '../../lib/options';

interface Fixture {
	$source: string;
	records: unknown[];
}

function fixture(kind: FormatKind, format: string): Fixture {
	const text = readFileSync(join(__dirname, '..', 'fixtures', kind, `${format}.json`), 'utf8');
	return JSON.parse(text) as Fixture;
}

const at = (iso: string) => Date.parse(iso);
const day = (year: number, month: number, date: number) => Date.UTC(year, month - 1, date);

/** Every field of the kind null, then what the format says by default when a field is absent. */
function blank(kind: FormatKind): Record<string, unknown> {
	const record: Record<string, unknown> = {};
	for (const field of FORMAT_FIELDS[kind]) record[field] = null;
	if (kind === 'erp') record.postingStatus = 'posted';
	return record;
}

function expectFixture(
	kind: FormatKind,
	format: string,
	expected: Array<Record<string, unknown>>,
	options: FormatOptions = {},
	base: Record<string, unknown> = {},
): void {
	const { $source, records } = fixture(kind, format);
	expect($source).toMatch(/https:\/\//);
	expect(records).toHaveLength(expected.length);
	records.forEach((raw, i) => {
		const { record, problems } = readFormatted(kind, format, raw, options);
		expect({ index: i, problems }).toEqual({ index: i, problems: [] });
		expect({ index: i, record }).toEqual({
			index: i,
			record: { ...blank(kind), ...base, ...expected[i] },
		});
	});
}

describe('the format tables', () => {
	it('cover every canonical field of every kind, ERP with postingStatus', () => {
		for (const kind of ['portal', 'processor', 'erp', 'support'] as const) {
			expect([...FORMAT_FIELDS[kind]]).toEqual([...CANONICAL_FIELDS[kind]]);
		}
		expect(FORMAT_FIELDS.erp).toContain('postingStatus');
		expect([...FORMAT_FIELDS.orders]).toEqual(['orderRef', 'status', 'subsidiary']);
	});

	it('give records of every kind and format their canonical fields in order', () => {
		for (const kind of Object.keys(FORMATS) as FormatKind[]) {
			for (const format of FORMAT_NAMES[kind]) {
				expect(Object.keys(readFormatted(kind, format, {}).record)).toEqual([
					...FORMAT_FIELDS[kind],
				]);
			}
		}
	});

	it('name the 15 system formats of the rules, canonical first in each kind', () => {
		expect(FORMAT_NAMES).toEqual({
			portal: ['canonical', 'loop', 'shopify', 'aftership'],
			processor: ['canonical', 'stripe', 'adyen', 'paypal', 'shopify'],
			erp: ['canonical', 'netsuite', 'businessCentral', 'sap'],
			support: ['canonical', 'zendesk', 'gorgias', 'freshdesk'],
			orders: ['canonical', 'netsuite', 'businessCentral'],
		});
	});

	it('give every field a reader and a cited source', () => {
		for (const kind of Object.keys(FORMATS) as FormatKind[]) {
			for (const format of FORMAT_NAMES[kind]) {
				const table = (FORMATS[kind] as Record<string, { fields: Record<string, unknown> }>)[
					format
				];
				expect(Object.keys(table.fields).sort()).toEqual([...FORMAT_FIELDS[kind]].sort());
				for (const rule of Object.values(table.fields) as Array<{
					source: string;
					read: unknown;
				}>) {
					expect(typeof rule.read).toBe('function');
					expect(rule.source).toMatch(format === 'canonical' ? /docs\/rules\.md/ : /https:\/\//);
				}
			}
		}
	});

	it('hold the fixed defaults of the rules', () => {
		const paths = (kind: FormatKind, format: string) => {
			const table = (
				FORMATS[kind] as Record<string, { fields: Record<string, { path: string | null }> }>
			)[format];
			return Object.fromEntries(
				Object.entries(table.fields).map(([field, rule]) => [field, rule.path]),
			);
		};
		expect(paths('processor', 'stripe')).toEqual({
			refundId: 'id',
			returnId: 'metadata.return_id',
			orderId: 'metadata.order_id',
			amount: 'amount',
			currency: 'currency',
			status: 'status',
			method: 'destination_details.type',
			disbursedAt: 'created',
		});
		expect(paths('processor', 'adyen')).toMatchObject({
			refundId: 'pspReference',
			returnId: 'merchantReference',
			orderId: 'additionalData.merchantOrderReference',
			amount: 'amount.value',
			currency: 'amount.currency',
			disbursedAt: 'eventDate',
		});
		expect(paths('processor', 'paypal')).toMatchObject({
			refundId: 'id',
			returnId: 'invoice_id',
			orderId: 'custom_id',
			amount: 'amount.value',
			currency: 'amount.currency_code',
			disbursedAt: 'update_time',
		});
		expect(paths('support', 'zendesk')).toMatchObject({
			ticketId: 'id',
			returnId: 'external_id',
			orderId: null,
			status: 'status',
			updatedAt: 'updated_at',
		});
		expect(paths('erp', 'businessCentral')).toMatchObject({
			creditMemoId: 'number',
			returnId: 'externalDocumentNumber',
			orderRef: null,
			postedAmount: 'totalAmountIncludingTax',
			currency: 'currencyCode',
			postedAt: 'postingDate',
			postingStatus: 'status',
		});
	});
});

describe('fixture records read into canonical values', () => {
	it('stripe: cents, lower-case currency, epoch seconds, cash balance as store credit', () => {
		expectFixture('processor', 'stripe', [
			{
				refundId: 're_1Nispe2eZvKYlo2Cd31jOCgZ',
				returnId: 'RA-1001',
				orderId: '#1001',
				amount: 8999,
				currency: 'USD',
				status: 'succeeded',
				method: 'original_payment',
				disbursedAt: 1_692_942_318_000,
			},
			{
				refundId: 're_3PqJYh2eZvKYlo2C0kq7wXyZ',
				returnId: 'RA-1002',
				amount: 4500,
				currency: 'JPY',
				status: 'pending',
				method: 'store_credit',
				disbursedAt: 1_764_240_000_000,
			},
			{
				refundId: 're_3PqK0a2eZvKYlo2C9zYxWvUt',
				orderId: '1003',
				amount: 1,
				currency: 'EUR',
				status: 'failed',
				method: 'original_payment',
				disbursedAt: 1_764_243_600_000,
			},
			{
				refundId: 're_3PqK9z2eZvKYlo2C5sTuVwXy',
				returnId: 'RA-1004',
				orderId: '#1004',
				amount: 12500,
				currency: 'USD',
				status: 'failed',
				method: 'original_payment',
				disbursedAt: 1_764_247_200_000,
			},
		]);
	});

	it('adyen: bare and wrapped items, string success flags, minor units by exponent', () => {
		expectFixture(
			'processor',
			'adyen',
			[
				{
					refundId: 'KHQC5N7G84BLNK43',
					returnId: 'RA-2001',
					orderId: '#1001',
					amount: 2999,
					currency: 'EUR',
					status: 'succeeded',
					disbursedAt: at('2026-11-26T09:15:00Z'),
				},
				{
					refundId: 'QFQTPCQ8HXSKGK82',
					returnId: 'RA-2002',
					amount: 1500,
					currency: 'USD',
					status: 'failed',
					disbursedAt: at('2026-11-26T12:00:00Z'),
				},
				{
					refundId: 'T7PQ9W2X4Y6Z8A10',
					returnId: 'RA-2003',
					amount: 3000,
					currency: 'JPY',
					status: 'failed',
					disbursedAt: at('2026-11-26T23:30:00Z'),
				},
				{
					refundId: 'M3NB5V7C9X1Z2L46',
					returnId: 'RA-2004',
					amount: 12345,
					currency: 'KWD',
					status: 'succeeded',
					disbursedAt: at('2026-11-27T06:00:00Z'),
				},
			],
			{},
			{ method: 'original_payment' },
		);
	});

	it('paypal: decimal strings, update time else create time', () => {
		expectFixture(
			'processor',
			'paypal',
			[
				{
					refundId: '1JU08902781691411',
					returnId: 'RA-3001',
					orderId: '#3001',
					amount: 1099,
					currency: 'USD',
					status: 'succeeded',
					disbursedAt: at('2026-11-26T05:14:02Z'),
				},
				{
					refundId: '8MC585209K746392H',
					returnId: 'RA-3002',
					amount: 250,
					currency: 'JPY',
					status: 'pending',
					disbursedAt: at('2026-11-26T09:00:00Z'),
				},
				{
					refundId: '0P2361767F2251227',
					orderId: '3003',
					amount: 4550,
					currency: 'CAD',
					status: 'failed',
					disbursedAt: at('2026-11-26T11:30:00Z'),
				},
			],
			{},
			{ method: 'original_payment' },
		);
	});

	it('shopify transactions: numeric IDs as text, gift card gateway as store credit', () => {
		expectFixture('processor', 'shopify', [
			{
				refundId: '389404469',
				orderId: '450789469',
				amount: 4194,
				currency: 'USD',
				status: 'succeeded',
				method: 'original_payment',
				disbursedAt: at('2026-11-26T15:30:05Z'),
			},
			{
				refundId: '1068278477',
				orderId: '450789470',
				amount: 1500,
				currency: 'CAD',
				status: 'pending',
				method: 'store_credit',
				disbursedAt: at('2026-11-27T08:00:00Z'),
			},
			{
				refundId: '1068278478',
				orderId: '450789471',
				amount: 1200,
				currency: 'JPY',
				status: 'failed',
				method: 'original_payment',
				disbursedAt: at('2026-11-27T09:00:00Z'),
			},
		]);
	});

	it('loop: states, outcome amounts as the refund method, blank strings as absent', () => {
		expectFixture('portal', 'loop', [
			{
				returnId: '38471092',
				orderId: '#1001',
				status: 'refunded',
				refundAmount: 8999,
				currency: 'USD',
				approvedAt: at('2026-11-20T14:03:11Z'),
				refundInstructedAt: at('2026-11-22T09:41:27Z'),
				refundMethod: 'original_payment',
				channel: 'web-us',
				lines: [
					{ sku: 'TEE-BLK-M', quantity: null, category: null, amount: 4999 },
					{ sku: 'CAP-NVY', quantity: null, category: null, amount: 4000 },
				],
			},
			{
				returnId: '38471555',
				orderId: '#1002',
				status: 'approved',
				refundAmount: 0,
				currency: 'USD',
				approvedAt: at('2026-11-26T08:00:00Z'),
				refundMethod: 'store_credit',
				channel: 'web-us',
				lines: [{ sku: 'SOCK-3PK', quantity: null, category: null, amount: 0 }],
			},
			{
				returnId: '38471600',
				orderId: '#1003',
				status: 'requested',
				refundAmount: 0,
				currency: 'JPY',
				approvedAt: at('2026-11-27T10:00:00Z'),
				refundMethod: 'exchange',
				channel: 'web-jp',
				lines: [],
			},
			{
				returnId: '38471700',
				orderId: '#1004',
				status: 'cancelled',
				currency: 'USD',
				approvedAt: at('2026-10-01T10:00:00Z'),
			},
		]);
	});

	it('shopify returns: names as IDs, the first refund, line items through nodes', () => {
		expectFixture('portal', 'shopify', [
			{
				returnId: '#1001-R1',
				orderId: '#1001',
				status: 'refunded',
				refundAmount: 4194,
				currency: 'USD',
				approvedAt: at('2026-11-20T15:00:00Z'),
				refundInstructedAt: at('2026-11-22T10:00:00Z'),
				lines: [{ sku: 'IPOD2008PINK', quantity: 2, category: 'Cult Products', amount: 4194 }],
			},
			{
				returnId: '#1002-R1',
				orderId: '#1002',
				status: 'requested',
				lines: [{ sku: 'SHOE-42', quantity: 1, category: null, amount: null }],
			},
			{ returnId: '#1003-R2', orderId: '#1003', status: 'rejected', lines: [] },
		]);
	});

	it('aftership: RMA numbers, approval statuses, refund destinations', () => {
		expectFixture('portal', 'aftership', [
			{
				returnId: 'RMA-7H3K9Q',
				orderId: '#1001',
				status: 'refunded',
				refundAmount: 6450,
				currency: 'USD',
				approvedAt: at('2026-11-20T15:00:00Z'),
				refundInstructedAt: at('2026-11-23T11:20:00Z'),
				refundMethod: 'original_payment',
				lines: [{ sku: 'JKT-GRN-L', quantity: 1, category: 'outerwear', amount: null }],
			},
			{
				returnId: 'RMA-8J4L0R',
				orderId: '#1002',
				status: 'approved',
				refundAmount: 0,
				currency: 'EUR',
				approvedAt: at('2026-11-26T08:00:00Z'),
				refundMethod: 'store_credit',
				lines: [{ sku: 'BOOT-39', quantity: 2, category: null, amount: null }],
			},
			{ returnId: 'RMA-9K5M1S', orderId: '#1003', status: 'rejected', lines: [] },
		]);
	});

	it('netsuite credit memos: currency references through currencyNames, date-only postings', () => {
		expectFixture(
			'erp',
			'netsuite',
			[
				{
					creditMemoId: 'CM1042',
					returnId: 'RA-1001',
					orderRef: 'SO-0001001',
					postedAmount: 8999,
					currency: 'USD',
					postedAt: day(2026, 11, 22),
					subsidiary: 'US Retail',
				},
				{
					creditMemoId: 'CM1043',
					returnId: 'RA-1002',
					orderRef: 'SO-0001002',
					postedAmount: 4500,
					currency: 'JPY',
					postedAt: day(2026, 11, 23),
					subsidiary: 'Japan KK',
				},
				{
					creditMemoId: 'CM1044',
					orderRef: 'SO-0001003',
					postedAmount: 12345,
					currency: 'KWD',
					postedAt: day(2026, 11, 24),
					subsidiary: 'Gulf Retail',
					postingStatus: 'cancelled',
				},
			],
			{ currencyNames: { USA: 'USD', 'Kuwaiti Dinar': 'KWD' } },
		);
	});

	it('netsuite: a currency name not in currencyNames is a problem naming the field and format', () => {
		const [first] = fixture('erp', 'netsuite').records;
		const { record, problems } = readFormatted('erp', 'netsuite', first);
		expect(problems).toEqual([
			{
				field: 'currency',
				format: 'netsuite',
				reason: expect.stringMatching(/"USA".*currencyNames/),
			},
		]);
		expect(record.currency).toBeNull();
		expect(record.postedAmount).toBe(8999);
	});

	it('business central: blank currency as the local one, 0001-01-01 as no date, draft and cancelled', () => {
		expectFixture(
			'erp',
			'businessCentral',
			[
				{
					creditMemoId: 'PCM1001',
					returnId: 'RA-1001',
					postedAmount: 8999,
					currency: 'EUR',
					postedAt: day(2026, 11, 22),
				},
				{
					creditMemoId: '1002',
					returnId: 'RA-1002',
					postedAmount: 3550,
					currency: 'USD',
					postingStatus: 'draft',
				},
				{
					creditMemoId: 'PCM1003',
					postedAmount: 12000,
					currency: 'GBP',
					postedAt: day(2026, 11, 24),
					postingStatus: 'cancelled',
				},
				{
					creditMemoId: 'PCM1004',
					returnId: 'RA-1004',
					postedAmount: 1,
					currency: 'EUR',
					postedAt: day(2026, 11, 25),
					postingStatus: 'draft',
				},
			],
			{ localCurrency: 'EUR' },
		);
	});

	it('sap: /Date(ms)/, decimal strings, the d wrapper of one document, cancelled documents', () => {
		expectFixture('erp', 'sap', [
			{
				creditMemoId: '90000012',
				returnId: 'RA-1001',
				postedAmount: 8999,
				currency: 'USD',
				postedAt: day(2017, 4, 13),
				subsidiary: '1710',
			},
			{
				creditMemoId: '90000013',
				postedAmount: 1500,
				currency: 'JPY',
				postedAt: day(2026, 11, 27),
				subsidiary: '1510',
				postingStatus: 'cancelled',
			},
			{
				creditMemoId: '90000014',
				returnId: 'RA-1003',
				postedAmount: 4500,
				currency: 'EUR',
				postedAt: day(2026, 11, 28),
				subsidiary: '1010',
			},
		]);
	});

	it('sap: a whole d.results collection in one item is a problem saying to split it', () => {
		const { problems } = readFormatted('erp', 'sap', {
			d: { results: [{ BillingDocument: '1' }] },
		});
		expect(problems).toEqual([
			{ field: '', format: 'sap', reason: expect.stringMatching(/split d\.results/) },
		]);
	});

	it('zendesk: hold as pending; custom fields through [id=…] paths', () => {
		const base = [
			{
				ticketId: '35436',
				returnId: 'RA-1001',
				status: 'solved',
				updatedAt: at('2026-11-22T11:00:00Z'),
			},
			{ ticketId: '35437', status: 'pending', updatedAt: at('2026-11-26T08:30:00Z') },
			{
				ticketId: '35438',
				returnId: 'RA-1003',
				status: 'new',
				updatedAt: at('2026-11-27T08:00:00Z'),
			},
		];
		expectFixture('support', 'zendesk', base);
		expectFixture(
			'support',
			'zendesk',
			[
				{ ...base[0], orderId: '#1001', refundStatusToldCustomer: 'sent' },
				{ ...base[1], orderId: '#1002', refundStatusToldCustomer: 'pending' },
				base[2],
			],
			{
				fieldPaths: {
					orderId: 'custom_fields[id=360001].value',
					refundStatusToldCustomer: 'custom_fields[id=360002].value',
				},
			},
		);
	});

	it('gorgias: open and closed, meta through a path', () => {
		expectFixture(
			'support',
			'gorgias',
			[
				{
					ticketId: '129813',
					returnId: 'RA-1001',
					orderId: '#1001',
					status: 'closed',
					updatedAt: at('2026-11-22T11:00:00Z'),
				},
				{
					ticketId: '129814',
					returnId: 'RA-1002',
					status: 'open',
					updatedAt: at('2026-11-26T09:30:00Z'),
				},
			],
			{ fieldPaths: { orderId: 'meta.order_id' } },
		);
	});

	it('freshdesk: numeric statuses (4 resolved → solved), cf_ custom fields', () => {
		expectFixture('support', 'freshdesk', [
			{
				ticketId: '20',
				returnId: 'RA-1001',
				orderId: '#1001',
				status: 'solved',
				updatedAt: at('2026-11-22T11:00:00Z'),
			},
			{
				ticketId: '21',
				orderId: '#1002',
				status: 'pending',
				updatedAt: at('2026-11-26T09:30:00Z'),
			},
			{
				ticketId: '22',
				returnId: 'RA-1003',
				status: 'open',
				updatedAt: at('2026-11-27T08:00:00Z'),
			},
			{
				ticketId: '23',
				returnId: 'RA-1004',
				status: 'closed',
				updatedAt: at('2026-11-27T09:00:00Z'),
			},
		]);
	});

	it('netsuite orders: REST records and SuiteQL rows, status codes and labels', () => {
		expectFixture('orders', 'netsuite', [
			{ orderRef: 'SO-0001001', status: 'fullyBilled', subsidiary: 'US Retail' },
			{ orderRef: 'SO-0001002', status: 'pendingFulfillment', subsidiary: 'Japan KK' },
			{ orderRef: 'SO-0001003', status: 'closed', subsidiary: 'Gulf Retail' },
		]);
	});

	it('business central orders: number and status', () => {
		expectFixture('orders', 'businessCentral', [
			{ orderRef: 'S-ORD101001', status: 'released' },
			{ orderRef: 'S-ORD101002', status: 'open' },
			{ orderRef: 'S-ORD101003', status: 'draft' },
		]);
	});
});

describe('the canonical formats', () => {
	it('read canonical records as the canonical readers do, amounts in the configured units', () => {
		const { record, problems } = readFormatted('portal', 'canonical', {
			returnId: 'RA-1001',
			orderId: '#1001',
			status: 'Refunded',
			refundAmount: '89.99',
			currency: 'usd',
			approvedAt: '2026-11-20T15:00:00Z',
			refundInstructedAt: 1_764_000_000,
			refundMethod: 'original_payment',
			channel: 'web-us',
			lines: [{ sku: 'TEE', quantity: 1, category: 'apparel', amount: 89.99 }],
			receipt: { condition: 'Opened', restockingFee: '5.00', receivedAt: '2026-11-21' },
			integrationLog: { callMade: true, status: 'OK', error: null },
		});
		expect(problems).toEqual([]);
		expect(record).toEqual({
			returnId: 'RA-1001',
			orderId: '#1001',
			status: 'refunded',
			refundAmount: 8999,
			currency: 'USD',
			approvedAt: at('2026-11-20T15:00:00Z'),
			refundInstructedAt: 1_764_000_000_000,
			refundMethod: 'original_payment',
			channel: 'web-us',
			lines: [{ sku: 'TEE', quantity: 1, category: 'apparel', amount: 8999 }],
			receipt: { condition: 'opened', restockingFee: 500, receivedAt: day(2026, 11, 21) },
			integrationLog: { callMade: true, status: 'ok', error: null },
		});
		const minor = readFormatted(
			'processor',
			'canonical',
			{ refundId: 'r', amount: 8999, currency: 'USD' },
			{
				amountUnits: 'minor',
			},
		);
		expect(minor.record.amount).toBe(8999);
		const erp = readFormatted('erp', 'canonical', { creditMemoId: 'CM1', postingStatus: 'Draft' });
		expect(erp.record.postingStatus).toBe('draft');
		expect(readFormatted('erp', 'canonical', { creditMemoId: 'CM1' }).record.postingStatus).toBe(
			'posted',
		);
	});

	it('name the field of an amount, a currency or a time that does not parse', () => {
		const { problems } = readFormatted('erp', 'canonical', {
			creditMemoId: 'CM1',
			postedAmount: '1,234.00',
			currency: 'dollars',
			postedAt: 'yesterday',
		});
		expect(problems.map((p) => [p.field, p.format])).toEqual([
			['currency', 'canonical'],
			['postedAmount', 'canonical'],
			['postedAt', 'canonical'],
		]);
	});
});

describe('field path overrides and bad parameters', () => {
	it('replace the path and keep the reader', () => {
		const refund = {
			id: 're_1',
			amount: 500,
			currency: 'usd',
			status: 'succeeded',
			metadata: { rma: 'RA-9' },
		};
		const { record } = readFormatted('processor', 'stripe', refund, {
			fieldPaths: { returnId: 'metadata.rma' },
		});
		expect(record.returnId).toBe('RA-9');
		expect(record.amount).toBe(500);
	});

	it('name the problem by the override path', () => {
		const { problems } = readFormatted(
			'processor',
			'stripe',
			{ id: 're_1', charge: { amount: 'lots' } },
			{ fieldPaths: { amount: 'charge.amount' } },
		);
		expect(problems).toEqual([
			{ field: 'charge.amount', format: 'stripe', reason: expect.any(String) },
		]);
	});

	it('throw a FormatError for an unknown format, an unknown field or a malformed path', () => {
		expect(() => compileFormat('processor', 'square')).toThrow(FormatError);
		expect(() => compileFormat('processor', 'square')).toThrow(/stripe, adyen, paypal, shopify/);
		expect(() => compileFormat('processor', 'toString')).toThrow(FormatError);
		expect(() => compileFormat('erp', 'stripe')).toThrow(FormatError);
		try {
			compileFormat('support', 'zendesk', { fieldPaths: { orderId: 'custom_fields[id=' } });
			throw new Error('no error');
		} catch (error) {
			expect(error).toBeInstanceOf(FormatError);
			expect((error as FormatError).option).toBe('fieldPaths.orderId');
		}
		expect(() => compileFormat('support', 'zendesk', { fieldPaths: { amount: 'x' } })).toThrow(
			/fieldPaths\.amount: not a support field/,
		);
	});

	it('compile once and read many records with the same result as reading one by one', () => {
		const { records } = fixture('processor', 'stripe');
		const compiled = compileFormat('processor', 'stripe');
		for (const raw of records) {
			expect(readCompiled(compiled, raw)).toEqual(readFormatted('processor', 'stripe', raw));
		}
	});
});

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Sets a value at a path of names and [n] on a deep copy (the fixtures' paths need no more). */
function withValue(record: unknown, path: string, value: unknown): unknown {
	const copy = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
	const keys = path.split(/\.|\[(\d+)\]/).filter((key) => key !== undefined && key !== '');
	let cursor: Record<string, unknown> = copy;
	for (let i = 0; i < keys.length - 1; i++) {
		const next = Object.prototype.hasOwnProperty.call(cursor, keys[i])
			? cursor[keys[i]]
			: undefined;
		if (next === null || typeof next !== 'object') {
			const created = /^\d+$/.test(keys[i + 1]) ? [] : {};
			Object.defineProperty(cursor, keys[i], { value: created, enumerable: true, writable: true });
			cursor = created as Record<string, unknown>;
		} else {
			cursor = next as Record<string, unknown>;
		}
	}
	Object.defineProperty(cursor, keys[keys.length - 1], { value, enumerable: true, writable: true });
	return copy;
}

const HOSTILE: Array<[string, unknown]> = [
	[
		'a nested __proto__',
		JSON.parse('{"__proto__": {"polluted": true, "refName": "USD"}, "a": {"__proto__": []}}'),
	],
	['a 1 MB string', 'x'.repeat(1_000_000)],
	['a list of text', ['RA-1001']],
];

describe('hostile values', () => {
	const systemFormats = (Object.keys(FORMATS) as FormatKind[]).flatMap((kind) =>
		FORMAT_NAMES[kind]
			.filter((format) => format !== 'canonical')
			.map((format) => [kind, format] as const),
	);

	it.each(systemFormats)(
		'%s %s: in every field, a problem naming the field and format',
		(kind, format) => {
			// A record as it comes unwrapped: the paths are the document's own.
			const sample = fixture(kind, format).records.find(
				(record) =>
					!Object.keys(record as object).some(
						(key) => key === 'NotificationRequestItem' || key === 'd',
					),
			);
			const table = (
				FORMATS[kind] as Record<string, { fields: Record<string, { path: string | null }> }>
			)[format];
			for (const [field, rule] of Object.entries(table.fields)) {
				if (rule.path === null) continue;
				for (const [what, value] of HOSTILE) {
					const raw = withValue(sample, rule.path, value);
					let result: ReturnType<typeof readFormatted> | undefined;
					expect(() => {
						result = readFormatted(kind, format, raw, {
							currencyNames: { USA: 'USD' },
							localCurrency: 'EUR',
						});
					}).not.toThrow();
					const problem = result!.problems.find((p) => p.field === rule.path);
					expect({ field, what, problem }).toEqual({
						field,
						what,
						problem: { field: rule.path, format, reason: expect.any(String) },
					});
					expect(result!.record[field]).toBeNull();
					expect(problem!.reason.length).toBeLessThan(300);
				}
			}
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		},
	);

	it('a record with a getter that throws is a problem, never a throw', () => {
		const raw = { id: 're_1', currency: 'usd', status: 'succeeded' };
		Object.defineProperty(raw, 'amount', {
			enumerable: true,
			get() {
				throw new Error('boom');
			},
		});
		const { record, problems } = readFormatted('processor', 'stripe', raw);
		expect(problems).toEqual([
			{ field: 'amount', format: 'stripe', reason: 'the value could not be read' },
		]);
		expect(record.refundId).toBe('re_1');
	});

	it.each(
		(Object.keys(FORMATS) as FormatKind[]).flatMap((kind) =>
			FORMAT_NAMES[kind].map((f) => [kind, f] as const),
		),
	)('%s %s: a record that is not an object is one problem, never a throw', (kind, format) => {
		for (const raw of [null, undefined, 42, 'text', [], [{ id: 1 }], true]) {
			const { record, problems } = readFormatted(kind, format, raw);
			expect(problems).toEqual([
				{ field: '', format, reason: expect.stringMatching(/not an object/) },
			]);
			expect(Object.values(record).every((value) => value === null)).toBe(true);
		}
	});
});
