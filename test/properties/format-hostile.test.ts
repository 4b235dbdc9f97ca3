/**
 * Every field of every format given hostile values (docs/rules.md "Record formats: the systems'
 * own records", "Bad input"): a wrong type, a megabyte of text, an object carrying `__proto__`
 * keys at two levels. Reconciled with the format set, the record is never dropped and nothing
 * throws: it comes out with an `invalid_record` finding naming the field (its path) and the
 * format, and every input index is in exactly one case or unmatched record.
 */
import fc from 'fast-check';

import { compileFormat, FORMAT_NAMES, readFormatted } from '../../lib/formats';
import type { ReconcileOptions } from '../../lib/options';
import { reconcileReturns, type ReconcileResult } from '../../lib/reconcile';
import type { RecordKind } from '../../lib/types';
import { RENDERERS, render, type Values } from '../helpers/render-formats';
import {
	OPTIONS,
	RUNS,
	buildReturn,
	caseHolding,
	hostileValue,
	placements,
	prototypeSnapshot,
	runs,
	type FourRecords,
	type ReturnSeed,
} from './generators';

const SEED: ReturnSeed = {
	order: 1042,
	channel: 0,
	lines: [4_999, 4_000],
	category: 'apparel',
	instructedAgo: 1_440,
	approvedBefore: 60,
	disburseAfter: 10,
	postAfter: 60,
	ticket: true,
	amountsAsText: true,
	epochTimes: false,
	flavour: 'refunded',
};

/** The hostile values every field gets. */
const HOSTILE: ReadonlyArray<[string, () => unknown]> = [
	[
		'an object with __proto__ keys',
		() =>
			JSON.parse(
				'{"__proto__":{"refName":"USD","id":"1","value":"RA-1","amount":1},"inner":{"__proto__":{"polluted":true}}}',
			),
	],
	['a list', () => [1, 'RA-1', null]],
	['a megabyte of text', () => 'x'.repeat(1_000_000)],
	['a boolean', () => true],
];

/**
 * Where a hostile value is still a value the field reads: a warehouse receipt or integration log
 * is an object whose own fields are read (an object without them is an empty receipt), and SAP's
 * `BillingDocumentIsCancelled` is a boolean.
 */
function readsAsValue(kind: RecordKind, format: string, field: string, hostile: string): boolean {
	if ((field === 'receipt' || field === 'integrationLog') && hostile.startsWith('an object')) {
		return true;
	}
	return kind === 'erp' && format === 'sap' && field === 'postingStatus' && hostile === 'a boolean';
}

const RECONCILED: readonly RecordKind[] = ['portal', 'processor', 'erp', 'support'];

function formatOptions(kind: RecordKind, format: string): ReconcileOptions {
	const own = RENDERERS[kind][format].options;
	return {
		...OPTIONS,
		formats: { [kind]: format },
		...(own.fieldPaths === undefined ? {} : { fieldPaths: { [kind]: own.fieldPaths } }),
		...(own.currencyNames === undefined
			? {}
			: { currencyNames: Object.fromEntries(Object.entries(own.currencyNames)) }),
		...(own.localCurrency == null ? {} : { localCurrency: own.localCurrency }),
	};
}

/** One consistent return, the kind under test rendered in the format. */
function dataset(kind: RecordKind, format: string): FourRecords {
	const built = buildReturn(SEED);
	const records: FourRecords = {
		portal: [built.portal],
		processor: built.processor,
		erp: built.erp,
		support: built.support,
	};
	const values = records[kind].map(
		(raw) =>
			readFormatted(kind, 'canonical', raw, { amountUnits: OPTIONS.amountUnits?.[kind] ?? 'major' })
				.record as Values,
	);
	return { ...records, [kind]: values.map((v) => render(kind, format, v)) };
}

/** Writes `value` at a path of names, `[n]` and `[key=value]` selectors, creating objects. */
function writeAt(target: Record<string, unknown>, path: string, value: unknown): void {
	const parts = path.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
	let cursor: Record<string, unknown> = target;
	parts.forEach((part, i) => {
		const last = i === parts.length - 1;
		let key: string | number = part;
		if (part.startsWith('[')) {
			const inner = part.slice(1, -1);
			const equals = inner.indexOf('=');
			if (equals === -1) key = Number(inner);
			else {
				const list = cursor as unknown as Array<Record<string, unknown>>;
				let element = list.find(
					(e) => String(e[inner.slice(0, equals)]) === inner.slice(equals + 1),
				);
				if (element === undefined) {
					element = { [inner.slice(0, equals)]: inner.slice(equals + 1) };
					list.push(element);
				}
				if (last) throw new Error(`cannot write a whole matched element at ${path}`);
				cursor = element;
				return;
			}
		}
		if (last) {
			Object.defineProperty(cursor, key, {
				value,
				enumerable: true,
				writable: true,
				configurable: true,
			});
			return;
		}
		const nextIsList = parts[i + 1].startsWith('[');
		const next = (cursor as Record<string | number, unknown>)[key];
		if (next === null || typeof next !== 'object') {
			(cursor as Record<string | number, unknown>)[key] = nextIsList ? [] : {};
		}
		cursor = (cursor as Record<string | number, unknown>)[key] as Record<string, unknown>;
	});
}

