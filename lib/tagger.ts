/**
 * The Tagger: names the symptom of a failed ERP call from its error. The input is an n8n error
 * item's json (`{ error: {...} }`, often with the failed payload's own fields beside it, as n8n's
 * error output merges them) or any error-like object. What the error says is gathered once into
 * facts (HTTP status, error codes, the fields it names, a capped lower-case text); then the
 * ordered rows of ERROR_TABLE are tried, first match wins. Rows that read the error's content
 * (ERP error codes and phrases) come before the rows that read only the HTTP status, so a
 * NetSuite `DUP_RCRD` sent with a 400 or an SAP "does not exist" sent with a 500 is named for
 * what it is. An error no row recognises gets `symptom: null` and keeps the (redacted,
 * truncated) raw error for a person to read: a guess would send someone to fix the wrong thing.
 *
 * All work is bounded: at most WALK_MAX_NODES values are visited, strings are cut before they
 * are lower-cased, JSON bodies are parsed only below MAX_JSON_BODY characters, and matching
 * is `indexOf` on that capped text. No regular expression is built from or run over user data
 * except the fixed, linear ones in `redact`.
 */
import { readErrorTriggerItem } from './errorTrigger';
import { pickOptions, timeOption, type TagOptions } from './options';
import { categoryOf, isRecordObject, readId, type ReturnLine } from './records';
import { isCredentialEntry, redact } from './redact';
import { buildTag, finding } from './tag';
import type { SymptomCause } from './catalog';
import type { HandoffTag, Symptom } from './types';

/** One row of the table: what it reads, and what it concludes (a symptom and one of its causes). */
export type ErrorRow = RowReading & Extract<SymptomCause, { symptom: Symptom }>;

interface RowReading {
	/** A stable name for the row, kept in the finding's evidence as `rule`. */
	rule: string;
	/** Whether sending the same payload again can succeed. */
	retryable: boolean;
	/** Error codes, found as codes in the body or as whole words anywhere in the error. */
	codes?: readonly string[];
	/** Lower-case phrases, found as whole words in the error's text. */
	phrases?: readonly string[];
	/** Field names the error detail names (the last segment of an error path, lower-case). */
	fields?: readonly string[];
	/** A field name ending like this also counts (`item.items[0].amount`). */
	fieldSuffixes?: readonly string[];
	/**
	 * For a row that reads content: the HTTP statuses it applies under (`null`: no status).
	 * For a row without content: the statuses that alone select it.
	 */
	http?: readonly (number | null)[];
	/** An HTTP status range that alone selects the row (inclusive). */
	httpRange?: readonly [number, number];
	/** Plain words for the finding's message. */
	message: string;
}

/** Codes and phrases of connection failures, as Node.js and n8n's NodeApiError spell them. */
const TRANSPORT_CODES = [
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNREFUSED',
	'ESOCKETTIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
];
const TRANSPORT_PHRASES = [
	'socket hang up',
	'network socket disconnected',
	// n8n replaces the Node.js code with these messages (workflow/src/errors/abstract/node.error.ts).
	'the connection to the server was closed unexpectedly',
	'the service refused the connection',
	'the connection timed out',
	'the connection was aborted',
	'the host is unreachable',
	'the connection cannot be established',
	'the dns server returned an error',
	'the server closed the connection unexpectedly',
];
const CLIENT_ERROR_OR_NONE: readonly (number | null)[] = [null, 400, 422];

/**
 * The table, in order. Content rows first (transport, then ERP codes and the fields they name),
 * then HTTP status rows. Dynamics 365 (Dataverse) codes are listed in hex and in decimal, as the
 * Web API and the SDK spell them.
 */
