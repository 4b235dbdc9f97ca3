#!/usr/bin/env node
'use strict';
// A stand-in NetSuite for end-to-end tests, the demo and the bench. It checks what NetSuite
// checks, with its own implementation of each check (nothing here is shared with the package's
// credentials, so a signing bug cannot hide behind a matching verification bug):
//
//   authentication (unless started with `requireAuth: false`)
//     - token-based auth: recomputes the OAuth 1.0a HMAC-SHA256 signature from the consumer and
//       token secrets it was given (method, URL without query, oauth_* and query parameters);
//       `realm` must be the account ID; the timestamp must be within 5 minutes of its clock; a
//       nonce is accepted once. Any failure: 401 INVALID_LOGIN, NetSuite-shaped.
//     - OAuth 2.0 M2M: POST /services/rest/auth/oauth2/v1/token with the client-credentials
//       grant; verifies the JWT client assertion with the certificate's public key (alg
//       PS256|RS256, kid = certificate ID, iss = client ID, aud = its token URL, exp in the
//       future and at most an hour after iat, scope rest_webservices) and issues bearer tokens
//       that expire (`tokenLifetimeSeconds`). An unknown or expired token: 401 INVALID_LOGIN.
//   SuiteQL: POST /services/rest/query/v1/suiteql?limit&offset (header `Prefer: transient`)
//     runs the query against its own order table with a small SQL evaluator (SELECT … FROM
//     transaction [INNER JOIN transactionline ON …] WHERE … ORDER BY …; string literals with ''
//     escapes; at most 1,000 expressions in an IN list, as Oracle), pages of `limit` (≤ 1,000)
//     rows, `hasMore`, `count`, `totalResults`, `offset`, lower-case columns.
//   credit memos: POST /services/rest/record/v1/creditMemo checks, in this order, the body is a
//     JSON object (INVALID_CONTENT); `createdFrom` ({id} | {refName} | a string) is present
//     (USER_ERROR, o:errorPath createdFrom) and names an order in the table (INVALID_KEY_OR_REF);
//     there is a `total` or `item.items[]` with amounts (USER_ERROR, item); `subsidiary` and
//     `currency`, when sent, are the order's (INVALID_FLD_VALUE, subsidiary | currency); the
//     total is a number, not negative, and not above what is left to credit on the order when
//     the order has a `total` (INVALID_FLD_VALUE, total); no credit memo has the same
//     `externalId` (DUP_RCRD). Then 200 `{ id, returnId, links }` with a Location header (or
//     NetSuite's bare 204 with Location when started with `created: 204`).
//
// Faults on demand (start option `faults`, or POST /__faults with one fault or a list; DELETE
// /__faults clears them): `{ answer, path?, externalId?, times?, latencyMs? }`. `path` is a
// substring of the URL path ('suiteql', 'creditMemo', 'token'), `externalId` matches a credit
// memo body's externalId; `times` (default: unlimited) counts the requests it answers. Answers:
//   ratelimit        429 SSS_REQUEST_LIMIT_EXCEEDED (with Retry-After: 1)
//   requestLimit     400 SSS_REQUEST_LIMIT_EXCEEDED (the code without a 429)
//   tooManyRequests  429 with no NetSuite body
//   unavailable      503 with no error code
//   serverError      500 UNEXPECTED_ERROR
//   auth             401 INVALID_LOGIN
//   status           400 INVALID_FLD_VALUE, o:errorPath status
//   unknown          400 USER_ERROR naming a mandatory custom field
//   reset            the socket is destroyed without an answer
//   latency          no error: the request waits `latencyMs`, then is answered normally
// Start option `latencyMs` delays every answer.
//
// Bookkeeping: GET /__calls → { count, calls: [{ at, method, path, query, auth, status,
// errorCode, scenario, body, suiteql }] }; DELETE /__calls clears it. GET /__orders lists the
// order table, PUT /__orders replaces it. GET …/creditMemo/<id> returns a memo created earlier.
//
// CLI: node scripts/stand-in-erp.js [--port 8123] [--created 204] [--no-auth] [--posting]

const crypto = require('node:crypto');
const http = require('node:http');

const CREDIT_MEMO_PATH = '/services/rest/record/v1/creditMemo';
const SUITEQL_PATH = '/services/rest/query/v1/suiteql';
const TOKEN_PATH = '/services/rest/auth/oauth2/v1/token';

/** Test-only token-based credentials the stand-in accepts unless told others. */
const DEFAULT_TBA = {
	accountId: '123456_SB1',
	consumerKey: '7c3d2b1a0f9e8d7c6b5a49382716f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e',
	consumerSecret: 'stand-in consumer secret: not a real one',
	tokenId: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
	tokenSecret: 'stand-in token secret: not a real one',
};

const MAX_CLOCK_SKEW_SECONDS = 300;
const MAX_IN_LIST = 1000;
const MAX_PAGE = 1000;

/** Sales order status codes as SuiteQL returns `transaction.status`, with their labels. */
const SALES_ORDER_STATUSES = {
	A: 'Pending Approval',
	B: 'Pending Fulfillment',
	C: 'Cancelled',
	D: 'Partially Fulfilled',
	E: 'Pending Billing/Partially Fulfilled',
	F: 'Pending Billing',
	G: 'Billed',
	H: 'Closed',
};

