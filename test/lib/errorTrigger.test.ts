import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { isErrorTriggerItem, readErrorTriggerItem } from '../../lib/errorTrigger';
import { tagHandoffError } from '../../lib/tagger';

// The items below have the shape n8n 2.8.4's Error Trigger output when the "Guarded ERP posting"
// workflow failed in production (read back from n8n's executions; stacks cut, the failed node's
// parameters kept because they are what must not leak into a tag).

const WORKFLOW = { id: 'rhGuardedErpPost', name: 'Guarded ERP posting' };
const BASE_URL = 'https://n8n.acme-returns.example';

const HTTP_NODE = {
	id: 'b0d3e000-0000-4000-8000-000000000012',
	name: 'Post credit memo',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	position: [780, 0],
	parameters: {
		method: 'POST',
		url: 'https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/creditMemo',
		sendBody: true,
		specifyBody: 'json',
		jsonBody: '={ "createdFrom": { "refName": "{{ $json.erp.createdFrom }}" } }',
		options: {},
	},
};

/** The request n8n keeps in a NodeApiError's context, headers and all. */
const REQUEST = {
	body: { externalId: 'RA-20017', createdFrom: { refName: 'SO-0099999' } },
	headers: {
		accept: 'application/json',
		authorization: 'OAuth realm="1234567",oauth_token="tok-4f9a2c",oauth_signature="c2lnbmF0dXJl"',
	},
	method: 'POST',
	uri: 'https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/creditMemo',
};

/** NetSuite's error body as n8n's HTTP Request node keeps it in `messages`: `400 - "{…}"`. */
function netsuiteMessage(status: number, title: string, detail: string, errorCode: string): string {
	const body = {
		type: `https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.${status === 401 ? 2 : 1}`,
		title,
		status,
		'o:errorDetails': [{ detail, 'o:errorCode': errorCode }],
	};
	return `${status} - ${JSON.stringify(JSON.stringify(body))}`;
}

function httpRequestError(fields: Record<string, unknown>): Record<string, unknown> {
	return {
		level: 'warning',
		tags: {},
		timestamp: 1796160449174,
		context: { itemIndex: 0, request: REQUEST },
		functionality: 'regular',
		name: 'NodeApiError',
		node: HTTP_NODE,
		stack: 'NodeApiError: …\n    at ExecuteContext.execute (HttpRequestV3.node.ts:864:16)',
		...fields,
	};
}

function errorTriggerItem(
	error: unknown,
	{ id = '4127', lastNodeExecuted = 'Post credit memo' } = {},
): Record<string, unknown> {
	return {
		execution: {
			id,
			url: `${BASE_URL}/workflow/${WORKFLOW.id}/executions/${id}`,
			error,
			lastNodeExecuted,
			mode: 'webhook',
			executionContext: {
				version: 1,
				establishedAt: 1796160449419,
				source: 'webhook',
				triggerNode: { name: 'Refund approved', type: 'n8n-nodes-base.webhook' },
			},
		},
		workflow: { ...WORKFLOW },
	};
}

const BAD_REF = errorTriggerItem(
	httpRequestError({
		description: 'Bad Request',
		messages: [
			netsuiteMessage(
				400,
				'Bad Request',
				'Invalid Field Value 99999 for the following field: createdfrom',
				'INVALID_KEY_OR_REF',
			),
		],
		httpCode: '400',
		message: 'Bad request - please check your parameters',
	}),
);

const UNAUTHORIZED = errorTriggerItem(
	httpRequestError({
		description: 'Unauthorized',
		messages: [
			netsuiteMessage(
				401,
				'Unauthorized',
				'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
				'INVALID_LOGIN',
			),
		],
		httpCode: '401',
		message: 'Authorization failed - please check your credentials',
	}),
	{ id: '4128' },
);

const RATE_LIMITED = errorTriggerItem(
	httpRequestError({
		description: 'Too Many Requests',
		messages: ["Try spacing your requests out using the batching settings under 'Options'"],
		httpCode: '429',
		message: 'The service is receiving too many requests from you',
	}),
	{ id: '4129' },
);

const REFUSED = errorTriggerItem(
	httpRequestError({
		messages: ['connect ECONNREFUSED 10.20.0.15:443', 'connect ECONNREFUSED 10.20.0.15:443'],
		httpCode: 'ECONNREFUSED',
		message: 'The service refused the connection - perhaps it is offline',
	}),
	{ id: '4130' },
);

