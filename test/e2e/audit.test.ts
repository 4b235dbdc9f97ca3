// The demo's "Nightly returns audit" in a real n8n: four Code nodes with 300 sample returns as
// Loop, Stripe, NetSuite and Zendesk send them →
// Returns Reconciler → Handoff Pattern Report, imported and run with `n8n execute`, judged by
// the run JSON it prints. The expected outcome of every return comes from the generator that
// injected it (scripts/sample-data.js).
import * as n8n from '../../scripts/n8n/env';
import { NODES, auditWorkflow } from '../../scripts/demo-workflows';
import {
	N8N_LABEL,
	RUN_TIMEOUT_MS,
	SETUP_TIMEOUT_MS,
	describeE2e,
	installN8nWithPackage,
	removeN8nUserFolder,
	sorted,
	type N8nUnderTest,
} from './n8n-under-test';

const names = NODES.audit;
const [MISMATCH, PENDING, CONSISTENT, UNMATCHED] = [0, 1, 2, 3];
// Findings that leave a return consistent or pending (docs/rules.md "Reconciliation rules", rule 6).
const CONSISTENT_CAUSES = new Set(['late_posting', 'ticket_not_updated']);
const PENDING_CAUSES = new Set(['within_window']);

interface Tag {
	state: string;
	symptom: string | null;
	cause: string | null;
	boundary: string | null;
	fixType: string | null;
	scope: string | null;
	severity: string;
	nextSteps: string[];
	findings: Array<{ symptom: string | null; cause: string }>;
	lagMinutes?: number;
	returnId: string | null;
	category: string | null;
	version: number;
}

interface Summary {
	total: number;
	bySymptom: Record<string, number>;
	signatures: Array<{ symptom: string; cause: string; count: number; pattern: string }>;
	lag: { count: number; medianMinutes: number | null };
}

