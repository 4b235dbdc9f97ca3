/**
 * The Pattern Report as people read it: Markdown for Slack, email or a ticket, and a
 * self-contained HTML page (inline CSS and SVG, no script, no external asset) with a bar chart
 * of symptoms by boundary and a lag histogram. Every text that can come from user data
 * (categories, causes, boundaries, the title) is escaped.
 */
import { z } from 'zod';

import { CATALOG, SYMPTOM_PRIORITY, scopeOf } from './catalog';
import { DEFAULTS, atLeastOneSchema, optionsErrorOf, pickOptions, timeOption } from './options';
import { MAX_CONSISTENT_CV } from './patterns';
import type { PatternSignature, PatternSummary } from './patterns';
import { SYMPTOMS } from './types';
import type { Symptom } from './types';

export interface ReportOptions {
	/** Default: "Returns handoff pattern report". */
	title?: string;
	/** When the report was made (ISO string, epoch ms or Date); default: the current time. */
	generatedAt?: string | number | Date;
	/** Lag values for the histogram; default: the summary's `lagSamples`. */
	lagSamples?: number[];
	/** Signature rows shown before "… and N more"; default 50. Structural ones are always listed. */
	maxSignatureRows?: number;
}

const DEFAULT_TITLE = 'Returns handoff pattern report';
const DEFAULT_MAX_ROWS = 50;

const reportOptionsSchema = z.object({
	title: z.string({ error: 'a text' }).max(200, 'a text of at most 200 characters').optional(),
	/** Read by `timeOption`, as every time option. */
	generatedAt: z.unknown().optional(),
	lagSamples: z
		.array(z.number({ error: 'a number of minutes' }).min(0, 'a number of minutes, 0 or more'), {
			error: 'a list of numbers of minutes',
		})
		.optional(),
	maxSignatureRows: atLeastOneSchema.optional(),
});

interface Bar {
	boundary: string;
	symptom: Symptom;
	count: number;
}

/** Everything both renderers show, computed once so Markdown and HTML never disagree. */
interface ReportModel {
	title: string;
	generatedAt: string;
	summary: PatternSummary;
	structuralThreshold: number;
	slaWindowMinutes: number;
	withSymptom: number;
	structural: PatternSignature[];
	oneTimeCount: number;
	rows: PatternSignature[];
	hidden: { signatures: number; handoffs: number };
	bySymptom: Array<[Symptom, number]>;
	byBoundary: Array<[string, number]>;
	/** One bar per (boundary, symptom) seen, grouped by boundary, biggest boundary first. */
	bars: Bar[];
	samples: number[];
	verdict: string;
}

function buildModel(summary: PatternSummary, raw: unknown): ReportModel {
	// The renderers' options are their own, not the library's vocabulary.
	const names = Object.keys(reportOptionsSchema.shape);
	const input = pickOptions(raw, names, names);
	const parsed = reportOptionsSchema.safeParse(input);
	if (!parsed.success) throw optionsErrorOf(parsed.error, input);
	const options = parsed.data;
	const generatedMs = timeOption(options.generatedAt, 'generatedAt') ?? Date.now();
	// A summary that crossed a JSON boundary (or predates these fields) may lack the extras.
	const structuralThreshold = summary.settings?.structuralThreshold ?? DEFAULTS.structuralThreshold;
	const slaWindowMinutes = summary.settings?.slaWindowMinutes ?? DEFAULTS.slaWindowMinutes;
	const signatures = summary.signatures ?? [];
	const structural = signatures.filter((s) => s.pattern === 'structural');
	const maxRows = Math.max(options.maxSignatureRows ?? DEFAULT_MAX_ROWS, structural.length);
	const rows = signatures.slice(0, maxRows);
	const hiddenRows = signatures.slice(maxRows);

	const rank = (s: Symptom) => SYMPTOM_PRIORITY.indexOf(s);
	const bySymptom = SYMPTOMS.map((s): [Symptom, number] => [s, summary.bySymptom?.[s] ?? 0])
		.filter(([, n]) => n > 0)
		.sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]));
	const byBoundary = Object.entries(summary.byBoundary ?? {})
		.filter(([, n]) => n > 0)
		.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

	return {
		title: options.title?.trim() || DEFAULT_TITLE,
		generatedAt: new Date(generatedMs).toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
		summary,
		structuralThreshold,
		slaWindowMinutes,
		withSymptom: signatures.reduce((sum, s) => sum + s.count, 0),
		structural,
		oneTimeCount: signatures.length - structural.length,
		rows,
		hidden: {
			signatures: hiddenRows.length,
			handoffs: hiddenRows.reduce((sum, s) => sum + s.count, 0),
		},
		bySymptom,
		byBoundary,
		bars: barsOf(signatures),
		samples: options.lagSamples ?? summary.lagSamples ?? [],
		verdict: verdictOf(summary, slaWindowMinutes),
	};
}

