import fc from 'fast-check';

import type { SymptomCause } from '../../lib/catalog';
import { OptionsError } from '../../lib/options';
import { rollPatternMemory, summarizePatterns } from '../../lib/patterns';
import type { PatternOptions, PatternSummary } from '../../lib/patterns';
import { buildTag, finding } from '../../lib/tag';
import type { HandoffTag, Symptom } from '../../lib/types';

const CHECKED_AT = '2026-04-03T09:30:00.000Z';

interface TagFixture {
	returnId?: string | null;
	orderId?: string | null;
	category?: string | null;
	lagMinutes?: number;
	checkedAt?: string;
}

let nextReturn = 10040;

/** A tag as the Reconciler or the Tagger writes it, for one finding. */
function tagOf(
	symptom: Symptom | null,
	cause: string | null,
	fixture: TagFixture = {},
): HandoffTag {
	nextReturn += 1;
	return buildTag({
		findings:
			cause === null ? [] : [finding({ symptom, cause } as SymptomCause, `${symptom}/${cause}`)],
		returnId: fixture.returnId === undefined ? `RA-${nextReturn}` : fixture.returnId,
		orderId: fixture.orderId === undefined ? `#${nextReturn - 9000}` : fixture.orderId,
		category: fixture.category ?? null,
		checkedAt: fixture.checkedAt ?? CHECKED_AT,
		lagMinutes: fixture.lagMinutes,
	});
}

function repeat(n: number, make: () => HandoffTag): HandoffTag[] {
	return Array.from({ length: n }, make);
}

function withLag(values: number[]): HandoffTag[] {
	return values.map((lagMinutes) => tagOf('timing_latency', 'late_posting', { lagMinutes }));
}

function signature(
	summary: PatternSummary,
	symptom: Symptom,
	cause: string,
	category: string | null,
) {
	return summary.signatures.find(
		(s) => s.symptom === symptom && s.cause === cause && s.category === category,
	);
}

function messageOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(OptionsError);
		return (error as Error).message;
	}
	throw new Error('expected an OptionsError');
}

describe('summarizePatterns: structural vs one-time', () => {
	it('calls a signature structural at exactly the threshold and one-time one below it', () => {
		const tags = [
			...repeat(3, () => tagOf('id_linkage_failure', 'order_ref_format', { category: 'footwear' })),
			...repeat(2, () => tagOf('missing_handoff', 'not_received', { category: 'apparel' })),
		];
		const summary = summarizePatterns(tags);
		expect(signature(summary, 'id_linkage_failure', 'order_ref_format', 'footwear')).toMatchObject({
			count: 3,
			pattern: 'structural',
			boundary: 'Middleware → ERP linkage',
		});
		expect(signature(summary, 'missing_handoff', 'not_received', 'apparel')).toMatchObject({
			count: 2,
			pattern: 'one_time',
		});

		const lower = summarizePatterns(tags, { structuralThreshold: 2 });
		expect(signature(lower, 'missing_handoff', 'not_received', 'apparel')?.pattern).toBe(
			'structural',
		);
		const higher = summarizePatterns(tags, { structuralThreshold: 4 });
		expect(higher.signatures.every((s) => s.pattern === 'one_time')).toBe(true);
	});

	it('keeps categories apart: the same failure in two categories is two signatures', () => {
		const summary = summarizePatterns([
			...repeat(2, () =>
				tagOf('partial_receipt_conflict', 'restocking_fee', { category: 'footwear' }),
			),
			tagOf('partial_receipt_conflict', 'restocking_fee', { category: 'apparel' }),
			tagOf('partial_receipt_conflict', 'restocking_fee'),
		]);
		expect(summary.signatures.map((s) => [s.category, s.count])).toEqual([
			['footwear', 2],
			['apparel', 1],
			[null, 1],
		]);
		expect(summary.signatures.every((s) => s.pattern === 'one_time')).toBe(true);
		expect(summary.bySymptom.partial_receipt_conflict).toBe(4);
		expect(summary.byBoundary['WMS → Portal → ERP']).toBe(4);
	});

	it('sorts by count, then symptom priority, then cause, boundary and category', () => {
		const summary = summarizePatterns([
			tagOf('stale_ticket', 'ticket_not_updated'),
			tagOf('partial_receipt_conflict', 'amount_mismatch', { category: 'footwear' }),
			tagOf('id_linkage_failure', 'wrong_subsidiary'),
			tagOf('id_linkage_failure', 'order_ref_format', { category: 'footwear' }),
			tagOf('id_linkage_failure', 'order_ref_format'),
			tagOf('timing_latency', 'overdue'),
			tagOf('timing_latency', 'overdue'),
		]);
		expect(summary.signatures.map((s) => `${s.symptom}/${s.cause}/${s.category}`)).toEqual([
			'timing_latency/overdue/null',
			'id_linkage_failure/order_ref_format/footwear',
			'id_linkage_failure/order_ref_format/null',
			'id_linkage_failure/wrong_subsidiary/null',
			'partial_receipt_conflict/amount_mismatch/footwear',
			'stale_ticket/ticket_not_updated/null',
		]);
	});

	it('does not depend on the order of the tags', () => {
		const causes = ['not_received', 'rejected', 'transport_failed'] as const;
		const categories = ['footwear', 'apparel', null] as const;
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.constantFrom(...causes), fc.constantFrom(...categories)), {
					maxLength: 30,
				}),
				(rows) => {
					const tags = rows.map(([cause, category]) =>
						tagOf('missing_handoff', cause, { category }),
					);
					const forward = summarizePatterns(tags);
					const backward = summarizePatterns([...tags].reverse());
					expect(backward.signatures).toEqual(forward.signatures);
					expect(forward.bySymptom.missing_handoff).toBe(rows.length);
				},
			),
		);
	});
});

