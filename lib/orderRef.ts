/**
 * Order references across systems (reconciliation rule 0). The core of a reference is what is
 * left after trimming, removing one configured prefix and suffix (and the ERP's own) where
 * present, case-insensitively, and leading zeros; cores compare case-insensitively. All rules
 * are literal strings: nothing here is read as a pattern.
 */
import type { Affix, ResolvedOptions } from './options';

/**
 * Whether `text` starts (or ends) with `affix`, ignoring case. The text is sliced by the
 * affix's own length before lower-casing, because lower-casing can change a length ('İ' becomes
 * two characters) and slicing by the lower-cased length would cut the wrong characters.
 */
function hasAffix(text: string, affix: Affix, atStart: boolean): boolean {
	const length = affix.text.length;
	if (text.length <= length) return false;
	const part = atStart ? text.slice(0, length) : text.slice(text.length - length);
	return part === affix.text || part.toLowerCase() === affix.lower;
}

/** The core as spelled (case kept), or null when nothing is left. */
function spelledCore(ref: string, options: ResolvedOptions): string | null {
	const fast = spelledCoreAscii(ref, options);
	return fast !== undefined ? fast : spelledCoreGeneral(ref, options);
}

/** `spelledCore` for any text; exported for the test that pins the ASCII path to it. */
export function spelledCoreGeneral(ref: string, options: ResolvedOptions): string | null {
	let text = ref.trim();
	for (const prefix of options.idRules.prefixes) {
		if (hasAffix(text, prefix, true)) {
			text = text.slice(prefix.text.length);
			break;
		}
	}
	for (const suffix of options.idRules.suffixes) {
		if (hasAffix(text, suffix, false)) {
			text = text.slice(0, text.length - suffix.text.length);
			break;
		}
	}
	text = text.trim();
	let start = 0;
	while (start < text.length - 1 && text.charCodeAt(start) === 48) start++; // '0'
	text = text.slice(start);
	return text.length > 0 ? text : null;
}

/**
 * `spelledCore` for plain ASCII references (nearly all), by index arithmetic: one slice at the
 * end instead of a lower-cased copy and a slice per step, for every record of a run. ASCII
 * lower-casing keeps every length, so the steps and their results are the same; anything else
 * (undefined) goes the general way.
 */
function spelledCoreAscii(ref: string, options: ResolvedOptions): string | null | undefined {
	for (let i = 0; i < ref.length; i++) if (ref.charCodeAt(i) > 127) return undefined;
	let start = 0;
	let end = ref.length;
	while (start < end && isAsciiSpace(ref.charCodeAt(start))) start++;
	while (end > start && isAsciiSpace(ref.charCodeAt(end - 1))) end--;
	for (const prefix of options.idRules.prefixes) {
		if (hasAsciiAffix(ref, start, end, prefix, true)) {
			start += prefix.text.length;
			break;
		}
	}
	for (const suffix of options.idRules.suffixes) {
		if (hasAsciiAffix(ref, start, end, suffix, false)) {
			end -= suffix.text.length;
			break;
		}
	}
	while (start < end && isAsciiSpace(ref.charCodeAt(start))) start++;
	while (end > start && isAsciiSpace(ref.charCodeAt(end - 1))) end--;
	while (start < end - 1 && ref.charCodeAt(start) === 48) start++; // '0'
	return start < end ? ref.slice(start, end) : null;
}

/** What `String.prototype.trim` removes, within ASCII: tab, line feed, VT, FF, CR, space. */
function isAsciiSpace(code: number): boolean {
	return code === 32 || (code >= 9 && code <= 13);
}

/**
 * `hasAffix` on `ref.slice(start, end)` of an ASCII `ref`, without slicing. An ASCII part
 * lower-cases to its own length, so it can only equal an affix whose lower-cased form kept the
 * affix's length; then the part matches when it lower-cases to that form.
 */
function hasAsciiAffix(
	ref: string,
	start: number,
	end: number,
	affix: Affix,
	atStart: boolean,
): boolean {
	const length = affix.text.length;
	if (end - start <= length || affix.lower.length !== length) return false;
	const at = atStart ? start : end - length;
	for (let i = 0; i < length; i++) {
		let code = ref.charCodeAt(at + i);
		if (code >= 65 && code <= 90) code += 32;
		if (code !== affix.lower.charCodeAt(i)) return false;
	}
	return true;
}

/** The comparison key of an order reference: its core, lower-cased. */
export function orderCore(ref: string | null | undefined, options: ResolvedOptions): string | null {
	if (typeof ref !== 'string') return null;
	return spelledCore(ref, options)?.toLowerCase() ?? null;
}

/**
 * The ERP order ref expected for a portal order ID: the ID map's entry if there is one, else
 * `erpPrefix` + the core zero-padded to `padLength` (never truncated) + `erpSuffix`.
 */
export function expectedErpRef(
	portalOrderId: string | null,
	options: ResolvedOptions,
): string | null {
	if (portalOrderId === null) return null;
	const mapped = options.idMap.get(portalOrderId.trim());
	if (mapped !== undefined) return mapped;
	const core = spelledCore(portalOrderId, options);
	if (core === null) return null;
	const { erpPrefix, erpSuffix, padLength } = options.idRules;
	return `${erpPrefix}${core.padStart(padLength, '0')}${erpSuffix}`;
}

export type RefComparison = 'exact' | 'format' | 'mismatch' | 'missing';

/**
 * How an ERP ref compares with what was expected: the same text, the same order spelled
 * differently (`order_ref_format`), another order (`order_ref_mismatch`), or none at all.
 */
export function compareOrderRef(
	actual: string | null,
	expected: string | null,
	options: ResolvedOptions,
): RefComparison {
	if (actual === null || actual.trim() === '') return 'missing';
	if (expected === null) return 'mismatch';
	if (actual.trim() === expected) return 'exact';
	return orderCore(actual, options) === orderCore(expected, options) ? 'format' : 'mismatch';
}