/** A small order table for the CLI when none is given. */
const SAMPLE_ORDERS = [
	{ tranId: 'SO-0010001', status: 'B', subsidiary: 'US Retail', currency: 'USD' },
	{ tranId: 'SO-0010002', status: 'F', subsidiary: 'US Retail', currency: 'USD' },
	{ tranId: 'SO-0010003', status: 'H', subsidiary: 'US Retail', currency: 'USD' },
	{ tranId: 'SO-0010004', status: 'B', subsidiary: 'Canada Retail', currency: 'CAD' },
];

// ---------------------------------------------------------------------------------------------
// NetSuite-shaped answers

const TYPES = {
	400: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1', 'Bad Request'],
	401: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2', 'Unauthorized'],
	404: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.5', 'Not Found'],
	429: ['https://www.rfc-editor.org/rfc/rfc6585.html#section-4', 'Too Many Requests'],
	500: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.1', 'Internal Server Error'],
	503: ['https://www.rfc-editor.org/rfc/rfc9110.html#section-15.6.4', 'Service Unavailable'],
};

function netSuiteError(status, detail, errorCode, errorPath) {
	const [type, title] = TYPES[status];
	const body = { type, title, status };
	if (errorCode) {
		const errorDetail = { detail, 'o:errorCode': errorCode };
		if (errorPath) errorDetail['o:errorPath'] = errorPath;
		body['o:errorDetails'] = [errorDetail];
	}
	return { status, body };
}

const badRequest = (detail, code, errorPath) => netSuiteError(400, detail, code, errorPath);
const invalidField = (value, field, errorPath) =>
	badRequest(
		`Invalid Field Value ${value} for the following field: ${field}`,
		field === 'createdfrom' ? 'INVALID_KEY_OR_REF' : 'INVALID_FLD_VALUE',
		errorPath,
	);

const LOGIN_DETAIL =
	'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.';

function invalidLogin(reason) {
	const answer = netSuiteError(401, LOGIN_DETAIL, 'INVALID_LOGIN');
	answer.reason = reason;
	return answer;
}

/** The canned answers faults can give (see the top of the file). */
const SCENARIOS = {
	ratelimit: () => ({
		...netSuiteError(429, 'Request limit exceeded. Try again later.', 'SSS_REQUEST_LIMIT_EXCEEDED'),
		headers: { 'Retry-After': '1' },
	}),
	requestLimit: () =>
		badRequest('Request limit exceeded. Try again later.', 'SSS_REQUEST_LIMIT_EXCEEDED'),
	tooManyRequests: () => ({ status: 429, body: undefined }),
	unavailable: () => netSuiteError(503),
	serverError: () =>
		netSuiteError(500, 'An unexpected error occurred. Error ID: stand-in', 'UNEXPECTED_ERROR'),
	auth: () => invalidLogin('fault'),
	status: () =>
		badRequest(
			'Invalid Field Value pendingRefund for the following field: status',
			'INVALID_FLD_VALUE',
			'status',
		),
	unknown: () =>
		badRequest('Please enter value(s) for: Return Reason Code', 'USER_ERROR', 'custbody_rr_code'),
	reset: () => ({ reset: true }),
	latency: () => null,
};

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

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
	const type =
		status >= 400 ? 'application/vnd.oracle.resource+json; type=error' : 'application/json';
	response.writeHead(status, { ...(text ? { 'Content-Type': type } : {}), ...headers });
	response.end(text);
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Token-based authentication (OAuth 1.0a, RFC 5849), verified

/** RFC 5849 section 3.6 percent-encoding: only A-Z a-z 0-9 - . _ ~ stay as they are. */
function rfc3986(value) {
	let out = '';
	for (const byte of Buffer.from(String(value), 'utf8')) {
		const c = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

/** The `Authorization: OAuth k="v", …` fields, decoded. */
function parseOAuthHeader(header) {
	const fields = {};
	const pattern = /([A-Za-z0-9_]+)="([^"]*)"/g;
	let match;
	while ((match = pattern.exec(header.slice('OAuth '.length)))) {
		fields[match[1]] = decodeURIComponent(match[2]);
	}
	return fields;
}

function verifyTokenBased(header, method, fullUrl, tba, nonces, now) {
	const fields = parseOAuthHeader(header);
	if (fields.realm !== tba.accountId.toUpperCase()) return invalidLogin('realm');
	if (fields.oauth_signature_method !== 'HMAC-SHA256') return invalidLogin('signature method');
	if (fields.oauth_consumer_key !== tba.consumerKey) return invalidLogin('consumer key');
	if (fields.oauth_token !== tba.tokenId) return invalidLogin('token');
	const timestamp = Number(fields.oauth_timestamp);
	if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
		return invalidLogin('timestamp');
	}
	if (typeof fields.oauth_nonce !== 'string' || fields.oauth_nonce.length < 6) {
		return invalidLogin('nonce');
	}

	const url = new URL(fullUrl);
	const parameters = [];
	for (const [name, value] of Object.entries(fields)) {
		if (name !== 'realm' && name !== 'oauth_signature') parameters.push([name, value]);
	}
	for (const [name, value] of url.searchParams) parameters.push([name, value]);
	const normalized = parameters
		.map(([name, value]) => [rfc3986(name), rfc3986(value)])
		.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
		.map(([name, value]) => `${name}=${value}`)
		.join('&');
	const baseUri = `${url.protocol}//${url.host.toLowerCase()}${url.pathname}`;
	const base = `${method.toUpperCase()}&${rfc3986(baseUri)}&${rfc3986(normalized)}`;
	const key = `${rfc3986(tba.consumerSecret)}&${rfc3986(tba.tokenSecret)}`;
	const expected = crypto.createHmac('sha256', key).update(base).digest();
	const given = Buffer.from(String(fields.oauth_signature ?? ''), 'base64');
	if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
		return invalidLogin('signature');
	}
	// Checked after the signature, so a forged request cannot burn a real client's nonce.
	const nonceKey = `${fields.oauth_token}:${fields.oauth_nonce}`;
	if (nonces.has(nonceKey)) return invalidLogin('nonce replayed');
	nonces.add(nonceKey);
	return null;
}

