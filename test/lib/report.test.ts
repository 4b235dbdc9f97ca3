import type { SymptomCause } from '../../lib/catalog';
import { OptionsError } from '../../lib/options';
import { summarizePatterns } from '../../lib/patterns';
import type { PatternSummary } from '../../lib/patterns';
import { renderHtml, renderMarkdown } from '../../lib/report';
import type { ReportOptions } from '../../lib/report';
import { buildTag, finding } from '../../lib/tag';
import type { HandoffTag, Symptom } from '../../lib/types';

const GENERATED_AT = '2026-04-03T10:00:00Z';
let nextReturn = 10040;

function tagOf(
	symptom: Symptom | null,
	cause: string | null,
	category: string | null = null,
	lagMinutes?: number,
): HandoffTag {
	nextReturn += 1;
	return buildTag({
		findings:
			cause === null ? [] : [finding({ symptom, cause } as SymptomCause, `${symptom}/${cause}`)],
		returnId: `RA-${nextReturn}`,
		orderId: `#${nextReturn - 9000}`,
		category,
		checkedAt: '2026-04-03T09:30:00.000Z',
		lagMinutes,
	});
}

function times(n: number, make: () => HandoffTag): HandoffTag[] {
	return Array.from({ length: n }, make);
}

/** A week of a Shopify/Loop/NetSuite store: one structural linkage problem, some one-offs. */
function weekSummary(): PatternSummary {
	return summarizePatterns([
		...times(4, () => tagOf('id_linkage_failure', 'order_ref_format', 'footwear', 30)),
		...times(3, () => tagOf('partial_receipt_conflict', 'restocking_fee', 'apparel', 200)),
		tagOf('partial_receipt_conflict', 'condition_adjustment', 'footwear', 600),
		tagOf('missing_handoff', 'transport_failed'),
		tagOf('duplicate_posting', 'already_posted', 'apparel'),
		tagOf(null, null, 'apparel', 45),
	]);
}

const options: ReportOptions = { title: 'Returns handoffs, week 14', generatedAt: GENERATED_AT };

function count(text: string, needle: string | RegExp): number {
	return text.split(needle).length - 1;
}

describe('renderMarkdown', () => {
	const markdown = renderMarkdown(weekSummary(), options);

	it('opens with the title and the headline totals', () => {
		expect(markdown.startsWith('# Returns handoffs, week 14\n')).toBe(true);
		expect(markdown).toContain('Generated 2026-04-03 10:00 UTC');
		expect(markdown).toContain(
			'**11 handoffs tagged**: 10 with a symptom in 5 signatures, 1 without one.',
		);
		expect(markdown).toContain('**2 structural signatures (7 handoffs), 3 one-time.**');
	});

	it("lists each structural signature with the catalog's fix type, scope and first step", () => {
		const section = markdown.split('## Structural signatures')[1].split('## Signatures')[0];
		expect(section).toContain(
			'1. **id_linkage_failure / order_ref_format**, footwear: 4 times at Middleware → ERP linkage',
		);
		expect(section).toContain('Fix type: ID mapping or routing fix · Scope: IT');
		expect(section).toContain('First step: Search the ERP for the orphaned return record');
		expect(section).toContain('2. **partial_receipt_conflict / restocking_fee**, apparel: 3 times');
		expect(section).toContain('Fix type: Refund calculation alignment · Scope: Ops team');
		expect(section).not.toContain('transport_failed');
	});

	it('has a signature table marking structural and one-time rows', () => {
		expect(markdown).toContain('| Pattern | Symptom | Cause | Boundary | Category | Count |');
		expect(markdown).toContain(
			'| structural | id_linkage_failure | order_ref_format | Middleware → ERP linkage | footwear | 4 |',
		);
		expect(markdown).toContain(
			'| one-time | missing_handoff | transport_failed | Portal → ERP middleware | unknown | 1 |',
		);
	});

	it('counts by symptom and boundary, leaving out what was not seen', () => {
		const bySymptom = markdown.split('## By symptom')[1].split('## By boundary')[0];
		expect(bySymptom).toContain('| partial_receipt_conflict | 4 |');
		expect(bySymptom).not.toContain('stale_ticket');
		expect(markdown.split('## By boundary')[1]).toContain('| WMS → Portal → ERP | 4 |');
	});

	it('states the lag statistics and the verdict with its reason', () => {
		// Lags: 30×4, 45, 200×3, 600 → median 45, p95 600 (9 values, 9th).
		expect(markdown).toContain('| 9 | 45 min | 600 min (10 h) | 600 min (10 h) |');
		expect(markdown).toMatch(
			/\*\*Not consistent: p95 600 min \(10 h\) exceeds the 240 min \(4 h\) window; the lag is erratic \(cv [\d.]+ &gt; 0\.5\)/,
		);
		const quiet = renderMarkdown(
			summarizePatterns([tagOf('stale_ticket', 'ticket_not_updated')]),
			options,
		);
		expect(quiet).toContain('No lag data');
	});

	it('escapes user text: HTML, table pipes and emphasis in a category stay literal', () => {
		const hostile = renderMarkdown(
			summarizePatterns([
				tagOf('stale_ticket', 'ticket_not_updated', '<script>alert(1)</script> | *sale*'),
			]),
			options,
		);
		expect(hostile).not.toContain('<script>');
		expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*sale\\*');
		const row = hostile.split('\n').find((line) => line.startsWith('| one-time'));
		expect(count(row ?? '', /(?<!\\)\|/)).toBe(7);
	});

	it('keeps long tables short, but never hides a structural signature', () => {
		const many = summarizePatterns([
			...times(3, () => tagOf('missing_handoff', 'rejected', 'footwear')),
			...Array.from({ length: 8 }, (_, i) => tagOf('timing_latency', 'overdue', `category-${i}`)),
		]);
		const short = renderMarkdown(many, { ...options, maxSignatureRows: 3 });
		expect(count(short, '| one-time |')).toBe(2);
		expect(short).toContain('… and 6 more one-time signatures (6 handoffs).');
		const tiny = renderMarkdown(many, { ...options, maxSignatureRows: 1 });
		expect(tiny).toContain('| structural | missing_handoff |');
	});
});

