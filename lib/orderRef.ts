/**
 * Order references across systems (reconciliation rule 0). The core of a reference is what is
 * left after trimming, removing one configured prefix and suffix (and the ERP's own) where
 * present, case-insensitively, and leading zeros; cores compare case-insensitively. All rules
 * are literal strings: nothing here is read as a pattern.
 */
import type { ResolvedIdRules } from './options';

export interface OrderRefRules {
	idRules: ResolvedIdRules;
	idMap: Map<string, string>;
}

/** Prefix and suffix lists, longest first so `SO-` wins over `S`; computed once per run. */
export interface PreparedIdRules {
	prefixes: string[];
	suffixes: string[];
	rules: ResolvedIdRules;
	idMap: Map<string, string>;
}

export function prepareIdRules(
	idRules: ResolvedIdRules,
	idMap: Map<string, string>,
): PreparedIdRules {
	const byLengthDesc = (a: string, b: string) => b.length - a.length;
	const prefixes = [...idRules.stripPrefixes, idRules.erpPrefix]
		.filter((p) => p.length > 0)
		.map((p) => p.toLowerCase())
		.sort(byLengthDesc);
	const suffixes = [...idRules.stripSuffixes, idRules.erpSuffix]
		.filter((s) => s.length > 0)
		.map((s) => s.toLowerCase())
		.sort(byLengthDesc);
	return { prefixes, suffixes, rules: idRules, idMap };
}

/** The core as spelled (case kept), or null when nothing is left. */
function spelledCore(ref: string, prepared: PreparedIdRules): string | null {
	let text = ref.trim();
	let lower = text.toLowerCase();
	for (const prefix of prepared.prefixes) {
		if (lower.startsWith(prefix) && lower.length > prefix.length) {
			text = text.slice(prefix.length);
			lower = lower.slice(prefix.length);
			break;
		}
	}
	for (const suffix of prepared.suffixes) {
		if (lower.endsWith(suffix) && lower.length > suffix.length) {
			text = text.slice(0, text.length - suffix.length);
			break;
		}
	}
	text = text.trim();
	let start = 0;
	while (start < text.length - 1 && text.charCodeAt(start) === 48) start++; // '0'
	text = text.slice(start);
	return text.length > 0 ? text : null;
}

/** The comparison key of an order reference: its core, lower-cased. */
export function orderCore(
	ref: string | null | undefined,
	prepared: PreparedIdRules,
): string | null {
	if (typeof ref !== 'string') return null;
	return spelledCore(ref, prepared)?.toLowerCase() ?? null;
}

/**
 * The ERP order ref expected for a portal order ID: the ID map's entry if there is one, else
 * `erpPrefix` + the core zero-padded to `padLength` (never truncated) + `erpSuffix`.
 */
export function expectedErpRef(
	portalOrderId: string | null,
	prepared: PreparedIdRules,
): string | null {
	if (portalOrderId === null) return null;
	const mapped = prepared.idMap.get(portalOrderId.trim());
	if (mapped !== undefined) return mapped;
	const core = spelledCore(portalOrderId, prepared);
	if (core === null) return null;
	const { erpPrefix, erpSuffix, padLength } = prepared.rules;
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
	prepared: PreparedIdRules,
): RefComparison {
	if (actual === null || actual.trim() === '') return 'missing';
	if (expected === null) return 'mismatch';
	if (actual.trim() === expected) return 'exact';
	return orderCore(actual, prepared) === orderCore(expected, prepared) ? 'format' : 'mismatch';
}