function barsOf(signatures: readonly PatternSignature[]): Bar[] {
	const groups = new Map<string, Map<Symptom, number>>();
	for (const s of signatures) {
		const group = groups.get(s.boundary) ?? new Map<Symptom, number>();
		group.set(s.symptom, (group.get(s.symptom) ?? 0) + s.count);
		groups.set(s.boundary, group);
	}
	const totalOf = (g: Map<Symptom, number>) => [...g.values()].reduce((a, b) => a + b, 0);
	const rank = (s: Symptom) => SYMPTOM_PRIORITY.indexOf(s);
	return [...groups.entries()]
		.sort((a, b) => totalOf(b[1]) - totalOf(a[1]) || (a[0] < b[0] ? -1 : 1))
		.flatMap(([boundary, group]) =>
			[...group.entries()]
				.sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]))
				.map(([symptom, count]) => ({ boundary, symptom, count })),
		);
}

/** The guide's reading of lag: a problem when it runs past the window or is erratic. */
function verdictOf(summary: PatternSummary, slaWindowMinutes: number): string {
	const lag = summary.lag;
	if (!lag || lag.count === 0 || lag.p95Minutes === null || lag.cv === null) {
		return 'No lag data: none of the tags carried a lag from refund instruction to ERP posting.';
	}
	const p95 = formatMinutes(lag.p95Minutes);
	const cv = formatCv(lag.cv);
	if (lag.consistent) {
		return `Consistent: p95 ${p95} is within the ${formatMinutes(slaWindowMinutes)} window and the spread (cv ${cv}) is at most ${MAX_CONSISTENT_CV}.`;
	}
	const reasons: string[] = [];
	if (lag.p95Minutes > slaWindowMinutes) {
		reasons.push(`p95 ${p95} exceeds the ${formatMinutes(slaWindowMinutes)} window`);
	}
	if (lag.cv > MAX_CONSISTENT_CV) {
		reasons.push(
			`the lag is erratic (cv ${cv} > ${MAX_CONSISTENT_CV}): some returns post quickly, others sit much longer`,
		);
	}
	return `Not consistent: ${reasons.join('; ')}. Check batch processing, API rate limits and ERP job scheduling.`;
}

function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

function formatMinutes(minutes: number): string {
	const text = `${round(minutes, 1)} min`;
	return minutes >= 120 ? `${text} (${round(minutes / 60, 1)} h)` : text;
}

function formatCv(cv: number): string {
	return round(cv, 2).toFixed(2);
}

function scopeLabel(s: PatternSignature): string {
	return scopeOf(s.symptom, s.cause) === 'ops' ? 'Ops team' : 'IT';
}

function patternLabel(s: PatternSignature): string {
	return s.pattern === 'structural' ? 'structural' : 'one-time';
}

function plural(n: number, one: string, many: string): string {
	return `${n} ${n === 1 ? one : many}`;
}

/** The structural signatures the headline names, and how many handoffs they hold. */
function headline(model: ReportModel): { total: string; symptoms: string; structural: string } {
	const { summary, structural } = model;
	const structuralCount = structural.reduce((sum, s) => sum + s.count, 0);
	return {
		total: summary.total === 1 ? 'handoff tagged' : 'handoffs tagged',
		symptoms: `${model.withSymptom} with a symptom in ${plural(summary.signatures.length, 'signature', 'signatures')}, ${summary.total - model.withSymptom} without one`,
		structural: `${plural(structural.length, 'structural signature', 'structural signatures')} (${plural(structuralCount, 'handoff', 'handoffs')}), ${model.oneTimeCount} one-time`,
	};
}