const UNKNOWN = errorTriggerItem(
	httpRequestError({
		description: 'Bad Request',
		messages: [
			`400 - ${JSON.stringify(
				JSON.stringify({
					type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1',
					title: 'Bad Request',
					status: 400,
					'o:errorDetails': [
						{
							detail: 'Please enter value(s) for: Return Reason Code',
							'o:errorCode': 'USER_ERROR',
							'o:errorPath': 'custbody_rr_code',
						},
					],
				}),
			)}`,
		],
		httpCode: '400',
		message: 'Bad request - please check your parameters',
	}),
	{ id: '4131' },
);

/** A Code node's error: no node on it, so the failed node is the last one n8n ran. */
const CODE_NODE = errorTriggerItem(
	{
		level: 'error',
		tags: {},
		description: null,
		lineNumber: 1,
		message: 'Refund RA-20017 has no order reference [line 1]',
		stack:
			'Error: Refund RA-20017 has no order reference\n    at VmCodeWrapper (evalmachine.<anonymous>:1:596)',
	},
	{ id: '4132', lastNodeExecuted: 'Map the refund' },
);

const NOW = { now: '2026-12-01T21:00:00.000Z' };

function tagOf(item: unknown) {
	const reading = readErrorTriggerItem(item);
	if (reading === null) throw new Error('not read as an Error Trigger item');
	return { reading, tag: tagHandoffError(reading.error, NOW) };
}

describe('isErrorTriggerItem', () => {
	it('recognises what the Error Trigger outputs, for a failed execution and a failed trigger', () => {
		for (const item of [BAD_REF, UNAUTHORIZED, RATE_LIMITED, REFUSED, UNKNOWN, CODE_NODE]) {
			expect(isErrorTriggerItem(item)).toBe(true);
		}
		expect(
			isErrorTriggerItem({
				trigger: { error: { message: 'connect ECONNREFUSED 10.20.0.15:443' }, mode: 'trigger' },
				workflow: WORKFLOW,
			}),
		).toBe(true);
	});

	it('does not take an error output item, a payload or a half item for one', () => {
		const errorOutputItem = {
			returnId: 'RA-20017',
			orderId: '#20017',
			error: { message: 'Bad request - please check your parameters', httpCode: '400' },
		};
		expect(isErrorTriggerItem(errorOutputItem)).toBe(false);
		expect(isErrorTriggerItem({ execution: { id: '1', url: 'x' }, workflow: WORKFLOW })).toBe(
			false,
		);
		expect(isErrorTriggerItem({ execution: (BAD_REF.execution as object) ?? {} })).toBe(false);
		expect(isErrorTriggerItem({ workflow: 'Guarded ERP posting', execution: {} })).toBe(false);
		for (const value of [null, undefined, 'socket hang up', [BAD_REF], 42]) {
			expect(isErrorTriggerItem(value)).toBe(false);
		}
	});
});