describe('renderHtml', () => {
	const summary = weekSummary();
	const html = renderHtml(summary, options);

	it('is one self-contained page: no script, no external asset', () => {
		expect(html.startsWith('<!doctype html>')).toBe(true);
		expect(html).toContain('<title>Returns handoffs, week 14</title>');
		expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(/i);
		expect(html).toContain("default-src 'none'");
	});

	it('draws one bar per (boundary, symptom) with its count', () => {
		const chart = html.slice(html.indexOf('<svg class="bars"'), html.indexOf('</svg>'));
		const bars = [
			...chart.matchAll(
				/<rect class="bar"[^>]*data-boundary="([^"]*)" data-symptom="([^"]*)" data-count="(\d+)"/g,
			),
		];
		expect(bars.map((b) => [b[1], b[2], Number(b[3])])).toEqual([
			['Middleware → ERP linkage', 'id_linkage_failure', 4],
			['WMS → Portal → ERP', 'partial_receipt_conflict', 4],
			['Middleware → ERP or Portal → Processor', 'duplicate_posting', 1],
			['Portal → ERP middleware', 'missing_handoff', 1],
		]);
		const widths = [...chart.matchAll(/<rect class="bar"[^>]* width="([\d.]+)"/g)].map((m) =>
			Number(m[1]),
		);
		expect(widths[0]).toBe(widths[1]);
		expect(widths[0]).toBeCloseTo(widths[2] * 4, 0);
	});

	it('draws the lag histogram from the samples, with the SLA window marked', () => {
		const histogram = html.slice(html.indexOf('<svg class="histogram"'));
		const bins = [
			...histogram.matchAll(/<rect class="lag-bin"[^>]*><title>(\d+)–(\d+) min: (\d+)<\/title>/g),
		];
		expect(bins.length).toBeGreaterThan(1);
		expect(bins.reduce((sum, b) => sum + Number(b[3]), 0)).toBe(summary.lag.count);
		const binOf = (minutes: number) =>
			bins.find((b) => Number(b[1]) <= minutes && minutes < Number(b[2]));
		// Bins of an hour: 30×4 and 45 share the first, 200×3 the fourth.
		expect(Number(binOf(30)?.[3])).toBe(5);
		expect(Number(binOf(200)?.[3])).toBe(3);
		expect(Number(binOf(600)?.[3])).toBe(1);
		expect(histogram).toContain('<line class="sla"');
		expect(histogram).toContain('SLA 240 min (4 h)');
	});

	it('has the same tables and verdict as the Markdown', () => {
		expect(html).toContain('<code>id_linkage_failure</code> / <code>order_ref_format</code>');
		expect(html).toContain('ID mapping or routing fix');
		expect(html).toContain('<span class="structural">structural</span>');
		expect(html).toContain('<span class="one_time">one-time</span>');
		expect(html).toMatch(/<p class="verdict bad">Not consistent: p95 600 min/);
	});

	it('escapes a category, a cause and a title that carry markup', () => {
		const hostileTag = {
			...tagOf('partial_receipt_conflict', 'amount_mismatch', '<script>alert("x")</script>'),
			cause: '<img src=x onerror=alert(1)>',
		};
		const page = renderHtml(summarizePatterns([hostileTag]), {
			...options,
			title: 'Week <b>14</b> & "more"',
		});
		expect(page).not.toMatch(/<script|<img|<b>14/i);
		expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
		expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(page).toContain('<h1>Week &lt;b&gt;14&lt;/b&gt; &amp; &quot;more&quot;</h1>');
	});

	it('says so when there is nothing to chart', () => {
		const empty = renderHtml(summarizePatterns([]), options);
		expect(empty).toContain('No symptoms to chart.');
		expect(empty).not.toContain('<rect class="lag-bin"');
		expect(empty).toContain('No lag data');
	});

	it('draws the histogram from lag samples passed as an option', () => {
		const page = renderHtml(summarizePatterns([]), { ...options, lagSamples: [5, 12, 13] });
		expect(count(page, '<rect class="lag-bin"')).toBeGreaterThan(0);
		expect(page).toMatch(/<title>12–14 min: 2<\/title>/);
	});
});

describe('report options', () => {
	it.each([
		[{ maxSignatureRows: 0 }, /^maxSignatureRows: expected a whole number ≥ 1, got 0$/],
		[
			{ generatedAt: 'tomorrow' },
			/^generatedAt: expected an ISO 8601 time, epoch ms or Date, got "tomorrow"$/,
		],
		[
			{ lagSamples: [10, -4] },
			/^lagSamples\.1: expected a number of minutes, 0 or more, got -4$/,
		],
		[{ colour: 'red' }, /^colour: expected a known option name, .*; did you mean [a-zA-Z]+\?$/],
	])('rejects %p naming the option', (bad, pattern) => {
		const run = () => renderHtml(summarizePatterns([]), bad as ReportOptions);
		expect(run).toThrow(OptionsError);
		expect(run).toThrow(pattern);
	});
});
