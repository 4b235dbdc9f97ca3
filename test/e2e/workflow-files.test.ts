// workflows/ holds the demo's two workflows for importing into your own n8n; they must be what
// scripts/demo-workflows.js builds (and what the end-to-end tests run), not a stale copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { WORKFLOWS_DIR, workflowFiles } from '../../scripts/demo-workflows';

it.each(Object.entries(workflowFiles()))(
	'workflows/%s is up to date (node scripts/demo-workflows.js --write)',
	(name, text) => {
		expect(readFileSync(join(WORKFLOWS_DIR, name), 'utf8') === text).toBe(true);
	},
);