// ---------------------------------------------------------------------------------------------
// OAuth 2.0 machine to machine: the token endpoint

function oauthError(status, error, description) {
	return { status, body: { error, error_description: description } };
}

function verifyAssertion(form, m2m, tokenUrl, now) {
	if (form.get('grant_type') !== 'client_credentials') {
		return oauthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
	}
	if (
		form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
	) {
		return oauthError(400, 'invalid_request', 'client_assertion_type must be jwt-bearer');
	}
	const parts = String(form.get('client_assertion') ?? '').split('.');
	if (parts.length !== 3) return oauthError(400, 'invalid_request', 'client_assertion is no JWT');
	let header;
	let claims;
	try {
		header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
		claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
	} catch {
		return oauthError(400, 'invalid_request', 'client_assertion is no JWT');
	}
	if (header.alg !== 'PS256' && header.alg !== 'RS256') {
		return oauthError(400, 'invalid_request', `alg ${header.alg} is not accepted`);
	}
	if (header.kid !== m2m.certificateId) {
		return oauthError(401, 'invalid_client', 'kid names no certificate of this integration');
	}
	const key =
		header.alg === 'PS256'
			? { key: m2m.publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
			: { key: m2m.publicKey, padding: crypto.constants.RSA_PKCS1_PADDING };
	const signed = crypto.verify(
		'sha256',
		Buffer.from(`${parts[0]}.${parts[1]}`),
		key,
		Buffer.from(parts[2], 'base64url'),
	);
	if (!signed) return oauthError(401, 'invalid_client', 'the assertion signature does not verify');
	if (claims.iss !== m2m.clientId) return oauthError(401, 'invalid_client', 'unknown iss');
	if (claims.aud !== tokenUrl) return oauthError(400, 'invalid_grant', `aud must be ${tokenUrl}`);
	const seconds = now / 1000;
	if (!Number.isFinite(claims.exp) || claims.exp <= seconds) {
		return oauthError(400, 'invalid_grant', 'the assertion has expired');
	}
	if (!Number.isFinite(claims.iat) || claims.iat > seconds + MAX_CLOCK_SKEW_SECONDS) {
		return oauthError(400, 'invalid_grant', 'iat is in the future');
	}
	if (claims.exp - claims.iat > 3600) {
		return oauthError(400, 'invalid_grant', 'exp is more than an hour after iat');
	}
	const scopes = Array.isArray(claims.scope)
		? claims.scope
		: String(claims.scope ?? '').split(/[\s,]+/);
	if (!scopes.includes('rest_webservices')) {
		return oauthError(400, 'invalid_scope', 'scope must include rest_webservices');
	}
	return null;
}

// ---------------------------------------------------------------------------------------------
// SuiteQL: a small evaluator for the queries the Guard and the credential test send

class QueryError extends Error {}

const KEYWORDS = new Set([
	'SELECT',
	'FROM',
	'INNER',
	'JOIN',
	'ON',
	'WHERE',
	'AND',
	'OR',
	'NOT',
	'IN',
	'AS',
	'ORDER',
	'BY',
	'ASC',
	'DESC',
]);

function tokenize(sql) {
	const tokens = [];
	let i = 0;
	while (i < sql.length) {
		const c = sql[i];
		if (/\s/.test(c)) {
			i++;
		} else if (c === "'") {
			let value = '';
			i++;
			for (;;) {
				if (i >= sql.length) throw new QueryError('Unterminated string literal');
				if (sql[i] === "'") {
					if (sql[i + 1] === "'") {
						value += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				value += sql[i++];
			}
			tokens.push({ kind: 'string', value });
		} else if (/[0-9]/.test(c)) {
			const match = /^[0-9]+(\.[0-9]+)?/.exec(sql.slice(i));
			tokens.push({ kind: 'number', value: Number(match[0]) });
			i += match[0].length;
		} else if (/[A-Za-z_]/.test(c)) {
			const match = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(sql.slice(i));
			const word = match[0];
			tokens.push(
				KEYWORDS.has(word.toUpperCase())
					? { kind: 'keyword', value: word.toUpperCase() }
					: { kind: 'name', value: word },
			);
			i += word.length;
		} else {
			const match = /^(<>|!=|<=|>=|[(),=<>*])/.exec(sql.slice(i));
			if (!match) throw new QueryError(`Unexpected character ${JSON.stringify(c)}`);
			tokens.push({ kind: 'symbol', value: match[0] });
			i += match[0].length;
		}
	}
	return tokens;
}

function parseQuery(sql) {
	const tokens = tokenize(sql);
	let at = 0;
	const peek = () => tokens[at];
	const isKeyword = (word) => peek()?.kind === 'keyword' && peek().value === word;
	const isSymbol = (symbol) => peek()?.kind === 'symbol' && peek().value === symbol;
	const expect = (kind, value) => {
		const token = tokens[at];
		if (!token || token.kind !== kind || (value !== undefined && token.value !== value)) {
			throw new QueryError(`Expected ${value ?? kind} at token ${at + 1}`);
		}
		at++;
		return token;
	};

	function operand() {
		const token = tokens[at];
		if (!token) throw new QueryError('Unexpected end of query');
		if (token.kind === 'string' || token.kind === 'number') {
			at++;
			return { kind: 'literal', value: token.value };
		}
		if (token.kind === 'name') {
			at++;
			if (token.value.toUpperCase() === 'BUILTIN.DF') {
				expect('symbol', '(');
				const inner = operand();
				if (inner.kind !== 'column') throw new QueryError('BUILTIN.DF takes a field');
				expect('symbol', ')');
				return { kind: 'display', column: inner };
			}
			const parts = token.value.toLowerCase().split('.');
			return parts.length === 1
				? { kind: 'column', table: null, name: parts[0] }
				: { kind: 'column', table: parts[0], name: parts[1] };
		}
		throw new QueryError(`Unexpected ${token.value}`);
	}

	function primary() {
		if (isSymbol('(')) {
			at++;
			const inner = condition();
			expect('symbol', ')');
			return inner;
		}
		if (isKeyword('NOT')) {
			at++;
			return { kind: 'not', inner: primary() };
		}
		const left = operand();
		let negated = false;
		if (isKeyword('NOT')) {
			at++;
			negated = true;
		}
		if (isKeyword('IN')) {
			at++;
			expect('symbol', '(');
			const values = new Set();
			let count = 0;
			for (;;) {
				const item = operand();
				if (item.kind !== 'literal') throw new QueryError('IN lists take literals only');
				values.add(item.value);
				count++;
				if (isSymbol(',')) {
					at++;
					continue;
				}
				break;
			}
			expect('symbol', ')');
			if (count > MAX_IN_LIST) {
				throw new QueryError('ORA-01795: maximum number of expressions in a list is 1000');
			}
			return { kind: 'in', left, values, negated };
		}
		if (negated) throw new QueryError('NOT must precede IN');
		const token = expect('symbol');
		if (!['=', '<>', '!=', '<', '>', '<=', '>='].includes(token.value)) {
			throw new QueryError(`Unexpected ${token.value}`);
		}
		return { kind: 'compare', op: token.value, left, right: operand() };
	}

	function conjunction() {
		let node = primary();
		while (isKeyword('AND')) {
			at++;
			node = { kind: 'and', left: node, right: primary() };
		}
		return node;
	}

	function condition() {
		let node = conjunction();
		while (isKeyword('OR')) {
			at++;
			node = { kind: 'or', left: node, right: conjunction() };
		}
		return node;
	}

	function table() {
		const name = expect('name').value.toLowerCase();
		const alias = peek()?.kind === 'name' ? tokens[at++].value.toLowerCase() : name;
		return { name, alias };
	}

	expect('keyword', 'SELECT');
	const columns = [];
	for (;;) {
		const expression = operand();
		let alias = null;
		if (isKeyword('AS')) {
			at++;
			alias = expect('name').value.toLowerCase();
		}
		columns.push({ expression, alias });
		if (isSymbol(',')) {
			at++;
			continue;
		}
		break;
	}
	expect('keyword', 'FROM');
	const from = table();
	let join = null;
	if (isKeyword('INNER') || isKeyword('JOIN')) {
		if (isKeyword('INNER')) at++;
		expect('keyword', 'JOIN');
		const joined = table();
		expect('keyword', 'ON');
		join = { table: joined, on: condition() };
	}
	let where = null;
	if (isKeyword('WHERE')) {
		at++;
		where = condition();
	}
	const orderBy = [];
	if (isKeyword('ORDER')) {
		at++;
		expect('keyword', 'BY');
		for (;;) {
			const column = operand();
			let descending = false;
			if (isKeyword('ASC') || isKeyword('DESC')) descending = tokens[at++].value === 'DESC';
			orderBy.push({ column, descending });
			if (isSymbol(',')) {
				at++;
				continue;
			}
			break;
		}
	}
	if (at !== tokens.length) throw new QueryError(`Unexpected ${tokens[at].value} after the query`);
	return { columns, from, join, where, orderBy };
}

/** The tables the stand-in knows, built from its order table. */
function tablesOf(orders) {
	const transaction = [];
	const transactionline = [];
	for (const order of orders) {
		transaction.push({
			values: {
				id: order.id,
				tranid: order.tranId,
				type: 'SalesOrd',
				status: order.status,
				currency: order.currency,
			},
			display: { status: order.statusLabel, currency: order.currency, type: 'Sales Order' },
		});
		transactionline.push({
			values: {
				transaction: order.id,
				mainline: 'T',
				subsidiary: order.subsidiaryId,
				linesequencenumber: 0,
			},
			display: { subsidiary: order.subsidiary },
		});
	}
	return { transaction, transactionline };
}

function runQuery(query, orders) {
	const tables = tablesOf(orders);
	const sources = [query.from, ...(query.join ? [query.join.table] : [])];
	for (const source of sources) {
		if (!tables[source.name]) {
			throw new QueryError(`Record '${source.name}' was not found.`);
		}
	}
	const resolve = (row, column) => {
		const candidates = column.table
			? sources.filter((source) => source.alias === column.table)
			: sources.filter((source) => column.name in row[source.alias].values);
		if (candidates.length !== 1) {
			throw new QueryError(
				`Field '${column.table ? `${column.table}.` : ''}${column.name}' was not found.`,
			);
		}
		const record = row[candidates[0].alias];
		if (!(column.name in record.values)) {
			throw new QueryError(
				`Field '${column.name}' for record '${candidates[0].name}' was not found.`,
			);
		}
		return record;
	};
	const valueOf = (row, node) => {
		if (node.kind === 'literal') return node.value;
		if (node.kind === 'column') return resolve(row, node).values[node.name];
		const record = resolve(row, node.column);
		return record.display[node.column.name] ?? record.values[node.column.name];
	};
	const test = (row, node) => {
		switch (node.kind) {
			case 'and':
				return test(row, node.left) && test(row, node.right);
			case 'or':
				return test(row, node.left) || test(row, node.right);
			case 'not':
				return !test(row, node.inner);
			case 'in': {
				const found = node.values.has(valueOf(row, node.left));
				return node.negated ? !found : found;
			}
			default: {
				const [a, b] = [valueOf(row, node.left), valueOf(row, node.right)];
				if (a === null || a === undefined || b === null || b === undefined) return false;
				const [x, y] =
					typeof a === 'number' || typeof b === 'number'
						? [Number(a), Number(b)]
						: [String(a), String(b)];
				return {
					'=': x === y,
					'<>': x !== y,
					'!=': x !== y,
					'<': x < y,
					'>': x > y,
					'<=': x <= y,
					'>=': x >= y,
				}[node.op];
			}
		}
	};

	let rows = tables[query.from.name].map((record) => ({ [query.from.alias]: record }));
	if (query.join) {
		const joined = [];
		const alias = query.join.table.alias;
		const right = tables[query.join.table.name];
		const on = query.join.on;
		// `a.x = b.y` joins through an index instead of comparing every pair of rows.
		const sides =
			on.kind === 'compare' &&
			on.op === '=' &&
			on.left.kind === 'column' &&
			on.right.kind === 'column'
				? [on.left, on.right]
				: null;
		const inner = sides?.find((column) => column.table === alias);
		const outer = sides?.find((column) => column.table !== alias);
		if (inner && outer && inner !== outer) {
			const index = new Map();
			for (const record of right) {
				if (!(inner.name in record.values))
					throw new QueryError(`Field '${inner.name}' was not found.`);
				const key = String(record.values[inner.name]);
				if (!index.has(key)) index.set(key, []);
				index.get(key).push(record);
			}
			for (const row of rows) {
				const key = String(
					valueOf({ ...row, [alias]: right[0] ?? { values: {}, display: {} } }, outer),
				);
				for (const record of index.get(key) ?? []) joined.push({ ...row, [alias]: record });
			}
		} else {
			for (const row of rows) {
				for (const record of right) {
					const candidate = { ...row, [alias]: record };
					if (test(candidate, on)) joined.push(candidate);
				}
			}
		}
		rows = joined;
	}
	if (query.where) rows = rows.filter((row) => test(row, query.where));
	if (query.orderBy.length > 0) {
		rows.sort((a, b) => {
			for (const { column, descending } of query.orderBy) {
				const [x, y] = [valueOf(a, column), valueOf(b, column)];
				if (x === y) continue;
				const numeric = /^-?\d+(\.\d+)?$/.test(String(x)) && /^-?\d+(\.\d+)?$/.test(String(y));
				const order = (numeric ? Number(x) < Number(y) : x < y) ? -1 : 1;
				return descending ? -order : order;
			}
			return 0;
		});
	}
	return rows.map((row) => {
		const item = { links: [] };
		query.columns.forEach(({ expression, alias }, index) => {
			const name = alias ?? (expression.kind === 'column' ? expression.name : `expr${index + 1}`);
			const value = valueOf(row, expression);
			item[name] = value === undefined || value === null ? null : String(value);
		});
		return item;
	});
}

function suiteqlRefs(query) {
	let count = 0;
	const walk = (node) => {
		if (!node) return;
		if (node.kind === 'in') count += node.values.size;
		if (node.left && node.kind !== 'in' && node.kind !== 'compare') walk(node.left);
		if (node.right && node.kind !== 'compare') walk(node.right);
		if (node.inner) walk(node.inner);
	};
	walk(query.where);
	return count;
}

// ---------------------------------------------------------------------------------------------
// The order table and credit memo checks

function normalizeOrders(orders) {
	const subsidiaryIds = new Map();
	return orders.map((order, index) => {
		if (!order || typeof order.tranId !== 'string') {
			throw new TypeError(`orders[${index}] needs a tranId`);
		}
		const subsidiary = order.subsidiary ?? 'US Retail';
		if (!subsidiaryIds.has(subsidiary))
			subsidiaryIds.set(subsidiary, String(subsidiaryIds.size + 1));
		const status = order.status ?? 'B';
		return {
			id: String(order.id ?? 880000 + index),
			tranId: order.tranId,
			status,
			statusLabel: order.statusLabel ?? SALES_ORDER_STATUSES[status] ?? status,
			subsidiary,
			subsidiaryId: String(order.subsidiaryId ?? subsidiaryIds.get(subsidiary)),
			currency: order.currency ?? 'USD',
			total: typeof order.total === 'number' ? order.total : null,
		};
	});
}

/** `{ id }`, `{ refName }` or a plain string, as NetSuite's REST record API takes a reference. */
function reference(value) {
	if (typeof value === 'string' || typeof value === 'number') return { text: String(value) };
	if (value && typeof value === 'object') {
		if (value.id !== undefined && value.id !== null && value.id !== '')
			return { id: String(value.id) };
		if (typeof value.refName === 'string' && value.refName !== '') return { text: value.refName };
	}
	return null;
}

function matchesReference(ref, id, name) {
	return ref.id !== undefined ? ref.id === id : ref.text === name || ref.text === id;
}

function creditMemoTotal(body) {
	const lines = body.item && Array.isArray(body.item.items) ? body.item.items : null;
	if (lines && lines.length > 0) {
		let sum = 0;
		for (const line of lines) {
			const amount = typeof line?.amount === 'string' ? Number(line.amount) : line?.amount;
			if (typeof amount !== 'number' || !Number.isFinite(amount)) return { invalid: line?.amount };
			sum += amount;
		}
		return { total: Math.round(sum * 100) / 100 };
	}
	if (body.total === undefined || body.total === null) return null;
	const total = typeof body.total === 'string' ? Number(body.total) : body.total;
	return typeof total === 'number' && Number.isFinite(total) ? { total } : { invalid: body.total };
}

function checkCreditMemo(body, orders, memos) {
	const from = reference(body.createdFrom);
	if (!from)
		return badRequest('Please enter value(s) for: Created From', 'USER_ERROR', 'createdFrom');
	const order = orders.find((candidate) => matchesReference(from, candidate.id, candidate.tranId));
	if (!order) return invalidField(from.id ?? from.text, 'createdfrom', 'createdFrom');
	const amount = creditMemoTotal(body);
	if (!amount) {
		return badRequest(
			'You must enter at least one line item for this transaction.',
			'USER_ERROR',
			'item',
		);
	}
	const subsidiary = reference(body.subsidiary);
	if (subsidiary && !matchesReference(subsidiary, order.subsidiaryId, order.subsidiary)) {
		return invalidField(subsidiary.id ?? subsidiary.text, 'subsidiary', 'subsidiary');
	}
	const currency = reference(body.currency);
	if (currency && !matchesReference(currency, order.currency, order.currency)) {
		return invalidField(currency.id ?? currency.text, 'currency', 'currency');
	}
	if (amount.invalid !== undefined) return invalidField(amount.invalid, 'total', 'total');
	if (amount.total < 0) return invalidField(amount.total, 'total', 'total');
	if (order.total !== null) {
		const credited = [...memos.values()]
			.filter((memo) => memo.__order === order.id)
			.reduce((sum, memo) => sum + (memo.__total ?? 0), 0);
		if (amount.total > order.total - credited + 1e-9) {
			return invalidField(amount.total, 'total', 'total');
		}
	}
	if (typeof body.externalId === 'string' && body.externalId !== '') {
		const taken = [...memos.values()].some((memo) => memo.externalId === body.externalId);
		if (taken) {
			return badRequest(
				'A record with the same external ID already exists. Duplicate records are not allowed.',
				'DUP_RCRD',
				'externalId',
			);
		}
	}
	return { order, total: amount.total };
}

// ---------------------------------------------------------------------------------------------
// The server

let keyPair = null;

/** The M2M certificate's key pair when none is given: made once per process (it is slow). */
function defaultKeyPair() {
	if (!keyPair) {
		const pair = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
		keyPair = {
			privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
			publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
		};
	}
	return keyPair;
}

/**
 * Starts the stand-in NetSuite on 127.0.0.1. See the top of this file for what it checks.
 * @param {object} [options]
 * @returns {Promise<object>} see stand-in-erp.d.ts
 */
function startStandInErp(options = {}) {
	const {
		port = 0,
		created = 200,
		requireAuth = true,
		latencyMs = 0,
		tokenLifetimeSeconds = 3600,
		clock = () => Date.now(),
	} = options;
	const tba = { ...DEFAULT_TBA, ...options.tba };
	if (options.accountId) tba.accountId = options.accountId;
	let m2m = options.m2m ?? {};
	let m2mPrivateKey = m2m.privateKey ?? null;
	if (!m2m.publicKey) {
		const pair = defaultKeyPair();
		m2mPrivateKey = pair.privateKey;
		m2m = { ...m2m, publicKey: pair.publicKey };
	}
	m2m = { clientId: 'stand-in-client-id', certificateId: 'stand-in-certificate', ...m2m };

	let orders = normalizeOrders(options.orders ?? SAMPLE_ORDERS);
	let faults = [];
	const addFaults = (list) => {
		for (const fault of Array.isArray(list) ? list : [list]) {
			if (!fault || !Object.prototype.hasOwnProperty.call(SCENARIOS, fault.answer)) {
				throw new TypeError(`A fault needs an answer among ${Object.keys(SCENARIOS).join(', ')}`);
			}
			faults.push({ ...fault, used: 0 });
		}
	};
	addFaults(options.faults ?? []);

	const calls = [];
	const memos = new Map();
	const nonces = new Set();
	const tokens = new Map();
	let nextId = 5001;
	let baseUrl = '';
	for (const memo of options.creditMemos ?? []) {
		const id = String(memo.id ?? nextId++);
		memos.set(id, { ...memo, id });
	}

	const faultFor = (path, body) =>
		faults.find(
			(fault) =>
				(fault.times === undefined || fault.used < fault.times) &&
				(fault.path === undefined || path.includes(fault.path)) &&
				(fault.externalId === undefined || (body && body.externalId === fault.externalId)),
		);

	const authenticate = (request, url) => {
		const header = String(request.headers.authorization ?? '');
		if (header.startsWith('OAuth ')) {
			return {
				kind: 'tba',
				failure: verifyTokenBased(
					header,
					request.method,
					`${baseUrl}${url.pathname}${url.search}`,
					tba,
					nonces,
					clock(),
				),
			};
		}
		if (header.startsWith('Bearer ')) {
			const expiresAt = tokens.get(header.slice('Bearer '.length).trim());
			if (expiresAt === undefined)
				return { kind: 'bearer', failure: invalidLogin('unknown token') };
			if (expiresAt <= clock()) return { kind: 'bearer', failure: invalidLogin('token expired') };
			return { kind: 'bearer', failure: null };
		}
		return { kind: 'none', failure: requireAuth ? invalidLogin('no credentials') : null };
	};

	async function handle(request, response) {
		const url = new URL(request.url, 'http://stand-in');
		const text = await readBody(request);
		const admin = await handleAdmin(request, response, url, text);
		if (admin) return;

		const call = {
			at: new Date(clock()).toISOString(),
			method: request.method,
			path: url.pathname,
			query: url.search,
		};
		calls.push(call);
		const answer = (status, body, headers) => {
			call.status = status;
			const code = body?.['o:errorDetails']?.[0]?.['o:errorCode'] ?? body?.error;
			if (code) call.errorCode = code;
			if (!call.scenario)
				call.scenario = status < 300 ? 'ok' : String(code ?? status).toLowerCase();
			send(response, status, body, headers);
		};

		if (latencyMs > 0) await wait(latencyMs);
		const body = parseJsonObject(text);
		const fault = faultFor(url.pathname, body);
		if (fault) {
			fault.used++;
			if (fault.latencyMs) await wait(fault.latencyMs);
			const canned = SCENARIOS[fault.answer]();
			if (canned) {
				call.scenario = fault.answer;
				if (url.pathname === CREDIT_MEMO_PATH) call.body = body ?? text;
				if (canned.reset) {
					call.status = null;
					request.socket.destroy();
					return;
				}
				return answer(canned.status, canned.body, canned.headers);
			}
		}

		if (request.method === 'POST' && url.pathname === TOKEN_PATH) {
			call.auth = 'assertion';
			const failure = verifyAssertion(
				new URLSearchParams(text),
				m2m,
				`${baseUrl}${TOKEN_PATH}`,
				clock(),
			);
			if (failure) return answer(failure.status, failure.body);
			const token = crypto.randomBytes(32).toString('base64url');
			tokens.set(token, clock() + tokenLifetimeSeconds * 1000);
			return answer(200, {
				access_token: token,
				token_type: 'bearer',
				expires_in: tokenLifetimeSeconds,
			});
		}

		const auth = authenticate(request, url);
		call.auth = auth.kind;
		if (auth.failure) {
			call.authFailure = auth.failure.reason;
			return answer(auth.failure.status, auth.failure.body);
		}

		if (request.method === 'POST' && url.pathname === SUITEQL_PATH) {
			return answerSuiteql(request, url, text, call, answer);
		}
		if (request.method === 'GET' && url.pathname.startsWith(`${CREDIT_MEMO_PATH}/`)) {
			const memo = memos.get(url.pathname.slice(CREDIT_MEMO_PATH.length + 1));
			if (memo) return answer(200, publicMemo(memo));
			return answer(
				404,
				netSuiteError(404, 'The record instance does not exist.', 'NONEXISTENT_ID').body,
			);
		}
		if (request.method === 'POST' && url.pathname === CREDIT_MEMO_PATH) {
			call.body = body === null ? text : body;
			if (body === null) {
				const invalid = badRequest('Invalid content in the request body.', 'INVALID_CONTENT');
				call.scenario = 'invalid_content';
				return answer(invalid.status, invalid.body);
			}
			const checked = checkCreditMemo(body, orders, memos);
			if (checked.status) return answer(checked.status, checked.body);
			const id = String(nextId++);
			const location = `${baseUrl}${CREDIT_MEMO_PATH}/${id}`;
			memos.set(id, { ...body, id, __order: checked.order.id, __total: checked.total });
			call.createdId = id;
			if (created === 204) return answer(204, undefined, { Location: location });
			return answer(
				200,
				{ id, returnId: body.returnId ?? null, links: [{ rel: 'self', href: location }] },
				{ Location: location },
			);
		}
		const notFound = netSuiteError(
			404,
			`The stand-in NetSuite does not serve ${request.method} ${url.pathname}.`,
			'INVALID_URL',
		);
		return answer(404, notFound.body);
	}

	function publicMemo(memo) {
		const copy = { ...memo };
		delete copy.__order;
		delete copy.__total;
		return copy;
	}

	function answerSuiteql(request, url, text, call, answer) {
		if (String(request.headers.prefer ?? '').toLowerCase() !== 'transient') {
			const error = badRequest(
				'The request must have the header Prefer: transient.',
				'INVALID_PARAMETER',
			);
			return answer(error.status, error.body);
		}
		const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : MAX_PAGE;
		const offset = url.searchParams.has('offset') ? Number(url.searchParams.get('offset')) : 0;
		if (
			!Number.isInteger(limit) ||
			limit < 1 ||
			limit > MAX_PAGE ||
			!Number.isInteger(offset) ||
			offset < 0
		) {
			const error = badRequest(
				`limit must be 1 to ${MAX_PAGE} and offset a whole number of rows.`,
				'INVALID_PARAMETER',
			);
			return answer(error.status, error.body);
		}
		const body = parseJsonObject(text);
		if (!body || typeof body.q !== 'string') {
			const error = badRequest('Invalid content in the request body.', 'INVALID_CONTENT');
			return answer(error.status, error.body);
		}
		let rows;
		let query;
		try {
			query = parseQuery(body.q);
			rows = runQuery(query, orders);
		} catch (error) {
			if (!(error instanceof QueryError)) throw error;
			call.body = body.q;
			const invalid = badRequest(
				`Invalid search query. Detailed unprocessed description follows. Search error occurred: ${error.message}`,
				'INVALID_PARAMETER',
			);
			return answer(invalid.status, invalid.body);
		}
		const items = rows.slice(offset, offset + limit);
		const hasMore = offset + limit < rows.length;
		call.suiteql = { refs: suiteqlRefs(query), limit, offset, rows: items.length };
		const self = `${baseUrl}${SUITEQL_PATH}`;
		const links = [{ rel: 'self', href: `${self}?limit=${limit}&offset=${offset}` }];
		if (hasMore)
			links.push({ rel: 'next', href: `${self}?limit=${limit}&offset=${offset + limit}` });
		return answer(200, {
			links,
			count: items.length,
			hasMore,
			items,
			offset,
			totalResults: rows.length,
		});
	}

	async function handleAdmin(request, response, url, text) {
		const json = { 'Content-Type': 'application/json' };
		if (url.pathname === '/__calls') {
			if (request.method === 'DELETE') {
				calls.length = 0;
				send(response, 204);
			} else {
				send(response, 200, { count: calls.length, calls }, json);
			}
			return true;
		}
		if (url.pathname === '/__faults') {
			if (request.method === 'DELETE') {
				faults = [];
				send(response, 204);
			} else if (request.method === 'POST') {
				try {
					addFaults(JSON.parse(text));
					send(response, 204);
				} catch (error) {
					send(response, 400, { error: error.message });
				}
			} else {
				send(response, 200, faults, json);
			}
			return true;
		}
		if (url.pathname === '/__orders') {
			if (request.method === 'PUT') {
				try {
					orders = normalizeOrders(JSON.parse(text));
					send(response, 204);
				} catch (error) {
					send(response, 400, { error: error.message });
				}
			} else {
				send(response, 200, orders, json);
			}
			return true;
		}
		return false;
	}

	const server = http.createServer((request, response) => {
		handle(request, response).catch((error) => {
			if (!response.headersSent)
				send(response, 500, { title: 'stand-in failure', detail: error.message });
		});
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const actualPort = server.address().port;
			baseUrl = `http://127.0.0.1:${actualPort}`;
			resolve({
				url: baseUrl,
				creditMemoUrl: `${baseUrl}${CREDIT_MEMO_PATH}`,
				suiteqlUrl: `${baseUrl}${SUITEQL_PATH}`,
				tokenUrl: `${baseUrl}${TOKEN_PATH}`,
				port: actualPort,
				accountId: tba.accountId,
				tba: { ...tba },
				m2m: {
					clientId: m2m.clientId,
					certificateId: m2m.certificateId,
					publicKey: m2m.publicKey,
					privateKey: m2mPrivateKey,
				},
				calls: () => calls.slice(),
				clearCalls: () => {
					calls.length = 0;
				},
				addFaults,
				clearFaults: () => {
					faults = [];
				},
				setOrders: (list) => {
					orders = normalizeOrders(list);
				},
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
	// --posting: the state the demo's "Guarded ERP posting" expects (its orders, memos, faults).
	const posting = argv.includes('--posting')
		? require('./stand-in-erp-posting.js').postingStandInOptions()
		: {};
	const requireAuth = posting.requireAuth ?? !argv.includes('--no-auth');
	startStandInErp({ ...posting, port, created, requireAuth }).then(
		(erp) => {
			process.stdout.write(
				`stand-in NetSuite listening on ${erp.url} (account ${erp.accountId}; POST ${erp.creditMemoUrl}, POST ${erp.suiteqlUrl})\n`,
			);
			const stop = () => erp.close().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		},
		(error) => {
			process.stderr.write(`stand-in NetSuite could not start: ${error.message}\n`);
			process.exit(1);
		},
	);
}

module.exports = {
	startStandInErp,
	SCENARIOS,
	CREDIT_MEMO_PATH,
	SUITEQL_PATH,
	TOKEN_PATH,
	DEFAULT_TBA,
	SALES_ORDER_STATUSES,
	parseQuery,
};