export const ERROR_TABLE: readonly ErrorRow[] = [
	{
		rule: 'transport',
		symptom: 'missing_handoff',
		cause: 'transport_failed',
		retryable: true,
		codes: TRANSPORT_CODES,
		phrases: TRANSPORT_PHRASES,
		message:
			'The connection to the ERP failed before it answered; the payload may not have arrived.',
	},
	{
		rule: 'request_limit',
		symptom: 'timing_latency',
		cause: 'rate_limited',
		retryable: true,
		codes: [
			'SSS_REQUEST_LIMIT_EXCEEDED',
			'CONCURRENCY_LIMIT_EXCEEDED',
			'WS_REQUEST_BLOCKED',
			'0x80072322',
			'-2147015902',
			'0x80072321',
			'-2147015903',
			'0x80072326',
			'-2147015898',
		],
		phrases: ['request limit exceeded', 'too many requests', 'rate limit exceeded'],
		message: 'The ERP refused the call because its request limit was reached.',
	},
	{
		rule: 'erp_auth',
		symptom: 'missing_handoff',
		cause: 'auth_failed',
		retryable: false,
		codes: [
			'INVALID_LOGIN',
			'INVALID_LOGIN_ATTEMPT',
			'INVALID_LOGIN_CREDENTIALS',
			'INSUFFICIENT_PERMISSION',
			'0x8005F101',
			'-2147094271',
			'0x80040220',
			'-2147220960',
		],
		message: 'The ERP rejected the integration’s credentials or permissions.',
	},
	{
		rule: 'duplicate_record',
		symptom: 'duplicate_posting',
		cause: 'already_posted',
		retryable: false,
		codes: ['DUP_RCRD', 'DUP_ENTITY', 'DUP_TRANSACTION', '0x80040237', '-2147220937'],
		phrases: ['already exists', 'duplicate record', 'duplicate key'],
		message: 'The ERP already holds this record: the return was posted before.',
	},
	{
		rule: 'status_field',
		symptom: 'missing_handoff',
		cause: 'unmapped_status',
		retryable: false,
		fields: ['status', 'orderstatus', 'statuscode', 'statecode'],
		phrases: [
			'following field: status',
			"field 'status'",
			'field "status"',
			"property 'status'",
			'property "status"',
			'not a valid status code',
		],
		http: CLIENT_ERROR_OR_NONE,
		message: 'The ERP rejected the status the integration sent: it has no mapping there.',
	},
	{
		rule: 'subsidiary_field',
		symptom: 'id_linkage_failure',
		cause: 'wrong_subsidiary',
		retryable: false,
		fields: ['subsidiary', 'companycode', 'bukrs', 'dataareaid', 'owningbusinessunit'],
		phrases: [
			'following field: subsidiary',
			'invalid subsidiary',
			'subsidiary restrictions',
			'subsidiary reference',
			'company code',
		],
		http: CLIENT_ERROR_OR_NONE,
		message: 'The ERP rejected the subsidiary (company) the return was routed to.',
	},
	{
		rule: 'amount_field',
		symptom: 'partial_receipt_conflict',
		cause: 'amount_mismatch',
		retryable: false,
		fields: ['total'],
		fieldSuffixes: ['amount'],
		phrases: ['following field: amount', 'invalid amount', "field 'amount'", "property 'amount'"],
		http: CLIENT_ERROR_OR_NONE,
		message: 'The ERP rejected the refund amount the integration sent.',
	},
	{
		rule: 'order_closed',
		symptom: 'id_linkage_failure',
		cause: 'order_closed',
		retryable: false,
		phrases: ['order is closed', 'closed sales order', 'order has been closed'],
		message: 'The ERP refused the return because the order it belongs to is closed.',
	},
	{
		rule: 'invalid_reference',
		symptom: 'id_linkage_failure',
		cause: 'order_ref_unknown',
		retryable: false,
		codes: [
			'INVALID_KEY_OR_REF',
			'INVALID_INITIALIZE_REF',
			'RCRD_DSNT_EXIST',
			'NONEXISTENT_ID',
			'0x80040217',
			'-2147220969',
		],
		phrases: ['does not exist', 'do not exist', 'invalid reference'],
		message: 'The ERP does not know the order (or record) the return refers to.',
	},
	{
		rule: 'http_auth',
		symptom: 'missing_handoff',
		cause: 'auth_failed',
		retryable: false,
		http: [401, 403],
		message: 'The ERP rejected the integration’s credentials or permissions.',
	},
	{
		rule: 'http_not_found',
		symptom: 'id_linkage_failure',
		cause: 'order_ref_unknown',
		retryable: false,
		http: [404],
		message: 'The ERP answered “not found” for the record the return refers to.',
	},
	{
		rule: 'http_conflict',
		symptom: 'duplicate_posting',
		cause: 'already_posted',
		retryable: false,
		http: [409],
		message: 'The ERP answered “conflict”: the return was most likely posted before.',
	},
	{
		rule: 'http_rate_limit',
		symptom: 'timing_latency',
		cause: 'rate_limited',
		retryable: true,
		http: [429],
		message: 'The ERP refused the call because its request limit was reached.',
	},
	{
		rule: 'http_server_error',
		symptom: 'missing_handoff',
		cause: 'erp_unavailable',
		retryable: true,
		httpRange: [500, 599],
		message: 'The ERP failed or was unavailable when the payload was sent.',
	},
];

