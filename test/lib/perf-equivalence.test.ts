/**
 * The readers' fast paths (issue 5: a million returns a run) must answer exactly as the general
 * code they short-cut: amounts, timestamps, currency codes, order cores, IDs. Each property
 * draws both the shapes the fast path takes and the near misses it must hand on.
 */
import fc from 'fast-check';

import { returnIdKey } from '../../lib/match';
import { amountMinor, currencyExponent, normalizeCurrency, parseAmount } from '../../lib/money';
import { resolveOptions } from '../../lib/options';
import { orderCore, spelledCoreGeneral } from '../../lib/orderRef';
import { readId } from '../../lib/records';
import { parseTime, timeMs } from '../../lib/time';

const RUNS = { numRuns: 5_000 };

const digit = fc.constantFrom(...'0123456789');
const digits = (min: number, max: number) =>
	fc.array(digit, { minLength: min, maxLength: max }).map((list) => list.join(''));
const pad = (value: number, width: number) => String(value).padStart(width, '0');

describe('amountMinor is parseAmount as a number', () => {
	const currency = fc.constantFrom('USD', 'usd', 'JPY', 'KWD', 'BHD', 'XYZ', '', null);
	const units = fc.constantFrom<'major' | 'minor'>('major', 'minor');
	const decimal = fc
		.tuple(
			fc.constantFrom('', '-', '+', ' '),
			digits(0, 16),
			fc.constantFrom('', '.'),
			digits(0, 5),
			fc.constantFrom('', ' ', 'x'),
		)
		.map((parts) => parts.join(''));
	const amount = fc.oneof(
		decimal,
		fc.double(),
		fc.integer(),
		fc.constantFrom(0.1 + 0.2, 100.01, -0, 2 ** 53, 1e21, '1e3', '1,234', Number.NaN, true),
	);

	it('agrees on every value, currency and unit', () => {
		fc.assert(
			fc.property(amount, currency, units, (value, code, unit) => {
				const parsed = parseAmount(value, code, unit);
				expect(Object.is(amountMinor(value, code, unit), parsed.ok ? parsed.minor : NaN)).toBe(
					true,
				);
			}),
			RUNS,
		);
	});
});

describe('timeMs is parseTime as a number', () => {
	const iso = fc
		.tuple(
			fc.integer({ min: 0, max: 10_000 }),
			fc.integer({ min: 0, max: 13 }),
			fc.integer({ min: 0, max: 32 }),
			fc.integer({ min: 0, max: 25 }),
			fc.integer({ min: 0, max: 61 }),
			fc.integer({ min: 0, max: 61 }),
			fc.constantFrom('', '.000', '.5', '.123', '.999', '.1234'),
			fc.constantFrom(
				'Z',
				'z',
				'+00:00',
				'-05:30',
				'+14:00',
				'+23:59',
				'+24:00',
				'-00:60',
				'+0530',
				'',
			),
			fc.constantFrom('T', ' ', 't'),
		)
		.map(
			([year, month, day, hour, minute, second, fraction, zone, separator]) =>
				`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}${separator}${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}${zone}`,
		);
	const time = fc.oneof(
		iso,
		iso.map((text) => ` ${text}`),
		fc.string(),
		fc.double(),
		fc.integer(),
		fc.constantFrom('2024-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '0099-01-01T00:00:00Z', null),
	);

	it('agrees on every value', () => {
		fc.assert(
			fc.property(time, (value) => {
				const parsed = parseTime(value);
				expect(Object.is(timeMs(value), parsed.ok ? parsed.ms : NaN)).toBe(true);
			}),
			RUNS,
		);
	});
});

describe('currency codes', () => {
	const code = fc.oneof(
		fc.string({ maxLength: 5 }),
		fc.constantFrom('USD', 'usd', 'Usd', 'jpy', 'KWD', ' gbp', 'ÜSD', 'U1D', 'ß12'),
	);

	it('normalizeCurrency is trim, upper case, three letters', () => {
		fc.assert(
			fc.property(code, (value) => {
				const upper = value.trim().toUpperCase();
				expect(normalizeCurrency(value)).toBe(/^[A-Z]{3}$/.test(upper) ? upper : null);
			}),
			RUNS,
		);
	});

	it('currencyExponent is the same for a code in any case, in any order of calls', () => {
		for (const [value, exponent] of [
			['JPY', 0],
			['jpy', 0],
			['USD', 2],
			['KWD', 3],
			['kwd', 3],
			['', 2],
			['XYZ', 2],
			['JPY', 0],
		] as const) {
			expect(currencyExponent(value)).toBe(exponent);
		}
	});
});

describe('order cores: the ASCII path is the general one', () => {
	// Lower-casing changes the length of 'İ' and maps the Kelvin sign to an ASCII 'k': affixes
	// holding them must match ASCII references exactly as the general path decides.
	const piece = fc.constantFrom(
		...['#', 'SO-', 'so-', 'S', '0', '00', '1001', 'A17', ' ', '\t', '-US', 'us', 'K', 'k'],
		...['I', 'i', 'İ', 'é', '\u212a'],
	);
	const ref = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));
	const affixes = fc.array(
		fc.constantFrom('#', 'SO-', 'S', '-US', 'K', 'İ', 'Ab', 'so', '\u212a', 'I-', '-\u212a'),
		{ maxLength: 3 },
	);

	it('gives the same core for every reference and rule set', () => {
		fc.assert(
			fc.property(
				ref,
				affixes,
				affixes,
				fc.constantFrom('', 'SO-', 'K'),
				fc.constantFrom('', '-US'),
				(text, stripPrefixes, stripSuffixes, erpPrefix, erpSuffix) => {
					const prepared = resolveOptions({
						idRules: { stripPrefixes, stripSuffixes, erpPrefix, erpSuffix },
					});
					expect(orderCore(text, prepared)).toBe(
						spelledCoreGeneral(text, prepared)?.toLowerCase() ?? null,
					);
				},
			),
			RUNS,
		);
	});
});

describe('IDs', () => {
	const id = fc.oneof(
		fc.string({ maxLength: 8 }),
		fc.constantFrom('RA-10042', 'ra-10042', ' RA-1 ', '\u00a0RA-1', 'RA-1\u3000', 'straße', ''),
	);

	it('readId trims as String.prototype.trim does', () => {
		fc.assert(
			fc.property(id, (value) => {
				const text = value.trim();
				expect(readId(value)).toBe(text.length > 0 && text.length <= 200 ? text : null);
			}),
			RUNS,
		);
	});

	it('returnIdKey is the upper-cased ID', () => {
		fc.assert(
			fc.property(id, (value) => {
				expect(returnIdKey(value)).toBe(value.toUpperCase());
			}),
			RUNS,
		);
	});
});
