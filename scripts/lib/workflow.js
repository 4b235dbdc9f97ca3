'use strict';
// The pieces every shipped workflow is built from (scripts/demo-workflows.js,
// scripts/agent-workflow.js, scripts/error-watch-workflow.js): n8n's own node shapes, stable
// node IDs and connections, written once.

/**
 * Stable node IDs from a one-character prefix: a re-import replaces the workflow instead of
 * adding nodes. IDs need only be unique within a workflow.
 * @param {string} prefix
 */
function nodeIds(prefix) {
	return (index) => `${prefix}0d3e000-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

function manualTrigger(id, name, position) {
	return {
		id,
		name,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position,
		parameters: {},
	};
}

function noOp(id, name, position) {
	return { id, name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position, parameters: {} };
}

function stickyNote(id, content, position, width, height) {
	return {
		id,
		name: `Note ${id.slice(-2)}`,
		type: 'n8n-nodes-base.stickyNote',
		typeVersion: 1,
		position,
		parameters: { content, width, height, color: 7 },
	};
}

/** Connects output `output` of node `from` to input `input` of node `to`. */
function connect(connections, from, to, { output = 0, input = 0 } = {}) {
	const main = (connections[from] ??= { main: [] }).main;
	while (main.length <= output) main.push([]);
	main[output].push({ node: to, type: 'main', index: input });
}

/** A map as n8n's key/value pair parameters hold it. */
function keyValueEntries(map) {
	return { entries: Object.entries(map).map(([key, value]) => ({ key, value })) };
}

/** A workflow as the file in workflows/ holds it. */
function serialize(workflow) {
	return `${JSON.stringify(workflow, null, '\t')}\n`;
}

module.exports = { nodeIds, manualTrigger, noOp, stickyNote, connect, keyValueEntries, serialize };
