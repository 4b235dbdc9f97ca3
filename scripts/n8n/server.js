'use strict';
// n8n as a server (`n8n start`) for the demo and the screenshot: start it in its own process
// group, wait until its REST API answers, set up the owner account over REST, log in, stop it.
// Node's standard library only, like env.js.

const { spawn } = require('node:child_process');
const fs = require('node:fs');

const { killGroup, nodeExecutable, sleep, withNodeOnPath } = require('../lib/process.js');

const READY_TIMEOUT_MS = 3 * 60 * 1000;

/**
 * Starts `n8n start` on `port` with the context's user folder and environment. Its output goes
 * to `logFile`. The process gets its own process group, so a Ctrl-C in the terminal reaches
 * the caller only, and `stop()` can end n8n together with its task runner.
 * @returns {{url: string, child: import('node:child_process').ChildProcess,
 *   exited: Promise<{code: number|null, signal: string|null}>, stop: () => Promise<void>}}
 */
function startN8n(ctx, { port, listenAddress = '127.0.0.1', logFile, env = {} }) {
	const childEnv = {
		...withNodeOnPath(ctx.env, ctx.nodeBin),
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: listenAddress,
		// Plain http on localhost: a Secure cookie would keep some browsers from logging in.
		N8N_SECURE_COOKIE: 'false',
		...env,
	};
	const out = fs.openSync(logFile, 'a');
	const child = spawn(nodeExecutable(ctx.nodeBin), [ctx.n8nBin, 'start'], {
		cwd: ctx.userFolder,
		env: childEnv,
		stdio: ['ignore', out, out],
		detached: true,
	});
	fs.closeSync(out);
	const exited = new Promise((resolve) => {
		child.once('exit', (code, signal) => resolve({ code, signal }));
	});
	let stopping = null;
	const stop = () => {
		stopping ??= (async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			killGroup(child, 'SIGTERM');
			// A plain timer would keep the caller (jest) alive for 15 s after n8n exited: clear it.
			let timer;
			const timedOut = new Promise((resolve) => {
				timer = setTimeout(() => resolve(false), 15000);
			});
			const ended = await Promise.race([exited.then(() => true), timedOut]);
			clearTimeout(timer);
			if (!ended) {
				killGroup(child, 'SIGKILL');
				await exited;
			}
		})();
		return stopping;
	};
	const local = ['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'].includes(listenAddress);
	return { url: `http://${local ? 'localhost' : listenAddress}:${port}`, child, exited, stop };
}

/**
 * Waits until n8n's REST API answers with JSON (`/rest/settings` is served once the server,
 * database and node types are loaded), or the process exits, or the timeout passes.
 */
async function waitForReady(server, { timeoutMs = READY_TIMEOUT_MS } = {}) {
	const deadline = Date.now() + timeoutMs;
	let exited = null;
	server.exited.then((how) => {
		exited = how;
	});
	while (Date.now() < deadline) {
		if (exited) {
			throw new Error(`n8n exited before it was ready (code ${exited.code}, ${exited.signal})`);
		}
		try {
			const response = await fetch(`${server.url}/rest/settings`);
			// While it starts, n8n answers every route 200 with a "n8n is starting up" page.
			const json = (response.headers.get('content-type') || '').includes('json');
			if (response.ok && json) return;
		} catch {
			// Not listening yet.
		}
		await sleep(1000);
	}
	throw new Error(`n8n did not answer on ${server.url} within ${timeoutMs / 1000} s`);
}

async function postJson(url, body, headers = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	let json = null;
	try {
		json = JSON.parse(text);
	} catch {
		// Not JSON: keep the text for the error message.
	}
	return { status: response.status, json, text, headers: response.headers };
}

/**
 * Logs in and returns the session cookie (`n8n-auth=…`). n8n 2.x names the login field
 * `emailOrLdapLoginId`, 1.x `email`; both are sent.
 */
async function login(url, { email, password }) {
	const answer = await postJson(`${url}/rest/login`, {
		email,
		emailOrLdapLoginId: email,
		password,
	});
	if (answer.status !== 200) {
		throw new Error(`login as ${email} failed: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
	}
	const cookies =
		typeof answer.headers.getSetCookie === 'function'
			? answer.headers.getSetCookie()
			: [answer.headers.get('set-cookie') || ''];
	const auth = cookies.map((cookie) => cookie.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (!auth) throw new Error('login answered 200 but set no n8n-auth cookie');
	return auth;
}

/**
 * Makes `owner` the instance owner on a fresh instance (`POST /rest/owner/setup`), or, when an
 * owner exists already (a second demo start), checks that these credentials log in.
 * @returns {Promise<{created: boolean, cookie: string}>}
 */
async function setUpOwner(url, owner) {
	const answer = await postJson(`${url}/rest/owner/setup`, owner);
	if (answer.status === 200) return { created: true, cookie: await login(url, owner) };
	try {
		return { created: false, cookie: await login(url, owner) };
	} catch (error) {
		throw new Error(
			`owner setup answered HTTP ${answer.status} (${answer.text.slice(0, 200)}) and ${error.message}`,
		);
	}
}

module.exports = { startN8n, waitForReady, setUpOwner, login };
