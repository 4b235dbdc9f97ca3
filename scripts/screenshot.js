#!/usr/bin/env node
'use strict';
// The README's pictures, taken with headless Chromium from a running demo: the "Nightly returns
// audit" flow on the n8n canvas, executed; or (--executions) a workflow's Executions tab with its
// newest execution open. Start `npm run demo` first, then:
//
//   node scripts/screenshot.js [--out docs/audit-flow.png] [--workflow audit|posting|watch]
//                              [--width 1200] [--height 600] [--no-execute]
//                              [--executions [--node <name>]] [--session <file>]
//
// docs/executions.png: --workflow watch --executions --node "Return Handoff Tagger" --width 1280
// --height 900, after a production refund failed ("Try it" in the README's Ops visibility).
//
// Chromium is Debian's (`apt-get install -y chromium`), driven over the DevTools protocol with
// Node's own WebSocket (behind a flag on Node 20, so the script re-runs itself with it); no
// browser automation package is needed. The demo's session.json gives the URL and the login.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

if (typeof WebSocket === 'undefined' && !process.execArgv.includes('--experimental-websocket')) {
	const again = spawn(
		process.execPath,
		['--experimental-websocket', '--no-warnings', __filename, ...process.argv.slice(2)],
		{ stdio: 'inherit' },
	);
	again.on('exit', (code) => process.exit(code ?? 1));
	return;
}

const { parseArgsOrExit } = require('./lib/args.js');
const { CACHE_DIR, REPO_ROOT } = require('./lib/files.js');
const { logger } = require('./lib/log.js');
const { killGroup, sleep } = require('./lib/process.js');
const { login } = require('./n8n/server.js');

const ARGS = {
	usage: 'node scripts/screenshot.js [options]   (with `npm run demo` running)',
	options: {
		out: { type: 'string', default: 'docs/audit-flow.png', placeholder: 'file' },
		workflow: { type: 'string', default: 'audit', placeholder: 'audit|posting' },
		width: { type: 'number', default: 1200 },
		height: { type: 'number', default: 600 },
		'no-execute': { type: 'flag', help: 'the canvas as it is, without running the workflow' },
		executions: { type: 'flag', help: 'the workflow’s Executions tab, newest execution open' },
		node: { type: 'string', default: '', placeholder: 'name', help: 'with --executions: open it' },
		session: {
			type: 'string',
			default: '',
			placeholder: 'file',
			help: 'another n8n’s session.json (default: the demo’s)',
		},
	},
};

const SESSION_FILE = path.join(CACHE_DIR, 'demo', 'session.json');
// Without these, Chromium keeps trying Google's hosts, which this network refuses.
const CHROMIUM_FLAGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--hide-scrollbars',
	'--remote-debugging-port=0',
];

const say = logger('screenshot');

/** Starts Chromium and resolves with its DevTools port once it prints it. */
function launchChromium(userDataDir, { width, height }) {
	const binary = process.env.CHROMIUM || '/usr/bin/chromium';
	const child = spawn(
		binary,
		[
			...CHROMIUM_FLAGS,
			`--user-data-dir=${userDataDir}`,
			`--window-size=${width},${height}`,
			'about:blank',
		],
		{ stdio: ['ignore', 'ignore', 'pipe'], detached: true },
	);
	const port = new Promise((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${text}`)), 30000);
		child.stderr.on('data', (chunk) => {
			text += chunk;
			const found = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(text);
			if (found) {
				clearTimeout(timer);
				resolve(Number(found[1]));
			}
		});
		child.once('error', (error) => reject(new Error(`cannot start ${binary}: ${error.message}`)));
		child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${text}`)));
	});
	const stop = () => killGroup(child);
	return { port, stop };
}

/** A minimal DevTools protocol client over one page target's WebSocket. */
async function connect(debuggerUrl) {
	const socket = new WebSocket(debuggerUrl);
	await new Promise((resolve, reject) => {
		socket.addEventListener('open', resolve, { once: true });
		socket.addEventListener('error', () => reject(new Error('DevTools socket error')), {
			once: true,
		});
	});
	let nextId = 1;
	const pending = new Map();
	socket.addEventListener('message', (event) => {
		const message = JSON.parse(String(event.data));
		const waiter = message.id && pending.get(message.id);
		if (!waiter) return;
		pending.delete(message.id);
		if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
		else waiter.resolve(message.result);
	});
	const send = (method, params = {}) =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve, reject, method });
			socket.send(JSON.stringify({ id, method, params }));
		});
	const evaluate = async (expression) => {
		const { result, exceptionDetails } = await send('Runtime.evaluate', {
			expression,
			awaitPromise: true,
			returnByValue: true,
		});
		if (exceptionDetails) throw new Error(`page script failed: ${exceptionDetails.text}`);
		return result.value;
	};
	return { send, evaluate, close: () => socket.close() };
}

async function waitFor(page, expression, what, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await page.evaluate(expression)) return;
		await sleep(500);
	}
	throw new Error(`timed out waiting for ${what}`);
}

