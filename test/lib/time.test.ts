import { parseTime } from '../../lib/time';

describe('timestamps', () => {
	const moment = Date.parse('2026-11-26T12:00:00Z');

	it.each([
		['ISO with Z', '2026-11-26T12:00:00Z'],
		['ISO with an offset', '2026-11-26T07:00:00-05:00'],
		['ISO without an offset (read as UTC)', '2026-11-26T12:00:00'],
		['epoch seconds (Stripe)', moment / 1000],
		['epoch milliseconds', moment],
		['epoch seconds as text', String(moment / 1000)],
	])('reads %s', (_what, value) => {
		expect(parseTime(value)).toEqual({ ok: true, ms: moment });
	});

	it('draws the seconds/milliseconds line at 10^11', () => {
		expect(parseTime(99_999_999_999)).toEqual({ ok: true, ms: 99_999_999_999_000 });
		expect(parseTime(100_000_000_000)).toEqual({ ok: true, ms: 100_000_000_000 });
	});

	it.each([['yesterday'], ['26/11/2026'], [Number.POSITIVE_INFINITY], [{}]])(
		'rejects %j',
		(value) => {
			expect(parseTime(value).ok).toBe(false);
		},
	);
});
