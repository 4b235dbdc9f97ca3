import { PROBLEM_CODES, createHandoffGuard, validateHandoff, type Problem } from '../../lib/guard';
import type { GuardOptions } from '../../lib/options';
import { OptionsError } from '../../lib/options';

const NOW = '2026-03-02T12:00:00.000Z';

/** A NetSuite-shaped setup: SO-0001042 style refs, a status map and a channel → subsidiary map. */
const OPTIONS: GuardOptions = {
	now: NOW,
	idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
	statusMap: { approved: 'pendingReceipt', received: 'pendingRefund', refunded: 'refunded' },
	subsidiaryMap: { 'web-us': 'US Retail', 'web-ca': 'Canada Retail' },
	knownOrders: [
		{ orderRef: 'SO-0001042', status: 'pendingReturn', subsidiary: 'US Retail' },
		{ orderRef: 'SO-0001043', status: 'closed', subsidiary: 'US Retail' },
		{ orderRef: 'SO-0001044', status: 'pendingReturn', subsidiary: 'Canada Retail' },
		{ orderRef: 'SO-0001045', status: 'fullyBilled', subsidiary: 'US Retail' },
	],
};

/** The NetSuite ref middleware writes for a Shopify order name: `#1045` → `SO-0001045`. */
function netSuiteRef(orderId: unknown): string | undefined {
	if (typeof orderId !== 'string') return undefined;
	return `SO-${orderId
		.replace(/^(#|SO-)/i, '')
		.replace(/^0+/, '')
		.padStart(7, '0')}`;
}

/**
 * A Loop/Shopify return on its way to NetSuite: two apparel lines, a $15 restocking fee, and the
 * NetSuite ref of its order (of the overriding order ID, if one is given).
 */
function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	const orderId = 'orderId' in overrides ? overrides.orderId : '#1042';
	return {
		returnId: 'RA-10042',
		orderId: '#1042',
		orderRef: netSuiteRef(orderId),
		status: 'refunded',
		channel: 'web-us',
		refundAmount: '85.00',
		currency: 'USD',
		refundMethod: 'original_payment',
		lines: [
			{ sku: 'TEE-BLK-M', quantity: 1, category: 'apparel', amount: '60.00' },
			{ sku: 'HOOD-GRY-L', quantity: 1, category: 'apparel', amount: '40.00' },
		],
		receipt: {
			condition: 'opened',
			restockingFee: '15.00',
			receivedAt: '2026-03-01T16:20:00-05:00',
		},
		...overrides,
	};
}

function codes(problems: Problem[]): string[] {
	return problems.map((p) => p.code);
}

function only(problems: Problem[], code: string): Problem {
	const found = problems.filter((p) => p.code === code);
	expect(found).toHaveLength(1);
	return found[0];
}

describe('validateHandoff: a clean payload', () => {
	it('passes with a consistent, info-level tag and the normalized ERP values', () => {
		const result = validateHandoff(payload(), OPTIONS);
		expect(result.verdict).toBe('pass');
		expect(result.problems).toEqual([]);
		expect(result.tag.state).toBe('consistent');
		expect(result.tag.symptom).toBeNull();
		expect(result.tag.severity).toBe('info');
		expect(result.tag.findings).toEqual([]);
		expect(result.normalized).toEqual({
			orderRef: 'SO-0001042',
			status: 'refunded',
			subsidiary: 'US Retail',
		});
	});

	it('names the return, order and SKU category on the tag, stamped with `now`', () => {
		const { tag } = validateHandoff(payload(), OPTIONS);
		expect(tag.returnId).toBe('RA-10042');
		expect(tag.orderId).toBe('#1042');
		expect(tag.category).toBe('apparel');
		expect(tag.checkedAt).toBe(NOW);
		expect(tag.version).toBe(1);
	});

	it('accepts an ERP order ref already spelled the way the ERP expects', () => {
		const result = validateHandoff(payload({ orderRef: 'SO-0001042' }), OPTIONS);
		expect(result.verdict).toBe('pass');
		expect(result.problems).toEqual([]);
	});

	it('leaves the payload untouched', () => {
		const input = payload({ orderRef: 'so-1042', subsidiary: 'Canada Retail' });
		const before = structuredClone(input);
		validateHandoff(input, { ...OPTIONS, mode: 'normalize' });
		expect(input).toEqual(before);
	});

	it(`lists every problem code of docs/rules.md "The Guard's checks"`, () => {
		expect([...PROBLEM_CODES].sort()).toEqual(
			[
				'invalid_payload',
				'return_id_missing',
				'order_ref_missing',
				'order_ref_format',
				'order_ref_unknown',
				'order_closed',
				'unmapped_status',
				'wrong_subsidiary',
				'restocking_fee',
				'amount_invalid',
				'currency_invalid',
				'order_lookup_failed',
			].sort(),
		);
	});
});