/** The fields a format reads, with the path each is read from (its default or the renderer's). */
function fieldsOf(kind: RecordKind, format: string): Array<{ name: string; path: string }> {
	const own = RENDERERS[kind][format].options;
	const compiled = compileFormat(kind, format, own);
	return compiled.fields
		.filter((field) => field.path !== null)
		.map((field) => ({ name: field.name, path: field.label }));
}

/** The object a format's paths are read in: the record, or what its wrapper holds. */
function inner(
	kind: RecordKind,
	format: string,
	raw: Record<string, unknown>,
): Record<string, unknown> {
	const unwrap = compileFormat(kind, format).unwrap;
	return unwrap === undefined ? raw : (unwrap(raw) as Record<string, unknown>);
}

function invalidFindings(result: ReconcileResult, kind: RecordKind, index: number) {
	const holder = caseHolding(result, kind, index);
	const unmatched = result.unmatched.find((u) => u.kind === kind && u.index === index);
	const tag = holder?.tag ?? unmatched?.tag;
	return (tag?.findings ?? []).filter(
		(f) => f.cause === 'invalid_record' && f.evidence.kind === kind && f.evidence.index === index,
	);
}

const CASES = RECONCILED.flatMap((kind) =>
	FORMAT_NAMES[kind].filter((format) => format !== 'canonical').map((format) => [kind, format]),
) as Array<[RecordKind, string]>;

describe('hostile values in every field of every format', () => {
	it.each(CASES)(
		'%s records as %s: invalid_record naming the field and the format',
		(kind, format) => {
			const unchanged = prototypeSnapshot();
			const fields = fieldsOf(kind, format);
			expect(fields.length).toBeGreaterThan(3);
			for (const field of fields) {
				for (const [hostile, make] of HOSTILE) {
					const records = dataset(kind, format);
					const raw = records[kind][0] as Record<string, unknown>;
					writeAt(inner(kind, format, raw), field.path, make());
					const result = reconcileReturns(records, formatOptions(kind, format));
					placements(records, result);
					if (readsAsValue(kind, format, field.name, hostile)) continue;
					const named = invalidFindings(result, kind, 0).filter(
						(f) => f.evidence.field === field.path && f.evidence.format === format,
					);
					if (named.length === 0) {
						throw new Error(
							`${kind}/${format} ${field.name} (${field.path}) given ${hostile}: no invalid_record naming it`,
						);
					}
					expect(named[0].message).toContain(field.path);
					expect(named[0].message).toContain(format);
					// The tags carry the reason, never the value: a megabyte stays in the record.
					const tags = [...result.cases.map((c) => c.tag), ...result.unmatched.map((u) => u.tag)];
					expect(JSON.stringify(tags).length).toBeLessThan(20_000);
				}
			}
			expect(unchanged()).toEqual([]);
		},
	);

	it.each(CASES)(
		'%s records as %s: any JSON value anywhere, no throw, nothing lost',
		(kind, format) => {
			const fields = fieldsOf(kind, format);
			fc.assert(
				fc.property(fc.nat(), hostileValue, (pick, value) => {
					const records = dataset(kind, format);
					const field = fields[pick % fields.length];
					writeAt(
						inner(kind, format, records[kind][0] as Record<string, unknown>),
						field.path,
						value,
					);
					const result = reconcileReturns(records, formatOptions(kind, format));
					placements(records, result);
					// What the format cannot read is named, with the format.
					const problems = readFormatted(
						kind,
						format,
						records[kind][0],
						RENDERERS[kind][format].options,
					).problems;
					const named = invalidFindings(result, kind, 0);
					for (const problem of problems) {
						expect(
							named.some((f) => f.evidence.field === problem.field && f.evidence.format === format),
						).toBe(true);
					}
				}),
				runs(Math.min(RUNS, 200)),
			);
		},
	);
});
