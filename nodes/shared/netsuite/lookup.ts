/**
 * Looks a batch's ERP order refs up in NetSuite with SuiteQL: ⌈distinct refs / 1000⌉ queries,
 * each followed through its pages (`hasMore`), never one request per item. The HTTP request and
 * the sleep are injected: in the Guard they are `this.helpers.httpRequestWithAuthentication`
 * bound to the chosen credential (which signs) and n8n-workflow's `sleep`; in tests, the same
 * n8n request code against the stand-in NetSuite on loopback.
 *
 * Failures are values, not throws: `auth` (401/403 or a login error code: the node fails naming
 * the credential and the code), `rejected` (any other 4xx, e.g. a role that may not read
 * transactions: the node fails the same way), `unavailable` (request limits, 5xx and transport
 * errors that outlasted the bounded retries: the items leave on Blocked, retryable).
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import {
	SUITEQL_PAGE_SIZE,
	SUITEQL_PATH,
	buildOrderLookupQueries,
	readOrderRow,
	type NetSuiteOrder,
} from './suiteql';

/** Sends one request with the credential's authentication; resolves to the full response. */
export type NetSuiteRequest = (options: IHttpRequestOptions) => Promise<unknown>;

export interface LookupSettings {
	request: NetSuiteRequest;
	sleep: (milliseconds: number) => Promise<void>;
	/** Tries per request, the first included. Default 4. */
	maxAttempts?: number;
	/** The first retry's delay; each next one doubles. Default 1,000 ms. */
	baseDelayMs?: number;
	/**
	 * No delay is longer than this. Default 16,000 ms. (NetSuite's Retry-After cannot be
	 * honoured: n8n's NodeApiError does not keep the response headers.)
	 */
	maxDelayMs?: number;
	/** Rows asked for per page (`limit`). Default (and NetSuite's maximum) 1,000. */
	pageSize?: number;
}

export interface LookupFound {
	kind: 'found';
	/** The orders NetSuite has, by document number; a ref not in it is unknown to NetSuite. */
	found: Map<string, NetSuiteOrder>;
	/** SuiteQL queries run (⌈distinct refs / 1000⌉). */
	queries: number;
	/** Pages fetched over all queries. */
	pages: number;
	/** HTTP requests made, retries included. */
	requests: number;
}

export interface LookupAuthFailure {
	kind: 'auth';
	status: number | null;
	/** NetSuite's error code (`INVALID_LOGIN`…), or the OAuth error (`invalid_client`…). */
	code: string | null;
	message: string;
}

export interface LookupRejected {
	kind: 'rejected';
	status: number | null;
	code: string | null;
	message: string;
}

export interface LookupUnavailable {
	kind: 'unavailable';
	/** Tries of the request that gave up. */
	attempts: number;
	lastStatus: number | null;
	code: string | null;
	message: string;
}

export type LookupResult = LookupFound | LookupAuthFailure | LookupRejected | LookupUnavailable;

/** Error codes that mean the credentials or the role were refused. */
const AUTH_CODES: ReadonlySet<string> = new Set([
	'INVALID_LOGIN',
	'INVALID_LOGIN_ATTEMPT',
	'INVALID_LOGIN_CREDENTIALS',
	'INSUFFICIENT_PERMISSION',
	'USER_DISABLED',
	'ACCOUNT_DISABLED',
	// The OAuth 2.0 token endpoint's errors (RFC 6749 section 5.2).
	'invalid_client',
	'invalid_grant',
	'unauthorized_client',
	'invalid_scope',
]);

/** Error codes that mean "too many requests now": retried like a 429. */
const LIMIT_CODES: ReadonlySet<string> = new Set([
	'SSS_REQUEST_LIMIT_EXCEEDED',
	'CONCURRENCY_LIMIT_EXCEEDED',
	'WS_REQUEST_BLOCKED',
]);

/** What one request came back with, success or not. */
interface Answer {
	status: number | null;
	body: unknown;
	/** A transport failure's message (no HTTP answer at all). */
	transport: string | null;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function statusOf(value: unknown): number | null {
	const number = typeof value === 'string' ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) && number >= 100 && number < 600
		? number
		: null;
}

function parsedBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/** A full response (`returnFullResponse`) or a bare body, as the request resolved. */
function answerOf(response: unknown): Answer {
	if (isObject(response) && 'body' in response && 'statusCode' in response) {
		return {
			status: statusOf(response.statusCode),
			body: parsedBody(response.body),
			transport: null,
		};
	}
	return { status: 200, body: parsedBody(response), transport: null };
}

/**
 * The answer inside a thrown error: n8n's NodeApiError (status in `httpCode`, body in
 * `context.data`, the HTTP client's error in `cause`) or an HTTP client error itself.
 */
function answerOfError(error: unknown): Answer {
	const candidates: JsonObject[] = [];
	if (isObject(error)) {
		candidates.push(error);
		if (isObject(error.cause)) candidates.push(error.cause);
	}
	let status: number | null = null;
	let body: unknown;
	for (const candidate of candidates) {
		const response = isObject(candidate.response) ? candidate.response : null;
		status ??=
			statusOf(response?.status) ??
			statusOf(response?.statusCode) ??
			statusOf(candidate.httpCode) ??
			statusOf(candidate.statusCode);
		if (body === undefined && response) body = response.data ?? response.body;
		if (body === undefined && isObject(candidate.context) && candidate.context.data !== undefined) {
			body = candidate.context.data;
		}
	}
	const message = error instanceof Error ? error.message : String(error);
	return {
		status,
		body: parsedBody(body),
		transport: status === null ? message : null,
	};
}