// ---------------------------------------------------------------------------------------------
// Markdown (CommonMark with GFM tables).

/**
 * Escapes user text for Markdown: HTML-significant characters as entities (so no renderer sees a
 * tag), Markdown punctuation with a backslash, line breaks folded (a table row is one line). An
 * underscore between two letters or digits is left alone: it cannot open emphasis, and cause
 * codes such as order_ref_format stay readable in the raw text.
 */
function md(text: string): string {
	return text
		.replace(/\s+/g, ' ')
		.replace(/\\/g, '\\\\')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/[`*[\]|~!#]/g, '\\$&')
		.replace(/_/g, (match, offset: number, whole: string) =>
			/[A-Za-z0-9]/.test(whole[offset - 1] ?? '') && /[A-Za-z0-9]/.test(whole[offset + 1] ?? '')
				? match
				: '\\_',
		);
}

function mdCell(text: string | null, empty = '—'): string {
	return text === null ? empty : md(text);
}

function mdTable(header: string[], rows: string[][]): string {
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function renderMarkdown(summary: PatternSummary, options?: ReportOptions): string {
	const model = buildModel(summary, options);
	const head = headline(model);
	const out: string[] = [
		`# ${md(model.title)}`,
		'',
		`Generated ${model.generatedAt} · structural = the same signature ${model.structuralThreshold} or more times · SLA window ${formatMinutes(model.slaWindowMinutes)}`,
		'',
		`**${model.summary.total} ${head.total}**: ${head.symptoms}. **${head.structural}.**`,
	];

	out.push('', '## Structural signatures: fix these at the source', '');
	if (model.structural.length === 0) {
		out.push('None: every signature is one-time so far.');
	} else {
		model.structural.forEach((s, i) => {
			const category = s.category === null ? '' : `, ${md(s.category)}`;
			out.push(
				`${i + 1}. **${md(s.symptom)} / ${mdCell(s.cause)}**${category}: ${plural(s.count, 'time', 'times')} at ${md(s.boundary)}`,
				`   - Fix type: ${md(CATALOG[s.symptom].fixType)} · Scope: ${scopeLabel(s)}`,
				`   - First step: ${md(CATALOG[s.symptom].nextSteps[0])}`,
			);
		});
	}

	out.push('', '## Signatures', '');
	if (model.rows.length === 0) out.push('No tag carried a symptom.');
	else {
		out.push(
			mdTable(
				['Pattern', 'Symptom', 'Cause', 'Boundary', 'Category', 'Count'],
				model.rows.map((s) => [
					patternLabel(s),
					md(s.symptom),
					mdCell(s.cause),
					md(s.boundary),
					mdCell(s.category, 'unknown'),
					String(s.count),
				]),
			),
		);
		if (model.hidden.signatures > 0) {
			out.push(
				'',
				`… and ${plural(model.hidden.signatures, 'more one-time signature', 'more one-time signatures')} (${plural(model.hidden.handoffs, 'handoff', 'handoffs')}).`,
			);
		}
	}

	out.push('', '## By symptom', '');
	out.push(
		model.bySymptom.length === 0
			? 'No symptoms.'
			: mdTable(
					['Symptom', 'Count'],
					model.bySymptom.map(([s, n]) => [md(s), String(n)]),
				),
	);
	out.push('', '## By boundary', '');
	out.push(
		model.byBoundary.length === 0
			? 'No symptoms.'
			: mdTable(
					['Boundary', 'Count'],
					model.byBoundary.map(([b, n]) => [md(b), String(n)]),
				),
	);

	out.push('', '## Lag: refund instruction → ERP posting', '');
	const lag = summary.lag;
	if (lag && lag.count > 0) {
		out.push(
			mdTable(
				['Count', 'Median', 'p95', 'Max', 'CV'],
				[
					[
						String(lag.count),
						formatMinutes(lag.medianMinutes ?? 0),
						formatMinutes(lag.p95Minutes ?? 0),
						formatMinutes(lag.maxMinutes ?? 0),
						formatCv(lag.cv ?? 0),
					],
				],
			),
			'',
		);
	}
	out.push(`**${md(model.verdict)}**`, '');
	return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// HTML.

export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

const h = escapeHtml;

/** One colour per symptom, in catalog order; readable on white and distinct in grey print. */
const SYMPTOM_COLORS: Readonly<Record<Symptom, string>> = {
	missing_handoff: '#c0392b',
	id_linkage_failure: '#8e44ad',
	partial_receipt_conflict: '#d35400',
	timing_latency: '#2471a3',
	processor_mismatch: '#117a65',
	duplicate_posting: '#7d6608',
	stale_ticket: '#5d6d7e',
};

const CSS = `
body{font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1c2833;margin:0;background:#f4f6f7}
main{max-width:960px;margin:0 auto;padding:24px;background:#fff}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:28px 0 8px;border-bottom:1px solid #d5d8dc;padding-bottom:4px}
.meta{color:#5d6d7e;margin:0 0 16px}
.stats{display:flex;flex-wrap:wrap;gap:12px}.stat{border:1px solid #d5d8dc;border-radius:6px;padding:8px 14px}
.stat b{display:block;font-size:1.5em}
table{border-collapse:collapse;width:100%;font-size:.92em}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eaeded;vertical-align:top}
th{background:#f4f6f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.structural{color:#fff;background:#c0392b;border-radius:3px;padding:1px 6px}.one_time{color:#1c2833;background:#eaeded;border-radius:3px;padding:1px 6px}
code{font-size:.95em}.verdict{font-weight:600}.bad{color:#c0392b}.good{color:#117a65}
svg{max-width:100%;height:auto;font-family:inherit}
`;

export function renderHtml(summary: PatternSummary, options?: ReportOptions): string {
	const model = buildModel(summary, options);
	const head = headline(model);
	const lag = summary.lag;
	const verdictClass = lag?.consistent === false ? 'bad' : lag?.consistent ? 'good' : '';
	const parts: string[] = [
		'<!doctype html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		// Defence in depth: even if some text escaped escaping, this page runs and loads nothing.
		`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>${h(model.title)}</title>`,
		`<style>${CSS}</style>`,
		'</head>',
		'<body><main>',
		`<h1>${h(model.title)}</h1>`,
		`<p class="meta">Generated ${h(model.generatedAt)} · structural = the same signature ${model.structuralThreshold} or more times · SLA window ${h(formatMinutes(model.slaWindowMinutes))}</p>`,
		'<div class="stats">',
		`<div class="stat"><b>${summary.total}</b>${h(head.total)}</div>`,
		`<div class="stat"><b>${model.withSymptom}</b>with a symptom</div>`,
		`<div class="stat"><b>${model.structural.length}</b>structural ${model.structural.length === 1 ? 'signature' : 'signatures'}</div>`,
		`<div class="stat"><b>${model.oneTimeCount}</b>one-time</div>`,
		'</div>',
		`<p>${h(head.symptoms)}; ${h(head.structural)}.</p>`,
		'<h2>Structural signatures: fix these at the source</h2>',
		structuralHtml(model),
		'<h2>Symptoms by boundary</h2>',
		barChart(model.bars),
		'<h2>Signatures</h2>',
		signaturesHtml(model),
		'<h2>By symptom</h2>',
		htmlTable(
			['Symptom', 'Count'],
			model.bySymptom.map(([s, n]) => [`<code>${h(s)}</code>`, n]),
			'No symptoms.',
		),
		'<h2>By boundary</h2>',
		htmlTable(
			['Boundary', 'Count'],
			model.byBoundary.map(([b, n]) => [h(b), n]),
			'No symptoms.',
		),
		'<h2>Lag: refund instruction → ERP posting</h2>',
	];
	if (lag && lag.count > 0) {
		parts.push(
			htmlTable(
				['Count', 'Median', 'p95', 'Max', 'CV'],
				[
					[
						lag.count,
						h(formatMinutes(lag.medianMinutes ?? 0)),
						h(formatMinutes(lag.p95Minutes ?? 0)),
						h(formatMinutes(lag.maxMinutes ?? 0)),
						h(formatCv(lag.cv ?? 0)),
					],
				],
				'',
			),
		);
	}
	parts.push(`<p class="verdict ${verdictClass}">${h(model.verdict)}</p>`);
	parts.push(histogram(model.samples, model.slaWindowMinutes, lag?.count ?? 0));
	parts.push('</main></body>', '</html>', '');
	return parts.join('\n');
}

/** A cell: HTML already escaped, or a number (right-aligned). */
type Cell = string | number;

function htmlTable(header: string[], rows: Cell[][], empty: string): string {
	if (rows.length === 0) return `<p>${h(empty)}</p>`;
	const cell = (c: Cell) => (typeof c === 'number' ? `<td class="n">${c}</td>` : `<td>${c}</td>`);
	return [
		'<table>',
		`<thead><tr>${header.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead>`,
		'<tbody>',
		...rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`),
		'</tbody>',
		'</table>',
	].join('\n');
}

function textOrDash(text: string | null, empty = '—'): string {
	return text === null ? h(empty) : h(text);
}

function structuralHtml(model: ReportModel): string {
	return htmlTable(
		['Symptom / cause', 'Category', 'Count', 'Boundary', 'Fix type', 'Scope', 'First step'],
		model.structural.map((s) => [
			`<code>${h(s.symptom)}</code> / <code>${textOrDash(s.cause)}</code>`,
			textOrDash(s.category, 'unknown'),
			s.count,
			h(s.boundary),
			h(CATALOG[s.symptom].fixType),
			h(scopeLabel(s)),
			h(CATALOG[s.symptom].nextSteps[0]),
		]),
		'None: every signature is one-time so far.',
	);
}

function signaturesHtml(model: ReportModel): string {
	const table = htmlTable(
		['Pattern', 'Symptom', 'Cause', 'Boundary', 'Category', 'Count'],
		model.rows.map((s) => [
			`<span class="${s.pattern === 'structural' ? 'structural' : 'one_time'}">${h(patternLabel(s))}</span>`,
			`<code>${h(s.symptom)}</code>`,
			`<code>${textOrDash(s.cause)}</code>`,
			h(s.boundary),
			textOrDash(s.category, 'unknown'),
			s.count,
		]),
		'No tag carried a symptom.',
	);
	if (model.hidden.signatures === 0) return table;
	return `${table}\n<p>… and ${h(plural(model.hidden.signatures, 'more one-time signature', 'more one-time signatures'))} (${h(plural(model.hidden.handoffs, 'handoff', 'handoffs'))}).</p>`;
}

// SVG geometry, in user units; the viewBox scales the drawing to the page.
const SVG_WIDTH = 760;
const LABEL_WIDTH = 230;
const ROW_HEIGHT = 22;
const GROUP_GAP = 26;

function barChart(bars: readonly Bar[]): string {
	if (bars.length === 0) return '<p>No symptoms to chart.</p>';
	const maxCount = Math.max(...bars.map((b) => b.count));
	const plotWidth = SVG_WIDTH - LABEL_WIDTH - 50;
	const body: string[] = [];
	let y = 0;
	let boundary: string | null = null;
	for (const bar of bars) {
		if (bar.boundary !== boundary) {
			boundary = bar.boundary;
			y += GROUP_GAP;
			body.push(
				`<text x="0" y="${y - 8}" font-size="13" font-weight="600">${h(bar.boundary)}</text>`,
			);
		}
		const width = Math.max(2, round((bar.count / maxCount) * plotWidth, 1));
		const label = `${bar.boundary} · ${bar.symptom}: ${bar.count}`;
		body.push(
			`<text x="12" y="${y + 15}" font-size="12">${h(bar.symptom)}</text>`,
			`<rect class="bar" x="${LABEL_WIDTH}" y="${y + 3}" width="${width}" height="${ROW_HEIGHT - 6}" fill="${SYMPTOM_COLORS[bar.symptom] ?? '#5d6d7e'}" data-boundary="${h(bar.boundary)}" data-symptom="${h(bar.symptom)}" data-count="${bar.count}"><title>${h(label)}</title></rect>`,
			`<text x="${LABEL_WIDTH + width + 6}" y="${y + 15}" font-size="12">${bar.count}</text>`,
		);
		y += ROW_HEIGHT;
	}
	const height = y + 8;
	return [
		`<svg class="bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SVG_WIDTH} ${height}" width="${SVG_WIDTH}" height="${height}" role="img" aria-label="Symptom counts by boundary">`,
		...body,
		'</svg>',
	].join('\n');
}

/** Bin widths a reader can say aloud: minutes, hours, days, then whole weeks. */
const NICE_BIN_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 10080];
const MAX_BINS = 12;

export function binWidthFor(maxMinutes: number): number {
	for (const width of NICE_BIN_MINUTES) {
		if (Math.floor(maxMinutes / width) + 1 <= MAX_BINS) return width;
	}
	return 10080 * Math.ceil(maxMinutes / (10080 * (MAX_BINS - 1)));
}

function shortMinutes(minutes: number): string {
	if (minutes < 60) return `${minutes}m`;
	if (minutes < 1440) return `${round(minutes / 60, 1)}h`;
	return `${round(minutes / 1440, 1)}d`;
}

function histogram(samples: readonly number[], slaWindowMinutes: number, lagCount: number): string {
	if (samples.length === 0) return '';
	let max = 0;
	for (const value of samples) if (value > max) max = value;
	const width = binWidthFor(max);
	const bins = new Array<number>(Math.floor(max / width) + 1).fill(0);
	for (const value of samples) bins[Math.floor(value / width)] += 1;
	const tallest = Math.max(...bins);
	const left = 40;
	const top = 20;
	const plotHeight = 160;
	const plotWidth = SVG_WIDTH - left - 20;
	const binWidth = plotWidth / bins.length;
	const upper = bins.length * width;
	const body: string[] = [
		`<line x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}" stroke="#5d6d7e"/>`,
		`<text x="${left - 6}" y="${top + 4}" font-size="11" text-anchor="end">${tallest}</text>`,
		`<text x="${left - 6}" y="${top + plotHeight}" font-size="11" text-anchor="end">0</text>`,
	];
	bins.forEach((n, i) => {
		const from = i * width;
		const x = round(left + i * binWidth, 1);
		const barHeight = round((n / tallest) * plotHeight, 1);
		const over = from >= slaWindowMinutes;
		body.push(
			`<rect class="lag-bin" x="${round(x + 1, 1)}" y="${round(top + plotHeight - barHeight, 1)}" width="${round(binWidth - 2, 1)}" height="${barHeight}" fill="${over ? '#c0392b' : '#2471a3'}"><title>${h(`${from}–${from + width} min: ${n}`)}</title></rect>`,
			`<text x="${x}" y="${top + plotHeight + 16}" font-size="11">${h(shortMinutes(from))}</text>`,
		);
	});
	if (slaWindowMinutes <= upper) {
		const x = round(left + (slaWindowMinutes / upper) * plotWidth, 1);
		body.push(
			`<line class="sla" x1="${x}" y1="${top - 8}" x2="${x}" y2="${top + plotHeight}" stroke="#1c2833" stroke-dasharray="4 3"/>`,
			`<text x="${x + 4}" y="${top - 2}" font-size="11">${h(`SLA ${formatMinutes(slaWindowMinutes)}`)}</text>`,
		);
	}
	const height = top + plotHeight + 28;
	const caption =
		lagCount > samples.length
			? `<p>The histogram shows the most recent ${samples.length} of ${lagCount} lag values.</p>`
			: slaWindowMinutes > upper
				? `<p>Every lag value is within the ${h(formatMinutes(slaWindowMinutes))} SLA window.</p>`
				: '';
	return [
		`<svg class="histogram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SVG_WIDTH} ${height}" width="${SVG_WIDTH}" height="${height}" role="img" aria-label="Lag histogram, bins of ${h(shortMinutes(width))}">`,
		...body,
		'</svg>',
		caption,
	].join('\n');
}