describe('validateHandoff: invalid_payload', () => {
	it.each([
		['null', null],
		['a string', 'RA-10042'],
		['a list', [payload()]],
		['a number', 1042],
	])('blocks %s with no symptom', (_name, input) => {
		const result = validateHandoff(input, OPTIONS);
		expect(result.verdict).toBe('blocked');
		expect(codes(result.problems)).toEqual(['invalid_payload']);
		expect(result.problems[0].fixable).toBe(false);
		expect(result.tag.state).toBe('mismatch');
		expect(result.tag.symptom).toBeNull();
		expect(result.tag.cause).toBe('invalid_record');
		expect(result.normalized).toEqual({});
	});

	it('is not fixed by normalize mode either', () => {
		expect(validateHandoff(null, { ...OPTIONS, mode: 'normalize' }).verdict).toBe('blocked');
	});
});

describe('validateHandoff: return_id_missing', () => {
	it.each([
		['absent', undefined],
		['blank', '   '],
		['an object', { id: 10042 }],
	])('blocks a return ID that is %s and predicts id_linkage_failure', (_name, returnId) => {
		const result = validateHandoff(payload({ returnId }), OPTIONS);
		expect(result.verdict).toBe('blocked');
		const problem = only(result.problems, 'return_id_missing');
		expect(problem.field).toBe('returnId');
		expect(problem.fixable).toBe(false);
		expect(result.tag.symptom).toBe('id_linkage_failure');
		expect(result.tag.cause).toBe('return_id_missing');
	});

	it('still blocks in normalize mode: the Guard cannot invent a return ID', () => {
		const result = validateHandoff(payload({ returnId: undefined }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(result.verdict).toBe('blocked');
	});
});

describe('validateHandoff: order references', () => {
	it('order_ref_missing when neither an order ID nor an ERP order ref is there', () => {
		const result = validateHandoff(payload({ orderId: undefined }), OPTIONS);
		expect(result.verdict).toBe('blocked');
		const problem = only(result.problems, 'order_ref_missing');
		expect(problem.field).toBe('orderId');
		expect(problem.fixable).toBe(false);
		expect(result.tag.cause).toBe('order_ref_missing');
		expect(result.normalized.orderRef).toBeUndefined();
	});

	it('derives the ERP ref from an ERP order ref when the portal order ID is missing', () => {
		const result = validateHandoff(
			payload({ orderId: undefined, orderRef: 'SO-0001042' }),
			OPTIONS,
		);
		expect(result.verdict).toBe('pass');
		expect(result.normalized.orderRef).toBe('SO-0001042');
	});

	it.each(['so-1042', 'SO-1042', '1042', 'SO-00001042'])(
		'order_ref_format: "%s" is order 1042 spelled differently, fixable',
		(orderRef) => {
			const result = validateHandoff(payload({ orderRef }), OPTIONS);
			expect(result.verdict).toBe('blocked');
			const problem = only(result.problems, 'order_ref_format');
			expect(problem).toMatchObject({
				field: 'orderRef',
				expected: 'SO-0001042',
				actual: orderRef,
				fixable: true,
			});
			expect(result.tag.symptom).toBe('id_linkage_failure');
			expect(result.tag.cause).toBe('order_ref_format');
			expect(result.normalized.orderRef).toBe('SO-0001042');
		},
	);

	it('normalize mode fixes the spelling: pass, problem still listed, fix in `normalized`', () => {
		const result = validateHandoff(payload({ orderRef: 'so-1042' }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(result.verdict).toBe('pass');
		expect(codes(result.problems)).toEqual(['order_ref_format']);
		expect(result.problems[0].fixable).toBe(true);
		expect(result.normalized.orderRef).toBe('SO-0001042');
		expect(result.tag.state).toBe('consistent');
		expect(result.tag.severity).toBe('info');
		expect(result.tag.findings[0].evidence).toMatchObject({
			problem: 'order_ref_format',
			fixed: true,
		});
	});

	it('an ERP ref that points at another order is not fixable (cause order_ref_mismatch)', () => {
		const result = validateHandoff(payload({ orderRef: 'SO-0001043' }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(result.verdict).toBe('blocked');
		const problem = only(result.problems, 'order_ref_format');
		expect(problem.fixable).toBe(false);
		expect(problem.expected).toBe('SO-0001042');
		expect(result.tag.cause).toBe('order_ref_mismatch');
		expect(result.tag.findings[0].evidence).toMatchObject({ fixed: false });
	});

	it('uses the explicit ID map before the ID rules', () => {
		const options = { ...OPTIONS, idMap: { '#1042': 'SO-0001044' } };
		const result = validateHandoff(payload({ channel: 'web-ca', orderRef: 'SO-0001044' }), options);
		expect(result.normalized.orderRef).toBe('SO-0001044');
		expect(result.verdict).toBe('pass');
	});
});

describe("validateHandoff: an order ID only in the portal's form", () => {
	const portalOnly = () => payload({ orderRef: undefined });

	it('is order_ref_format, fixable: blocked in validate mode', () => {
		const result = validateHandoff(portalOnly(), OPTIONS);
		expect(result.verdict).toBe('blocked');
		expect(only(result.problems, 'order_ref_format')).toMatchObject({
			field: 'orderId',
			expected: 'SO-0001042',
			actual: '#1042',
			fixable: true,
		});
		expect(result.tag.symptom).toBe('id_linkage_failure');
		expect(result.tag.cause).toBe('order_ref_format');
	});

	it('passes in normalize mode, with the ERP ref to write', () => {
		const result = validateHandoff(portalOnly(), { ...OPTIONS, mode: 'normalize' });
		expect(result.verdict).toBe('pass');
		expect(result.normalized.orderRef).toBe('SO-0001042');
		expect(result.tag.findings[0].evidence).toMatchObject({ fixed: true });
	});

	it('is no problem when the order ID is already what the ERP expects', () => {
		const result = validateHandoff(
			payload({ orderId: 'SO-0001042', orderRef: undefined }),
			OPTIONS,
		);
		expect(result.verdict).toBe('pass');
	});
});

describe('validateHandoff: known ERP orders', () => {
	it('order_ref_unknown when the order is not among them', () => {
		const result = validateHandoff(payload({ orderId: '#2001' }), OPTIONS);
		expect(result.verdict).toBe('blocked');
		const problem = only(result.problems, 'order_ref_unknown');
		expect(problem).toMatchObject({ field: 'orderId', actual: 'SO-0002001', fixable: false });
		expect(result.tag.symptom).toBe('id_linkage_failure');
		expect(result.tag.cause).toBe('order_ref_unknown');
		// The ERP ref is still derived for the user to look up.
		expect(result.normalized.orderRef).toBe('SO-0002001');
	});

	it('compares by order core: any spelling of a known order is known', () => {
		const options = { ...OPTIONS, knownOrders: [{ orderRef: 'so-1042', subsidiary: 'US Retail' }] };
		for (const orderId of ['#1042', '1042', '0001042', 'SO-0001042']) {
			expect(codes(validateHandoff(payload({ orderId }), options).problems)).toEqual([]);
		}
	});

	it('does not check known orders when none were given', () => {
		const { knownOrders: _omitted, ...withoutKnown } = OPTIONS;
		expect(validateHandoff(payload({ orderId: '#2001' }), withoutKnown).verdict).toBe('pass');
	});

	it('an empty list of known orders knows no order', () => {
		const result = validateHandoff(payload(), { ...OPTIONS, knownOrders: [] });
		expect(codes(result.problems)).toEqual(['order_ref_unknown']);
	});

	it('order_closed when the order is closed in the ERP', () => {
		const result = validateHandoff(payload({ orderId: '#1043' }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(result.verdict).toBe('blocked');
		const problem = only(result.problems, 'order_closed');
		expect(problem).toMatchObject({ actual: 'closed', fixable: false });
		expect(result.tag.cause).toBe('order_closed');
	});

	it('reads closedOrderStatuses case-insensitively', () => {
		const options = { ...OPTIONS, closedOrderStatuses: ['Closed', 'FULLYBILLED'] };
		expect(codes(validateHandoff(payload({ orderId: '#1045' }), options).problems)).toEqual([
			'order_closed',
		]);
		expect(codes(validateHandoff(payload({ orderId: '#1045' }), OPTIONS).problems)).toEqual([]);
	});

	it('wrong_subsidiary when the order lives in another subsidiary than the mapped one', () => {
		const result = validateHandoff(payload({ orderId: '#1044' }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(result.verdict).toBe('blocked');
		const problem = only(result.problems, 'wrong_subsidiary');
		expect(problem).toMatchObject({
			expected: 'Canada Retail',
			actual: 'US Retail',
			fixable: false,
		});
		expect(result.tag.cause).toBe('wrong_subsidiary');
	});

	it('a guard builds the known-orders index once, not per payload', () => {
		let reads = 0;
		const knownOrders = Array.from({ length: 3 }, (_, i) => {
			const order = { status: 'pendingReturn', subsidiary: 'US Retail' } as Record<string, unknown>;
			Object.defineProperty(order, 'orderRef', {
				enumerable: true,
				get: () => {
					reads++;
					return `SO-${String(1042 + i).padStart(7, '0')}`;
				},
			});
			return order;
		});
		const check = createHandoffGuard({ ...OPTIONS, knownOrders } as GuardOptions);
		check(payload());
		const afterFirst = reads;
		for (let i = 0; i < 50; i++) check(payload());
		expect(afterFirst).toBeGreaterThan(0);
		expect(reads).toBe(afterFirst);
	});
});

describe('validateHandoff: unmapped_status', () => {
	it('blocks a status the status map does not know and predicts missing_handoff', () => {
		const result = validateHandoff(payload({ status: 'requested' }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(result.verdict).toBe('blocked');
		const problem = only(result.problems, 'unmapped_status');
		expect(problem).toMatchObject({ field: 'status', actual: 'requested', fixable: false });
		expect(result.tag.symptom).toBe('missing_handoff');
		expect(result.tag.cause).toBe('unmapped_status');
		expect(result.normalized.status).toBeUndefined();
	});

	it('blocks a missing status when there is a status map', () => {
		const result = validateHandoff(payload({ status: undefined }), OPTIONS);
		expect(only(result.problems, 'unmapped_status').actual).toBeNull();
	});

	it('maps the status exactly first, then forgiving case', () => {
		expect(validateHandoff(payload({ status: 'Received' }), OPTIONS).normalized.status).toBe(
			'pendingRefund',
		);
	});

	it('does not check statuses without a status map', () => {
		const { statusMap: _omitted, ...withoutMap } = OPTIONS;
		const result = validateHandoff(payload({ status: 'requested' }), withoutMap);
		expect(result.verdict).toBe('pass');
		expect(result.normalized.status).toBeUndefined();
	});
});

describe('validateHandoff: wrong_subsidiary from the channel map', () => {
	it('blocks a channel the map does not know, unfixable even in normalize mode', () => {
		const result = validateHandoff(payload({ channel: 'web-uk' }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(result.verdict).toBe('blocked');
		const problem = only(result.problems, 'wrong_subsidiary');
		expect(problem).toMatchObject({ field: 'channel', actual: 'web-uk', fixable: false });
		expect(result.normalized.subsidiary).toBeUndefined();
	});

	it('blocks a payload with no channel', () => {
		const result = validateHandoff(payload({ channel: undefined }), OPTIONS);
		expect(only(result.problems, 'wrong_subsidiary').actual).toBeNull();
	});

	it('a payload subsidiary that differs from the map is fixable', () => {
		const validated = validateHandoff(payload({ subsidiary: 'Canada Retail' }), OPTIONS);
		expect(validated.verdict).toBe('blocked');
		expect(only(validated.problems, 'wrong_subsidiary')).toMatchObject({
			field: 'subsidiary',
			expected: 'US Retail',
			actual: 'Canada Retail',
			fixable: true,
		});
		const normalized = validateHandoff(payload({ subsidiary: 'Canada Retail' }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(normalized.verdict).toBe('pass');
		expect(normalized.normalized.subsidiary).toBe('US Retail');
		expect(codes(normalized.problems)).toEqual(['wrong_subsidiary']);
	});

	it('does not check subsidiaries without a map', () => {
		const { subsidiaryMap: _omitted, knownOrders: _known, ...withoutMap } = OPTIONS;
		const result = validateHandoff(payload({ channel: 'web-uk' }), withoutMap);
		expect(result.verdict).toBe('pass');
		expect(result.normalized.subsidiary).toBeUndefined();
	});
});

describe('validateHandoff: the refund check (lines minus restocking fee)', () => {
	// Lines 60.00 + 40.00 minus a 15.00 fee: the refund must be 85.00 ± 0.01.
	it.each([
		['84.99', 'pass'],
		['85.00', 'pass'],
		['85.01', 'pass'],
		['84.98', 'blocked'],
		['85.02', 'blocked'],
	])('refund %s → %s', (refundAmount, verdict) => {
		expect(validateHandoff(payload({ refundAmount }), OPTIONS).verdict).toBe(verdict);
	});

	it('names the expected and actual refund as decimal strings and predicts partial_receipt_conflict', () => {
		const result = validateHandoff(payload({ refundAmount: 100 }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(result.verdict).toBe('blocked');
		const problem = only(result.problems, 'restocking_fee');
		expect(problem).toMatchObject({
			field: 'refundAmount',
			expected: '85.00',
			actual: '100.00',
			fixable: false,
		});
		expect(result.tag.symptom).toBe('partial_receipt_conflict');
		expect(result.tag.cause).toBe('restocking_fee');
		expect(result.tag.scope).toBe('ops');
	});

	it('respects a wider tolerance', () => {
		const options = { ...OPTIONS, amountTolerance: 0.05 };
		expect(validateHandoff(payload({ refundAmount: '85.05' }), options).verdict).toBe('pass');
		expect(validateHandoff(payload({ refundAmount: '85.06' }), options).verdict).toBe('blocked');
	});

	it('reads the currency exponent: JPY has no minor unit', () => {
		const yen = payload({
			currency: 'JPY',
			refundAmount: 5500,
			lines: [{ sku: 'MUG-01', category: 'home', amount: 6000 }],
			receipt: { restockingFee: 500 },
		});
		expect(validateHandoff(yen, OPTIONS).verdict).toBe('pass');
		const off = validateHandoff({ ...yen, refundAmount: 5501 }, OPTIONS);
		expect(only(off.problems, 'restocking_fee')).toMatchObject({
			expected: '5500',
			actual: '5501',
		});
	});

	it('reads minor units when amountUnits.payload is minor', () => {
		const cents = payload({
			refundAmount: 8500,
			lines: [
				{ sku: 'TEE-BLK-M', amount: 6000 },
				{ sku: 'HOOD-GRY-L', amount: 4000 },
			],
			receipt: { restockingFee: 1500 },
		});
		const options = { ...OPTIONS, amountUnits: { payload: 'minor' as const } };
		expect(validateHandoff(cents, options).verdict).toBe('pass');
		expect(validateHandoff({ ...cents, refundAmount: 8502 }, options).verdict).toBe('blocked');
	});

	it('is skipped without a restocking fee or when a line has no amount', () => {
		expect(validateHandoff(payload({ refundAmount: '100.00', receipt: {} }), OPTIONS).verdict).toBe(
			'pass',
		);
		const partial = payload({
			refundAmount: '10.00',
			lines: [{ sku: 'TEE-BLK-M', amount: '60.00' }, { sku: 'HOOD-GRY-L' }],
		});
		expect(validateHandoff(partial, OPTIONS).verdict).toBe('pass');
	});
});

describe('validateHandoff: amount_invalid and currency_invalid', () => {
	it.each([
		['refundAmount', { refundAmount: '85,00' }, 'refundAmount'],
		[
			'a line amount',
			{
				lines: [
					{ sku: 'TEE-BLK-M', amount: '60.00' },
					{ sku: 'HOOD-GRY-L', amount: 'forty' },
				],
			},
			'lines.1.amount',
		],
		['the restocking fee', { receipt: { restockingFee: 'NaN' } }, 'receipt.restockingFee'],
	])('%s that is not an amount: amount_invalid, no symptom', (_name, overrides, field) => {
		const result = validateHandoff(payload(overrides), OPTIONS);
		expect(result.verdict).toBe('blocked');
		expect(codes(result.problems)).toEqual(['amount_invalid']);
		expect(result.problems[0].field).toBe(field);
		expect(result.tag.symptom).toBeNull();
		expect(result.tag.cause).toBe('invalid_record');
	});

	it('currency_invalid for a currency that is not an ISO 4217 code', () => {
		const result = validateHandoff(payload({ currency: 'US Dollars' }), OPTIONS);
		expect(result.verdict).toBe('blocked');
		expect(only(result.problems, 'currency_invalid')).toMatchObject({
			field: 'currency',
			actual: 'US Dollars',
		});
		expect(result.tag.symptom).toBeNull();
	});
});

describe('validateHandoff: several problems', () => {
	it('lists every problem, mirrors each in a finding, and names the highest-priority symptom', () => {
		const result = validateHandoff(
			payload({ returnId: undefined, status: 'requested', refundAmount: '100.00' }),
			OPTIONS,
		);
		expect(codes(result.problems)).toEqual([
			'return_id_missing',
			'unmapped_status',
			'restocking_fee',
		]);
		expect(result.tag.findings.map((f) => f.evidence.problem)).toEqual(codes(result.problems));
		expect(result.tag.findings.map((f) => f.message)).toEqual(
			result.problems.map((p) => p.message),
		);
		// missing_handoff outranks id_linkage_failure and partial_receipt_conflict.
		expect(result.tag.symptom).toBe('missing_handoff');
		expect(result.tag.severity).toBe('error');
	});

	it('normalize mode blocks when one problem is fixable and another is not', () => {
		const result = validateHandoff(payload({ orderRef: 'so-1042', status: 'requested' }), {
			...OPTIONS,
			mode: 'normalize',
		});
		expect(result.verdict).toBe('blocked');
		expect(result.normalized.orderRef).toBe('SO-0001042');
	});
});

describe('validateHandoff: options', () => {
	it('reads payload fields through fieldPaths', () => {
		const options: GuardOptions = {
			...OPTIONS,
			fieldPaths: { payload: { returnId: 'rma.number', orderId: 'order.name' } },
		};
		const nested = payload({
			returnId: undefined,
			orderId: undefined,
			orderRef: 'SO-0001042',
			rma: {},
			order: { name: '#1042' },
		});
		const result = validateHandoff(nested, options);
		expect(codes(result.problems)).toEqual(['return_id_missing']);
		expect(result.problems[0].field).toBe('rma.number');
		expect(result.normalized.orderRef).toBe('SO-0001042');
	});

	it('ignores the names of the vocabulary the Guard does not use, so one settings object serves all', () => {
		const settings = { ...OPTIONS, slaWindowMinutes: 240, structuralThreshold: 3 };
		expect(validateHandoff(payload(), settings).verdict).toBe('pass');
	});

	it('refuses a misspelt option, suggesting the name it meant', () => {
		const misspelt = { ...OPTIONS, statusMpa: { refunded: 'refunded' } } as GuardOptions;
		expect(() => validateHandoff(payload(), misspelt)).toThrow(
			expect.objectContaining({ option: 'statusMpa', suggestion: 'statusMap' }),
		);
		expect(() => validateHandoff(payload(), misspelt)).toThrow(/did you mean statusMap\?/);
		expect(() => validateHandoff(payload(), { mode: 'fix' } as unknown as GuardOptions)).toThrow(
			OptionsError,
		);
	});

	it('reads an options object anew on every call: a change between calls takes effect', () => {
		const options: GuardOptions = { ...OPTIONS, statusMap: { refunded: 'refunded' } };
		expect(validateHandoff(payload(), options).normalized.status).toBe('refunded');
		options.statusMap = { refunded: 'pendingRefund' };
		expect(validateHandoff(payload(), options).normalized.status).toBe('pendingRefund');
		(options.statusMap as Record<string, string>).refunded = 'closedRefund';
		expect(validateHandoff(payload(), options).normalized.status).toBe('closedRefund');
	});

	it('reads the clock per call when `now` is not given, even with a cached options object', () => {
		jest.useFakeTimers();
		try {
			const { now: _omitted, ...options } = OPTIONS;
			jest.setSystemTime(new Date('2026-03-02T09:00:00Z'));
			const first = validateHandoff(payload(), options).tag.checkedAt;
			jest.setSystemTime(new Date('2026-03-02T10:30:00Z'));
			const second = validateHandoff(payload(), options).tag.checkedAt;
			expect(first).toBe('2026-03-02T09:00:00.000Z');
			expect(second).toBe('2026-03-02T10:30:00.000Z');
		} finally {
			jest.useRealTimers();
		}
	});

	it('works with no options at all', () => {
		const result = validateHandoff(payload({ orderRef: '1042' }));
		expect(result.verdict).toBe('pass');
		// Default ID rules: strip "#", no ERP prefix, no padding.
		expect(result.normalized.orderRef).toBe('1042');
	});
});