describe('summarizePatterns: prior', () => {
	it('adds up failures that arrive one per execution until they are structural', () => {
		let summary: PatternSummary | undefined;
		const patterns: string[] = [];
		for (const returnId of ['RA-10042', 'RA-10043', 'RA-10044']) {
			const tag = tagOf('missing_handoff', 'transport_failed', { returnId, category: 'footwear' });
			summary = summarizePatterns([tag], { prior: summary });
			patterns.push(summary.signatures[0].pattern);
		}
		expect(patterns).toEqual(['one_time', 'one_time', 'structural']);
		expect(summary?.total).toBe(3);
		expect(summary?.signatures).toHaveLength(1);
		expect(summary?.signatures[0].count).toBe(3);
		expect(summary?.bySymptom.missing_handoff).toBe(3);
		expect(summary?.byBoundary['Portal → ERP middleware']).toBe(3);
	});

	it('merges the prior lag samples, so lag covers the same span as the counts', () => {
		const first = summarizePatterns(withLag([10, 20]));
		const second = summarizePatterns(withLag([30, 400]), { prior: first });
		expect(second.lag.count).toBe(4);
		expect(second.lag.medianMinutes).toBe(25);
		expect(second.lag.maxMinutes).toBe(400);
		expect(second.lagSamples).toEqual([10, 20, 30, 400]);
	});

	it('survives a JSON round trip (workflow static data) and adds counts without lag samples', () => {
		const first = summarizePatterns(withLag([10, 20]));
		const stored = JSON.parse(JSON.stringify(first)) as PatternSummary;
		const { lagSamples: _dropped, ...withoutSamples } = stored;
		const second = summarizePatterns(withLag([30]), { prior: withoutSamples });
		expect(second.total).toBe(3);
		expect(second.bySymptom.timing_latency).toBe(3);
		expect(second.lag.count).toBe(1);
	});

	it('splitting the tags over two calls gives the same counts and lag as one call', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						symptom: fc.constantFrom<Symptom | null>('missing_handoff', 'timing_latency', null),
						category: fc.constantFrom('footwear', 'apparel', null),
						lag: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
					}),
					{ maxLength: 25 },
				),
				fc.nat(),
				(rows, cut) => {
					const tags = rows.map((r) =>
						r.symptom === null
							? tagOf(null, null, { lagMinutes: r.lag })
							: tagOf(r.symptom, r.symptom === 'missing_handoff' ? 'rejected' : 'overdue', {
									category: r.category,
									lagMinutes: r.lag,
								}),
					);
					const at = tags.length === 0 ? 0 : cut % (tags.length + 1);
					const whole = summarizePatterns(tags);
					const split = summarizePatterns(tags.slice(at), {
						prior: summarizePatterns(tags.slice(0, at)),
					});
					expect(split.total).toBe(whole.total);
					expect(split.bySymptom).toEqual(whole.bySymptom);
					expect(split.signatures).toEqual(whole.signatures);
					expect(split.lag).toEqual(whole.lag);
				},
			),
		);
	});
});