async function main() {
	const args = parseArgsOrExit(ARGS);
	const sessionFile = args.session ? path.resolve(args.session) : SESSION_FILE;
	if (!fs.existsSync(sessionFile)) {
		throw new Error(`no ${sessionFile}: start the demo first (npm run demo)`);
	}
	const session = JSON.parse(fs.readFileSync(sessionFile, 'utf8'));
	const which = args.workflow;
	if (!session.workflows[which]) {
		throw new Error(
			`--workflow ${which}: the demo has ${Object.keys(session.workflows).join(', ')}`,
		);
	}
	const out = path.resolve(REPO_ROOT, args.out);
	const { width, height } = args;
	const execute = !args.noExecute;

	const cookie = await login(session.url, session);
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-shot-'));
	const chromium = launchChromium(userDataDir, { width, height });
	try {
		const port = await chromium.port;
		const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
		const target = targets.find((entry) => entry.type === 'page');
		const page = await connect(target.webSocketDebuggerUrl);
		await page.send('Page.enable');
		await page.send('Emulation.setDeviceMetricsOverride', {
			width,
			height,
			deviceScaleFactor: 1,
			mobile: false,
		});
		const [name, value] = cookie.split(/=(.*)/s);
		await page.send('Network.setCookie', { name, value, url: session.url, path: '/' });

		if (args.executions) {
			await executionsShot(page, session, cookie, which, out, args.node);
			return;
		}

		say(`opening ${session.workflows[which]}`);
		await page.send('Page.navigate', { url: session.workflows[which] });
		await waitFor(
			page,
			"document.querySelectorAll('.vue-flow__node').length > 3",
			'the workflow on the canvas',
		);
		await sleep(1500);
		// Close whatever n8n opens on a first visit (a welcome or licence dialog).
		await page.evaluate(
			"document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))",
		);
		if (execute) {
			say('executing the workflow in the editor');
			const clicked = await page.evaluate(`(() => {
				const button = document.querySelector('[data-test-id="execute-workflow-button"]') ||
					[...document.querySelectorAll('button')].find((b) => /execute workflow/i.test(b.textContent));
				if (!button) return false;
				button.click();
				return true;
			})()`);
			if (!clicked) throw new Error('no "Execute workflow" button on the page');
			// Finished: the last node shows its success badge.
			await waitFor(
				page,
				'document.querySelectorAll(\'[data-test-id="canvas-node-status-success"]\').length >= 5',
				'the execution to finish',
				120000,
			);
			await sleep(1000);
		}
		// The picture is the flow: no toast, and no run button over the bottom nodes.
		await page.evaluate(`(() => {
			const style = document.createElement('style');
			style.textContent = '.el-notification, [data-test-id="execute-workflow-button"] { display: none !important; }';
			document.head.appendChild(style);
		})()`);
		// Zoom to fit ("1"), with the canvas focused so the shortcut reaches it.
		await page.evaluate(`(() => {
			const pane = document.querySelector('.vue-flow__pane') || document.body;
			pane.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: ${height - 5} }));
		})()`);
		await page.send('Input.dispatchKeyEvent', {
			type: 'keyDown',
			key: '1',
			code: 'Digit1',
			text: '1',
		});
		await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: '1', code: 'Digit1' });
		await sleep(1500);

		const shot = await page.send('Page.captureScreenshot', { format: 'png' });
		fs.mkdirSync(path.dirname(out), { recursive: true });
		fs.writeFileSync(out, Buffer.from(shot.data, 'base64'));
		say(
			`saved ${path.relative(process.cwd(), out)} (${(fs.statSync(out).size / 1024).toFixed(0)} KB)`,
		);
		page.close();
	} finally {
		chromium.stop();
		fs.rmSync(userDataDir, { recursive: true, force: true });
	}
}

/** The workflow's Executions tab with its newest execution open (the run in a preview canvas). */
async function executionsShot(page, session, cookie, which, out, openNode) {
	const workflowId = session.workflows[which].split('/').pop();
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const answer = await fetch(`${session.url}/rest/executions?filter=${filter}&limit=1`, {
		headers: { cookie },
	});
	const listed = (await answer.json()).data;
	const [newest] = listed.results ?? listed;
	if (!newest) throw new Error(`the workflow ${workflowId} has no executions yet`);
	const url = `${session.workflows[which]}/executions/${newest.id}`;
	say(`opening ${url}`);
	await page.send('Page.navigate', { url });
	// The run is drawn in a same-origin iframe: wait for its nodes.
	const inPreview = "(document.querySelector('iframe')?.contentDocument ?? document)";
	await waitFor(
		page,
		`${inPreview}.querySelectorAll('.vue-flow__node').length > 2`,
		'the execution preview',
	);
	await sleep(2000);
	const click = (selector) =>
		page.evaluate(`(() => {
			const element = ${inPreview}.querySelector(${JSON.stringify(selector)});
			if (element) element.click();
			return Boolean(element);
		})()`);
	await click('[data-test-id="zoom-to-fit"]');
	if (openNode) {
		// The Logs panel under the run, with the node's output selected.
		await click('[data-test-id="logs-overview-header"]');
		await sleep(1500);
		const opened = await page.evaluate(`(() => {
			const panel = ${inPreview}.querySelector('[data-test-id="logs-panel"]');
			const rows = [...panel.querySelectorAll('[role="treeitem"], [data-test-id*="logs-overview-body"] *')];
			const row = rows.find((r) => r.textContent.trim().startsWith(${JSON.stringify(openNode)}));
			if (!row) return false;
			row.click();
			return true;
		})()`);
		if (!opened) throw new Error(`no "${openNode}" in the execution's logs`);
		await sleep(2000);
	}
	await page.evaluate(
		"document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))",
	);
	await sleep(1000);
	const shot = await page.send('Page.captureScreenshot', { format: 'png' });
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, Buffer.from(shot.data, 'base64'));
	say(
		`saved ${path.relative(process.cwd(), out)} (${(fs.statSync(out).size / 1024).toFixed(0)} KB)`,
	);
	page.close();
}

main().catch((error) => {
	say(`FAILED: ${error.message}`);
	process.exit(1);
});
