/**
 * Regressions found by the generated properties, each with the smallest input that once broke
 * it: a deep integration log, credentials held inside objects, case-changing letters in ID
 * rules, and records that tie on every key rule 8 names.
 */
import fc from 'fast-check';

import { reconcileReturns, tagHandoffError } from '../../lib';
import { resolveOptions } from '../../lib/options';
import { orderCore } from '../../lib/orderRef';
import { redact } from '../../lib/redact';
import { BASE_ERRORS, CREDENTIAL_KEYS, NOW, nested, plant, runs, secret } from './generators';

describe('deep nesting in an integration log', () => {
	// lib/records.ts readPortal: `JSON.stringify(logValue.error).slice(0, 1000)` recurses
	// through the whole value; from about 5,000 levels JSON.stringify overflows the stack.
	it('reconcileReturns does not throw on an integration log error nested 10,000 levels deep', () => {
		fc.assert(
			fc.property(fc.integer({ min: 10_000, max: 20_000 }), (depth) => {
				const portal = {
					returnId: 'RA-1',
					orderId: '#1',
					status: 'refunded',
					refundAmount: '10.00',
					currency: 'USD',
					refundInstructedAt: '2026-11-20T10:00:00Z',
					integrationLog: { callMade: true, error: nested(depth) },
				};
				const result = reconcileReturns({ portal: [portal] }, { now: NOW });
				expect(result.cases[0].tag.cause).toBe('rejected');
			}),
			runs(20),
		);
	});
});

describe('credentials that hold an object', () => {
	// lib/tagger.ts readErrorFacts walks into credential-named keys (only SKIPPED_KEYS are
	// skipped), so readString takes `facts.detail` from a `message`/`description`/`detail`/
	// `value` and addCode takes a code from `code`/`errorCode` found under `token: {…}`;
	// tagHandoffError then writes `detail` (redact() of a bare string cannot know its key) and
	// `errorCode` into the finding's evidence. redact() itself is right: it drops the object.
	const INNER_KEYS = [
		'message',
		'description',
		'detail',
		'value',
		'errorMessage',
		'error_description',
		'code',
		'errorCode',
	];
	const planted = fc
		.record({
			base: fc.constantFrom(...BASE_ERRORS),
			path: fc.array(fc.constantFrom('error', 'body', 'data', 'context'), { maxLength: 4 }),
			key: fc.constantFrom(...CREDENTIAL_KEYS),
			inner: fc.constantFrom(...INNER_KEYS),
			secret,
		})
		.map(({ base, path, key, inner, secret: value }) => ({
			item: plant(base, path, key, { [inner]: value }),
			secret: value,
		}));

	it('the tag carries no secret held as { token: { message: secret } }', () => {
		fc.assert(
			fc.property(planted, ({ item, secret: value }) => {
				const tag = tagHandoffError(item, { now: NOW });
				expect(JSON.stringify(tag)).not.toContain(value);
				expect(JSON.stringify(redact(item))).not.toContain(value);
			}),
			runs(),
		);
	});
});

describe('İ in an ID rule', () => {
	// lib/orderRef.ts spelledCore compares lower-cased text but slices the original by the
	// lower-cased prefix's length; 'İ' (U+0130) lower-cases to two characters ('i̇'), so one
	// character too many is cut: prefix 'İST-' turns 'İST-1042' into core '42'.
	it('strips a prefix or suffix holding İ as the literal text it is', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('İST-', 'İ', 'SO-İ', 'İZMİR-'),
				fc.integer({ min: 1, max: 9_999_999 }).map(String),
				fc.boolean(),
				(rule, core, asPrefix) => {
					const rules = resolveOptions({
						idRules: asPrefix ? { stripPrefixes: [rule] } : { stripSuffixes: [rule] },
					});
					const ref = asPrefix ? `${rule}${core}` : `${core}${rule}`;
					expect(orderCore(ref, rules)).toBe(core);
				},
			),
			runs(),
		);
	});
});

describe('ties rule 8 cannot break', () => {
	// Two records of one kind with different content that tie on every key rule 8 names (time,
	// then ID) are ordered by input position: lib/match.ts portalPrecedes ends with
	// `return a.index < b.index` (which portal record keeps a shared return ID) and
	// compareRecords with `return a.index - b.index` (which credit memo is `erp[0]`, whose
	// currency then formats every amount). docs/rules.md rule 8: "results never depend on input order".
	const portal: Record<string, unknown> = {
		returnId: 'RA-1',
		orderId: '#1',
		status: 'refunded',
		refundAmount: '10.00',
		refundInstructedAt: '2026-11-20T10:00:00Z',
		refundMethod: 'store_credit',
	};
	const memo: Record<string, unknown> = {
		creditMemoId: 'CM-1',
		returnId: 'RA-1',
		orderRef: '1',
		postedAmount: '10.00',
		postedAt: '2026-11-20T10:05:00Z',
	};
	/** [the kind of the tied pair, what the second record of the pair changes]. */
	const variants = fc.constantFrom<['portal' | 'erp', Record<string, unknown>]>(
		['portal', { integrationLog: { callMade: false } }],
		['portal', { refundAmount: '12.00' }],
		['portal', { currency: 'USD' }],
		['erp', { currency: 'USD' }],
	);

	/** Each case as the user reads it: the portal record it stands for, and what it says. */
	function summary(records: Parameters<typeof reconcileReturns>[0]): string[] {
		return reconcileReturns(records, { now: NOW })
			.cases.map((c) => {
				const findings = c.tag.findings.map((f) => f.message.replace(/input \d+|record \d+/g, '…'));
				return `${JSON.stringify(c.portal)} → ${c.tag.symptom}/${c.tag.cause}: ${findings.join(' | ')}`;
			})
			.sort();
	}

	it('gives the same cases whichever of two such records comes first', () => {
		fc.assert(
			fc.property(variants, ([kind, change]) => {
				const pair =
					kind === 'portal' ? [portal, { ...portal, ...change }] : [memo, { ...memo, ...change }];
				const records = (list: unknown[]) =>
					kind === 'portal' ? { portal: list } : { portal: [portal], erp: list };
				expect(summary(records([...pair].reverse()))).toEqual(summary(records(pair)));
			}),
			runs(),
		);
	});
});