/** What one error says, gathered once. */
export interface ErrorFacts {
	httpCode: number | null;
	/** Error codes as found (case kept), first found first. */
	codes: string[];
	/** Field names the error names: last path segment, lower-case. */
	fields: string[];
	/** Lower-case text of the error's strings, capped at MAX_TEXT characters. */
	text: string;
	/** The most specific human-readable detail found (case kept, capped). */
	detail: string | null;
}

const MAX_TEXT = 65_536;
const MAX_STRING_IN_TEXT = 16_384;
const MAX_JSON_BODY = 65_536;
const WALK_MAX_NODES = 2_000;
const WALK_MAX_DEPTH = 10;
const WALK_MAX_ENTRIES = 200;
const MAX_DETAIL = 500;

/** Keys that hold what we sent (request, headers, config), not what the ERP said. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set([
	'options',
	'config',
	'request',
	'req',
	'headers',
	'rawHeaders',
	'stack',
	'socket',
	'agent',
	'node',
	'_options',
	'_currentUrl',
]);
const STATUS_KEYS = ['httpCode', 'statusCode', 'status', 'status_code', 'httpStatus'] as const;
const CODE_KEYS: ReadonlySet<string> = new Set([
	'o:errorCode',
	'errorCode',
	'error_code',
	'code',
	'ErrorCode',
]);
const FIELD_KEYS: ReadonlySet<string> = new Set([
	'o:errorPath',
	'errorPath',
	'error_path',
	'target',
	'field',
	'fieldName',
	'field_name',
	'propertyref',
	'property',
	'param',
	'parameter',
]);
/** Where a human-readable detail is, best first. */
const DETAIL_RANK: Readonly<Record<string, number>> = {
	detail: 0,
	value: 1,
	error_description: 1,
	errorMessage: 1,
	description: 2,
	message: 3,
};

interface WalkState {
	facts: ErrorFacts;
	textParts: string[];
	textLength: number;
	detailRank: number;
	visited: Set<object>;
	nodes: number;
	/** Codes under ERP error-code keys (`o:errorCode`, `errorCode`), then under a plain `code`. */
	erpCodes: string[];
	otherCodes: string[];
}

/** Gathers the facts of an error, breadth-first so the error's own fields win over its body's. */
export function readErrorFacts(root: unknown): ErrorFacts {
	const state: WalkState = {
		facts: { httpCode: null, codes: [], fields: [], text: '', detail: null },
		textParts: [],
		textLength: 0,
		detailRank: Number.POSITIVE_INFINITY,
		visited: new Set(),
		nodes: 0,
		erpCodes: [],
		otherCodes: [],
	};
	const queue: Array<{ value: unknown; key: string; parentKey: string; depth: number }> = [
		{ value: root, key: '', parentKey: '', depth: 0 },
	];
	for (let head = 0; head < queue.length && state.nodes < WALK_MAX_NODES; head++) {
		const { value, key, parentKey, depth } = queue[head];
		state.nodes++;
		const node = asNode(value, key, parentKey, state);
		if (node === null || depth >= WALK_MAX_DEPTH) continue;
		if (state.visited.has(node)) continue;
		state.visited.add(node);
		readNode(node, state);
		for (const [childKey, child] of entriesOf(node)) {
			// Credentials (named fields, header-entry values) are never read: they must not reach a tag.
			if (SKIPPED_KEYS.has(childKey) || isCredentialEntry(node, childKey)) continue;
			if (queue.length >= WALK_MAX_NODES * 2) break;
			queue.push({ value: child, key: childKey, parentKey: key, depth: depth + 1 });
		}
	}
	state.facts.text = state.textParts.join('\n');
	state.facts.codes = [...state.erpCodes, ...state.otherCodes].slice(0, 20);
	return state.facts;
}

/**
 * A value as a node to descend into, after reading it as text: strings add to the text (and a
 * JSON body held in a string is parsed and descended into), binary bodies are decoded.
 */
