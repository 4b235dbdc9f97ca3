/**
 * n8n's Error Trigger items, read for the Tagger (docs/rules.md "Ops visibility inside n8n"). When
 * a production execution fails, n8n starts the workflow named in its settings as error workflow
 * and hands its Error Trigger one item (n8n's cli `executeErrorWorkflow`):
 *
 *   { execution: { id, url, error, lastNodeExecuted, mode, retryOf?, executionContext? },
 *     workflow: { id, name } }
 *
 * or, when the trigger itself failed and no execution exists, `{ trigger: { error, mode },
 * workflow }`. `error` is the failed execution's error as n8n keeps it: for an HTTP Request node a
 * NodeApiError (`message`, `description`, `httpCode` — a status such as "400", or a Node.js code
 * such as "ECONNREFUSED" —, `messages` holding the ERP's answer as `400 - "{…}"`, `context`,
 * `node`, `stack`), for a Code node a plain `{ message, stack, lineNumber }`.
 *
 * This module recognises such an item and splits it into the error-like object the Tagger's table
 * already reads (only what the error says: the failed node's parameters, the request it sent and
 * the stack stay out, so a URL or a header can neither match a row nor reach a tag) and the fields
 * that say which execution failed.
 */
import { isRecordObject, readId } from './records';

/** What the Tagger adds to the tag of an Error Trigger item. */
export interface ErrorTriggerTagFields {
	executionId: string | null;
	executionUrl: string | null;
	workflowName: string | null;
	failedNode: string | null;
}

export interface ErrorTriggerReading {
	/** The failed execution's error, reduced to what the error says. */
	error: Record<string, unknown>;
	fields: ErrorTriggerTagFields;
	/** The failed workflow's ID and the execution's mode (`webhook`, `trigger`…), for context. */
	workflowId: string | null;
	mode: string | null;
}

/** Keys of an n8n error that carry what the ERP (or the code) said. */
const ERROR_KEYS = [
	'message',
	'description',
	'httpCode',
	'statusCode',
	'status',
	'code',
	'errorCode',
	'messages',
	'cause',
	'body',
	'response',
	'errorResponse',
	'errorDetails',
	'o:errorDetails',
	'error',
	'name',
] as const;

const MAX_TEXT = 2_000;

function readText(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const text = value.trim();
	return text.length > 0 ? text.slice(0, MAX_TEXT) : null;
}

/** The failing part of the item: `execution` for a failed execution, `trigger` when none ran. */
function failureOf(item: Record<string, unknown>): Record<string, unknown> | null {
	for (const key of ['execution', 'trigger']) {
		const part = item[key];
		if (!isRecordObject(part)) continue;
		const error = part.error;
		if (isRecordObject(error) || (typeof error === 'string' && error.length > 0)) return part;
	}
	return null;
}

/** Whether an item's json is what n8n's Error Trigger outputs. */
export function isErrorTriggerItem(value: unknown): boolean {
	return isRecordObject(value) && isRecordObject(value.workflow) && failureOf(value) !== null;
}

/**
 * The error-like object of an n8n error: the keys that carry what was said, an `httpCode` that is
 * a Node.js code (n8n's NodeApiError puts "ECONNREFUSED" there) also as `code`, and NodeApiError's
 * `context.data` (the response body of an axios error) as `body`.
 */
function errorLike(error: unknown): Record<string, unknown> {
	if (typeof error === 'string') return { message: error };
	if (!isRecordObject(error)) return {};
	const like: Record<string, unknown> = {};
	for (const key of ERROR_KEYS) {
		const value = error[key];
		if (value !== undefined && value !== null) like[key] = value;
	}
	const httpCode = error.httpCode;
	if (typeof httpCode === 'string' && !/^\d{3}$/.test(httpCode) && like.code === undefined) {
		like.code = httpCode;
	}
	const context = error.context;
	if (isRecordObject(context) && context.data !== undefined && like.body === undefined) {
		like.body = context.data;
	}
	return like;
}

/**
 * Reads an Error Trigger item: the error for the Tagger's table and the fields for its tag.
 * Null when the value is not an Error Trigger item.
 */
export function readErrorTriggerItem(value: unknown): ErrorTriggerReading | null {
	if (!isRecordObject(value) || !isRecordObject(value.workflow)) return null;
	const failure = failureOf(value);
	if (failure === null) return null;
	const workflow = value.workflow;
	const error = failure.error;
	// The node that threw names itself on the error; a Code node's error does not, and then the
	// last node n8n ran is the one that failed.
	const errorNode = isRecordObject(error) && isRecordObject(error.node) ? error.node.name : null;
	return {
		error: errorLike(error),
		fields: {
			executionId: readId(failure.id),
			executionUrl: readText(failure.url),
			workflowName: readText(workflow.name),
			failedNode: readText(errorNode) ?? readText(failure.lastNodeExecuted),
		},
		workflowId: readId(workflow.id),
		mode: readText(failure.mode),
	};
}