describe('summarizePatterns: tags without a symptom and bad tags', () => {
	it('counts tags without a symptom in total and lag only, and never throws on a bad tag', () => {
		const consistent = tagOf(null, null, { lagMinutes: 30 });
		const invalid = buildTag({
			findings: [
				finding({ symptom: null, cause: 'invalid_record' }, 'refundAmount is not a number', {
					field: 'refundAmount',
				}),
			],
			returnId: null,
			orderId: null,
			checkedAt: CHECKED_AT,
		});
		const unknownSymptom = { ...tagOf('missing_handoff', 'rejected'), symptom: 'lost_in_space' };
		const linkage = tagOf('id_linkage_failure', 'return_id_missing', { lagMinutes: 90 });
		const tags: unknown[] = [consistent, invalid, 'garbage', null, 42, [], unknownSymptom, linkage];

		const summary = summarizePatterns(tags);
		expect(summary.total).toBe(8);
		expect(summary.signatures).toHaveLength(1);
		expect(summary.signatures[0]).toMatchObject({ symptom: 'id_linkage_failure', count: 1 });
		expect(Object.values(summary.bySymptom).reduce((a, b) => a + b, 0)).toBe(1);
		expect(Object.values(summary.byBoundary).reduce((a, b) => a + b, 0)).toBe(1);
		expect(summary.lag.count).toBe(2);
		expect(summary.lag.maxMinutes).toBe(90);
	});

	it('reports every symptom and catalog boundary, 0 when unseen', () => {
		const summary = summarizePatterns([]);
		expect(summary.total).toBe(0);
		expect(summary.bySymptom.missing_handoff).toBe(0);
		expect(summary.bySymptom.stale_ticket).toBe(0);
		expect(summary.byBoundary['Support ticket']).toBe(0);
	});

	it("takes the catalog's boundary when a tag built elsewhere has none", () => {
		const { boundary: _none, ...bare } = tagOf('duplicate_posting', 'already_posted');
		const summary = summarizePatterns([bare]);
		expect(summary.signatures[0].boundary).toBe('Middleware → ERP or Portal → Processor');
	});
});

