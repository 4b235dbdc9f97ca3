import { currencyExponent, formatMinor, parseAmount, toleranceMinor } from '../../lib/money';

describe('money in minor units', () => {
	it.each([
		['89.50', 'USD', 'major', 8950],
		[89.5, 'USD', 'major', 8950],
		[100.01, 'USD', 'major', 10001],
		['12000', 'JPY', 'major', 12000],
		['24.125', 'KWD', 'major', 24125],
		[8950, 'USD', 'minor', 8950],
		['0.005', 'USD', 'major', 1],
		['-13.43', 'USD', 'major', -1343],
	] as const)('%j %s in %s units is %i minor units', (value, currency, units, minor) => {
		expect(parseAmount(value, currency, units)).toEqual({ ok: true, minor });
	});

	it.each([['1,234.00'], ['N/A'], [Number.NaN], ['1e3'], [{}], [89.5]])(
		'rejects %j as an amount in minor units or at all',
		(value) => {
			const units = typeof value === 'number' && Number.isFinite(value) ? 'minor' : 'major';
			expect(parseAmount(value, 'USD', units).ok).toBe(false);
		},
	);

	it('knows the ISO 4217 exponents the contract names', () => {
		expect([currencyExponent('JPY'), currencyExponent('KWD'), currencyExponent('usd')]).toEqual([
			0, 3, 2,
		]);
	});

	it('turns the tolerance into minor units of the currency', () => {
		expect(toleranceMinor(0.01, 'USD')).toBe(1);
		expect(toleranceMinor(0.01, 'KWD')).toBe(10);
		expect(toleranceMinor(0.01, 'JPY')).toBe(0);
	});

	it('formats minor units for messages', () => {
		expect(formatMinor(8950, 'USD')).toBe('89.50 USD');
		expect(formatMinor(-5, 'USD')).toBe('-0.05 USD');
		expect(formatMinor(24125, 'KWD')).toBe('24.125 KWD');
		expect(formatMinor(12000, 'JPY')).toBe('12000 JPY');
	});
});