function asNode(value: unknown, key: string, parentKey: string, state: WalkState): object | null {
	if (typeof value === 'string') {
		const parsed = parseBody(value);
		if (parsed === null) {
			readString(value, key, parentKey, state);
			return null;
		}
		// A JSON body: its strings are read as the walk descends; its raw text (key names and
		// all) is not, so a key cannot pass for a phrase. Only a legacy "400 - {…}" status counts.
		if (state.facts.httpCode === null && key === 'message') {
			state.facts.httpCode = statusInMessage(value.slice(0, 16));
		}
		return parsed;
	}
	if (typeof value === 'number') {
		if (key !== '' && CODE_KEYS.has(key) && Number.isInteger(value)) {
			// Dataverse codes come as negative decimals; small ones are HTTP statuses.
			if (value < 0) addCode(String(value), key, state);
		}
		return null;
	}
	if (value === null || typeof value !== 'object') return null;
	const bytes = bufferLike(value);
	if (bytes !== null) {
		const text = Buffer.from(bytes.subarray(0, MAX_JSON_BODY)).toString('utf8');
		return asNode(text, key, parentKey, state);
	}
	return value;
}

function bufferLike(value: object): Uint8Array | null {
	if (value instanceof Uint8Array) return value;
	// A Buffer that went through JSON: { type: 'Buffer', data: [...] }.
	const record = value as Record<string, unknown>;
	if (record.type === 'Buffer' && Array.isArray(record.data)) {
		const data = record.data.slice(0, MAX_JSON_BODY);
		return data.every((b) => typeof b === 'number') ? Uint8Array.from(data as number[]) : null;
	}
	return null;
}

function entriesOf(node: object): Array<[string, unknown]> {
	const entries: Array<[string, unknown]> = [];
	if (Array.isArray(node)) {
		const limit = Math.min(node.length, WALK_MAX_ENTRIES);
		for (let i = 0; i < limit; i++) entries.push(['', node[i]]);
		return entries;
	}
	const keys = Object.keys(node);
	if (node instanceof Error) {
		// message, code and cause of Error instances are not always enumerable.
		for (const key of ['message', 'code', 'cause', 'description', 'httpCode', 'status']) {
			if (!keys.includes(key) && (node as unknown as Record<string, unknown>)[key] !== undefined) {
				keys.unshift(key);
			}
		}
	}
	const limit = Math.min(keys.length, WALK_MAX_ENTRIES);
	for (let i = 0; i < limit; i++) {
		entries.push([keys[i], (node as Record<string, unknown>)[keys[i]]]);
	}
	return entries;
}

/** Reads the status, codes and fields an object carries directly. */
function readNode(node: object, state: WalkState): void {
	if (Array.isArray(node)) return;
	const record = node as Record<string, unknown>;
	if (state.facts.httpCode === null) {
		for (const key of STATUS_KEYS) {
			const status = httpStatusOf(record[key]);
			if (status !== null) {
				state.facts.httpCode = status;
				break;
			}
		}
	}
	// An axios error keeps the status on its response.
	if (state.facts.httpCode === null && isRecordObject(record.response)) {
		state.facts.httpCode =
			httpStatusOf(record.response.status) ?? httpStatusOf(record.response.statusCode);
	}
}

function httpStatusOf(value: unknown): number | null {
	let status: number | null = null;
	if (typeof value === 'number' && Number.isInteger(value)) status = value;
	else if (typeof value === 'string' && value.length === 3 && /^\d{3}$/.test(value)) {
		status = Number(value);
	}
	return status !== null && status >= 100 && status <= 599 ? status : null;
}

function readString(value: string, key: string, parentKey: string, state: WalkState): void {
	if (value.length === 0) return;
	const trimmed = value.length > MAX_STRING_IN_TEXT ? value.slice(0, MAX_STRING_IN_TEXT) : value;
	if (state.textLength < MAX_TEXT) {
		const part = trimmed.slice(0, MAX_TEXT - state.textLength).toLowerCase();
		state.textParts.push(part);
		state.textLength += part.length + 1;
	}
	if (CODE_KEYS.has(key) && value.length <= 100) addCode(value.trim(), key, state);
	if (FIELD_KEYS.has(key) && value.length <= 200) addField(value, state);
	// SAP OData v2 keeps the text in error.message.value.
	const detailKey = key === 'value' && parentKey !== 'message' ? '' : key;
	const rank = DETAIL_RANK[detailKey];
	if (rank !== undefined && rank < state.detailRank && value.trim().length > 0) {
		state.detailRank = rank;
		state.facts.detail = value.length > MAX_DETAIL ? `${value.slice(0, MAX_DETAIL)}…` : value;
	}
	// "Request failed with status code 404" (axios) or "404 - {…}" (n8n's legacy request helper).
	if (state.facts.httpCode === null && (key === 'message' || key === '')) {
		state.facts.httpCode = statusInMessage(trimmed);
	}
}

