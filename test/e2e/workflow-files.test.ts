// workflows/ holds the demo's four workflows for importing into your own n8n; they must be what
// scripts/demo-workflows.js builds (and what the end-to-end tests run), not a stale copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { POSTING, WORKFLOWS_DIR, workflowFiles } from '../../scripts/demo-workflows';
import { WATCH } from '../../scripts/error-watch-workflow';

it.each(Object.entries(workflowFiles()))(
	'workflows/%s is up to date (node scripts/demo-workflows.js --write)',
	(name, text) => {
		expect(readFileSync(join(WORKFLOWS_DIR, name), 'utf8') === text).toBe(true);
	},
);

it('ships "Handoff error watch", the error workflow "Guarded ERP posting" names', () => {
	const files = workflowFiles();
	const watch = JSON.parse(files[WATCH.file]) as { id: string; nodes: Array<{ type: string }> };
	const posting = JSON.parse(files[POSTING.file]) as {
		settings: { errorWorkflow?: string };
		nodes: Array<{ type: string }>;
	};

	expect(watch.id).toBe(WATCH.id);
	expect(watch.nodes.map((node) => node.type)).toContain('n8n-nodes-base.errorTrigger');
	expect(posting.settings.errorWorkflow).toBe(WATCH.id);
	// A production execution (not a manual one) is what starts an error workflow.
	expect(posting.nodes.map((node) => node.type)).toContain('n8n-nodes-base.webhook');
});
