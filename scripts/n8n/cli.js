'use strict';
// n8n's CLI against one user folder: import workflows (`n8n import:workflow`), execute one
// (`n8n execute --id=<id> --rawOutput`), and read the run JSON it prints. Facts this relies on,
// checked against n8n 2.8.4, 1.123.81 and 2.41.1:
//   - `execute` needs the workflow imported first, with an explicit `id` (`--file` is gone), and
//     a Manual Trigger (or Execute Workflow Trigger) to start from;
//   - stdout holds log lines, then the whole run as JSON; with N8N_LOG_LEVEL=warn the JSON is
//     not printed, and jest's NODE_ENV=test silences it too (see cleanEnv);
//   - the exit code is not to be trusted (139 after a printed success was seen): the JSON is;
//   - each run starts a task-runner broker on N8N_RUNNERS_BROKER_PORT (default 5679) and aborts
//     when that port is taken.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const { writeJson } = require('../lib/files.js');
const { tail } = require('../lib/log.js');
const {
	MINUTE,
	cleanEnv,
	describeFailure,
	freePort,
	nodeExecutable,
	randomPortStart,
	run,
	withNodeOnPath,
} = require('../lib/process.js');

/**
 * Environment for a quiet, isolated n8n CLI run on SQLite in `userFolder`.
 * @returns {Promise<Record<string, string>>}
 */
async function n8nEnv(userFolder, extra = {}) {
	return cleanEnv({
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort(randomPortStart())),
		// At `warn` the execute command does not print the run's JSON.
		N8N_LOG_LEVEL: 'info',
		N8N_NO_COLOR: 'true',
		...extra,
	});
}

/**
 * Everything importWorkflow/executeWorkflow need, from ensureN8n's and createUserFolder's results.
 * @returns {Promise<{n8nBin: string, nodeBin: string|null, userFolder: string,
 *   env: Record<string, string>}>}
 */
async function createContext(n8n, folder, extraEnv = {}) {
	return {
		n8nBin: n8n.n8nBin,
		nodeBin: n8n.nodeBin || null,
		userFolder: folder.userFolder,
		env: await n8nEnv(folder.userFolder, extraEnv),
	};
}

function runN8n(ctx, args, { timeoutMs = 5 * MINUTE } = {}) {
	return run(nodeExecutable(ctx.nodeBin), [ctx.n8nBin, ...args], {
		cwd: ctx.userFolder,
		env: withNodeOnPath(ctx.env, ctx.nodeBin),
		timeoutMs,
	});
}

function newWorkflowId() {
	return crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
}

/** A copy of the workflow with what `import:workflow` and `execute` need filled in. */
function importable(workflow) {
	const copy = JSON.parse(JSON.stringify(workflow));
	if (!copy.id) copy.id = newWorkflowId();
	if (!copy.name) copy.name = `e2e ${copy.id}`;
	if (copy.active === undefined) copy.active = false;
	return copy;
}

function checkImported(result, what) {
	if (result.code !== 0 || !/Successfully imported/i.test(result.stdout + result.stderr)) {
		throw describeFailure(what, result);
	}
}

/**
 * Imports a workflow (an object, a JSON string, or a path to a .json file) into the context's
 * database. A workflow without an `id` gets one, since `execute` needs it.
 * @returns {Promise<string>} the workflow id
 */
