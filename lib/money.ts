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

const EXPONENTS: ReadonlyMap<string, number> = new Map(Object.entries(EXPONENT_EXCEPTIONS));

/** The last currency looked up: a record's amounts (refund, lines, fee) share one. */
let lastCurrency = '';
let lastExponent = 2;

export function currencyExponent(currency: string | null | undefined): number {
	if (!currency) return 2;
	if (currency === lastCurrency) return lastExponent;
	// Codes arrive normalized (`USD`) almost always: those are looked up as they are, with no
	// upper-cased copy per amount.
	const exponent = EXPONENTS.get(isUpperAscii(currency) ? currency : currency.toUpperCase());
	lastCurrency = currency;
	lastExponent = exponent === undefined ? 2 : exponent;
	return lastExponent;
}

/** A currency code as compared: trimmed, upper case; null when absent or not a 3-letter code. */
export function normalizeCurrency(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	// Three ASCII letters (`USD`, Stripe's `usd`): no trimming and no pattern needed.
	if (value.length === 3) {
		const a = letterCase(value, 0);
		const b = letterCase(value, 1);
		const c = letterCase(value, 2);
		if (a !== 0 && b !== 0 && c !== 0) {
			return a === UPPER && b === UPPER && c === UPPER ? value : value.toUpperCase();
		}
	}
	const code = value.trim().toUpperCase();
	return /^[A-Z]{3}$/.test(code) ? code : null;
}

function isUpperAscii(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if ((code >= 97 && code <= 122) || code > 127) return false;
	}
	return true;
}

const UPPER = 1;
const LOWER = 2;

/** UPPER or LOWER for an ASCII letter, else 0. */
function letterCase(text: string, at: number): number {
	const code = text.charCodeAt(at);
	if (code >= 65 && code <= 90) return UPPER;
	return code >= 97 && code <= 122 ? LOWER : 0;
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
		const minor = numberToMinor(value, exponent);
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

const POWERS_OF_TEN = [1, 10, 100, 1000];

/**
 * `parseAmount` as a plain number, NaN where it fails: the record readers' hot path, with no
 * result object per amount. Numbers and plain decimal strings (`85`, `85.5`, `85.50`) are read
 * here; anything else goes to `parseAmount`, so the two never disagree (a test pins it).
 */
export function amountMinor(value: unknown, currency: string | null, units: AmountUnits): number {
	if (typeof value === 'number') {
		if (Number.isFinite(value) && (units === 'major' || Number.isInteger(value))) {
			const minor = numberToMinor(value, units === 'minor' ? 0 : currencyExponent(currency));
			if (Number.isSafeInteger(minor)) return minor === 0 ? 0 : minor;
		}
		return Number.NaN;
	}
	if (typeof value === 'string' && value.length > 0 && value.length <= 15) {
		const exponent = units === 'minor' ? 0 : currencyExponent(currency);
		let whole = 0;
		let fraction = 0;
		let fractionDigits = -1;
		let plain = true;
		for (let i = 0; i < value.length; i++) {
			const code = value.charCodeAt(i);
			if (code === 46 && fractionDigits === -1 && i > 0) {
				fractionDigits = 0;
			} else if (code >= 48 && code <= 57) {
				if (fractionDigits === -1) whole = whole * 10 + (code - 48);
				else {
					fraction = fraction * 10 + (code - 48);
					fractionDigits++;
				}
			} else {
				plain = false;
				break;
			}
		}
		// Digits, then at most `exponent` decimals: exactly what parseAmount reads digit by digit.
		if (plain && fractionDigits !== 0 && fractionDigits <= exponent) {
			const digits = fractionDigits === -1 ? 0 : fractionDigits;
			const minor = whole * POWERS_OF_TEN[exponent] + fraction * POWERS_OF_TEN[exponent - digits];
			if (Number.isSafeInteger(minor)) return minor;
		}
	}
	const parsed = parseAmount(value, currency, units);
	return parsed.ok ? parsed.minor : Number.NaN;
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

function numberToMinor(value: number, exponent: number): number {
	return roundHalfAwayFromZero(value * 10 ** exponent);
}

function roundHalfAwayFromZero(x: number): number {
	// Multiplying 100.01 by 100 gives 10000.999999999998; the nudge keeps such values whole.
	const nudged = x + Math.sign(x) * 1e-7;
	return Math.sign(nudged) * Math.round(Math.abs(nudged));
}

function truncate(text: string): string {
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
