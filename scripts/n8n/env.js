'use strict';
// A real n8n for the end-to-end tests, the demo and the benchmarks, in one require: install it
// once into <repo>/.cache (install.js), pack our package and install it into a user folder the
// way n8n 2.x installs a community package (community-package.js), then import and execute
// workflows through n8n's CLI (cli.js); the process runner underneath is ../lib/process.js.
// Node's standard library only, so it runs before (and without) anything in node_modules.

const { CACHE_DIR, REPO_ROOT } = require('../lib/files.js');
const { freePort, stopRunningCommands } = require('../lib/process.js');
const { DEFAULT_N8N_VERSION, ensureN8n, ensureNode24 } = require('./install.js');
const { createUserFolder, packPackage, removeUserFolder } = require('./community-package.js');
const cli = require('./cli.js');

module.exports = {
	REPO_ROOT,
	CACHE_DIR,
	DEFAULT_N8N_VERSION,
	ensureNode24,
	ensureN8n,
	packPackage,
	createUserFolder,
	removeUserFolder,
	n8nEnv: cli.n8nEnv,
	createContext: cli.createContext,
	importWorkflow: cli.importWorkflow,
	importWorkflows: cli.importWorkflows,
	importCredentials: cli.importCredentials,
	executeWorkflow: cli.executeWorkflow,
	runWorkflow: cli.runWorkflow,
	parseRunOutput: cli.parseRunOutput,
	outputOf: cli.outputOf,
	executionTimeOf: cli.executionTimeOf,
	binaryContent: cli.binaryContent,
	freePort,
	stopRunningCommands,
};