/** NetSuite's first error code and detail, or the OAuth error and its description. */
function errorOf(body: unknown): { code: string | null; detail: string | null } {
	if (!isObject(body)) return { code: null, detail: typeof body === 'string' ? body : null };
	const details = body['o:errorDetails'];
	if (Array.isArray(details) && isObject(details[0])) {
		const code = details[0]['o:errorCode'];
		const detail = details[0].detail;
		return {
			code: typeof code === 'string' ? code : null,
			detail: typeof detail === 'string' ? detail : null,
		};
	}
	if (typeof body.error === 'string') {
		const description = body.error_description;
		return { code: body.error, detail: typeof description === 'string' ? description : null };
	}
	return { code: null, detail: typeof body.title === 'string' ? body.title : null };
}

type Outcome =
	| { kind: 'page'; body: JsonObject; requests: number }
	| (Exclude<LookupResult, LookupFound> & { requests: number });

/** One SuiteQL page, with bounded retries for request limits, 5xx and transport failures. */
async function fetchPage(
	settings: Required<LookupSettings>,
	query: string,
	offset: number,
): Promise<Outcome> {
	let last: Answer | null = null;
	for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
		let answer: Answer;
		try {
			answer = answerOf(
				await settings.request({
					method: 'POST',
					url: SUITEQL_PATH,
					qs: { limit: settings.pageSize, offset },
					headers: { Prefer: 'transient', 'Content-Type': 'application/json' },
					body: { q: query },
					json: true,
					returnFullResponse: true,
				}),
			);
		} catch (error) {
			answer = answerOfError(error);
		}
		last = answer;
		const { code, detail } = errorOf(answer.body);
		const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
		if (ok && isObject(answer.body) && Array.isArray(answer.body.items)) {
			return { kind: 'page', body: answer.body, requests: attempt };
		}
		const message =
			detail ?? answer.transport ?? `NetSuite answered HTTP ${answer.status ?? 'nothing'}`;
		if (answer.status === 401 || answer.status === 403 || (code !== null && AUTH_CODES.has(code))) {
			return { kind: 'auth', status: answer.status, code, message, requests: attempt };
		}
		const retryable =
			answer.status === null ||
			answer.status === 429 ||
			answer.status >= 500 ||
			(code !== null && LIMIT_CODES.has(code));
		if (!retryable) {
			return {
				kind: 'rejected',
				status: answer.status,
				code,
				message: ok ? 'NetSuite answered without an items list' : message,
				requests: attempt,
			};
		}
		if (attempt < settings.maxAttempts) {
			await settings.sleep(
				Math.min(settings.baseDelayMs * 2 ** (attempt - 1), settings.maxDelayMs),
			);
		}
	}
	const { code, detail } = errorOf(last?.body);
	return {
		kind: 'unavailable',
		attempts: settings.maxAttempts,
		lastStatus: last?.status ?? null,
		code,
		message: detail ?? last?.transport ?? `NetSuite answered HTTP ${last?.status ?? 'nothing'}`,
		requests: settings.maxAttempts,
	};
}

function withoutRequestCount(
	outcome: Exclude<Outcome, { kind: 'page' }>,
): Exclude<LookupResult, LookupFound> {
	const failure: Partial<typeof outcome> = { ...outcome };
	delete failure.requests;
	return failure as Exclude<LookupResult, LookupFound>;
}

/**
 * Looks `refs` up (deduplicated; refs with control characters are never sent and come back
 * unknown). Orders found are keyed by their document number exactly as NetSuite returns it.
 */
export async function lookupNetSuiteOrders(
	refs: Iterable<unknown>,
	settings: LookupSettings,
): Promise<LookupResult> {
	const resolved: Required<LookupSettings> = {
		maxAttempts: 4,
		baseDelayMs: 1000,
		maxDelayMs: 16_000,
		pageSize: SUITEQL_PAGE_SIZE,
		...settings,
	};
	resolved.maxAttempts = Math.max(1, Math.floor(resolved.maxAttempts));
	const queries = buildOrderLookupQueries(refs);
	const found = new Map<string, NetSuiteOrder>();
	let pages = 0;
	let requests = 0;
	for (const query of queries) {
		for (let offset = 0; ; offset += resolved.pageSize) {
			const outcome = await fetchPage(resolved, query, offset);
			requests += outcome.requests;
			if (outcome.kind !== 'page') return withoutRequestCount(outcome);
			pages++;
			const items = outcome.body.items as unknown[];
			for (const row of items) {
				const order = readOrderRow(row);
				// Document numbers are unique per type unless an account turned auto-numbering
				// off; the first row (lowest internal ID) wins.
				if (order && !found.has(order.orderRef)) found.set(order.orderRef, order);
			}
			if (outcome.body.hasMore !== true || items.length === 0) break;
		}
	}
	return { kind: 'found', found, queries: queries.length, pages, requests };
}
