/**
 * Timestamps: ISO 8601 strings (with an offset; one without is read as UTC), or epoch numbers
 * (below 10^11 seconds, as Stripe sends them; else milliseconds). Returned as epoch ms.
 */

const EPOCH_SECONDS_BELOW = 1e11;
const ISO =
	/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const MAX_MS = 8.64e15;
export const MINUTE_MS = 60_000;

export type ParsedTime = { ok: true; ms: number } | { ok: false; reason: string };

export function parseTime(value: unknown): ParsedTime {
	if (value instanceof Date) {
		const ms = value.getTime();
		return Number.isFinite(ms) ? { ok: true, ms } : { ok: false, reason: 'an invalid Date' };
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return { ok: false, reason: `${String(value)} is not a time` };
		const ms = Math.abs(value) < EPOCH_SECONDS_BELOW ? value * 1000 : value;
		return Math.abs(ms) <= MAX_MS
			? { ok: true, ms }
			: { ok: false, reason: `${value} is out of range` };
	}
	if (typeof value === 'string') {
		const text = value.trim();
		if (/^\d{1,16}$/.test(text)) return parseTime(Number(text));
		if (text.length > 40 || !ISO.test(text)) {
			return { ok: false, reason: `"${text.slice(0, 40)}" is not an ISO 8601 time` };
		}
		const withOffset = text.length > 10 && !HAS_OFFSET.test(text) ? `${text}Z` : text;
		const ms = Date.parse(withOffset.replace(' ', 'T'));
		return Number.isFinite(ms)
			? { ok: true, ms }
			: { ok: false, reason: `"${text}" is not a valid date` };
	}
	if (value === null || value === undefined) return { ok: false, reason: 'no time' };
	return { ok: false, reason: `a ${Array.isArray(value) ? 'list' : typeof value} is not a time` };
}

/**
 * `parseTime` as a plain number, NaN where it fails: the record readers' hot path, with no
 * result object per timestamp. The shapes middleware actually sends (`2026-11-20T10:00:00Z`,
 * with milliseconds or a `+02:00` offset) and epoch numbers are read here; anything else goes
 * to `parseTime`, so the two never disagree (a test pins it).
 */
export function timeMs(value: unknown): number {
	if (typeof value === 'string') {
		const ms = isoFast(value);
		if (ms === ms) return ms;
	} else if (typeof value === 'number') {
		if (!Number.isFinite(value)) return Number.NaN;
		const ms = Math.abs(value) < EPOCH_SECONDS_BELOW ? value * 1000 : value;
		return Math.abs(ms) <= MAX_MS ? ms : Number.NaN;
	}
	const parsed = parseTime(value);
	return parsed.ok ? parsed.ms : Number.NaN;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DDTHH:MM:SS[.sss](Z|±HH:MM)` read digit by digit, or NaN for any other shape or an
 * out-of-range field, which `parseTime` then judges. Within these ranges `Date.parse` computes
 * exactly `Date.UTC` (years below 100 are left to it too: `Date.UTC` reads them as 19xx).
 */
function isoFast(text: string): number {
	const length = text.length;
	const millis = length === 24 || length === 29;
	if (!(length === 20 || length === 25 || millis)) return Number.NaN;
	if (
		text.charCodeAt(4) !== 45 || // '-'
		text.charCodeAt(7) !== 45 ||
		text.charCodeAt(10) !== 84 || // 'T'
		text.charCodeAt(13) !== 58 || // ':'
		text.charCodeAt(16) !== 58 ||
		(millis && text.charCodeAt(19) !== 46) // '.'
	) {
		return Number.NaN;
	}
	const year = digits(text, 0, 4);
	const month = digits(text, 5, 2);
	const day = digits(text, 8, 2);
	const hour = digits(text, 11, 2);
	const minute = digits(text, 14, 2);
	const second = digits(text, 17, 2);
	const ms = millis ? digits(text, 20, 3) : 0;
	if (
		!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]) ||
		!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) ||
		ms < 0
	) {
		return Number.NaN;
	}
	if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) {
		return Number.NaN;
	}
	const utc =
		daysFromCivil(year, month, day) * 86_400_000 +
		hour * 3_600_000 +
		minute * MINUTE_MS +
		second * 1000 +
		ms;
	const zone = millis ? 23 : 19;
	const sign = text.charCodeAt(zone);
	if (length === zone + 1) return sign === 90 ? utc : Number.NaN; // 'Z'
	if ((sign !== 43 && sign !== 45) || text.charCodeAt(zone + 3) !== 58) return Number.NaN; // '+' '-' ':'
	const offsetHours = digits(text, zone + 1, 2);
	const offsetMinutes = digits(text, zone + 4, 2);
	if (!(offsetHours >= 0 && offsetHours <= 23 && offsetMinutes >= 0 && offsetMinutes <= 59)) {
		return Number.NaN;
	}
	const offsetMs = (offsetHours * 60 + offsetMinutes) * MINUTE_MS;
	return sign === 43 ? utc - offsetMs : utc + offsetMs;
}

/**
 * Days since 1970-01-01 of a valid proleptic Gregorian date (year ≥ 0), in integer arithmetic
 * (H. Hinnant's days_from_civil): what `Date.UTC` computes, without a call into the runtime.
 */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
	const dayOfEra =
		yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146_097 + dayOfEra - 719_468;
}

/** The decimal number in `count` digits at `from`, or -1 when one of them is not a digit. */
function digits(text: string, from: number, count: number): number {
	let value = 0;
	for (let i = from; i < from + count; i++) {
		const code = text.charCodeAt(i) - 48;
		if (code < 0 || code > 9) return -1;
		value = value * 10 + code;
	}
	return value;
}
