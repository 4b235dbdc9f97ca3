/**
 * Nothing is read as a pattern (issue 6, docs/rules.md "No parameter takes a regular expression"):
 * an ID prefix or suffix, a status or a subsidiary that looks like a catastrophic regular
 * expression is matched as the literal text it is, on long input too. Long inputs are 100,000
 * characters. How long they take is measured in bench/long-input.js, side by side with a plain
 * scan of the same text; a test holds no timing (a catastrophic backtrack on such input would
 * still never finish, and jest's timeout fails it).
 */
import fc from 'fast-check';

import { reconcileReturns, tagHandoffError, validateHandoff, type GuardOptions } from '../../lib';
import { resolveOptions } from '../../lib/options';
import { expectedErpRef, orderCore } from '../../lib/orderRef';
import { runs } from './generators';

const EVIL = [
	'(a+)+$',
	'^(a|a)*$',
	'(a|aa)+$',
	'(.*a){12}',
	'([a-z]+)*$',
	'\\',
	'[',
	'.*',
	'$&',
	'^',
];
const LONG_A = 'a'.repeat(100_000);
const LONG_INPUT = `${LONG_A}!`;

function prepared(idRules: Record<string, unknown>, idMap: Record<string, string> = {}) {
	return resolveOptions({ idRules, idMap });
}

/**
 * Text of regex metacharacters and letters, never starting or ending with whitespace. Not 'İ',
 * whose lower case is two characters long: known-failures.test.ts keeps that case.
 */
const patternLike = fc
	.string({
		unit: fc.constantFrom(...'()[]{}*+?.^$|\\/-#aAbBı0'.split('')),
		minLength: 1,
		maxLength: 12,
	})
	.filter((text) => text.trim() === text);
const digitsCore = fc.integer({ min: 1, max: 99_999_999 }).map(String);

describe('literal ID rules: the order core', () => {
	it('strips a pattern-like prefix and suffix as literal text, whatever characters they hold', () => {
		fc.assert(
			fc.property(
				patternLike,
				patternLike,
				digitsCore,
				fc.nat({ max: 3 }),
				(prefix, suffix, core, zeros) => {
					const rules = prepared({ stripPrefixes: [prefix], stripSuffixes: [suffix] });
					const ref = `${prefix}${'0'.repeat(zeros)}${core}${suffix}`;
					const got = orderCore(ref, rules);
					if (got !== core)
						throw new Error(
							`core of "${ref}" with prefix "${prefix}", suffix "${suffix}": "${got}", expected "${core}"`,
						);
				},
			),
			runs(),
		);
	});

	it('leaves an ID alone when a pattern-like rule would match it only as a regular expression', () => {
		fc.assert(
			fc.property(fc.constantFrom(...EVIL), fc.stringMatching(/^[a!]{1,30}$/), (rule, id) => {
				const plain = prepared({ stripPrefixes: [], stripSuffixes: [] });
				const evil = prepared({ stripPrefixes: [rule], stripSuffixes: [rule] });
				const lower = id.toLowerCase();
				const literal = lower.startsWith(rule.toLowerCase()) || lower.endsWith(rule.toLowerCase());
				if (!literal && orderCore(id, evil) !== orderCore(id, plain)) {
					throw new Error(`"${id}" changed under the literal rule "${rule}"`);
				}
			}),
			runs(),
		);
	});

	it('is literal on a 100,000-character ID', () => {
		for (const rule of EVIL) {
			const rules = prepared({
				stripPrefixes: [rule],
				stripSuffixes: [rule],
				erpPrefix: rule,
				padLength: 64,
			});
			expect(orderCore(LONG_INPUT, rules)).toBe(LONG_INPUT);
			expect(orderCore(`${rule}${LONG_A}1${rule}`, rules)).toBe(`${LONG_A}1`);
			expect(expectedErpRef(`${rule}${LONG_INPUT}`, rules)).toBe(`${rule}${LONG_INPUT}`);
		}
	});
});

