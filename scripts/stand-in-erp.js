#!/usr/bin/env node
'use strict';
// A stand-in for NetSuite's REST record API, for end-to-end tests and the demo: it answers
// `POST /services/rest/record/v1/creditMemo` the way NetSuite does, with the error each test
// asks for, and counts what it received so a test can prove a payload never left n8n.
//
// Which answer a request gets (case-insensitive; the first rule that names a scenario wins):
//   1. the header `X-Stand-In-Scenario: <scenario>`;
//   2. the body's `memo` field: `<scenario>` or `stand-in:<scenario>`;
//   3. the last `-`-separated part of the body's `returnId` or `externalId`: `RA-1001-DUP` → dup.
// Anything else is a good payload: 200 with `{ id, returnId, links }` and a `Location` header
// (or NetSuite's bare 204 with `Location` when started with `created: 204`).
//
//   scenario     answer
//   badref       400 INVALID_KEY_OR_REF   (createdfrom points at no order)
//   dup          400 DUP_RCRD             (the record already exists)
//   ratelimit    429 SSS_REQUEST_LIMIT_EXCEEDED
//   auth         401 INVALID_LOGIN
//   unavailable  503 with no error code
//   status       400 INVALID_FLD_VALUE, "o:errorPath": "status"
//   subsidiary   400 INVALID_FLD_VALUE, "o:errorPath": "subsidiary"
//   amount       400 INVALID_FLD_VALUE, "o:errorPath": "item.items[0].amount"
//   unknown      400 USER_ERROR naming a custom field (matches no known signature)
//   reset        the socket is destroyed without an answer (ECONNRESET / socket hang up)
// A body that is not a JSON object gets 400 INVALID_CONTENT.
//
// Bookkeeping: GET /__calls → { count, calls: [{ at, method, path, scenario, status, body }] };
// DELETE /__calls clears it. GET …/creditMemo/<id> returns a memo created earlier.
//
// CLI: node scripts/stand-in-erp.js [--port 8123] [--created 204]

const http = require('node:http');

const CREDIT_MEMO_PATH = '/services/rest/record/v1/creditMemo';

const BAD_REQUEST = {
	type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1',
	title: 'Bad Request',
	status: 400,
};

function badRequest(detail, errorCode, errorPath) {
	const errorDetail = { detail, 'o:errorCode': errorCode };
	if (errorPath) errorDetail['o:errorPath'] = errorPath;
	return { status: 400, body: { ...BAD_REQUEST, 'o:errorDetails': [errorDetail] } };
}

const SCENARIOS = {
	badref: () =>
		badRequest(
			'Invalid Field Value 99999 for the following field: createdfrom',
			'INVALID_KEY_OR_REF',
		),
	dup: () =>
		badRequest(
			'A record with the same external ID already exists. Duplicate records are not allowed.',
			'DUP_RCRD',
		),
	ratelimit: () => ({
		status: 429,
		headers: { 'Retry-After': '1' },
		body: {
			type: 'https://www.rfc-editor.org/rfc/rfc6585.html#section-4',
			title: 'Too Many Requests',
			status: 429,
			'o:errorDetails': [
				{
					detail: 'Request limit exceeded. Try again later.',
					'o:errorCode': 'SSS_REQUEST_LIMIT_EXCEEDED',
				},
			],
		},
	}),
	auth: () => ({
		status: 401,
		body: {
			type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2',
			title: 'Unauthorized',
			status: 401,
			'o:errorDetails': [
				{
					detail:
						'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
					'o:errorCode': 'INVALID_LOGIN',
				},
			],
		},
	}),
	unavailable: () => ({
		status: 503,
		body: {
			type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4',
			title: 'Service Unavailable',
			status: 503,
		},
	}),
	status: () =>
		badRequest(
			'Invalid Field Value pendingRefund for the following field: status',
			'INVALID_FLD_VALUE',
			'status',
		),
	subsidiary: () =>
		badRequest(
			'Invalid Field Value 7 for the following field: subsidiary',
			'INVALID_FLD_VALUE',
			'subsidiary',
		),
	amount: () =>
		badRequest(
			'Invalid Field Value -12.50 for the following field: amount',
			'INVALID_FLD_VALUE',
			'item.items[0].amount',
		),
	unknown: () =>
		badRequest('Please enter value(s) for: Return Reason Code', 'USER_ERROR', 'custbody_rr_code'),
	reset: () => ({ reset: true }),
};

function scenarioName(value) {
	if (typeof value !== 'string') return null;
	const name = value
		.trim()
		.toLowerCase()
		.replace(/^stand-in:/, '');
	return Object.prototype.hasOwnProperty.call(SCENARIOS, name) ? name : null;
}

function idSuffix(value) {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const parts = String(value).split('-');
	return parts.length > 1 ? scenarioName(parts[parts.length - 1]) : null;
}

/** The scenario a request selects (see the rules at the top), or null for a good payload. */
function scenarioOf(body, headers = {}) {
	const fromHeader = scenarioName(headers['x-stand-in-scenario']);
	if (fromHeader) return fromHeader;
	if (!body || typeof body !== 'object') return null;
	return scenarioName(body.memo) || idSuffix(body.returnId) || idSuffix(body.externalId);
}

