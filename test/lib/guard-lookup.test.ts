// The Guard's part of the live lookup (docs/rules.md "Live ERP order lookup"): which order a
// payload would post against, and a lookup that failed blocking every payload, retryable.
import { createHandoffGuard } from '../../lib/guard';

const idRules = { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 };
const loopReturn = {
	returnId: 'RA-7001',
	orderId: '#7001',
	orderRef: 'SO-0007001',
	status: 'refunded',
	refundAmount: '25.00',
	currency: 'USD',
};

describe('createHandoffGuard(options).orderRefOf', () => {
	const guard = createHandoffGuard({ idRules });

	it('names the ERP order a payload would post against, by the ID rules', () => {
		expect(guard.orderRefOf(loopReturn)).toBe('SO-0007001');
		expect(guard.orderRefOf({ orderId: '#42' })).toBe('SO-0000042');
		expect(guard.orderRefOf({ orderRef: 'SO-42' })).toBe('SO-0000042');
	});

	it('names none for a payload without an order, or that is not an object', () => {
		expect(guard.orderRefOf({ returnId: 'RA-1' })).toBeNull();
		expect(guard.orderRefOf(null)).toBeNull();
		expect(guard.orderRefOf(['#42'])).toBeNull();
	});
});

describe('a lookup that failed', () => {
	const guard = createHandoffGuard(
		{ idRules },
		{ name: 'NetSuite', lookupFailed: 'Service Unavailable (HTTP 503, 4 tries)' },
	);

	it('blocks a payload that would otherwise pass, as missing_handoff/erp_unavailable, retryable', () => {
		const result = guard(loopReturn);

		expect(result.verdict).toBe('blocked');
		expect(result.problems.map((p) => p.code)).toEqual(['order_lookup_failed']);
		expect(result.problems[0].message).toContain('NetSuite');
		expect(result.problems[0].message).toContain('HTTP 503');
		expect(result.tag).toMatchObject({
			state: 'mismatch',
			symptom: 'missing_handoff',
			cause: 'erp_unavailable',
			retryable: true,
		});
	});

	it('blocks in normalize mode too: the problem is not fixable', () => {
		const normalizing = createHandoffGuard(
			{ idRules, mode: 'normalize' },
			{ name: 'NetSuite', lookupFailed: 'timeout' },
		);
		expect(normalizing(loopReturn).verdict).toBe('blocked');
	});

	it('leaves a guard with no failed lookup without retryable', () => {
		expect(createHandoffGuard({ idRules })(loopReturn).tag.retryable).toBeUndefined();
	});
});