describeE2e(`"Nightly returns audit" in ${N8N_LABEL}`, () => {
	const { workflow, data } = auditWorkflow();
	let under: N8nUnderTest | undefined;
	let run: n8n.N8nRun;

	const output = (index: number) => n8n.outputOf(run, names.reconciler, index);
	const tagOf = (item: n8n.OutputItem) => item.json.handoff as Tag;
	const returnIdsWhere = (keep: (cause: string | null, symptom: string | null) => boolean) =>
		sorted(
			Object.entries(data.expected)
				.filter(([, want]) => keep(want.cause, want.symptom))
				.map(([returnId]) => returnId),
		);

	beforeAll(async () => {
		under = await installN8nWithPackage();
		const [id] = await n8n.importWorkflows(under.ctx, [workflow]);
		run = await n8n.executeWorkflow(under.ctx, id, { timeoutMs: RUN_TIMEOUT_MS });
	}, SETUP_TIMEOUT_MS + RUN_TIMEOUT_MS);

	afterAll(() => removeN8nUserFolder(under));

	it('runs every node of the workflow to success', () => {
		expect(run.status).toBe('success');
		for (const node of workflow.nodes) {
			if (node.type === 'n8n-nodes-base.stickyNote') continue;
			expect([node.name, n8n.executionTimeOf(run, node.name)]).toEqual([
				node.name,
				expect.any(Number),
			]);
		}
		expect(n8n.outputOf(run, names.portal)).toHaveLength(data.portal.length);
		expect(n8n.outputOf(run, names.support)).toHaveLength(data.support.length);
	});

	it('routes every return with a broken handoff to Mismatch, tagged with the injected cause', () => {
		const mismatch = output(MISMATCH);
		const wrong = mismatch
			.map(tagOf)
			.filter((tag) => {
				const want = tag.returnId === null ? undefined : data.expected[tag.returnId];
				return !want || tag.symptom !== want.symptom || tag.cause !== want.cause;
			})
			.map((tag) => `${tag.returnId}: ${tag.symptom}/${tag.cause}`);

		expect(wrong).toEqual([]);
		expect(sorted(mismatch.map((item) => item.json.returnId))).toEqual(
			returnIdsWhere(
				(cause) => cause !== null && !CONSISTENT_CAUSES.has(cause) && !PENDING_CAUSES.has(cause),
			),
		);
		for (const tag of mismatch.map(tagOf)) {
			expect(tag).toMatchObject({
				state: 'mismatch',
				severity: tag.cause === 'overdue' ? 'warning' : 'error',
				version: 1,
			});
		}
	});

	it('carries what an ops lead acts on: boundary, fix, scope, next steps and the four records', () => {
		const restocking = output(MISMATCH).find((item) => tagOf(item).cause === 'restocking_fee');

		expect(restocking).toBeDefined();
		const json = (restocking as n8n.OutputItem).json;
		expect(tagOf(restocking as n8n.OutputItem)).toMatchObject({
			symptom: 'partial_receipt_conflict',
			boundary: 'WMS → Portal → ERP',
			fixType: 'Refund calculation alignment',
			scope: 'ops',
			lagMinutes: expect.any(Number),
			// Loop's line items carry no product type, so the demo's tags name no category.
			category: null,
		});
		expect(tagOf(restocking as n8n.OutputItem).nextSteps.length).toBeGreaterThan(0);
		// The records as the systems sent them: a Loop return, a NetSuite memo, a Stripe refund.
		expect(json.portal).toMatchObject({ id: json.returnId, state: 'closed' });
		expect(json.erp).toEqual([expect.objectContaining({ externalId: json.returnId })]);
		expect(json.processor).toEqual([
			expect.objectContaining({
				object: 'refund',
				metadata: expect.objectContaining({ return_id: json.returnId }),
			}),
		]);
	});

	it('holds returns still inside the SLA window on Pending', () => {
		const pending = output(PENDING);

		expect(pending.length).toBeGreaterThan(0);
		expect(sorted(pending.map((item) => item.json.returnId))).toEqual(
			returnIdsWhere((cause) => cause !== null && PENDING_CAUSES.has(cause)),
		);
		for (const tag of pending.map(tagOf)) {
			expect(tag).toMatchObject({ state: 'pending', cause: 'within_window', severity: 'info' });
		}
	});

	it('passes consistent returns (late postings and stale tickets noted, not failed)', () => {
		const consistent = output(CONSISTENT);

		expect(sorted(consistent.map((item) => item.json.returnId))).toEqual(
			returnIdsWhere((cause) => cause === null || CONSISTENT_CAUSES.has(cause)),
		);
		const causes = sorted(consistent.map((item) => tagOf(item).cause));
		expect(causes).toEqual(expect.arrayContaining(['late_posting', 'ticket_not_updated']));
		for (const tag of consistent.map(tagOf)) expect(tag.state).toBe('consistent');
	});

	it('lists refunds no return explains on Unmatched', () => {
		const unmatched = output(UNMATCHED);
		const refunds = unmatched.map((item) => (item.json.processor as Array<{ id: string }>)[0]);

		expect(sorted(refunds.map((refund) => refund.id))).toEqual(sorted(data.expectedUnmatched));
		for (const item of unmatched) {
			expect(item.json.portal).toBeNull();
			expect(tagOf(item)).toMatchObject({ symptom: null, cause: 'unmatched' });
		}
	});

	it('pairs every input record with exactly one output item', () => {
		const seen = new Map<string, number>();
		for (const index of [MISMATCH, PENDING, CONSISTENT, UNMATCHED]) {
			for (const item of output(index)) {
				const pairs = [item.pairedItem].flat() as Array<{ item: number; input?: number }>;
				for (const pair of pairs) {
					const key = `${pair.input ?? 0}:${pair.item}`;
					seen.set(key, (seen.get(key) ?? 0) + 1);
				}
			}
		}
		const inputSizes = [data.portal, data.processor, data.erp, data.support].map((l) => l.length);

		expect(seen.size).toBe(inputSizes.reduce((sum, size) => sum + size, 0));
		expect([...seen.values()].every((count) => count === 1)).toBe(true);
	});

	it('reports the mismatches by pattern: one summary item, Markdown and an HTML file', () => {
		const mismatchTags = output(MISMATCH).map(tagOf);
		const report = n8n.outputOf(run, names.report);

		expect(report).toHaveLength(1);
		const summary = report[0].json.summary as Summary;
		expect(summary.total).toBe(mismatchTags.length);
		const bySymptom: Record<string, number> = {};
		for (const tag of mismatchTags) {
			if (tag.symptom !== null) bySymptom[tag.symptom] = (bySymptom[tag.symptom] ?? 0) + 1;
		}
		expect(Object.fromEntries(Object.entries(summary.bySymptom).filter(([, n]) => n > 0))).toEqual(
			bySymptom,
		);
		const structural = summary.signatures.filter((s) => s.pattern === 'structural');
		expect(structural.length).toBeGreaterThan(0);
		for (const signature of summary.signatures) {
			expect(signature.pattern).toBe(signature.count >= 3 ? 'structural' : 'one_time');
		}
		expect(summary.lag.count).toBeGreaterThan(0);

		const markdown = report[0].json.markdown as string;
		expect(markdown).toMatch(/^# Nightly returns audit\n/);
		expect(markdown).toContain('Structural signatures');
		expect(markdown).toContain(`${structural[0].symptom} / ${structural[0].cause}`);

		const file = (report[0].binary as Record<string, Record<string, unknown>>).report;
		expect(file).toMatchObject({ mimeType: 'text/html', fileName: 'handoff-pattern-report.html' });
		const html = n8n
			.binaryContent((under as N8nUnderTest).folder.userFolder, file)
			.toString('utf8');
		expect(html).toMatch(/^<!doctype html>/i);
		expect(html).toContain('<svg');
		expect(html).toContain('Nightly returns audit');
	});
});
