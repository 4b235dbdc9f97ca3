'use strict';
// A hand-made community-package tarball under our package's name with one trivial node, to test
// the install and loading path (createUserFolder, node type `n8n-nodes-returns-handoff.<name>`,
// n8n-workflow resolving to n8n's own copy) without depending on the real build.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { CACHE_DIR } = require('./env.js');

const STUB_NODE_TYPE = 'n8n-nodes-returns-handoff.returnsHandoffStub';

const NODE_SOURCE = `'use strict';
// Requires n8n-workflow like a real node, so a load proves it resolves to n8n's own copy.
const { NodeConnectionTypes } = require('n8n-workflow');

class ReturnsHandoffStub {
	constructor() {
		this.description = {
			displayName: 'Returns Handoff Stub',
			name: 'returnsHandoffStub',
			group: ['transform'],
			version: 1,
			description: 'Marks each item; proves the package loaded',
			defaults: { name: 'Returns Handoff Stub' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		};
	}

	async execute() {
		return [
			this.getInputData().map((item, index) => ({
				json: { ...item.json, stub: true },
				pairedItem: { item: index },
			})),
		];
	}
}

module.exports = { ReturnsHandoffStub };
`;

/**
 * Writes the stub package and packs it with the system's tar.
 * @returns {string} the tarball's path
 */
function makeStubTarball() {
	const root = path.join(CACHE_DIR, 'stub');
	const packageDir = path.join(root, 'package');
	fs.rmSync(root, { recursive: true, force: true });
	const nodeDir = path.join(packageDir, 'dist', 'nodes', 'ReturnsHandoffStub');
	fs.mkdirSync(nodeDir, { recursive: true });
	fs.writeFileSync(path.join(nodeDir, 'ReturnsHandoffStub.node.js'), NODE_SOURCE);
	const manifest = {
		name: 'n8n-nodes-returns-handoff',
		version: '0.0.0-stub',
		keywords: ['n8n-community-node-package'],
		n8n: {
			n8nNodesApiVersion: 1,
			nodes: ['dist/nodes/ReturnsHandoffStub/ReturnsHandoffStub.node.js'],
		},
		// Both must be dropped by the install, as n8n does; neither resolves from a user folder.
		peerDependencies: { 'n8n-workflow': '*' },
		devDependencies: { 'n8n-core': '2.8.1' },
	};
	fs.writeFileSync(path.join(packageDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
	const tarball = path.join(root, 'n8n-nodes-returns-handoff-0.0.0-stub.tgz');
	const result = spawnSync('tar', ['-czf', tarball, '-C', root, 'package'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`tar failed: ${result.stderr}`);
	return tarball;
}

module.exports = { makeStubTarball, STUB_NODE_TYPE };