describe('summarizePatterns: lag statistics', () => {
	it('takes the middle value for an odd count and the mean of the two middle ones for an even', () => {
		expect(summarizePatterns(withLag([50, 10, 30])).lag.medianMinutes).toBe(30);
		expect(summarizePatterns(withLag([40, 10, 30, 20])).lag.medianMinutes).toBe(25);
	});

	it('takes p95 by nearest rank: of 20 values the 19th, of 11 the 11th, of 100 the 95th', () => {
		const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
		expect(summarizePatterns(withLag(range(20).reverse())).lag.p95Minutes).toBe(19);
		expect(summarizePatterns(withLag(range(21))).lag.p95Minutes).toBe(20);
		expect(summarizePatterns(withLag(range(100))).lag.p95Minutes).toBe(95);
		// 0.95 × 11 = 10.45: nearest rank rounds up to the 11th, not to the 10th.
		expect(summarizePatterns(withLag(range(11))).lag.p95Minutes).toBe(11);
		expect(summarizePatterns(withLag([7])).lag.p95Minutes).toBe(7);
	});

	it('computes cv as population standard deviation over mean, 0 for one value or a mean of 0', () => {
		expect(summarizePatterns(withLag([100, 300])).lag.cv).toBe(0.5);
		expect(summarizePatterns(withLag([60, 60, 60])).lag.cv).toBe(0);
		expect(summarizePatterns(withLag([500])).lag.cv).toBe(0);
		expect(summarizePatterns(withLag([0, 0])).lag.cv).toBe(0);
		expect(summarizePatterns(withLag([2, 4, 4, 4, 5, 5, 7, 9])).lag.cv).toBeCloseTo(2 / 5, 10);
	});

	it('is consistent with p95 exactly at the SLA window and not one minute above', () => {
		const atWindow = summarizePatterns(withLag([...Array(19).fill(240), 300]));
		expect(atWindow.lag).toMatchObject({ p95Minutes: 240, maxMinutes: 300, consistent: true });
		const above = summarizePatterns(withLag([...Array(18).fill(240), 241, 241]));
		expect(above.lag.p95Minutes).toBe(241);
		expect(above.lag.cv).toBeLessThan(0.01);
		expect(above.lag.consistent).toBe(false);
		const widerWindow = summarizePatterns(withLag([...Array(18).fill(240), 241, 241]), {
			slaWindowMinutes: 241,
		});
		expect(widerWindow.lag.consistent).toBe(true);
	});

	it('is consistent with cv exactly 0.5 and not above it', () => {
		const options: PatternOptions = { slaWindowMinutes: 1000 };
		const atLimit = summarizePatterns(withLag([100, 300]), options);
		expect(atLimit.lag).toMatchObject({ cv: 0.5, consistent: true });
		const above = summarizePatterns(withLag([99, 301]), options);
		expect(above.lag.cv).toBeGreaterThan(0.5);
		expect(above.lag.consistent).toBe(false);
	});

	it('gives count 0, null statistics and no verdict when no tag has a lag', () => {
		const summary = summarizePatterns([tagOf('missing_handoff', 'not_received')]);
		expect(summary.lag).toEqual({
			count: 0,
			medianMinutes: null,
			p95Minutes: null,
			maxMinutes: null,
			cv: null,
			consistent: null,
		});
	});

	it('ignores lag values that are not numbers and reads a posting before the instruction as 0', () => {
		const odd = [
			{ ...tagOf('timing_latency', 'late_posting'), lagMinutes: Number.NaN },
			{ ...tagOf('timing_latency', 'late_posting'), lagMinutes: '45' },
			tagOf('timing_latency', 'late_posting', { lagMinutes: -12 }),
		];
		const summary = summarizePatterns(odd);
		expect(summary.lag.count).toBe(1);
		expect(summary.lag.maxMinutes).toBe(0);
	});
});

describe('summarizePatterns: options are read on every call', () => {
	it('a change to the options object between two calls takes effect', () => {
		const tags = [tagOf('timing_latency', 'overdue'), tagOf('timing_latency', 'overdue')];
		const options: PatternOptions = { structuralThreshold: 3 };
		expect(summarizePatterns(tags, options).signatures[0].pattern).toBe('one_time');
		options.structuralThreshold = 2;
		expect(summarizePatterns(tags, options).signatures[0].pattern).toBe('structural');
	});
});

describe('summarizePatterns: options', () => {
	it.each([
		[{ structuralThreshold: 0 }, /^structuralThreshold: expected a whole number ≥ 1, got 0$/],
		[{ structuralThreshold: 2.5 }, /^structuralThreshold: expected a whole number ≥ 1, got 2.5$/],
		[{ structuralThreshold: '3' }, /^structuralThreshold: expected a whole number ≥ 1, got "3"$/],
		[
			{ slaWindowMinutes: -1 },
			/^slaWindowMinutes: expected a number of minutes, 0 or more, got -1$/,
		],
		[
			{ slaWindowMinutes: Number.POSITIVE_INFINITY },
			/^slaWindowMinutes: expected .*, got Infinity$/,
		],
		[
			{ structuralThreshhold: 3 },
			/^structuralThreshhold: expected a known option name, got an unknown name; did you mean structuralThreshold\?$/,
		],
		[{ prior: 'last week' }, /^prior: expected an earlier pattern summary, got "last week"$/],
		[
			{
				prior: {
					total: 1,
					signatures: [
						{
							symptom: 'missing_handoff',
							cause: 'rejected',
							boundary: 'Portal → ERP middleware',
							category: null,
							count: -1,
						},
					],
				},
			},
			/^prior\.signatures\.0\.count: expected a whole number, 0 or more, got -1$/,
		],
		[
			{
				prior: {
					total: 1,
					signatures: [{ symptom: 'lost', cause: null, boundary: 'x', category: null, count: 1 }],
				},
			},
			/^prior\.signatures\.0\.symptom: expected one of missing_handoff, .*, got "lost"$/,
		],
		[
			{
				prior: {
					total: 0,
					signatures: [
						{
							symptom: 'stale_ticket',
							cause: null,
							boundary: 'Support ticket',
							category: null,
							count: 2,
						},
					],
				},
			},
			/^prior\.total: expected a total at least the sum of its signature counts, got 0$/,
		],
		['weekly', /^options: expected an object, got "weekly"$/],
	])('rejects %p naming the option', (options, pattern) => {
		expect(messageOf(() => summarizePatterns([], options as PatternOptions))).toMatch(pattern);
	});

	it('names the tags when they are not a list', () => {
		expect(messageOf(() => summarizePatterns({} as unknown as HandoffTag[]))).toMatch(
			/^tags: expected a list/,
		);
	});

	it('accepts a null prior as no prior', () => {
		expect(
			summarizePatterns([tagOf('stale_ticket', 'ticket_not_updated')], { prior: null }).total,
		).toBe(1);
	});
});