describe('readErrorTriggerItem + the Tagger’s table', () => {
	it('names a NetSuite INVALID_KEY_OR_REF from an HTTP Request node as an unknown order', () => {
		const { reading, tag } = tagOf(BAD_REF);

		expect(tag).toMatchObject({
			state: 'mismatch',
			symptom: 'id_linkage_failure',
			cause: 'order_ref_unknown',
			retryable: false,
		});
		expect(tag.findings[0].evidence).toMatchObject({
			httpCode: 400,
			errorCode: 'INVALID_KEY_OR_REF',
		});
		expect(reading.fields).toEqual({
			executionId: '4127',
			executionUrl: `${BASE_URL}/workflow/rhGuardedErpPost/executions/4127`,
			workflowName: 'Guarded ERP posting',
			failedNode: 'Post credit memo',
		});
		expect(reading.workflowId).toBe('rhGuardedErpPost');
		expect(reading.mode).toBe('webhook');
	});

	it('names a 401 INVALID_LOGIN as failed authentication, not retryable', () => {
		const { tag } = tagOf(UNAUTHORIZED);

		expect(tag).toMatchObject({
			symptom: 'missing_handoff',
			cause: 'auth_failed',
			retryable: false,
		});
		expect(tag.findings[0].evidence).toMatchObject({ httpCode: 401 });
	});

	it('names a 429 as a rate limit, retryable', () => {
		const { tag } = tagOf(RATE_LIMITED);

		expect(tag).toMatchObject({
			symptom: 'timing_latency',
			cause: 'rate_limited',
			retryable: true,
		});
		expect(tag.findings[0].evidence).toMatchObject({ httpCode: 429 });
	});

	it('names ECONNREFUSED (which n8n puts in httpCode) as a transport failure, retryable', () => {
		const { reading, tag } = tagOf(REFUSED);

		expect(reading.error.code).toBe('ECONNREFUSED');
		expect(tag).toMatchObject({
			symptom: 'missing_handoff',
			cause: 'transport_failed',
			retryable: true,
		});
		expect(tag.findings[0].evidence).toMatchObject({ httpCode: null });
	});

	it('keeps an unknown ERP error unclassified, with the ERP’s own code, and guesses nothing', () => {
		const { tag } = tagOf(UNKNOWN);

		expect(tag).toMatchObject({ symptom: null, cause: 'unclassified' });
		expect(tag.findings[0].evidence).toMatchObject({ httpCode: 400, errorCode: 'USER_ERROR' });
	});

	it('reads a Code node’s error, naming the last node n8n ran as the failed one', () => {
		const { reading, tag } = tagOf(CODE_NODE);

		expect(reading.fields).toMatchObject({ executionId: '4132', failedNode: 'Map the refund' });
		expect(reading.error.message).toBe('Refund RA-20017 has no order reference [line 1]');
		expect(tag).toMatchObject({ symptom: null, cause: 'unclassified' });
	});

	it('leaves the failed node’s parameters, the request it sent and the stack out of the error', () => {
		for (const item of [BAD_REF, REFUSED, CODE_NODE]) {
			const reading = readErrorTriggerItem(item);
			const text = JSON.stringify(reading?.error);

			expect(Object.keys(reading?.error ?? {})).not.toEqual(
				expect.arrayContaining(['node', 'stack', 'context']),
			);
			expect(text).not.toContain('oauth_signature');
			expect(text).not.toContain('suitetalk.api.netsuite.com');
			expect(text).not.toContain('evalmachine');
		}
	});

	it('does not let a URL or a workflow name match a row: only the error decides', () => {
		// "does not exist" would name an unknown order if anything but the error were read.
		const item = errorTriggerItem(
			{ message: 'Unexpected end of JSON input', name: 'SyntaxError' },
			{ lastNodeExecuted: 'Skip orders that do not exist' },
		);
		(item.workflow as Record<string, unknown>).name = 'Post returns whose order does not exist';
		const { reading, tag } = tagOf(item);

		expect(tag.symptom).toBeNull();
		expect(reading.fields.workflowName).toBe('Post returns whose order does not exist');
		expect(reading.fields.failedNode).toBe('Skip orders that do not exist');
	});

	it('reads the live NodeApiError n8n hands the error workflow in the same process', () => {
		const node = { ...HTTP_NODE, position: [780, 0] as [number, number] } as INode;
		const live = new NodeApiError(
			node,
			{
				message: netsuiteMessage(
					400,
					'Bad Request',
					'A record with the same external ID already exists.',
					'DUP_RCRD',
				),
			} as JsonObject,
			{ httpCode: '400' },
		);
		const { reading, tag } = tagOf(errorTriggerItem(live, { id: '4140' }));

		expect(reading.fields.failedNode).toBe('Post credit memo');
		expect(tag).toMatchObject({ symptom: 'duplicate_posting', cause: 'already_posted' });
	});

	it('reads a failed trigger, which has no execution to link to', () => {
		const reading = readErrorTriggerItem({
			trigger: {
				error: { message: 'connect ECONNREFUSED 10.20.0.15:443', name: 'NodeApiError' },
				mode: 'trigger',
			},
			workflow: WORKFLOW,
		});

		expect(reading?.fields).toEqual({
			executionId: null,
			executionUrl: null,
			workflowName: 'Guarded ERP posting',
			failedNode: null,
		});
		expect(tagHandoffError(reading?.error, NOW)).toMatchObject({ cause: 'transport_failed' });
	});

	it('returns null for anything else', () => {
		expect(readErrorTriggerItem({ error: { message: 'socket hang up' } })).toBeNull();
		expect(readErrorTriggerItem(null)).toBeNull();
	});
});
