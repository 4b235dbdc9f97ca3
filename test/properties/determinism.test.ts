/**
 * Results never depend on input order (rule 8, issue 6): the same records, shuffled within each
 * kind, give the same cases with the same tags. Cases are paired by the original records they
 * hold (sources mapped back through the shuffle), and the input positions a tag quotes (an
 * invalid record's `index`, "input 3 of erp") are mapped back the same way before comparing.
 */
import fc from 'fast-check';

import { idOf, instructedAt, returnIdKey, timeOf } from '../../lib/match';
import { resolveOptions, type ReconcileOptions } from '../../lib/options';
import { reconcileReturns, type ReconcileResult } from '../../lib/reconcile';
import { READERS } from '../../lib/records';
import type { HandoffTag, RecordKind } from '../../lib/types';
import { KINDS, messyOptions, messyRecords, runs, type FourRecords } from './generators';

/** A permutation of 0…n-1 from a seed (mulberry32 + Fisher–Yates): replayable, no allocation per step. */
function permutation(n: number, seed: number): number[] {
	const order = Array.from({ length: n }, (_, i) => i);
	let state = seed >>> 0;
	for (let i = n - 1; i > 0; i--) {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		const j = ((t ^ (t >>> 14)) >>> 0) % (i + 1);
		[order[i], order[j]] = [order[j], order[i]];
	}
	return order;
}

type Back = Record<RecordKind, number[]>;

const KIND_WORDS: Record<string, RecordKind> = {
	'Portal return': 'portal',
	'Processor refund': 'processor',
	'Credit memo': 'erp',
	Ticket: 'support',
	Refund: 'processor',
};

/** A tag with every input position it quotes mapped back to the original input. */
function canonicalTag(tag: HandoffTag, back: Back): string {
	const findings = tag.findings.map((f) => {
		const evidence: Record<string, unknown> = { ...f.evidence };
		const kind = evidence.kind as RecordKind | undefined;
		if (kind !== undefined && typeof evidence.index === 'number') {
			evidence.index = back[kind][evidence.index];
		}
		if (typeof evidence.duplicateOf === 'number') {
			evidence.duplicateOf = back.portal[evidence.duplicateOf];
		}
		const message = f.message
			.replace(
				/\(input (\d+) of (portal|processor|erp|support)\)/g,
				(_, index: string, k: RecordKind) => `(input ${back[k][Number(index)]} of ${k})`,
			)
			.replace(
				/^(Portal return|Processor refund|Credit memo|Ticket|Refund) #(\d+) /,
				(_, words: string, index: string) => `${words} #${back[KIND_WORDS[words]][Number(index)]} `,
			)
			.replace(
				/portal record (\d+) has/,
				(_, index: string) => `portal record ${back.portal[Number(index)]} has`,
			);
		return JSON.stringify({ ...f, evidence, message });
	});
	// Records that tie on every rule-8 key (time, then ID) keep their input order, so findings
	// about two such records may swap places: the findings are compared as a set. The primary
	// symptom and cause, which a reader acts on, are compared as they are.
	return JSON.stringify({ ...tag, findings: findings.sort() });
}

/** Each case and unmatched record, keyed by the original records it holds. */
function canonical(result: ReconcileResult, back: Back): Map<string, string> {
	const out = new Map<string, string>();
	for (const c of result.cases) {
		const key = KINDS.map(
			(kind) => `${kind}:${c.sources[kind].map((i) => back[kind][i]).sort((a, b) => a - b)}`,
		).join(' ');
		out.set(key, canonicalTag(c.tag, back));
	}
	for (const u of result.unmatched) {
		out.set(`unmatched ${u.kind}:${back[u.kind][u.index]}`, canonicalTag(u.tag, back));
	}
	return out;
}

/**
 * The records to shuffle, and for each position the first position holding the same content.
 *
 * Records that tie on every key rule 8 names are ordered by their content (lib/match.ts), so
 * they are shuffled as they are; records with equal content are interchangeable, so each maps
 * back to the first position holding the same content. Content is only compared within a key.
 */
function prepare(
	input: FourRecords,
	options: ReconcileOptions,
): { records: FourRecords; classes: Back } {
	const resolved = resolveOptions(options);
	const records = {} as FourRecords;
	const classes = {} as Back;
	for (const kind of KINDS) {
		const byKey = new Map<string, Array<{ index: number; content: string }>>();
		const lazy = new Map<string, number>();
		records[kind] = [];
		classes[kind] = [];
		input[kind].forEach((raw, i) => {
			const record = READERS[kind](raw, i, resolved);
			const key =
				record.kind === 'portal'
					? `${record.problems.length === 0}|${record.returnId === null ? `#${i}` : returnIdKey(record.returnId)}|${instructedAt(record)}|${record.orderId}`
					: `${timeOf(record)}|${idOf(record)}`;
			const first = lazy.get(key);
			if (first === undefined) {
				lazy.set(key, i);
				records[kind].push(raw);
				classes[kind].push(i);
				return;
			}
			let group = byKey.get(key);
			if (group === undefined) {
				group = [{ index: first, content: contentKey(input[kind][first]) }];
				byKey.set(key, group);
			}
			const content = contentKey(raw);
			const same = group.find((g) => g.content === content);
			group.push({ index: i, content });
			classes[kind].push(same === undefined ? i : same.index);
			records[kind].push(raw);
		});
	}
	return { records, classes };
}

const constantIds = new WeakMap<object, number>();
let nextConstantId = 1;

/**
 * A record's content as text: key order kept, NaN, -0 and undefined told apart, the prototype
 * ignored. The hostile constants (frozen at load, some 100,000 levels deep) stand for
 * themselves, and long strings for their length and ends, so this stays cheap and shallow.
 */
function contentKey(value: unknown): string {
	if (typeof value === 'string') {
		return value.length > 200
			? `s${value.length}:${JSON.stringify(value.slice(0, 64) + value.slice(-64))}`
			: JSON.stringify(value);
	}
	if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
	if (value === null || typeof value !== 'object') return String(value);
	if (Object.isFrozen(value)) {
		if (!constantIds.has(value)) constantIds.set(value, nextConstantId++);
		return `#${constantIds.get(value)}`;
	}
	if (Array.isArray(value)) return `[${value.map(contentKey).join(',')}]`;
	const entries = Object.keys(value).map(
		(key) => `${JSON.stringify(key)}:${contentKey((value as Record<string, unknown>)[key])}`,
	);
	return `{${entries.join(',')}}`;
}

describe('determinism: reconcileReturns', () => {
	it('gives the same cases and tags for the same records in any order', () => {
		fc.assert(
			fc.property(
				messyRecords,
				messyOptions,
				fc.array(fc.integer(), { minLength: 4, maxLength: 4 }),
				(input, options, seeds) => {
					const prepared = prepare(input, options);
					const { records, classes } = prepared;
					const shuffled = {} as FourRecords;
					const back = {} as Back;
					KINDS.forEach((kind, k) => {
						const order = permutation(records[kind].length, seeds[k]);
						shuffled[kind] = order.map((i) => records[kind][i]);
						back[kind] = order.map((i) => classes[kind][i]);
					});
					const expected = canonical(reconcileReturns(records, options), classes);
					const actual = canonical(reconcileReturns(shuffled, options), back);
					const want = [...expected].sort();
					const got = [...actual].sort();
					// jest's deep equality is slow on 10,000 cases: compare the text, diff on failure.
					if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
				},
			),
			runs(),
		);
	});
});