describe('rollPatternMemory', () => {
	const day = (d: number) => `2026-04-${String(d).padStart(2, '0')}T12:00:00.000Z`;

	/** One execution of the Pattern Report node: roll the memory, then summarize. */
	function execute(memory: unknown, tags: HandoffTag[], now: string, rememberDays = 7) {
		const rolled = rollPatternMemory(memory, tags, { now, rememberDays });
		const summary = summarizePatterns(rolled.tags, { prior: rolled.prior });
		return { memory: rolled.memory as unknown, summary };
	}

	it('adds up one failure per execution across executions', () => {
		let memory: unknown;
		let summary: PatternSummary | undefined;
		for (const [i, returnId] of ['RA-10042', 'RA-10043', 'RA-10044'].entries()) {
			const tag = tagOf('missing_handoff', 'auth_failed', { returnId, checkedAt: day(3 + i) });
			({ memory, summary } = execute(memory, [tag], day(3 + i)));
			expect(summary.signatures[0].count).toBe(i + 1);
		}
		expect(summary?.signatures[0].pattern).toBe('structural');
		expect(summary?.total).toBe(3);
	});

	it('drops days older than rememberDays, keeping today and the days before it', () => {
		const first = execute(
			undefined,
			[
				tagOf('id_linkage_failure', 'order_ref_format', {
					category: 'footwear',
					checkedAt: day(1),
					lagMinutes: 500,
				}),
			],
			day(1),
		);
		// 7 days remembered on April 7: April 1 to 7, so April 1 is still in.
		const lastDay = execute(first.memory, [], day(7));
		expect(lastDay.summary.total).toBe(1);
		expect(lastDay.summary.lag.count).toBe(1);
		// On April 8 the window is April 2 to 8.
		const dayAfter = execute(first.memory, [], day(8));
		expect(dayAfter.summary.total).toBe(0);
		expect(dayAfter.summary.signatures).toEqual([]);
		expect(dayAfter.summary.lag.count).toBe(0);
		expect(Object.keys((dayAfter.memory as { days: object }).days)).toEqual([]);
		const shorter = execute(first.memory, [], day(3), 2);
		expect(shorter.summary.total).toBe(0);
	});

	it('counts a return once per signature, however often a scheduled audit tags it again', () => {
		const audit = (now: string, cause: string) => [
			tagOf('timing_latency', cause, { returnId: 'RA-10042', orderId: '#1042', checkedAt: now }),
			tagOf('timing_latency', 'overdue', {
				returnId: 'RA-10043',
				orderId: '#1043',
				checkedAt: now,
			}),
		];
		let run = execute(undefined, audit(day(3), 'overdue'), day(3));
		run = execute(run.memory, audit(day(3), 'overdue'), day(3));
		run = execute(run.memory, audit(day(4), 'overdue'), day(4));
		expect(signatureCount(run.summary, 'overdue')).toBe(2);
		expect(run.summary.signatures[0].pattern).toBe('one_time');
		// The return's state changed: that is news, and counts.
		run = execute(run.memory, audit(day(4), 'late_posting'), day(4));
		expect(signatureCount(run.summary, 'late_posting')).toBe(1);
		expect(run.summary.total).toBe(3);
	});

	it('counts every tag that names no return or order', () => {
		const anonymous = () =>
			tagOf('missing_handoff', 'transport_failed', { returnId: null, orderId: null });
		let run = execute(undefined, [anonymous()], day(3));
		run = execute(run.memory, [anonymous(), anonymous()], day(3));
		expect(run.summary.signatures[0]).toMatchObject({ count: 3, pattern: 'structural' });
	});

	it('starts fresh from memory of any other shape, and drops only a day that does not read', () => {
		const tag = tagOf('stale_ticket', 'ticket_not_updated', { checkedAt: day(3) });
		for (const garbage of [
			'nonsense',
			42,
			null,
			[],
			{ version: 2, days: {} },
			{ version: 1, days: [] },
		]) {
			const run = execute(garbage, [tag], day(3));
			expect(run.summary.total).toBe(1);
		}
		const good = execute(
			undefined,
			[tagOf('stale_ticket', 'ticket_not_updated', { checkedAt: day(2) })],
			day(2),
		);
		const mixed = JSON.parse(JSON.stringify(good.memory)) as { days: Record<string, unknown> };
		mixed.days['2026-04-01'] = { signatures: 'lots', other: -1, lag: [], seen: [] };
		mixed.days['2026-02-31'] = { signatures: [], other: 5, lag: [], seen: [] };
		const run = execute(mixed, [], day(3));
		expect(run.summary.total).toBe(1);
		expect(Object.keys((run.memory as { days: object }).days)).toEqual(['2026-04-02']);
	});

	it('stores plain JSON that stays bounded however many tags a day brings', () => {
		const tags = Array.from({ length: 6000 }, (_, i) =>
			tagOf('partial_receipt_conflict', 'amount_mismatch', {
				returnId: `RA-${20000 + i}`,
				category: `category-${i % 400}`,
				lagMinutes: i % 700,
				checkedAt: day(3),
			}),
		);
		const rolled = rollPatternMemory(undefined, tags, { now: day(3) });
		const json = JSON.stringify(rolled.memory);
		expect(JSON.parse(json)).toEqual(rolled.memory);
		const stored = rolled.memory.days['2026-04-03'];
		expect(stored.signatures.length).toBeLessThanOrEqual(200);
		expect(stored.lag.length).toBeLessThanOrEqual(300);
		expect(stored.seen.length).toBeLessThanOrEqual(3000);
		expect(json.length).toBeLessThan(200_000);
		// Nothing is lost from the totals: what does not fit a signature still counts.
		const next = rollPatternMemory(rolled.memory, [], { now: day(3) });
		expect(next.prior.total).toBe(6000);
	});

	it('files a tag by the UTC day of its checkedAt, and one without a readable date under today', () => {
		const rolled = rollPatternMemory(
			undefined,
			[
				tagOf('missing_handoff', 'rejected', { checkedAt: '2026-04-02T23:30:00-02:00' }),
				{ ...tagOf('missing_handoff', 'rejected'), checkedAt: 'yesterday' },
				'not a tag',
			],
			{ now: day(5) },
		);
		expect(Object.keys(rolled.memory.days)).toEqual(['2026-04-03', '2026-04-05']);
		expect(rolled.memory.days['2026-04-05'].other).toBe(1);
		expect(rolled.tags).toHaveLength(3);
	});

	it.each([
		[{ rememberDays: 0 }, /^rememberDays: expected a whole number from 1 to 31, got 0$/],
		[{ rememberDays: 90 }, /^rememberDays: expected a whole number from 1 to 31, got 90$/],
		[
			{ now: 'last Tuesday' },
			/^now: expected an ISO 8601 time, epoch ms or Date, got "last Tuesday"$/,
		],
		[{ remember: 7 }, /^remember: .*; did you mean rememberDays\?$/],
	])('rejects %j naming the option', (options, pattern) => {
		expect(messageOf(() => rollPatternMemory(undefined, [], options as never))).toMatch(pattern);
	});
});

function signatureCount(summary: PatternSummary, cause: string): number | undefined {
	return summary.signatures.find((s) => s.cause === cause)?.count;
}
