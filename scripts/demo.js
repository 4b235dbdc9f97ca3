#!/usr/bin/env node
'use strict';
// `npm run demo`: a real n8n with this package installed the way n8n installs a community
// package, the three sample workflows imported ("Handoff error watch" and the posting flow
// published, so a failed production execution of the posting starts the watch), a stand-in
// NetSuite on 127.0.0.1 for the posting flow with a token-based NetSuite credential for it (the
// Guard's live order lookup and the credit memo call both sign with it), and an owner account
// ready to log in with. Ctrl-C stops n8n and the stand-in.
//
//   npm run demo                      the n8n editor on http://localhost:5678 (or the next free port)
//   npm run demo -- --headless        runs the audit once and prints the Markdown report
//   npm run demo -- --port 5700       another port (the next free one from there; or --port=5700)
//   npm run demo -- --fresh           forget the demo's database (workflows, executions, owner)
//   npm run demo -- --listen 0.0.0.0  reachable from other machines (default: 127.0.0.1 only)
//
// Everything lives in .cache/demo/ (git-ignored): the n8n user folder with its SQLite database,
// n8n's log, the last HTML report and session.json (the URL and login, for scripts/screenshot.js).
// The first run installs n8n into .cache/n8n/ (up to 6 minutes on 2 cores, 2.3 GB).

const fs = require('node:fs');
const path = require('node:path');

const { parseArgsOrExit } = require('./lib/args.js');
const { logger, seconds, tail } = require('./lib/log.js');
const { readText } = require('./lib/files.js');
const env = require('./n8n/env.js');
const { startN8n, waitForReady, setUpOwner } = require('./n8n/server.js');
const { startStandInErp } = require('./stand-in-erp.js');
const { postingStandInOptions } = require('./stand-in-erp-posting.js');
const workflows = require('./demo-workflows.js');
const agent = require('./agent-workflow.js');
const { errorWatchWorkflow } = require('./error-watch-workflow.js');
const { startStandInModel } = require('./stand-in-model.js');
const { serverApi } = require('./n8n/server-api.js');

const DEMO_DIR = path.join(env.CACHE_DIR, 'demo');
const USER_FOLDER = path.join(DEMO_DIR, 'n8n');
const SESSION_FILE = path.join(DEMO_DIR, 'session.json');
const REPORT_FILE = path.join(DEMO_DIR, 'handoff-pattern-report.html');
const LOG_FILE = path.join(DEMO_DIR, 'n8n.log');
// A demo login, printed on every start; the instance listens on 127.0.0.1 unless --listen says
// otherwise. n8n wants 8+ characters with a digit and a capital letter.
const OWNER = {
	email: 'demo@example.com',
	firstName: 'Returns',
	lastName: 'Demo',
	password: 'Handoff-demo-2026',
};

const ARGS = {
	usage: 'npm run demo -- [options]',
	options: {
		headless: { type: 'flag', help: 'run the audit once, print the Markdown report' },
		port: { type: 'number', default: 5678, help: "n8n's port (the next free one from there)" },
		listen: {
			type: 'string',
			default: '127.0.0.1',
			placeholder: 'address',
			help: 'n8n listens here',
		},
		fresh: { type: 'flag', help: "forget the demo's database first" },
	},
};

const say = logger('demo');

async function timed(timings, step, work) {
	const started = Date.now();
	const result = await work();
	timings[step] = Date.now() - started;
	say(`${step}: ${seconds(timings[step])}`);
	return result;
}

async function prepare(args, timings) {
	if (args.fresh) fs.rmSync(USER_FOLDER, { recursive: true, force: true });
	fs.mkdirSync(DEMO_DIR, { recursive: true });
	const install = await timed(timings, 'n8n ready', () => env.ensureN8n());
	const tarball = await timed(timings, 'package packed', () => env.packPackage());
	const folder = await timed(timings, 'package installed', () =>
		env.createUserFolder(tarball, { userFolder: USER_FOLDER }),
	);
	const ctx = await env.createContext(install, folder);
	return { install, ctx };
}

async function headless(args) {
	const timings = {};
	const { install, ctx } = await prepare(args, timings);
	const { workflow: audit } = workflows.auditWorkflow();
	await timed(timings, 'workflow imported', () => env.importWorkflows(ctx, [audit]));
	const run = await timed(timings, 'audit executed', () => env.executeWorkflow(ctx, audit.id));

	const names = workflows.NODES.audit;
	const [report] = env.outputOf(run, names.report);
	if (!report) throw new Error(`${names.report} produced no report`);
	const html = env.binaryContent(ctx.userFolder, report.binary && report.binary.report);
	fs.writeFileSync(REPORT_FILE, html);

	const routed = ['Mismatch', 'Pending', 'Consistent', 'Unmatched']
		.map((output, index) => `${env.outputOf(run, names.reconciler, index).length} ${output}`)
		.join(', ');
	process.stdout.write(`${report.json.markdown.trimEnd()}\n`);
	say(`n8n ${install.version}: "${audit.name}" reconciled ${routed}`);
	say(`HTML report with chart: ${path.relative(process.cwd(), REPORT_FILE)}`);
}

