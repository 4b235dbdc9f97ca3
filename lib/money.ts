/**
 * Money as integer minor units. Amounts arrive as numbers or decimal strings, in major units by
 * default or in minor units (Stripe's cents) when `amountUnits` says so; they are compared as
 * integers by the currency's ISO 4217 exponent, never with float equality.
 */

export type AmountUnits = 'major' | 'minor';

/** ISO 4217 currencies whose minor unit is not 1/100. */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
	BIF: 0,
	CLP: 0,
	DJF: 0,
	GNF: 0,
	ISK: 0,
	JPY: 0,
	KMF: 0,
	KRW: 0,
	PYG: 0,
	RWF: 0,
	UGX: 0,
	UYI: 0,
	VND: 0,
	VUV: 0,
	XAF: 0,
	XOF: 0,
	XPF: 0,
	BHD: 3,
	IQD: 3,
	JOD: 3,
	KWD: 3,
	LYD: 3,
	OMR: 3,
	TND: 3,
};

export function currencyExponent(currency: string | null | undefined): number {
	if (!currency) return 2;
	const exponent = EXPONENT_EXCEPTIONS[currency.toUpperCase()];
	return exponent === undefined ? 2 : exponent;
}

/** A currency code as compared: trimmed, upper case; null when absent or not a 3-letter code. */
export function normalizeCurrency(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const code = value.trim().toUpperCase();
	return /^[A-Z]{3}$/.test(code) ? code : null;
}

export type ParsedAmount = { ok: true; minor: number } | { ok: false; reason: string };

const DECIMAL = /^[+-]?(\d+)(?:\.(\d*))?$|^[+-]?\.(\d+)$/;

/**
 * Reads an amount into integer minor units. Decimal strings are read digit by digit (no float
 * rounding); extra fraction digits beyond the currency's exponent round half away from zero.
 * Thousands separators, exponents, NaN and infinities are rejected: "1,234" could be either
 * 1234 or 1.234, and guessing money is worse than naming the problem.
 */
export function parseAmount(
	value: unknown,
	currency: string | null,
	units: AmountUnits,
): ParsedAmount {
	const exponent = units === 'minor' ? 0 : currencyExponent(currency);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return { ok: false, reason: `${String(value)} is not an amount` };
		if (units === 'minor' && !Number.isInteger(value)) {
			return { ok: false, reason: `${value} is not a whole number of minor units` };
		}
		const minor = roundHalfAwayFromZero(value * 10 ** exponent);
		if (!Number.isSafeInteger(minor)) return { ok: false, reason: `${value} is too large` };
		return { ok: true, minor: minor === 0 ? 0 : minor };
	}
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.length === 0 || text.length > 40 || !DECIMAL.test(text)) {
			return { ok: false, reason: `"${truncate(value)}" is not a decimal amount` };
		}
		const negative = text.startsWith('-');
		const unsigned = text.replace(/^[+-]/, '');
		const [wholeText, fractionText = ''] = unsigned.split('.');
		if (units === 'minor' && /[1-9]/.test(fractionText)) {
			return { ok: false, reason: `"${truncate(value)}" is not a whole number of minor units` };
		}
		const kept = fractionText.slice(0, exponent).padEnd(exponent, '0');
		const roundUp = fractionText.length > exponent && fractionText.charCodeAt(exponent) >= 53; // '5'
		let minor = Number((wholeText || '0') + kept) + (roundUp ? 1 : 0);
		if (!Number.isSafeInteger(minor))
			return { ok: false, reason: `"${truncate(value)}" is too large` };
		if (negative) minor = -minor;
		return { ok: true, minor: minor === 0 ? 0 : minor };
	}
	if (value === null || value === undefined) return { ok: false, reason: 'no amount' };
	return {
		ok: false,
		reason: `a ${Array.isArray(value) ? 'list' : typeof value} is not an amount`,
	};
}

/** The tolerance (in currency units) as minor units of that currency. */
export function toleranceMinor(tolerance: number, currency: string | null): number {
	return Math.round(tolerance * 10 ** currencyExponent(currency) + 1e-9);
}

/** Minor units back to a decimal string, for messages and evidence. */
export function formatMinor(minor: number, currency: string | null): string {
	const exponent = currencyExponent(currency);
	const sign = minor < 0 ? '-' : '';
	const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
	const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
	const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
	return `${sign}${whole}${fraction}${currency ? ` ${currency}` : ''}`;
}

function roundHalfAwayFromZero(x: number): number {
	// Multiplying 100.01 by 100 gives 10000.999999999998; the nudge keeps such values whole.
	const nudged = x + Math.sign(x) * 1e-7;
	return Math.sign(nudged) * Math.round(Math.abs(nudged));
}

function truncate(text: string): string {
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
