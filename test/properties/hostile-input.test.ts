/**
 * No throw on any JSON value (issue 6, docs/rules.md "Bad input"): whatever a record, a payload, an
 * error or a tag holds (null, numbers, lists, a megabyte of text, 100,000 levels of nesting,
 * NaN, Infinity and -0 amounts, thousands separators, dates far in the past or future, unicode
 * and whitespace in IDs, duplicate IDs), the library answers with data, never an exception; a
 * record it cannot read is named (`invalid_record`, with the field), never dropped; the tags it
 * writes survive JSON, as n8n items must. Inputs are frozen: writing to one would throw.
 */
import fc from 'fast-check';

import { reconcileReturns, summarizePatterns, tagHandoffError, validateHandoff } from '../../lib';
import type { GuardOptions } from '../../lib/options';
import {
	HUGE_VALUES,
	KINDS,
	deepFreeze,
	hostileValue,
	messyOptions,
	messyPortal,
	messyProcessor,
	messyErp,
	messySupport,
	runs,
	type FourRecords,
} from './generators';

function check(condition: boolean, message: string): void {
	if (!condition) throw new Error(message);
}

/** Any JSON value, the costly ones drawn often enough that every run meets them. */
const anyValue = fc.oneof(
	{ weight: 8, arbitrary: hostileValue },
	{ weight: 1, arbitrary: fc.constantFrom(...HUGE_VALUES) },
	{ weight: 2, arbitrary: fc.anything({ maxDepth: 3 }) },
);

const anyRecords: fc.Arbitrary<FourRecords> = fc.record({
	portal: fc.array(fc.oneof(anyValue, messyPortal), { maxLength: 4 }),
	processor: fc.array(fc.oneof(anyValue, messyProcessor), { maxLength: 4 }),
	erp: fc.array(fc.oneof(anyValue, messyErp), { maxLength: 4 }),
	support: fc.array(fc.oneof(anyValue, messySupport), { maxLength: 4 }),
});

const isObject = (value: unknown) =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

describe('hostile input: reconcileReturns', () => {
	it('never throws, names every record that is not an object, and writes JSON-safe tags', () => {
		fc.assert(
			fc.property(anyRecords, messyOptions, (records, options) => {
				deepFreeze(records);
				const result = reconcileReturns(records, options);
				for (const c of result.cases) {
					JSON.stringify(c.tag);
					for (const kind of KINDS) {
						for (const index of c.sources[kind]) {
							if (isObject(records[kind][index])) continue;
							check(
								c.tag.findings.some(
									(f) =>
										f.symptom === null &&
										f.cause === 'invalid_record' &&
										f.evidence.kind === kind &&
										f.evidence.index === index &&
										typeof f.evidence.field === 'string',
								),
								`${kind} ${index} is not an object: its case must name it invalid`,
							);
						}
					}
					if (c.tag.symptom === null && c.tag.findings.length > 0) {
						check(c.tag.state === 'mismatch', 'a bad record is routed as a mismatch');
					}
				}
				for (const u of result.unmatched) {
					JSON.stringify(u.tag);
					check(isObject(u.record), 'only a well-formed record goes unmatched');
				}
			}),
			runs(),
		);
	});
});

const GUARD_OPTIONS: GuardOptions = {
	now: '2026-11-27T12:00:00Z',
	idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
	statusMap: { refunded: 'refunded' },
	subsidiaryMap: { 'web-us': 'US Retail' },
	knownOrders: [{ orderRef: 'SO-0000001', status: 'closed', subsidiary: 'US Retail' }],
};

const anyPayload = fc.oneof(
	anyValue,
	messyPortal,
	fc.record(
		{
			returnId: anyValue,
			orderId: anyValue,
			orderRef: anyValue,
			status: anyValue,
			channel: anyValue,
			subsidiary: anyValue,
			refundAmount: anyValue,
			currency: anyValue,
			lines: fc.oneof(anyValue, fc.array(fc.record({ amount: anyValue, category: anyValue }))),
			receipt: fc.oneof(anyValue, fc.record({ restockingFee: anyValue })),
		},
		{ requiredKeys: [] },
	),
);

describe('hostile input: validateHandoff', () => {
	it('never throws, blocks what is not an object, and writes a JSON-safe result', () => {
		fc.assert(
			fc.property(
				anyPayload,
				fc.constantFrom<GuardOptions['mode']>('validate', 'normalize'),
				(payload, mode) => {
					deepFreeze(payload);
					const result = validateHandoff(payload, { ...GUARD_OPTIONS, mode });
					JSON.stringify(result);
					if (!isObject(payload)) {
						check(
							result.verdict === 'blocked' && result.problems[0]?.code === 'invalid_payload',
							'a payload that is not an object is blocked as invalid_payload',
						);
					}
				},
			),
			runs(),
		);
	});
});

/** Error items as n8n's error output and HTTP clients shape them, with anything inside. */
const anyError = fc.oneof(
	anyValue,
	fc.record({ error: anyValue }),
	fc.record(
		{
			error: fc.record(
				{
					httpCode: fc.oneof(fc.constantFrom('404', 500, '429', 'abc'), anyValue),
					message: anyValue,
					description: anyValue,
					code: anyValue,
					body: anyValue,
					response: fc.record({ body: anyValue, status: anyValue }, { requiredKeys: [] }),
				},
				{ requiredKeys: [] },
			),
			returnId: anyValue,
			orderId: anyValue,
			lines: anyValue,
		},
		{ requiredKeys: ['error'] },
	),
);

describe('hostile input: tagHandoffError', () => {
	it('never throws and always writes a JSON-safe mismatch tag', () => {
		fc.assert(
			fc.property(anyError, (error) => {
				deepFreeze(error);
				const tag = tagHandoffError(error, { now: '2026-11-27T12:00:00Z' });
				JSON.stringify(tag);
				check(tag.state === 'mismatch', "the Tagger's tag is always a mismatch");
				check(
					tag.symptom === null || typeof tag.retryable === 'boolean',
					'a classified tag says whether a retry can help',
				);
			}),
			runs(),
		);
	});
});

describe('hostile input: summarizePatterns', () => {
	it('never throws on a list of anything, and counts every item in the total', () => {
		fc.assert(
			fc.property(fc.array(anyValue, { maxLength: 6 }), (tags) => {
				deepFreeze(tags);
				const summary = summarizePatterns(tags);
				JSON.stringify(summary);
				check(summary.total === tags.length, 'every tag counts in the total');
			}),
			runs(),
		);
	});
});