function readBody(request) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function parseJsonObject(text) {
	try {
		const value = JSON.parse(text);
		return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
	} catch {
		return null;
	}
}

function send(response, status, body, headers = {}) {
	const text = body === undefined ? '' : JSON.stringify(body);
	response.writeHead(status, {
		...(text ? { 'Content-Type': 'application/vnd.oracle.resource+json; type=error' } : {}),
		...headers,
	});
	response.end(text);
}

/**
 * Starts the stand-in ERP on 127.0.0.1.
 * @param {{port?: number, created?: 200|204}} [options] port 0 (the default) picks a free one.
 * @returns {Promise<{url: string, creditMemoUrl: string, port: number, calls: () => object[],
 *   close: () => Promise<void>}>}
 */
function startStandInErp({ port = 0, created = 200 } = {}) {
	const calls = [];
	const memos = new Map();
	let nextId = 5001;
	let baseUrl = '';

	const server = http.createServer(async (request, response) => {
		const url = new URL(request.url, 'http://stand-in');
		if (url.pathname === '/__calls') {
			if (request.method === 'DELETE') {
				calls.length = 0;
				return send(response, 204);
			}
			return send(
				response,
				200,
				{ count: calls.length, calls },
				{
					'Content-Type': 'application/json',
				},
			);
		}

		const text = await readBody(request);
		const call = { at: new Date().toISOString(), method: request.method, path: url.pathname };
		calls.push(call);

		if (request.method === 'GET' && url.pathname.startsWith(`${CREDIT_MEMO_PATH}/`)) {
			const memo = memos.get(url.pathname.slice(CREDIT_MEMO_PATH.length + 1));
			call.status = memo ? 200 : 404;
			if (memo) return send(response, 200, memo, { 'Content-Type': 'application/json' });
			return send(response, 404, {
				type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5',
				title: 'Not Found',
				status: 404,
				'o:errorDetails': [
					{ detail: 'The record instance does not exist.', 'o:errorCode': 'NONEXISTENT_ID' },
				],
			});
		}
		if (request.method !== 'POST' || url.pathname !== CREDIT_MEMO_PATH) {
			call.status = 404;
			return send(response, 404, {
				type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5',
				title: 'Not Found',
				status: 404,
				'o:errorDetails': [
					{
						detail: `The stand-in ERP only serves POST ${CREDIT_MEMO_PATH}.`,
						'o:errorCode': 'INVALID_URL',
					},
				],
			});
		}

		const body = parseJsonObject(text);
		call.body = body === null ? text : body;
		if (body === null) {
			call.scenario = 'invalid_content';
			call.status = 400;
			const invalid = badRequest('Invalid content in the request body.', 'INVALID_CONTENT');
			return send(response, invalid.status, invalid.body);
		}

		const scenario = scenarioOf(body, request.headers);
		call.scenario = scenario || 'ok';
		if (scenario) {
			const answer = SCENARIOS[scenario]();
			if (answer.reset) {
				call.status = null;
				return request.socket.destroy();
			}
			call.status = answer.status;
			return send(response, answer.status, answer.body, answer.headers);
		}

		const id = String(nextId++);
		const location = `${baseUrl}${CREDIT_MEMO_PATH}/${id}`;
		memos.set(id, { id, ...body });
		call.status = created;
		call.createdId = id;
		if (created === 204) return send(response, 204, undefined, { Location: location });
		return send(
			response,
			200,
			{ id, returnId: body.returnId ?? null, links: [{ rel: 'self', href: location }] },
			{ 'Content-Type': 'application/json', Location: location },
		);
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const actualPort = server.address().port;
			baseUrl = `http://127.0.0.1:${actualPort}`;
			resolve({
				url: baseUrl,
				creditMemoUrl: `${baseUrl}${CREDIT_MEMO_PATH}`,
				port: actualPort,
				calls: () => calls.slice(),
				close: () =>
					new Promise((done) => {
						server.closeAllConnections();
						server.close(() => done());
					}),
			});
		});
	});
}

function argValue(argv, name) {
	const index = argv.indexOf(name);
	if (index !== -1) return argv[index + 1];
	const inline = argv.find((arg) => arg.startsWith(`${name}=`));
	return inline ? inline.slice(name.length + 1) : undefined;
}

if (require.main === module) {
	const argv = process.argv.slice(2);
	const port = Number(argValue(argv, '--port') || 0);
	const created = Number(argValue(argv, '--created') || 200);
	startStandInErp({ port, created }).then(
		(erp) => {
			process.stdout.write(`stand-in ERP listening on ${erp.url} (POST ${erp.creditMemoUrl})\n`);
			const stop = () => erp.close().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		},
		(error) => {
			process.stderr.write(`stand-in ERP could not start: ${error.message}\n`);
			process.exit(1);
		},
	);
}

module.exports = { startStandInErp, scenarioOf, SCENARIOS, CREDIT_MEMO_PATH };
