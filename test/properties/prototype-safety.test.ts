/**
 * Prototype safety (issue 6): keys `__proto__`, `constructor` and `prototype` (and other names
 * Object.prototype holds) in records, payloads, errors and maps (statusMap, subsidiaryMap, idMap,
 * idRules) are plain data. They never reach Object.prototype, never change a result when no
 * record uses them, and look up literally when one does. Objects are built with JSON.parse, so
 * the keys are own properties, as they are in n8n items and node parameters.
 */
import fc from 'fast-check';

import {
	reconcileReturns,
	summarizePatterns,
	tagHandoffError,
	validateHandoff,
	type GuardOptions,
} from '../../lib';
import type { ReconcileOptions } from '../../lib/options';
import { redact } from '../../lib/redact';
import type { ReconcileResult } from '../../lib/reconcile';
import {
	DEFECTS,
	OPTIONS,
	buildReturn,
	prototypeSnapshot,
	returnSeeds,
	runs,
	type FourRecords,
} from './generators';

const PROTO_WORDS = ['__proto__', 'constructor', 'prototype'] as const;
const OBJECT_WORDS = [...PROTO_WORDS, 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** What a poisoned key holds: values that would change a result if they were ever read. */
const poison = fc.constantFrom<unknown>(
	{ polluted: 'yes', returnId: 'RA-EVIL', status: 'rejected', refundAmount: '1.00' },
	{ prototype: { polluted: 'yes' } },
	{ polluted: 'yes', currency: 'JPY', postedAmount: 1, orderRef: 'SO-EVIL' },
	'polluted',
	['polluted'],
	null,
);

/**
 * JSON text of `value` with `extra` keys written into every object, first (so a later real key
 * of the same name, if any, would win as JSON.parse reads it).
 */
function withKeys(value: unknown, extra: Array<[string, unknown]>): string {
	if (Array.isArray(value)) return `[${value.map((v) => withKeys(v, extra)).join(',')}]`;
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	const own = Object.entries(value).filter(([key]) => !extra.some(([k]) => k === key));
	const parts = [...extra, ...own].map(
		([key, v]) =>
			`${JSON.stringify(key)}:${own.some(([k]) => k === key) ? withKeys(v, extra) : JSON.stringify(v)}`,
	);
	return `{${parts.join(',')}}`;
}

function assertUnpolluted(changed: () => string[]): void {
	const names = changed();
	if (names.length > 0) throw new Error(`Object.prototype changed: ${names.join(', ')}`);
	if (({} as Record<string, unknown>).polluted !== undefined)
		throw new Error('({}).polluted is set');
}

/** A result as the user reads it: cases by their sources, with their tags. */
function readable(result: ReconcileResult): string {
	return JSON.stringify({
		cases: result.cases.map((c) => ({ sources: c.sources, tag: c.tag })),
		unmatched: result.unmatched.map((u) => ({ kind: u.kind, index: u.index, tag: u.tag })),
	});
}

const returnsWithDefect = fc
	.tuple(returnSeeds(1, 3), fc.constantFrom(...DEFECTS), fc.nat({ max: 100 }))
	.map(([seeds, defect, variant]) => {
		const records: FourRecords = { portal: [], processor: [], erp: [], support: [] };
		seeds.forEach((seed, i) => {
			const b = buildReturn(i === 0 && defect.seed ? defect.seed(seed) : seed);
			const orphan = i === 0 ? defect.apply(b, variant)?.orphanErp : undefined;
			records.portal.push(b.portal);
			records.processor.push(...b.processor);
			records.erp.push(...b.erp, ...(orphan ? [orphan] : []));
			records.support.push(...b.support);
		});
		return records;
	});

const poisonKeys = fc.uniqueArray(fc.tuple(fc.constantFrom(...OBJECT_WORDS), poison), {
	minLength: 1,
	maxLength: 3,
	selector: ([key]) => key,
});

describe('prototype safety: records', () => {
	it('keys named like Object.prototype in every record object change nothing', () => {
		const changed = prototypeSnapshot();
		fc.assert(
			fc.property(returnsWithDefect, poisonKeys, (records, extra) => {
				const poisoned = JSON.parse(withKeys(records, extra)) as FourRecords;
				const clean = readable(reconcileReturns(records, OPTIONS));
				const dirty = readable(reconcileReturns(poisoned, OPTIONS));
				assertUnpolluted(changed);
				if (dirty !== clean) expect(JSON.parse(dirty)).toEqual(JSON.parse(clean));
				for (const [i, payload] of poisoned.portal.entries()) {
					const cleanGuard = JSON.stringify(validateHandoff(records.portal[i], GUARD));
					const dirtyGuard = JSON.stringify(validateHandoff(payload, GUARD));
					if (dirtyGuard !== cleanGuard)
						expect(JSON.parse(dirtyGuard)).toEqual(JSON.parse(cleanGuard));
				}
				assertUnpolluted(changed);
			}),
			runs(),
		);
	});
});

const GUARD: GuardOptions = {
	now: '2026-11-27T12:00:00Z',
	idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
	statusMap: { refunded: 'refunded', approved: 'pendingReceipt' },
	subsidiaryMap: {
		'web-us': 'US Retail',
		'web-ca': 'Canada Retail',
		'web-jp': 'Japan KK',
		'web-kw': 'Gulf Retail',
	},
};

const memo = new Map<string, unknown>();

/**
 * Options whose maps also hold `word → value` entries, built with JSON.parse. Memoized: the
 * combinations are few, and the library prepares an options object once (the nodes pass the
 * same object for every item), so reusing them keeps 10,000 cases fast.
 */
function poisonedMaps<T extends ReconcileOptions | GuardOptions>(
	options: T,
	words: string[],
	value: string,
): T {
	const key = JSON.stringify([options, words, value]);
	if (!memo.has(key)) memo.set(key, buildPoisonedMaps(options, words, value));
	return memo.get(key) as T;
}

function buildPoisonedMaps<T extends ReconcileOptions | GuardOptions>(
	options: T,
	words: string[],
	value: string,
): T {
	const add = (map: Record<string, string> | undefined) =>
		`{${[...words.map((w) => [w, value]), ...Object.entries(map ?? {})]
			.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
			.join(',')}}`;
	const text = `{"statusMap":${add(options.statusMap)},"subsidiaryMap":${add(options.subsidiaryMap)},"idMap":${add(options.idMap)}}`;
	return { ...options, ...(JSON.parse(text) as object) };
}

const NOW_ONLY: ReconcileOptions = { now: '2026-11-27T12:00:00Z' };

const mapWords = fc.uniqueArray(fc.constantFrom(...OBJECT_WORDS), { minLength: 1, maxLength: 4 });
const mapValue = fc.constantFrom('polluted', 'SO-EVIL', 'US Retail', 'rejected');

describe('prototype safety: maps', () => {
	it('entries keyed like Object.prototype change nothing while no record uses them', () => {
		const changed = prototypeSnapshot();
		fc.assert(
			fc.property(returnsWithDefect, mapWords, mapValue, (records, words, value) => {
				const clean = readable(reconcileReturns(records, OPTIONS));
				const dirty = readable(reconcileReturns(records, poisonedMaps(OPTIONS, words, value)));
				assertUnpolluted(changed);
				if (dirty !== clean) expect(JSON.parse(dirty)).toEqual(JSON.parse(clean));
				const dirtyGuard = poisonedMaps(GUARD, words, value);
				for (const payload of records.portal) {
					const a = JSON.stringify(validateHandoff(payload, GUARD));
					const b = JSON.stringify(validateHandoff(payload, dirtyGuard));
					if (a !== b) expect(JSON.parse(b)).toEqual(JSON.parse(a));
				}
				assertUnpolluted(changed);
			}),
			runs(),
		);
	});

	it('a status, channel or order ID spelled like an Object.prototype key is looked up literally', () => {
		const changed = prototypeSnapshot();
		fc.assert(
			fc.property(
				fc.constantFrom(...OBJECT_WORDS),
				mapValue,
				fc.boolean(),
				(word, value, inMap) => {
					const options: GuardOptions = inMap ? poisonedMaps(GUARD, [word], value) : GUARD;
					const payload = {
						returnId: 'RA-1',
						orderId: word,
						status: word,
						channel: word,
						refundAmount: '1.00',
						currency: 'USD',
					};
					const { normalized, problems } = validateHandoff(payload, options);
					const codes = problems.map((p) => p.code);
					assertUnpolluted(changed);
					const literal = inMap
						? normalized.orderRef === value &&
							normalized.status === value &&
							normalized.subsidiary === value &&
							!codes.includes('unmapped_status') &&
							!codes.includes('wrong_subsidiary')
						: normalized.status === undefined &&
							normalized.subsidiary === undefined &&
							codes.includes('unmapped_status') &&
							codes.includes('wrong_subsidiary');
					if (!literal) {
						throw new Error(
							`${word} (in the maps: ${inMap}): got ${JSON.stringify({ normalized, codes })}`,
						);
					}
					// The Reconciler: the channel's subsidiary, and the order's ERP ref, per the maps only.
					const result = reconcileReturns(
						{
							portal: [
								{
									returnId: 'RA-1',
									orderId: word,
									status: 'requested',
									channel: word,
									refundAmount: '1.00',
									currency: 'USD',
								},
							],
							erp: [
								{
									creditMemoId: 'CM-1',
									returnId: 'RA-1',
									orderRef: value,
									postedAmount: '1.00',
									currency: 'USD',
									subsidiary: 'Elsewhere',
								},
							],
						},
						inMap ? poisonedMaps(NOW_ONLY, [word], value) : NOW_ONLY,
					);
					assertUnpolluted(changed);
					const causes = result.cases[0].tag.findings.map((f) => f.cause);
					if (
						causes.includes('wrong_subsidiary') !== inMap ||
						(inMap && causes.includes('order_ref_mismatch'))
					) {
						throw new Error(
							`Reconciler, ${word} (in the maps: ${inMap}): got ${causes.join(', ')}`,
						);
					}
				},
			),
			runs(),
		);
	});

	it('ID rules: a prefix spelled like an Object.prototype key is a literal string', () => {
		const changed = prototypeSnapshot();
		const rulesFor = new Map(
			OBJECT_WORDS.map((word) => [
				word,
				{ idRules: { stripPrefixes: [word], erpPrefix: 'SO-', padLength: 7 } },
			]),
		);
		fc.assert(
			fc.property(
				fc.constantFrom(...OBJECT_WORDS),
				fc.integer({ min: 1, max: 9_999_999 }),
				(word, order) => {
					const { normalized } = validateHandoff(
						{ returnId: 'RA-1', orderId: `${word}${order}` },
						rulesFor.get(word),
					);
					const expected = `SO-${String(order).padStart(7, '0')}`;
					if (normalized.orderRef !== expected) {
						throw new Error(`${word}${order}: expected ${expected}, got ${normalized.orderRef}`);
					}
					assertUnpolluted(changed);
				},
			),
			runs(),
		);
	});

	it('ID rules: an own __proto__ key is refused by name, not merged', () => {
		const changed = prototypeSnapshot();
		const withOwnProto = JSON.parse(
			'{"idRules":{"__proto__":{"erpPrefix":"EVIL-"},"erpPrefix":"SO-"}}',
		);
		expect(() => validateHandoff({ returnId: 'RA-1' }, withOwnProto)).toThrow(
			expect.objectContaining({ option: 'idRules.__proto__' }),
		);
		expect(() => reconcileReturns({}, withOwnProto)).toThrow(
			expect.objectContaining({ option: 'idRules.__proto__' }),
		);
		assertUnpolluted(changed);
	});
});

/** An error item with `word` keys at every level, as JSON.parse builds it from a response body. */
const errorItems = fc
	.tuple(
		fc.constantFrom<Record<string, unknown>>(
			{ error: { httpCode: '404', message: 'Not found', description: 'INVALID_KEY_OR_REF' } },
			{ error: { httpCode: '500', message: 'Internal error' } },
			{ error: { code: 'ECONNRESET', message: 'socket hang up' } },
			{
				error: {
					httpCode: '400',
					body: { 'o:errorCode': 'DUP_RCRD', detail: 'A duplicate record' },
				},
			},
			{ error: { message: 'Something odd' }, returnId: 'RA-1', lines: [{ category: 'apparel' }] },
		),
		poisonKeys,
	)
	.map(([item, extra]) => ({ item, poisoned: JSON.parse(withKeys(item, extra)) as unknown }));

describe('prototype safety: errors and tags', () => {
	it('the Tagger, redaction and the pattern summary treat such keys as data', () => {
		const changed = prototypeSnapshot();
		fc.assert(
			fc.property(errorItems, fc.constantFrom(...OBJECT_WORDS), ({ item, poisoned }, word) => {
				const clean = tagHandoffError(item, NOW_ONLY);
				const dirty = tagHandoffError(poisoned, NOW_ONLY);
				if (
					dirty.symptom !== clean.symptom ||
					dirty.cause !== clean.cause ||
					dirty.retryable !== clean.retryable
				) {
					throw new Error(
						`classified ${dirty.symptom}/${dirty.cause}, clean ${clean.symptom}/${clean.cause}`,
					);
				}
				const copy = redact(poisoned) as Record<string, unknown>;
				if (Object.getPrototypeOf(copy) !== Object.prototype)
					throw new Error('redact changed a prototype');
				const summary = summarizePatterns([
					{ ...clean, category: word },
					JSON.parse(
						`{"symptom":"missing_handoff","cause":${JSON.stringify(word)},"boundary":${JSON.stringify(word)},"category":${JSON.stringify(word)}}`,
					),
				]);
				if (summary.total !== 2) throw new Error('a tag went uncounted');
				assertUnpolluted(changed);
			}),
			runs(),
		);
	});
});

describe('prototype safety: the suite itself', () => {
	it('builds poisoned objects whose keys are own properties', () => {
		const parsed = JSON.parse(
			withKeys({ returnId: 'RA-1', lines: [{ sku: 'A' }] }, [['__proto__', { polluted: 'yes' }]]),
		);
		expect(Object.prototype.hasOwnProperty.call(parsed, '__proto__')).toBe(true);
		expect(Object.prototype.hasOwnProperty.call(parsed.lines[0], '__proto__')).toBe(true);
		expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
	});
});
