#!/usr/bin/env node
'use strict';
// The third shipped workflow, "Handoff error watch": n8n's Error Trigger → Return Handoff Tagger
// → Handoff Pattern Report remembering 7 days. A workflow that names it as its error workflow
// (settings.errorWorkflow = WATCH.id, as "Guarded ERP posting" does) hands it every production
// execution that fails; the Tagger names the failure with the same table as for an error output,
// adds the execution's ID, link, workflow name and failed node, and routes it to Retry, Fix or
// Unclassified; the Pattern Report adds it to a rolling 7-day summary in the workflow's static
// data, so failures that arrive one execution at a time show up as structural.
// `npm run workflows` (scripts/demo-workflows.js) writes it to workflows/ with the others.

const { connect, nodeIds, noOp } = require('./lib/workflow.js');

const PACKAGE = 'n8n-nodes-returns-handoff';

const WATCH = {
	id: 'rhErrorWatch0001',
	name: 'Handoff error watch',
	file: 'handoff-error-watch.json',
	rememberDays: 7,
};

/** The node names, which the tests read outputs by. */
const WATCH_NODES = {
	trigger: 'When a workflow fails',
	tagger: 'Return Handoff Tagger',
	retry: 'Retry later',
	fix: 'Fix the mapping',
	unclassified: 'Needs a look',
	report: 'Handoff Pattern Report',
};

// Stable node IDs: a re-import replaces the workflow instead of adding nodes.
const nodeId = nodeIds('c');

/** "Handoff error watch" as n8n imports it. */
function errorWatchWorkflow() {
	const names = WATCH_NODES;
	const note = [
		'## Handoff error watch',
		'n8n starts this workflow when a production execution of a workflow that names it as its **error workflow** (workflow settings → Error workflow) fails; "Guarded ERP posting" does.',
		'',
		'The **Tagger** names the failure with the same table as on an error output and adds `executionId`, `executionUrl`, `workflowName` and `failedNode`; the **Pattern Report** keeps a rolling summary of the last 7 days, so failures that arrive one execution at a time add up.',
		'',
		'Publish (activate) this workflow: n8n 2.x runs an error workflow only when it is published. Replace the three end nodes with your alerting (Slack, email, ticket).',
	].join('\n');

	const nodes = [
		{
			id: nodeId(90),
			name: 'Note 90',
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			position: [-40, -330],
			parameters: { content: note, width: 1040, height: 200, color: 7 },
		},
		{
			id: nodeId(1),
			name: names.trigger,
			type: 'n8n-nodes-base.errorTrigger',
			typeVersion: 1,
			position: [0, 100],
			parameters: {},
		},
		{
			id: nodeId(10),
			name: names.tagger,
			type: `${PACKAGE}.returnHandoffTagger`,
			typeVersion: 1,
			position: [260, 100],
			parameters: {},
		},
		noOp(nodeId(11), names.retry, [540, -40]),
		noOp(nodeId(12), names.fix, [540, 100]),
		noOp(nodeId(13), names.unclassified, [540, 240]),
		{
			id: nodeId(20),
			name: names.report,
			type: `${PACKAGE}.handoffPatternReport`,
			typeVersion: 1,
			position: [820, 100],
			parameters: {
				rememberDays: WATCH.rememberDays,
				options: { title: 'ERP handoff failures, last 7 days' },
			},
		},
	];

	const connections = {};
	connect(connections, names.trigger, names.tagger);
	connect(connections, names.tagger, names.retry, { output: 0 });
	connect(connections, names.tagger, names.fix, { output: 1 });
	connect(connections, names.tagger, names.unclassified, { output: 2 });
	// Every failure counts in the summary, whatever route the Tagger gave it.
	connect(connections, names.retry, names.report);
	connect(connections, names.fix, names.report);
	connect(connections, names.unclassified, names.report);

	return {
		id: WATCH.id,
		name: WATCH.name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

module.exports = { WATCH, WATCH_NODES, errorWatchWorkflow };
