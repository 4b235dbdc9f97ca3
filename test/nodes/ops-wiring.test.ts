// The four nodes as ops see them (docs/rules.md "Ops visibility inside n8n"), run through n8n's
// own engine: the counts each node saves as the execution's custom data (n8n's
// `resultData.metadata`, what it stores in its execution_metadata table), the hints on a node's
// run when the run looks misconfigured (and none on a healthy run), and the Tagger reading an n8n
// Error Trigger item.
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IPinData,
	NodeExecutionHint,
} from 'n8n-workflow';

import { SYMPTOM_PRIORITY } from '../../lib/catalog';
import type { Symptom } from '../../lib/types';

import {
	loadFixture,
	runWorkflow,
	type WorkflowFixture,
	type WorkflowRun,
} from '../helpers/engine';

const RECONCILER = 'Returns Reconciler';
const GUARD = 'Return Handoff Guard';
const TAGGER = 'Return Handoff Tagger';
const REPORT = 'Handoff Pattern Report';
const TRIGGER = 'When clicking ‘Execute workflow’';

const metadataOf = (run: WorkflowRun) => run.run.data.resultData.metadata ?? {};
const hintsOf = (run: WorkflowRun, node: string): NodeExecutionHint[] =>
	run.run.data.resultData.runData[node]?.[0]?.hints ?? [];
const tagOf = (item: INodeExecutionData) => item.json.handoff as IDataObject;

/**
 * The symptom most tags carry, counted here from the node's own output items; a tie goes to the
 * symptom the catalog ranks first.
 */
function mostFrequentSymptom(items: INodeExecutionData[]): string {
	const counts = new Map<string, number>();
	for (const item of items) {
		const symptom = tagOf(item)?.symptom;
		if (typeof symptom === 'string') counts.set(symptom, (counts.get(symptom) ?? 0) + 1);
	}
	const rank = (symptom: string) => SYMPTOM_PRIORITY.indexOf(symptom as Symptom);
	return [...counts.entries()].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]))[0][0];
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** Three payloads ready for NetSuite: Loop-shaped returns with the ERP ref middleware derives. */
const READY_PAYLOADS: IPinData[string] = [5101, 5102, 5103].map((n) => ({
	json: {
		returnId: `RA-${n}`,
		orderId: `#${n - 4100}`,
		orderRef: `SO-000${n - 4100}`,
		status: 'refunded',
		refundAmount: 42.5,
		currency: 'USD',
		channel: 'us-store',
		lines: [{ sku: 'TEE-BLK-M', quantity: 1, category: 'apparel', amount: 42.5 }],
		refundMethod: 'original_payment',
	},
}));

/** Errors no row of the Tagger's table knows: what a misrouted connection would bring. */
const UNKNOWN_ERRORS: IPinData[string] = ['RA-2101', 'RA-2102'].map((returnId) => ({
	json: {
		returnId,
		simulate: { message: 'Cannot read properties of undefined (reading “lines”)' },
	},
}));

/**
 * One workflow holding all four nodes: the audit (Reconciler → Pattern Report), the Guard and
 * the Tagger fixtures side by side, started by one Manual Trigger.
 */
