import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { loadFixture, pairs, runWorkflow } from '../helpers/engine';

const REPORT = 'Handoff Pattern Report';

interface Signature {
	symptom: string;
	cause: string;
	count: number;
	pattern: string;
}

const summaryOf = (item: INodeExecutionData) => item.json.summary as IDataObject;
const signatures = (item: INodeExecutionData) => summaryOf(item).signatures as Signature[];

describe('Handoff Pattern Report', () => {
	describe("after the nightly audit's mismatches", () => {
		const fixture = 'pattern-report-audit.json';

		it('emits one item with the summary and the Markdown, paired with every tagged item', async () => {
			const run = await runWorkflow(fixture);
			const out = run.output(REPORT);

			expect(run.error).toBeUndefined();
			expect(out).toHaveLength(1);
			expect(pairs(out[0])).toEqual(['0:0', '0:1', '0:2', '0:3']);
			expect(summaryOf(out[0])).toMatchObject({
				total: 4,
				bySymptom: { missing_handoff: 1, id_linkage_failure: 2, partial_receipt_conflict: 1 },
				byBoundary: { 'Middleware → ERP linkage': 2 },
				lag: { count: 2, medianMinutes: 105, p95Minutes: 150, consistent: true },
			});
			const markdown = out[0].json.markdown as string;
			expect(markdown).toMatch(/^# Nightly returns audit &lt;Acme &amp; Co&gt;/);
			expect(markdown).toContain('**4 handoffs tagged**');
		});

		it('attaches a self-contained HTML report with the bar chart and the lag histogram', async () => {
			const run = await runWorkflow(fixture);
			const [item] = run.output(REPORT);
			const file = item.binary?.report as IBinaryData;

			expect(file).toMatchObject({
				mimeType: 'text/html',
				fileName: 'handoff-pattern-report.html',
				fileExtension: 'html',
			});
			const html = (await run.readBinary(file)).toString('utf8');
			expect(html).toMatch(/^<!doctype html>/i);
			// The title is user text: escaped, never markup.
			expect(html).toContain('<title>Nightly returns audit &lt;Acme &amp; Co&gt;</title>');
			expect(html).not.toContain('<Acme');
			expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
			expect(html).toContain('Middleware → ERP linkage');
			// No script and nothing fetched from elsewhere.
			expect(html).not.toMatch(/<script|src="http|href="http/);
		});

		it('puts the file where the user asks, under the name they choose', async () => {
			const fixtureData = loadFixture(fixture);
			const node = fixtureData.nodes.find((n) => n.name === REPORT);
			const run = await runWorkflow(fixture, {
				patch: {
					[REPORT]: {
						parameters: {
							options: {
								...(node?.parameters.options as IDataObject),
								binaryPropertyName: 'auditReport',
								fileName: 'returns-audit-2026-04-03.html',
							},
						},
					},
				},
			});
			const [item] = run.output(REPORT);

			expect(Object.keys(item.binary ?? {})).toEqual(['auditReport']);
			expect(item.binary?.auditReport.fileName).toBe('returns-audit-2026-04-03.html');
		});
	});

	describe('remembering across executions', () => {
		const fixture = 'pattern-report-memory.json';
		const tagged = loadFixture(fixture).pinData?.['Tagged ERP failures'] ?? [];
		const signature = (item: INodeExecutionData) =>
			signatures(item).find((s) => s.cause === 'order_ref_unknown');

		const nextDay = (returnIds: string[]) =>
			returnIds.map((returnId) => {
				const source = tagged.find((item) => item.json.returnId === returnId) ?? tagged[0];
				const json = structuredClone(source.json) as IDataObject;
				json.returnId = returnId;
				Object.assign(json.handoff as IDataObject, {
					returnId,
					checkedAt: '2026-04-03T10:00:00.000Z',
				});
				return { json };
			});
		const onDay = (now: string) => ({
			[REPORT]: { parameters: { rememberDays: 7, options: { now } } },
		});

		it('turns a failure that repeats one execution at a time into a structural pattern', async () => {
			const first = await runWorkflow(fixture);
			expect(signature(first.output(REPORT)[0])).toMatchObject({ count: 2, pattern: 'one_time' });

			// Two days later: a new return with the same failure, and RA-8001 retried and tagged again.
			const second = await runWorkflow(fixture, {
				staticData: first.staticData,
				pinData: { 'Tagged ERP failures': nextDay(['RA-8003', 'RA-8001']) },
				patch: onDay('2026-04-03T12:00:00Z'),
			});
			const [report] = second.output(REPORT);

			// RA-8001 is counted once in the window, however often it is tagged.
			expect(signature(report)).toMatchObject({ count: 3, pattern: 'structural' });
			expect(summaryOf(report).total).toBe(3);
			expect(pairs(report)).toEqual(['0:0', '0:1']);
		});

		it('forgets what is older than the window', async () => {
			const first = await runWorkflow(fixture);
			const later = await runWorkflow(fixture, {
				staticData: first.staticData,
				pinData: { 'Tagged ERP failures': nextDay(['RA-8004']) },
				patch: onDay('2026-04-12T12:00:00Z'),
			});

			expect(signature(later.output(REPORT)[0])).toMatchObject({ count: 1, pattern: 'one_time' });
		});

		it('keeps nothing when memory is off', async () => {
			const run = await runWorkflow(fixture, {
				patch: { [REPORT]: { parameters: { rememberDays: 0 } } },
			});

			expect(run.staticData).toEqual({});
			expect(signature(run.output(REPORT)[0])).toMatchObject({ count: 2 });
		});
	});

	describe('bad parameters', () => {
		it('names a structural threshold below 1', async () => {
			const run = await runWorkflow('pattern-report-bad-threshold.json');

			expect(run.error?.message).toBe(
				'Invalid parameter "Structural Threshold": expected a whole number ≥ 1, got 0',
			);
			expect(run.error?.description).toBe('Change "Structural Threshold" to a whole number ≥ 1.');
		});

		it('says so when no item carries a tag in the field it reads', async () => {
			const run = await runWorkflow('pattern-report-wrong-tag-field.json');

			expect(run.error?.message).toBe('None of the 2 input items has a tag in "erpFailure"');
			expect(run.error?.description).toMatch(/^Set "Tag Field Name"/);
		});

		it('under "Continue (using error output)" sends one error item, paired with all items', async () => {
			const run = await runWorkflow('pattern-report-bad-threshold.json', {
				patch: { [REPORT]: { onError: 'continueErrorOutput' } },
			});
			const [report, errors] = run.node(REPORT).outputs;

			expect(report).toEqual([]);
			expect(errors).toHaveLength(1);
			expect(errors[0].json.error).toMatch(/Structural Threshold/);
			expect(pairs(errors[0])).toEqual(['0:0', '0:1']);
			expect(run.staticData).toEqual({});
		});
	});

	it('as a tool, answers with the summary and the Markdown, without a file', async () => {
		const run = await runWorkflow('pattern-report-tool.json');

		expect(run.error).toBeUndefined();
		const response = run.output('Agent')[0].json.response as IDataObject[];
		expect(response).toHaveLength(1);
		expect(response[0].summary).toMatchObject({ total: 3 });
		expect(response[0].markdown).toContain('Structural signatures');
		expect(run.staticData).toEqual({});
	});
});
