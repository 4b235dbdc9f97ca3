import { resolveOptions } from '../../lib/options';
import { compareOrderRef, expectedErpRef, orderCore } from '../../lib/orderRef';

function rulesOf(idRules: Record<string, unknown>, idMap: Record<string, string> = {}) {
	return resolveOptions({ idRules, idMap });
}

describe('order references (reconciliation rule 0)', () => {
	const netsuite = rulesOf({ stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 });

	it.each(['#1001', '1001', '0001001', 'SO-1001', 'so-0001001', 'SO-0001001', ' #1001 '])(
		'%j has core 1001',
		(ref) => {
			expect(orderCore(ref, netsuite)).toBe('1001');
		},
	);

	it('keeps a core that is all zeros, and compares cores case-insensitively', () => {
		expect(orderCore('SO-0000000', netsuite)).toBe('0');
		expect(orderCore('SO-00A17', netsuite)).toBe(orderCore('a17', netsuite));
	});

	it('expects erpPrefix + the core padded to padLength, never truncated', () => {
		expect(expectedErpRef('#1042', netsuite)).toBe('SO-0001042');
		expect(expectedErpRef('#123456789', netsuite)).toBe('SO-123456789');
		expect(expectedErpRef('#1042', rulesOf({ erpSuffix: '-US', padLength: 0 }))).toBe('1042-US');
	});

	it('consults the ID map before the rules', () => {
		const mapped = rulesOf({ erpPrefix: 'SO-', padLength: 7 }, { '#1042': 'NS-A1042' });
		expect(expectedErpRef('#1042', mapped)).toBe('NS-A1042');
		expect(expectedErpRef('#1043', mapped)).toBe('SO-0001043');
	});

	it.each([
		['SO-0001042', 'exact'],
		['SO-1042', 'format'],
		['so-0001042', 'format'],
		['SO-0001043', 'mismatch'],
		['', 'missing'],
		[null, 'missing'],
	])('%j against SO-0001042 is %s', (actual, comparison) => {
		expect(compareOrderRef(actual, 'SO-0001042', netsuite)).toBe(comparison);
	});

	it('treats prefixes as literal text, not patterns', () => {
		const dotted = rulesOf({ stripPrefixes: ['.*'] });
		expect(orderCore('.*1042', dotted)).toBe('1042');
		expect(orderCore('AB1042', dotted)).toBe('ab1042');
	});
});
