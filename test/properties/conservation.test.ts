/**
 * Nothing is lost (issue 6): every record given to the Reconciler comes out exactly once, in
 * one case's `sources` or in `unmatched`, as the very object given; every payload given to the
 * Guard gets exactly one verdict that agrees with its problems and its tag.
 */
import fc from 'fast-check';

import { validateHandoff, type GuardOptions } from '../../lib';
import { reconcileReturns } from '../../lib/reconcile';
import {
	KINDS,
	deepFreeze,
	hostileValue,
	messyOptions,
	messyPortal,
	messyRecords,
	placements,
	runs,
	type FourRecords,
} from './generators';

function check(condition: boolean, message: string): void {
	if (!condition) throw new Error(message);
}

describe('conservation: reconcileReturns', () => {
	it('puts every input record in exactly one case or unmatched entry, by kind and index', () => {
		fc.assert(
			fc.property(messyRecords, messyOptions, (records: FourRecords, options) => {
				deepFreeze(records);
				const result = reconcileReturns(records, options);
				placements(records, result);
				for (const c of result.cases) {
					const anchors = c.sources.portal.length;
					check(anchors <= 1, 'a case holds at most one portal return');
					check(
						anchors === 1
							? Object.is(c.portal, records.portal[c.sources.portal[0]])
							: c.portal === null && KINDS.reduce((n, kind) => n + c.sources[kind].length, 0) === 1,
						'a case is one portal return with its records, or one record alone',
					);
					for (const kind of ['processor', 'erp', 'support'] as const) {
						check(
							c[kind].length === c.sources[kind].length &&
								c[kind].every((raw, k) => Object.is(raw, records[kind][c.sources[kind][k]])),
							`case.${kind}[k] is the input record at sources.${kind}[k]`,
						);
					}
				}
				for (const u of result.unmatched) {
					check(
						u.kind === 'processor' || u.kind === 'support',
						'only refunds and tickets go unmatched',
					);
					check(
						Object.is(u.record, records[u.kind][u.index]),
						'unmatched.record is the input record',
					);
					check(
						u.tag.symptom === null && u.tag.findings.some((f) => f.cause === 'unmatched'),
						'an unmatched record is tagged unmatched',
					);
				}
			}),
			runs(),
		);
	});
});

const GUARD_OPTIONS: readonly GuardOptions[] = [
	{ now: '2026-11-27T12:00:00Z' },
	{
		now: '2026-11-27T12:00:00Z',
		idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
		statusMap: { refunded: 'refunded', approved: 'pendingReceipt' },
		subsidiaryMap: { 'web-us': 'US Retail' },
		knownOrders: [{ orderRef: 'SO-0000001', status: 'closed', subsidiary: 'US Retail' }],
	},
	{
		now: '2026-11-27T12:00:00Z',
		mode: 'normalize',
		idRules: { erpPrefix: 'SO-', padLength: 7 },
		subsidiaryMap: { 'web-us': 'US Retail', 'web-ca': 'Canada Retail' },
	},
];

const payloads = fc.array(
	fc.oneof(
		{ weight: 3, arbitrary: messyPortal },
		{
			weight: 1,
			arbitrary: fc.record(
				{
					returnId: hostileValue,
					orderId: hostileValue,
					orderRef: hostileValue,
					subsidiary: hostileValue,
					refundAmount: hostileValue,
				},
				{ requiredKeys: [] },
			),
		},
		{ weight: 1, arbitrary: hostileValue },
	),
	{ maxLength: 5 },
);

describe('conservation: validateHandoff', () => {
	it('gives every payload exactly one verdict, which its problems and its tag agree with', () => {
		fc.assert(
			fc.property(payloads, fc.constantFrom(...GUARD_OPTIONS), (list, options) => {
				deepFreeze(list);
				const results = list.map((payload) => validateHandoff(payload, options));
				for (const result of results) {
					check(
						result.verdict === 'pass' || result.verdict === 'blocked',
						`a verdict is pass or blocked, not ${String(result.verdict)}`,
					);
					const blocking = result.problems.filter(
						(p) => options.mode !== 'normalize' || !p.fixable,
					);
					check(
						(result.verdict === 'blocked') === blocking.length > 0,
						'blocked exactly when a problem is left unfixed',
					);
					check(
						result.tag.state === (result.verdict === 'pass' ? 'consistent' : 'mismatch'),
						'the tag state says the verdict',
					);
					check(result.tag.findings.length === result.problems.length, 'one finding per problem');
				}
			}),
			runs(),
		);
	});
});