function statusInMessage(message: string): number | null {
	const legacy = /^\d{3} - /.test(message) ? httpStatusOf(message.slice(0, 3)) : null;
	if (legacy !== null) return legacy;
	const marker = 'status code ';
	const at = message.toLowerCase().indexOf(marker);
	if (at === -1) return null;
	const digits = message.slice(at + marker.length, at + marker.length + 3);
	return httpStatusOf(digits);
}

function addCode(code: string, key: string, state: WalkState): void {
	const list = key === 'code' ? state.otherCodes : state.erpCodes;
	if (code.length === 0 || list.length >= 20) return;
	if (!list.some((c) => c.toLowerCase() === code.toLowerCase())) list.push(code);
}

function addField(path: string, state: WalkState): void {
	if (state.facts.fields.length >= 20) return;
	// `item.items[0].amount` → amount; `/d/Status` → status.
	let end = path.length;
	while (end > 0 && (path[end - 1] === ']' || path[end - 1] === ' ')) {
		const open = path.lastIndexOf('[', end - 1);
		end = open === -1 ? end - 1 : open;
	}
	let start = end;
	while (start > 0 && path[start - 1] !== '.' && path[start - 1] !== '/') start--;
	const field = path.slice(start, end).trim().toLowerCase();
	if (field.length > 0 && !state.facts.fields.includes(field)) state.facts.fields.push(field);
}

/** A JSON body held in a string: `{…}`, `[…]`, or n8n's legacy `400 - {…}` / `400 - "{…}"`. */
function parseBody(value: string): object | null {
	if (value.length > MAX_JSON_BODY) return null;
	let text = value.trim();
	if (/^\d{3} - /.test(text)) text = text.slice(6).trim();
	const first = text[0];
	if (first !== '{' && first !== '[' && first !== '"') return null;
	try {
		let parsed: unknown = JSON.parse(text);
		if (typeof parsed === 'string' && parsed.length <= MAX_JSON_BODY) {
			const inner = parsed.trim();
			if (inner.startsWith('{') || inner.startsWith('[')) parsed = JSON.parse(inner);
		}
		return parsed !== null && typeof parsed === 'object' ? parsed : null;
	} catch {
		return null;
	}
}

const WORD_CHAR = /[a-z0-9_]/;

/** Whether `phrase` (lower-case) occurs in `text` as whole words: no letter glued to either end. */
export function containsWords(text: string, phrase: string): boolean {
	if (phrase.length === 0) return false;
	const checkStart = WORD_CHAR.test(phrase[0]);
	const checkEnd = WORD_CHAR.test(phrase[phrase.length - 1]);
	let from = 0;
	for (;;) {
		const at = text.indexOf(phrase, from);
		if (at === -1) return false;
		const before = at > 0 ? text[at - 1] : '';
		const after = text[at + phrase.length] ?? '';
		const startOk = !checkStart || before === '' || !WORD_CHAR.test(before);
		const endOk = !checkEnd || after === '' || !WORD_CHAR.test(after);
		if (startOk && endOk) return true;
		from = at + 1;
	}
}

interface RowMatch {
	row: ErrorRow;
	matched: string;
	errorCode: string | null;
	field: string | null;
}

function hasContent(row: ErrorRow): boolean {
	return Boolean(
		row.codes?.length || row.phrases?.length || row.fields?.length || row.fieldSuffixes?.length,
	);
}

function matchRow(row: ErrorRow, facts: ErrorFacts): RowMatch | null {
	if (!hasContent(row)) {
		const status = facts.httpCode;
		if (status === null) return null;
		const byList = row.http?.includes(status) ?? false;
		const byRange = row.httpRange
			? status >= row.httpRange[0] && status <= row.httpRange[1]
			: false;
		return byList || byRange
			? { row, matched: `HTTP ${status}`, errorCode: null, field: null }
			: null;
	}
	if (row.http && !row.http.includes(facts.httpCode)) return null;
	for (const code of row.codes ?? []) {
		const found = facts.codes.find((c) => c.toLowerCase() === code.toLowerCase());
		if (found !== undefined || containsWords(facts.text, code.toLowerCase())) {
			return { row, matched: code, errorCode: code, field: null };
		}
	}
	for (const field of facts.fields) {
		if (
			row.fields?.includes(field) ||
			row.fieldSuffixes?.some((suffix) => field.endsWith(suffix))
		) {
			return { row, matched: `field ${field}`, errorCode: null, field };
		}
	}
	for (const phrase of row.phrases ?? []) {
		if (containsWords(facts.text, phrase))
			return { row, matched: phrase, errorCode: null, field: null };
	}
	return null;
}