describe('literal maps and rules: the Guard', () => {
	const options = (rule: string): GuardOptions => ({
		now: '2026-11-27T12:00:00Z',
		idRules: { stripPrefixes: [rule], erpPrefix: 'SO-', padLength: 7 },
		statusMap: { [rule]: 'Refunded' },
		subsidiaryMap: { [rule]: 'US Retail' },
	});

	it('maps a pattern-like status and channel only when spelled exactly so', () => {
		fc.assert(
			fc.property(fc.constantFrom(...EVIL), fc.stringMatching(/^[a!]{1,30}$/), (rule, text) => {
				const literal = validateHandoff(
					{
						returnId: 'RA-1',
						orderId: `${rule}1042`,
						orderRef: 'SO-0001042',
						status: rule,
						channel: rule,
					},
					options(rule),
				);
				const other = validateHandoff(
					{ returnId: 'RA-1', orderId: '1042', status: text, channel: text },
					options(rule),
				);
				const ok =
					literal.verdict === 'pass' &&
					literal.normalized.orderRef === 'SO-0001042' &&
					literal.normalized.status === 'Refunded' &&
					literal.normalized.subsidiary === 'US Retail' &&
					other.normalized.status === undefined &&
					other.normalized.subsidiary === undefined &&
					other.problems.some((p) => p.code === 'unmapped_status') &&
					other.problems.some((p) => p.code === 'wrong_subsidiary');
				if (!ok)
					throw new Error(
						`rule "${rule}", text "${text}": ${JSON.stringify([literal, other].map((r) => [r.normalized, r.problems.map((p) => p.code)]))}`,
					);
			}),
			runs(),
		);
	});

	it('is literal on a 100,000-character status, channel and order ID', () => {
		for (const rule of EVIL) {
			const result = validateHandoff(
				{
					returnId: LONG_INPUT,
					orderId: LONG_INPUT,
					orderRef: LONG_INPUT,
					status: LONG_INPUT,
					channel: LONG_INPUT,
					subsidiary: LONG_INPUT,
				},
				options(rule),
			);
			// Too long to be an ID (over 200 characters): named missing, never matched.
			expect(result.problems.map((p) => p.code)).toEqual(
				expect.arrayContaining([
					'return_id_missing',
					'order_ref_missing',
					'unmapped_status',
					'wrong_subsidiary',
				]),
			);
			expect(result.normalized).toEqual({});
		}
	});
});

describe('literal maps and rules: the Reconciler', () => {
	it('links a pattern-like order and channel literally, on long input too', () => {
		for (const rule of EVIL) {
			const options = {
				now: '2026-11-27T12:00:00Z',
				idRules: { stripPrefixes: [rule], erpPrefix: rule, erpSuffix: rule, padLength: 7 },
				subsidiaryMap: { [rule]: rule },
			};
			const portal = (returnId: string, orderId: string, channel: string) => ({
				returnId,
				orderId,
				status: 'refunded',
				refundAmount: '10.00',
				currency: 'USD',
				refundInstructedAt: '2026-11-27T10:00:00Z',
				refundMethod: 'store_credit',
				channel,
			});
			const memo = (returnId: string, orderRef: string, subsidiary: string) => ({
				creditMemoId: `CM-${returnId}`,
				returnId,
				orderRef,
				postedAmount: '10.00',
				currency: 'USD',
				postedAt: '2026-11-27T10:05:00Z',
				subsidiary,
			});
			const result = reconcileReturns(
				{
					portal: [
						portal('RA-1', `${rule}1042`, rule),
						portal('RA-2', '1043', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!'),
						portal('RA-3', LONG_INPUT, LONG_INPUT),
					],
					erp: [
						memo('RA-1', `${rule}0001042${rule}`, rule),
						memo('RA-2', `${rule}0001043${rule}`, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!'),
						memo('RA-3', LONG_INPUT, LONG_INPUT),
					],
				},
				options,
			);
			const byId = new Map(result.cases.map((c) => [c.returnId, c.tag]));
			expect(byId.get('RA-1')?.findings).toEqual([]);
			// A channel the map does not name literally says nothing about the subsidiary.
			expect(byId.get('RA-2')?.findings).toEqual([]);
			// 100,000 characters is no order ID (IDs stop at 200): nothing to compare, never a match.
			expect(byId.get('RA-3')?.findings).toEqual([]);
			expect(result.cases.find((c) => c.returnId === 'RA-3')?.sources.erp).toEqual([2]);
		}
	});
});

describe('literal text: the Tagger', () => {
	it('classifies a 100,000-character error by its words only', () => {
		const errors = [
			{ error: { message: LONG_INPUT } },
			// The Tagger reads the first 16,384 characters of a string: the words must be there.
			{ error: { message: `socket hang up ${LONG_A}` } },
			{
				error: {
					httpCode: '400',
					message: LONG_INPUT,
					description: EVIL.join(' '),
					body: { 'o:errorCode': LONG_INPUT },
				},
			},
			{ error: { message: EVIL.join(' ').repeat(5_000) } },
		];
		const causes = errors.map(
			(error) => tagHandoffError(error, { now: '2026-11-27T12:00:00Z' }).cause,
		);
		expect(causes).toEqual(['unclassified', 'transport_failed', 'unclassified', 'unclassified']);
	});
});