async function importWorkflow(ctx, workflowJsonOrPath) {
	let workflow = workflowJsonOrPath;
	if (typeof workflowJsonOrPath === 'string') {
		const text = workflowJsonOrPath.trimStart().startsWith('{')
			? workflowJsonOrPath
			: fs.readFileSync(workflowJsonOrPath, 'utf8');
		workflow = JSON.parse(text);
	}
	workflow = importable(workflow);
	const dir = path.join(ctx.userFolder, 'workflows');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${workflow.id}.json`);
	writeJson(file, workflow);
	const result = await runN8n(ctx, ['import:workflow', `--input=${file}`]);
	checkImported(result, `n8n import:workflow (${file})`);
	return workflow.id;
}

/**
 * Imports several workflows with one n8n start (`import:workflow --separate`), which saves the
 * several seconds each CLI start costs. Workflows without an `id` get one.
 * @returns {Promise<string[]>} the workflow ids, in order
 */
async function importWorkflows(ctx, workflows) {
	const dir = fs.mkdtempSync(path.join(ctx.userFolder, 'import-'));
	const ids = workflows.map((entry) => {
		const workflow = importable(entry);
		writeJson(path.join(dir, `${workflow.id}.json`), workflow);
		return workflow.id;
	});
	try {
		const result = await runN8n(ctx, ['import:workflow', '--separate', `--input=${dir}`]);
		checkImported(result, `n8n import:workflow --separate (${dir})`);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	return ids;
}

/**
 * Imports credentials (`n8n import:credentials`): a list of `{ id, name, type, data }` with the
 * data in the clear, which n8n encrypts with the user folder's key on import. An `id` already
 * there is replaced.
 */
async function importCredentials(ctx, credentials) {
	const file = path.join(
		ctx.userFolder,
		`credentials-${crypto.randomBytes(6).toString('hex')}.json`,
	);
	writeJson(file, credentials);
	try {
		const result = await runN8n(ctx, ['import:credentials', `--input=${file}`]);
		checkImported(result, `n8n import:credentials (${file})`);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * The run JSON that `n8n execute --rawOutput` prints after its log lines: from the first line
 * that is exactly `{` to the last line that is exactly `}` and still parses.
 */
function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line.trimEnd() === '{');
	if (start === -1) return null;
	for (let end = lines.length - 1; end > start; end--) {
		if (lines[end].trimEnd() !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// A `}` line inside the log lines that follow the JSON: try an earlier one.
		}
	}
	return null;
}

/**
 * Executes an imported workflow with the n8n CLI and returns the parsed run. The exit code is
 * not trusted; the run's JSON decides. Throws when no run was printed, or, unless
 * `allowFailure`, when the run's status is not `success`.
 * @param {{allowFailure?: boolean, timeoutMs?: number}} [options]
 */
async function executeWorkflow(ctx, id, { allowFailure = false, timeoutMs } = {}) {
	const args = ['execute', `--id=${id}`, '--rawOutput'];
	let result = await runN8n(ctx, args, { timeoutMs });
	if (/EADDRINUSE/.test(result.stdout + result.stderr)) {
		// Another process took the task-runner broker port after n8nEnv chose it.
		ctx.env = { ...ctx.env, N8N_RUNNERS_BROKER_PORT: String(await freePort(randomPortStart())) };
		result = await runN8n(ctx, args, { timeoutMs });
	}
	const runData = parseRunOutput(result.stdout);
	if (!runData) throw describeFailure(`n8n execute --id=${id} printed no run JSON and`, result);
	Object.defineProperty(runData, 'cli', {
		value: { code: result.code, signal: result.signal, ms: result.ms, stderr: result.stderr },
		enumerable: false,
	});
	if (!allowFailure && runData.status !== 'success') {
		const error = runData.data && runData.data.resultData && runData.data.resultData.error;
		const reason = error
			? [
					error.message,
					error.node ? `(node ${error.node.name})` : '',
					error.description ? `\n${error.description}` : '',
				].join(' ')
			: '';
		throw new Error(
			`workflow ${id} finished with status ${runData.status}: ${reason}\n--- stderr tail ---\n` +
				tail(result.stderr),
		);
	}
	return runData;
}

/** Imports and executes a workflow in one call. */
async function runWorkflow(ctx, workflowJsonOrPath, options) {
	return executeWorkflow(ctx, await importWorkflow(ctx, workflowJsonOrPath), options);
}

function firstRunOf(run, nodeName) {
	const runs = run && run.data && run.data.resultData && run.data.resultData.runData;
	return (runs && runs[nodeName] && runs[nodeName][0]) || null;
}

/** A node's output items (`[{json, pairedItem, …}]`) on one output, or [] when it has none. */
function outputOf(run, nodeName, outputIndex = 0) {
	const nodeRun = firstRunOf(run, nodeName);
	const main = nodeRun && nodeRun.data && nodeRun.data.main;
	return (main && main[outputIndex]) || [];
}

/** A node's execution time in ms, or null when the node did not run. */
function executionTimeOf(run, nodeName) {
	const nodeRun = firstRunOf(run, nodeName);
	return nodeRun ? nodeRun.executionTime : null;
}

/**
 * The bytes of a binary field of an output item in a run: inline base64 (n8n's default mode in
 * 1.x) or a file in the user folder (filesystem mode, 2.x's default: the id is
 * `filesystem-v2:<path>`, under .n8n/storage in 2.x and .n8n/binaryData in 1.x).
 * @returns {Buffer}
 */
function binaryContent(userFolder, binary) {
	if (!binary || typeof binary !== 'object') throw new Error('no binary data');
	const separator = typeof binary.id === 'string' ? binary.id.indexOf(':') : -1;
	if (separator === -1) return Buffer.from(String(binary.data || ''), 'base64');
	const relative = binary.id.slice(separator + 1);
	const candidates = ['storage', 'binaryData'].map((dir) =>
		path.join(userFolder, '.n8n', dir, relative),
	);
	const found = candidates.find((file) => fs.existsSync(file));
	if (!found) throw new Error(`binary ${binary.id} is in none of ${candidates.join(', ')}`);
	return fs.readFileSync(found);
}

module.exports = {
	n8nEnv,
	createContext,
	importWorkflow,
	importWorkflows,
	importCredentials,
	executeWorkflow,
	runWorkflow,
	parseRunOutput,
	outputOf,
	executionTimeOf,
	binaryContent,
};