/** The first row of ERROR_TABLE that matches, or null. */
export function classifyError(facts: ErrorFacts): RowMatch | null {
	for (const row of ERROR_TABLE) {
		const match = matchRow(row, facts);
		if (match !== null) return match;
	}
	return null;
}

/**
 * The error inside an n8n error item: its json is `{ error, …the failed item's own fields }`.
 * A raw error object that itself carries a status (the legacy request helper's
 * `{ statusCode, error: body }`) is the error, with its body under `error`.
 */
function errorRootOf(input: unknown): unknown {
	if (!isRecordObject(input) || input instanceof Error) return input;
	const inner = input.error;
	if (inner === undefined || inner === null) return input;
	if (typeof inner !== 'string' && !isRecordObject(inner)) return input;
	const selfIsError =
		STATUS_KEYS.some((key) => httpStatusOf(input[key]) !== null) ||
		(typeof input.name === 'string' && input.name.endsWith('Error')) ||
		isRecordObject(input.response);
	return selfIsError ? input : inner;
}

const RAW_LIMITS = { maxDepth: 6, maxStringLength: 2_000, maxEntries: 50, maxNodes: 500 };

/** The names of the option vocabulary the Tagger reads. */
const TAGGER_USES = ['now'] as const;

/** The return this failed call was about, from the payload fields n8n keeps beside the error. */
function returnContext(
	input: unknown,
	root: unknown,
): {
	returnId: string | null;
	orderId: string | null;
	category: string | null;
} {
	if (!isRecordObject(input) || input === root)
		return { returnId: null, orderId: null, category: null };
	const lines: ReturnLine[] = [];
	if (Array.isArray(input.lines)) {
		for (const line of input.lines.slice(0, 1_000)) {
			if (!isRecordObject(line)) continue;
			const category = typeof line.category === 'string' ? line.category.trim() || null : null;
			lines.push({ sku: readId(line.sku), quantity: null, category, amount: null });
		}
	}
	return {
		returnId: readId(input.returnId),
		orderId: readId(input.orderId) ?? readId(input.orderRef),
		category: categoryOf(lines),
	};
}

/**
 * Tags a failed handoff from its error (docs/rules.md "The Tagger's table"). The tag's state is always
 * `mismatch`; a recognised error carries `retryable`, an unrecognised one `symptom: null`, a
 * finding with cause `unclassified` and the raw error, redacted and cut to a readable size. An
 * n8n Error Trigger item is tagged from the failed execution's error, and its tag also names the
 * execution, its URL, the workflow and the node that failed.
 */
export function tagHandoffError(error: unknown, options?: TagOptions): HandoffTag {
	// An n8n Error Trigger item: the failed execution's error through the same table, and the tag
	// names the execution (docs/rules.md "Ops visibility inside n8n").
	const trigger = readErrorTriggerItem(error);
	if (trigger === null) return tagError(error, options);
	return { ...tagError(trigger.error, options), ...trigger.fields };
}

function tagError(error: unknown, options?: TagOptions): HandoffTag {
	const nowMs = timeOption(pickOptions(options, TAGGER_USES).now);
	const checkedAt = new Date(nowMs ?? Date.now());
	const root = errorRootOf(error);
	const facts = readErrorFacts(root);
	const context = returnContext(error, root);
	const match = classifyError(facts);
	const errorCode = match?.errorCode ?? facts.codes[0] ?? null;
	const detail = facts.detail === null ? null : redact(facts.detail);
	if (match === null) {
		return buildTag({
			findings: [
				finding(
					{ symptom: null, cause: 'unclassified' },
					'The ERP call failed with an error no rule recognises; the raw error is kept for a person to read.',
					{ httpCode: facts.httpCode, errorCode, detail, raw: redact(root, RAW_LIMITS) },
				),
			],
			...context,
			checkedAt,
			state: 'mismatch',
		});
	}
	const { row } = match;
	const evidence: Record<string, unknown> = {
		httpCode: facts.httpCode,
		errorCode,
		matched: match.matched,
		rule: row.rule,
	};
	if (match.field !== null) evidence.field = match.field;
	if (detail !== null) evidence.detail = detail;
	return buildTag({
		findings: [finding(row, row.message, evidence)],
		...context,
		checkedAt,
		state: 'mismatch',
		retryable: row.retryable,
	});
}
