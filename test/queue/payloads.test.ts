// The queue test (`npm run test:queue`) judges n8n's answers by the verdicts its payload
// generator expects. Those expectations come from how each payload was built; this checks them
// against the Guard itself, with the Guard parameters of the queue test's workflow, so that a
// drift between the two shows here in seconds instead of as thousands of "wrong" answers after
// minutes of queue-mode setup.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PROBLEM_CODES, validateHandoff } from '../../lib/guard';
import type { GuardOptions } from '../../lib/options';
import { makePayloads } from '../../scripts/queue/payloads';

interface Entries {
	entries: Array<{ key: string; value: string }>;
}

const workflow = JSON.parse(
	readFileSync(join(__dirname, '..', 'workflows', 'queue-guard-webhook.json'), 'utf8'),
) as { nodes: Array<{ type: string; parameters: Record<string, unknown> }> };
const guard = workflow.nodes.find(
	(node) => node.type === 'n8n-nodes-returns-handoff.returnHandoffGuard',
);
if (!guard) throw new Error('the queue workflow has no Return Handoff Guard');
const parameters = guard.parameters;
const map = (value: unknown) =>
	Object.fromEntries((value as Entries).entries.map(({ key, value: v }) => [key, v]));
// The workflow reads the payload under the webhook's `body`; the generator's payloads are the
// bodies themselves, so the library gets the canonical field paths.
const options: GuardOptions = {
	mode: parameters.mode as 'validate',
	idRules: parameters.idRules as GuardOptions['idRules'],
	statusMap: map(parameters.statusMap),
	subsidiaryMap: map(parameters.subsidiaryMap),
};

describe('queue test payloads', () => {
	const payloads = makePayloads('check', 3000);

	it("expects, for every payload, the Guard's own verdict and problem codes", () => {
		const disagreements = payloads
			.map((payload) => {
				const result = validateHandoff(payload.body, options);
				const codes = result.problems.map((problem) => problem.code).sort();
				return { id: payload.id, kind: payload.kind, expected: payload, result, codes };
			})
			.filter(
				({ expected, result, codes }) =>
					result.verdict !== expected.verdict || codes.join(',') !== expected.codes.join(','),
			)
			.map(({ id, kind, expected, result, codes }) => ({
				id,
				kind,
				expected: [expected.verdict, expected.codes],
				got: [result.verdict, codes],
			}));
		expect(disagreements).toEqual([]);
	});

	it('mixes passing payloads with blocked ones of several problem codes', () => {
		const verdicts = new Set(payloads.map((payload) => payload.verdict));
		const codes = new Set(payloads.flatMap((payload) => payload.codes));
		expect([...verdicts].sort()).toEqual(['blocked', 'pass']);
		expect(codes.size).toBeGreaterThanOrEqual(8);
		for (const code of codes) expect(PROBLEM_CODES).toContain(code);
	});

	it('gives every payload its own ID, echoed by the workflow', () => {
		const ids = new Set(payloads.map((payload) => payload.body.payloadId));
		expect(ids.size).toBe(payloads.length);
	});
});