async function interactive(args) {
	const timings = {};
	const { install, ctx } = await prepare(args, timings);

	const erp = await timed(timings, 'stand-in ERP started', async () =>
		startStandInErp({
			...postingStandInOptions(),
			port: await env.freePort(workflows.DEFAULT_ERP_PORT),
		}),
	);
	// "Ask the returns agent" talks to a stand-in model until a real OpenAI credential replaces it.
	const model = await timed(timings, 'stand-in model started', async () =>
		startStandInModel({ port: await env.freePort(agent.DEFAULT_MODEL_PORT) }),
	);
	const server = { current: null };
	let stopping = false;
	const stopAll = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the stand-in ERP…');
		env.stopRunningCommands();
		if (server.current) await server.current.stop();
		await erp.close();
		await model.close();
		fs.rmSync(SESSION_FILE, { force: true });
		say('stopped');
		process.exit(code);
	};
	onSignal = () => stopAll(0);

	try {
		const { workflow: audit } = workflows.auditWorkflow();
		const posting = workflows.postingWorkflow({ creditMemoUrl: erp.creditMemoUrl });
		// The stand-in's own test secrets; its URL changes when port 8123 is taken, so the
		// credential is written on every start (same ID: it replaces the last one).
		const credential = workflows.postingCredential({ erpUrl: erp.url, tba: erp.tba });
		await timed(timings, 'credentials imported', () =>
			env.importCredentials(ctx, [credential, agent.standInCredential(model.baseUrl)]),
		);
		const watch = errorWatchWorkflow();
		const ask = agent.agentWorkflow();
		await timed(timings, 'workflows imported', () =>
			env.importWorkflows(ctx, [audit, posting, watch, ask]),
		);

		const port = await env.freePort(args.port);
		const listenAddress = args.listen;
		fs.writeFileSync(LOG_FILE, '');
		server.current = startN8n(ctx, { port, listenAddress, logFile: LOG_FILE });
		server.current.exited.then(({ code, signal }) => {
			if (stopping) return;
			say(`n8n stopped on its own (code ${code}, ${signal}); its log: ${LOG_FILE}`);
			process.stderr.write(`${tailOf(LOG_FILE)}\n`);
			stopAll(1);
		});
		const url = server.current.url;
		await timed(timings, 'n8n started', () => waitForReady(server.current));
		const owner = await timed(timings, 'owner account', () => setUpOwner(url, OWNER));
		say(
			owner.created ? `owner ${OWNER.email} created` : `owner ${OWNER.email} exists; login checked`,
		);

		// Published, so a production execution of the posting (its webhook) that fails starts the
		// error watch.
		const api = serverApi({ url, cookie: owner.cookie, n8nDir: install.dir });
		await timed(timings, 'workflows activated', async () => {
			await api.activateWorkflow(watch.id);
			await api.activateWorkflow(posting.id);
		});
		const webhookUrl = `${url}/webhook/guarded-erp-posting`;

		const links = {
			audit: `${url}/workflow/${audit.id}`,
			posting: `${url}/workflow/${posting.id}`,
			watch: `${url}/workflow/${watch.id}`,
			agent: `${url}/workflow/${ask.id}`,
			executions: `${url}/home/executions`,
		};
		fs.writeFileSync(
			SESSION_FILE,
			`${JSON.stringify(
				{
					url,
					email: OWNER.email,
					password: OWNER.password,
					workflows: links,
					erp: erp.url,
					pid: process.pid,
				},
				null,
				2,
			)}\n`,
		);
		const row = (label, value) => `  ${label.padEnd(24)}${value}`;
		const lines = [
			'',
			`  n8n ${install.version} is running with n8n-nodes-returns-handoff installed.`,
			'',
			row('Open', url),
			row('Log in', `${OWNER.email} / ${OWNER.password}`),
			'',
			row(audit.name, links.audit),
			row(posting.name, links.posting),
			row(watch.name, links.watch),
			row(ask.name, `${links.agent} (its model: the stand-in at ${model.baseUrl})`),
			row('Executions', links.executions),
			row(
				'Production webhook',
				`POST ${webhookUrl} (a production run; one that fails starts the error watch)`,
			),
			row('Stand-in NetSuite', `${erp.creditMemoUrl} (calls: ${erp.url}/__calls)`),
			row('NetSuite credential', credential.name),
			'',
			'  Open a workflow and press "Execute workflow".',
			`  n8n's log: ${path.relative(process.cwd(), LOG_FILE)}. Press Ctrl-C to stop n8n and the stand-in ERP.`,
			'',
		];
		process.stdout.write(`${lines.join('\n')}\n`);
	} catch (error) {
		say(`FAILED: ${error.message}`);
		if (server.current) process.stderr.write(`${tailOf(LOG_FILE)}\n`);
		await stopAll(1);
	}
}

function tailOf(file) {
	return tail(readText(file), 30);
}

// Until n8n runs, a Ctrl-C ends whatever is installing or packing (npm runs in its own process
// group, out of the terminal's reach); afterwards, interactive() stops the server and the ERP.
let onSignal = () => {
	env.stopRunningCommands();
	say('interrupted');
	process.exit(130);
};
process.on('SIGINT', () => onSignal());
process.on('SIGTERM', () => onSignal());

const args = parseArgsOrExit(ARGS);
if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) {
	say(`--port ${args.port}: a TCP port is a whole number from 1 to 65535`);
	process.exit(2);
}
(args.headless ? headless(args) : interactive(args)).catch((error) => {
	say(`FAILED: ${error.message}`);
	process.exit(1);
});