function allFourNodes(): WorkflowFixture {
	const parts = ['pattern-report-audit.json', 'guard-normalize.json', 'tagger-error-output.json'];
	const nodes: INode[] = [];
	const connections: IConnections = {};
	const pinData: IPinData = {};
	const starts: Array<{ node: string; type: 'main'; index: number }> = [];
	for (const part of parts.map(loadFixture)) {
		for (const node of part.nodes) {
			if (node.name === TRIGGER) continue;
			nodes.push({ ...node, id: `${part.name ?? ''}-${node.id}` });
		}
		for (const [from, outputs] of Object.entries(part.connections)) {
			if (from === TRIGGER) starts.push(...(outputs.main[0] as typeof starts));
			else connections[from] = outputs;
		}
		Object.assign(pinData, part.pinData);
	}
	const trigger: INode = {
		id: 'ops-wiring-trigger',
		name: TRIGGER,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	connections[TRIGGER] = { main: [starts] };
	return { name: 'all four nodes', nodes: [trigger, ...nodes], connections, pinData };
}

const OPS_NODES = [RECONCILER, GUARD, TAGGER, REPORT];

/** Options → Save Counts to Execution off on the four nodes, their other options kept. */
function saveCountsOff(fixture: WorkflowFixture) {
	return Object.fromEntries(
		fixture.nodes
			.filter((node) => OPS_NODES.includes(node.name))
			.map((node) => [
				node.name,
				{
					parameters: {
						...node.parameters,
						options: { ...(node.parameters.options as IDataObject), saveCounts: false },
					},
				},
			]),
	);
}

// ---------------------------------------------------------------------------------------------

describe('custom data written by each node', () => {
	it('Reconciler: mismatches, pending returns and the most frequent symptom', async () => {
		const run = await runWorkflow('reconciler-audit.json');
		const mismatch = run.output(RECONCILER, 0);

		expect(run.error).toBeUndefined();
		expect(mismatch.length).toBeGreaterThan(0);
		expect(metadataOf(run)).toEqual({
			handoff_mismatch: String(mismatch.length),
			handoff_pending: String(run.output(RECONCILER, 1).length),
			handoff_top_symptom: mostFrequentSymptom([...mismatch, ...run.output(RECONCILER, 3)]),
		});
	});

	it('Guard: payloads blocked and passed', async () => {
		const run = await runWorkflow('guard-normalize.json');
		const blocked = run.output(GUARD, 1);

		expect(run.error).toBeUndefined();
		expect(metadataOf(run)).toEqual({
			handoff_blocked: String(blocked.length),
			handoff_passed: String(run.output(GUARD, 0).length),
			// Over every payload: a normalized payload passes with the symptom it was fixed for.
			handoff_top_symptom: mostFrequentSymptom([...run.output(GUARD, 0), ...blocked]),
		});
	});

	it('Tagger: failed calls per output', async () => {
		const run = await runWorkflow('tagger-error-output.json');
		const [retry, fix, unclassified] = [0, 1, 2].map((output) => run.output(TAGGER, output));

		expect(run.error).toBeUndefined();
		expect(retry.length + fix.length).toBeGreaterThan(0);
		expect(metadataOf(run)).toEqual({
			handoff_retry: String(retry.length),
			handoff_fix: String(fix.length),
			handoff_unclassified: String(unclassified.length),
			handoff_top_symptom: mostFrequentSymptom([...retry, ...fix]),
		});
	});

	it('Pattern Report: structural signatures, after the Reconciler’s counts', async () => {
		const run = await runWorkflow('pattern-report-audit.json');
		const summary = run.output(REPORT)[0].json.summary as {
			signatures: Array<{ pattern: string }>;
		};
		const structural = summary.signatures.filter((s) => s.pattern === 'structural').length;

		expect(run.error).toBeUndefined();
		expect(metadataOf(run)).toMatchObject({
			handoff_mismatch: String(run.output(RECONCILER, 0).length),
			handoff_structural: String(structural),
		});
	});

	it('keeps all four nodes of one workflow within n8n’s 10 keys, every value a string', async () => {
		const run = await runWorkflow(allFourNodes());
		const metadata = metadataOf(run);

		expect(run.error).toBeUndefined();
		expect(Object.keys(metadata).length).toBeLessThanOrEqual(10);
		expect(Object.keys(metadata).sort()).toEqual([
			'handoff_blocked',
			'handoff_fix',
			'handoff_mismatch',
			'handoff_passed',
			'handoff_pending',
			'handoff_retry',
			'handoff_structural',
			'handoff_top_symptom',
			'handoff_unclassified',
		]);
		for (const [key, value] of Object.entries(metadata)) {
			expect(key).toMatch(/^[A-Za-z0-9_]{1,50}$/);
			expect(typeof value).toBe('string');
			expect(value.length).toBeLessThanOrEqual(255);
		}
	});

	it('never fails a manual run, even when the workflow’s own keys leave one slot', async () => {
		const fixture = allFourNodes();
		// A Code-like step that saved nine keys of the workflow's own before the four nodes ran.
		const own = Object.fromEntries(
			Array.from({ length: 9 }, (_, i) => [`erp_batch_${i + 1}`, `2026-04-0${i + 1}`]),
		);
		fixture.nodes.push({
			id: 'ops-wiring-own-keys',
			name: 'Save batch keys',
			type: 'test.opsProbe',
			typeVersion: 1,
			position: [100, 300],
			parameters: { preset: JSON.stringify(own), opsNode: 'guard' },
		});
		const starts = fixture.connections[TRIGGER].main[0] ?? [];
		fixture.connections[TRIGGER] = {
			main: [[{ node: 'Save batch keys', type: 'main', index: 0 }]],
		};
		fixture.connections['Save batch keys'] = { main: [starts] };

		const run = await runWorkflow(fixture);
		const metadata = metadataOf(run);

		expect(run.error).toBeUndefined();
		for (const node of OPS_NODES) expect(run.node(node).error).toBeUndefined();
		expect(Object.keys(metadata)).toHaveLength(10);
		expect(metadata).toMatchObject(own);
	});

	it('writes nothing with "Save Counts to Execution" off, and the hints stay', async () => {
		const fixture = allFourNodes();
		const run = await runWorkflow(fixture, {
			patch: saveCountsOff(fixture),
			pinData: { 'Credit memo payloads': UNKNOWN_ERRORS },
		});

		expect(run.error).toBeUndefined();
		expect(metadataOf(run)).toEqual({});
		expect(hintsOf(run, TAGGER)).toHaveLength(1);
	});
});

describe('hints on a misconfigured run', () => {
	it('none on a healthy run of any of the four nodes', async () => {
		const run = await runWorkflow(allFourNodes(), {
			pinData: { 'Loop returns to post': READY_PAYLOADS },
		});

		expect(run.error).toBeUndefined();
		expect(run.output(GUARD, 0)).toHaveLength(READY_PAYLOADS.length);
		for (const node of OPS_NODES) expect(hintsOf(run, node)).toEqual([]);
	});

	it('records that could not be read: count, field and why', async () => {
		const audit = loadFixture('reconciler-audit.json');
		const refunds = (audit.pinData?.['Stripe refunds'] ?? []).map((item, index) =>
			// An export that wrote amounts as formatted text.
			index < 2 ? { json: { ...item.json, amount: '42,50 $' } } : item,
		);
		const run = await runWorkflow(audit, { pinData: { 'Stripe refunds': refunds } });
		const hints = hintsOf(run, RECONCILER);

		expect(run.error).toBeUndefined();
		expect(hints).toHaveLength(1);
		expect(hints[0]).toMatchObject({ type: 'warning', location: 'outputPane' });
		expect(hints[0].message).toContain('2 processor records could not be read');
		expect(hints[0].message).toContain('(field "amount")');
	});

	it('an input that matched nothing while the others matched', async () => {
		const audit = loadFixture('reconciler-audit.json');
		const reconciler = audit.nodes.find((node) => node.name === RECONCILER) as INode;
		const fieldPaths = reconciler.parameters.fieldPaths as IDataObject;
		// Return and order IDs read from the top level, where Stripe has none of its own.
		const wrongPaths = {
			...fieldPaths,
			processor: {
				...(fieldPaths.processor as IDataObject),
				returnId: 'return_id',
				orderId: 'order_id',
			},
		};
		const run = await runWorkflow(audit, {
			patch: { [RECONCILER]: { parameters: { ...reconciler.parameters, fieldPaths: wrongPaths } } },
		});
		const messages = hintsOf(run, RECONCILER).map((hint) => hint.message);

		expect(run.error).toBeUndefined();
		expect(messages).toEqual(
			expect.arrayContaining([expect.stringMatching(/^None of the 6 records on Processor /)]),
		);
	});

	it('every payload blocked for one problem code: names the code and the map to check', async () => {
		const guard = loadFixture('guard-normalize.json');
		const node = guard.nodes.find((candidate) => candidate.name === GUARD) as INode;
		// A Status Map that lists the approved state only: refunded returns have no ERP status.
		const statusMap = { entries: [{ key: 'approved', value: 'pendingReceipt' }] };
		const run = await runWorkflow(guard, {
			pinData: { 'Loop returns to post': READY_PAYLOADS },
			patch: { [GUARD]: { parameters: { ...node.parameters, statusMap } } },
		});
		const hints = hintsOf(run, GUARD);

		expect(run.output(GUARD, 1)).toHaveLength(READY_PAYLOADS.length);
		expect(hints).toHaveLength(1);
		expect(hints[0].message).toContain('All 3 payloads were blocked for unmapped_status');
		expect(hints[0].message).toContain('the Status Map');
	});

	it('a Tagger that classified nothing', async () => {
		const run = await runWorkflow('tagger-error-output.json', {
			pinData: { 'Credit memo payloads': UNKNOWN_ERRORS },
		});
		const hints = hintsOf(run, TAGGER);

		expect(run.output(TAGGER, 2)).toHaveLength(UNKNOWN_ERRORS.length);
		expect(hints).toHaveLength(1);
		expect(hints[0].message).toContain('None of the 2 failed calls matched a row');
		expect(hints[0].message).toContain('Error Trigger');
	});
});

describe('the Tagger in an error workflow', () => {
	/** What n8n's Error Trigger outputs when a production execution failed at an HTTP Request node. */
	const errorTriggerItem = {
		execution: {
			id: '231',
			url: 'https://n8n.acme-returns.example/workflow/guardedErpPosting1/executions/231',
			mode: 'webhook',
			lastNodeExecuted: 'Post credit memo to NetSuite',
			error: {
				name: 'NodeApiError',
				message: 'Your request is invalid or could not be processed by the service',
				description:
					'Invalid Field Value SO-0099999 for the following field: createdFrom (INVALID_KEY_OR_REF)',
				httpCode: '400',
				messages: [
					'400 - "{\\"type\\":\\"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1\\",\\"title\\":\\"Bad Request\\",\\"status\\":400,\\"o:errorDetails\\":[{\\"detail\\":\\"Invalid Field Value SO-0099999 for the following field: createdFrom\\",\\"o:errorCode\\":\\"INVALID_KEY_OR_REF\\"}]}"',
				],
				node: { name: 'Post credit memo to NetSuite', type: 'n8n-nodes-base.httpRequest' },
			},
		},
		workflow: { id: 'guardedErpPosting1', name: 'Guarded ERP posting' },
	};

	it('tags the failed execution and names it, its workflow and the node that failed', async () => {
		const fixture = loadFixture('tagger-error-output.json');
		// The Error Trigger's item reaches the Tagger directly, as in "Handoff error watch".
		fixture.connections = {
			[TRIGGER]: { main: [[{ node: 'Credit memo payloads', type: 'main', index: 0 }]] },
			'Credit memo payloads': { main: [[{ node: TAGGER, type: 'main', index: 0 }]] },
		};
		const run = await runWorkflow(fixture, {
			pinData: { 'Credit memo payloads': [{ json: errorTriggerItem }] },
		});
		const [fixed] = run.output(TAGGER, 1);

		expect(run.error).toBeUndefined();
		expect(tagOf(fixed)).toMatchObject({
			symptom: 'id_linkage_failure',
			cause: 'order_ref_unknown',
			executionId: '231',
			executionUrl: errorTriggerItem.execution.url,
			workflowName: 'Guarded ERP posting',
			failedNode: 'Post credit memo to NetSuite',
		});
		expect(metadataOf(run)).toMatchObject({ handoff_fix: '1', handoff_retry: '0' });
	});

	it('adds no "classified nothing" hint for an Error Trigger failure no row knows', async () => {
		const fixture = loadFixture('tagger-error-output.json');
		fixture.connections = {
			[TRIGGER]: { main: [[{ node: 'Credit memo payloads', type: 'main', index: 0 }]] },
			'Credit memo payloads': { main: [[{ node: TAGGER, type: 'main', index: 0 }]] },
		};
		const codeFailure = {
			...errorTriggerItem,
			execution: {
				...errorTriggerItem.execution,
				lastNodeExecuted: 'Map the refund',
				error: { message: 'Refund RA-20018 has no order reference', stack: 'Error: …' },
			},
		};
		const run = await runWorkflow(fixture, {
			pinData: { 'Credit memo payloads': [{ json: codeFailure }] },
		});

		expect(run.output(TAGGER, 2)).toHaveLength(1);
		expect(tagOf(run.output(TAGGER, 2)[0])).toMatchObject({ failedNode: 'Map the refund' });
		expect(hintsOf(run, TAGGER)).toEqual([]);
	});
});
