#!/usr/bin/env node
'use strict';
// Proves the real-n8n chain end to end and times each step: install n8n, pack the package,
// install it into a fresh user folder as n8n does, import a workflow, execute it, read the run.
//
//   node scripts/e2e-smoke.js                 packs the repo (runs the build)
//   node scripts/e2e-smoke.js --stub          a hand-made tarball with one stub node instead,
//                                             whose node the workflow then also runs
//   node scripts/e2e-smoke.js --tgz <file>    an existing tarball
//   node scripts/e2e-smoke.js --node24 --n8n 2.41.1   the compat matrix (Node 24 from the registry)
//   --keep                                    keep the user folder for a look afterwards
//   --json                                    print the timings as JSON

const env = require('./n8n/env.js');
const { makeStubTarball, STUB_NODE_TYPE } = require('./n8n/stub-package.js');

function argValue(argv, name) {
	const index = argv.indexOf(name);
	return index === -1 ? undefined : argv[index + 1];
}

function smokeWorkflow(withStub) {
	const nodes = [
		{
			id: 'a1b2c3d4-0001-4000-8000-000000000001',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'a1b2c3d4-0001-4000-8000-000000000002',
			name: 'No Operation',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [220, 0],
			parameters: {},
		},
	];
	const connections = {
		'Manual Trigger': { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] },
	};
	if (withStub) {
		nodes.push({
			id: 'a1b2c3d4-0001-4000-8000-000000000003',
			name: 'Stub',
			type: STUB_NODE_TYPE,
			typeVersion: 1,
			position: [440, 0],
			parameters: {},
		});
		connections['No Operation'] = { main: [[{ node: 'Stub', type: 'main', index: 0 }]] };
	}
	return {
		id: 'e2eSmokeWorkflow1',
		name: 'e2e smoke',
		active: false,
		nodes,
		connections,
		settings: {},
	};
}

async function timed(timings, step, work) {
	const started = Date.now();
	const result = await work();
	timings[step] = Date.now() - started;
	process.stderr.write(`[smoke] ${step}: ${(timings[step] / 1000).toFixed(1)} s\n`);
	return result;
}

async function main() {
	const argv = process.argv.slice(2);
	const withStub = argv.includes('--stub');
	const timings = {};

	let nodeBin;
	if (argv.includes('--node24')) {
		nodeBin = (await timed(timings, 'node24', () => env.ensureNode24())).nodeBin;
	}
	const version = argValue(argv, '--n8n') || env.DEFAULT_N8N_VERSION;
	const n8n = await timed(timings, 'ensureN8n', () => env.ensureN8n({ version, nodeBin }));
	if (n8n.timings) Object.assign(timings, n8n.timings);

	const tgz = await timed(timings, 'pack', async () => {
		if (withStub) return makeStubTarball();
		return argValue(argv, '--tgz') || env.packPackage();
	});
	const folder = await timed(timings, 'userFolder', () => env.createUserFolder(tgz, { nodeBin }));
	try {
		const ctx = await env.createContext(n8n, folder);
		const id = await timed(timings, 'import', () =>
			env.importWorkflow(ctx, smokeWorkflow(withStub)),
		);
		const run = await timed(timings, 'execute', () => env.executeWorkflow(ctx, id));

		const passed = env.outputOf(run, 'No Operation', 0);
		if (run.status !== 'success' || passed.length !== 1) {
			throw new Error(
				`unexpected run: status ${run.status}, ${passed.length} item(s) from No Operation`,
			);
		}
		if (withStub) {
			const stubbed = env.outputOf(run, 'Stub', 0);
			if (stubbed.length !== 1 || stubbed[0].json.stub !== true) {
				throw new Error(`the stub node did not run: ${JSON.stringify(stubbed)}`);
			}
		}
		const summary = {
			n8n: n8n.version,
			node: n8n.nodeVersion,
			package: `${folder.packageName}@${folder.packageVersion}`,
			status: run.status,
			exitCode: run.cli.code,
			timingsMs: timings,
		};
		if (argv.includes('--json')) {
			process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
		} else {
			process.stdout.write(
				`smoke passed: n8n ${summary.n8n} on node ${summary.node}, ${summary.package}, ` +
					`run ${summary.status} (exit ${summary.exitCode})\n`,
			);
			for (const [step, ms] of Object.entries(timings)) {
				process.stdout.write(`  ${step.padEnd(12)} ${(ms / 1000).toFixed(1)} s\n`);
			}
		}
	} finally {
		if (argv.includes('--keep'))
			process.stderr.write(`[smoke] user folder kept: ${folder.userFolder}\n`);
		else env.removeUserFolder(folder.userFolder);
	}
}

main().catch((error) => {
	process.stderr.write(`[smoke] FAILED: ${error.message}\n`);
	process.exit(1);
});
