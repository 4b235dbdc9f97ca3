/**
 * Timestamps: ISO 8601 strings (with an offset; one without is read as UTC), or epoch numbers
 * (below 10^11 seconds, as Stripe sends them; else milliseconds). Returned as epoch ms.
 */

const EPOCH_SECONDS_BELOW = 1e11;
const ISO =
	/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const HAS_OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const MAX_MS = 8.64e15;

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

export const MINUTE_MS = 60_000;

export function minutesBetween(fromMs: number, toMs: number): number {
	return (toMs - fromMs) / MINUTE_MS;
}
