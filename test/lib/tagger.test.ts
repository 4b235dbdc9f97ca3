import { CATALOG, isKnownCause } from '../../lib/catalog';
import { ERROR_TABLE, tagHandoffError } from '../../lib/tagger';

const NOW = '2026-03-02T12:00:00.000Z';
const OPTIONS = { now: NOW };

/** The payload n8n keeps beside the error on the error output (it merges the input item). */
const PAYLOAD = {
	returnId: 'RA-10042',
	orderId: '#1042',
	orderRef: 'SO-0001042',
	status: 'refunded',
	channel: 'web-us',
	subsidiary: 'US Retail',
	refundAmount: '85.00',
	currency: 'USD',
	lines: [
		{ sku: 'TEE-BLK-M', quantity: 1, category: 'apparel', amount: '60.00' },
		{ sku: 'HOOD-GRY-L', quantity: 1, category: 'apparel', amount: '40.00' },
	],
};

/** NodeApiError's messages for common statuses (n8n-workflow's STATUS_CODE_MESSAGES). */
const N8N_MESSAGES: Record<number, string> = {
	400: 'Bad request - please check your parameters',
	401: 'Authorization failed - please check your credentials',
	403: 'Forbidden - perhaps check your credentials?',
	404: 'The resource you are requesting could not be found',
	409: 'Your request is invalid or could not be processed by the service',
	422: 'Your request is invalid or could not be processed by the service',
	429: 'The service is receiving too many requests from you',
	500: 'The service was not able to process your request',
	502: 'Bad gateway - the service failed to handle your request',
	503: 'Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)',
};

/**
 * An HTTP Request node (v4) error item's json: `{ ...payload, error: { message, description,
 * httpCode, body, context } }`.
 */
function n8nItem(httpCode: number, body: unknown, description?: string): Record<string, unknown> {
	return {
		...PAYLOAD,
		error: {
			message: N8N_MESSAGES[httpCode] ?? 'The service failed to process your request',
			...(description !== undefined && { description }),
			httpCode: String(httpCode),
			body,
			context: {},
		},
	};
}

/** A NetSuite REST error body (RFC 9457 problem details with o:errorDetails). */
function netsuiteBody(status: number, detail: string, errorCode: string, errorPath?: string) {
	return {
		type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1',
		title: 'Bad Request',
		status,
		'o:errorDetails': [
			{
				detail,
				'o:errorCode': errorCode,
				...(errorPath !== undefined && { 'o:errorPath': errorPath }),
			},
		],
	};
}

function netsuiteItem(status: number, detail: string, errorCode: string, errorPath?: string) {
	return n8nItem(status, netsuiteBody(status, detail, errorCode, errorPath), detail);
}

/** SAP Gateway OData v2 error body. */
function sapBody(code: string, text: string) {
	return {
		error: {
			code,
			message: { lang: 'en', value: text },
			innererror: {
				transactionid: '5E1A2B3C4D5E6F708192A3B4C5D6E7F8',
				errordetails: [{ code, message: text, propertyref: '', severity: 'error', target: '' }],
			},
		},
	};
}

/** Dynamics 365 / Dataverse Web API error body. */
function dynamicsBody(code: string, message: string) {
	return { error: { code, message } };
}

describe('tagHandoffError: every tag', () => {
	it('is a mismatch with the catalog fields, the return named from the item, stamped with `now`', () => {
		const tag = tagHandoffError(netsuiteItem(400, 'dup', 'DUP_RCRD'), OPTIONS);
		expect(tag.state).toBe('mismatch');
		expect(tag.severity).toBe('error');
		expect(tag.boundary).toBe(CATALOG.duplicate_posting.boundary);
		expect(tag.fixType).toBe(CATALOG.duplicate_posting.fixType);
		expect(tag.nextSteps).toEqual(CATALOG.duplicate_posting.nextSteps);
		expect(tag.returnId).toBe('RA-10042');
		expect(tag.orderId).toBe('#1042');
		expect(tag.category).toBe('apparel');
		expect(tag.checkedAt).toBe(NOW);
		expect(tag.findings).toHaveLength(1);
	});

	it('keeps the table as ordered data: content rows before HTTP status rows, known causes only', () => {
		const firstHttpRow = ERROR_TABLE.findIndex((row) => !row.codes && !row.phrases && !row.fields);
		expect(firstHttpRow).toBeGreaterThan(0);
		for (const [index, row] of ERROR_TABLE.entries()) {
			const isHttpRow = !row.codes && !row.phrases && !row.fields;
			expect(isHttpRow).toBe(index >= firstHttpRow);
			expect(isKnownCause(row.symptom, row.cause)).toBe(true);
		}
	});
});

describe('tagHandoffError: transport failures → missing_handoff/transport_failed, retryable', () => {
	it('a Node.js ECONNRESET error', () => {
		const error = Object.assign(new Error('read ECONNRESET'), {
			code: 'ECONNRESET',
			syscall: 'read',
		});
		const tag = tagHandoffError(error, OPTIONS);
		expect(tag.symptom).toBe('missing_handoff');
		expect(tag.cause).toBe('transport_failed');
		expect(tag.retryable).toBe(true);
		expect(tag.findings[0].evidence).toMatchObject({
			errorCode: 'ECONNRESET',
			matched: 'ECONNRESET',
			httpCode: null,
		});
	});

	it('an n8n error item whose message n8n rewrote (the ECONNRESET code is gone)', () => {
		const item = {
			...PAYLOAD,
			error: {
				message:
					'The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.',
				httpCode: null,
				context: {},
			},
		};
		const tag = tagHandoffError(item, OPTIONS);
		expect(tag.cause).toBe('transport_failed');
		expect(tag.retryable).toBe(true);
	});

	it.each([
		['ETIMEDOUT', { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 10.20.30.40:443' }],
		[
			'ECONNREFUSED',
			{ error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:8123' } },
		],
		['socket hang up', { error: { message: 'socket hang up', name: 'RequestError' } }],
		['socket hang up as a bare string', 'Error: socket hang up'],
	])('%s', (_name, error) => {
		const tag = tagHandoffError(error, OPTIONS);
		expect(tag.cause).toBe('transport_failed');
		expect(tag.retryable).toBe(true);
	});
});

describe('tagHandoffError: authentication → missing_handoff/auth_failed, not retryable', () => {
	it('NetSuite 401 INVALID_LOGIN', () => {
		const tag = tagHandoffError(
			netsuiteItem(
				401,
				'Invalid login attempt. For more details, see the Login Audit Trail.',
				'INVALID_LOGIN',
			),
			OPTIONS,
		);
		expect(tag.symptom).toBe('missing_handoff');
		expect(tag.cause).toBe('auth_failed');
		expect(tag.retryable).toBe(false);
		expect(tag.findings[0].evidence).toMatchObject({ httpCode: 401, errorCode: 'INVALID_LOGIN' });
	});

	it('a bare 403', () => {
		const tag = tagHandoffError(n8nItem(403, { message: 'Forbidden' }), OPTIONS);
		expect(tag.cause).toBe('auth_failed');
		expect(tag.findings[0].evidence).toMatchObject({ httpCode: 403, matched: 'HTTP 403' });
	});
});

describe('tagHandoffError: invalid references → id_linkage_failure/order_ref_unknown', () => {
	it('NetSuite INVALID_KEY_OR_REF', () => {
		const tag = tagHandoffError(
			netsuiteItem(
				400,
				'Invalid Field Value 99999 for the following field: createdfrom',
				'INVALID_KEY_OR_REF',
				'createdfrom',
			),
			OPTIONS,
		);
		expect(tag.symptom).toBe('id_linkage_failure');
		expect(tag.cause).toBe('order_ref_unknown');
		expect(tag.retryable).toBe(false);
		expect(tag.findings[0].evidence).toMatchObject({
			httpCode: 400,
			errorCode: 'INVALID_KEY_OR_REF',
			matched: 'INVALID_KEY_OR_REF',
		});
	});

	it('SAP OData "does not exist"', () => {
		const tag = tagHandoffError(
			n8nItem(
				400,
				sapBody('V1/302', 'Sales document 1042 does not exist'),
				'Sales document 1042 does not exist',
			),
			OPTIONS,
		);
		expect(tag.cause).toBe('order_ref_unknown');
		expect(tag.findings[0].evidence).toMatchObject({ matched: 'does not exist' });
	});

	it('Dynamics 365 0x80040217 "Does Not Exist"', () => {
		const body = dynamicsBody(
			'0x80040217',
			'salesorder With Id = 2f6e2b1a-0000-0000-0000-000000001042 Does Not Exist',
		);
		const tag = tagHandoffError(n8nItem(404, body), OPTIONS);
		expect(tag.cause).toBe('order_ref_unknown');
		expect(tag.findings[0].evidence).toMatchObject({
			errorCode: '0x80040217',
			matched: '0x80040217',
		});
	});

	it('a bare 404', () => {
		const tag = tagHandoffError(n8nItem(404, 'Not Found'), OPTIONS);
		expect(tag.cause).toBe('order_ref_unknown');
		expect(tag.findings[0].evidence).toMatchObject({ matched: 'HTTP 404' });
	});
});

describe('tagHandoffError: a status field → missing_handoff/unmapped_status', () => {
	it('NetSuite 400 naming the status field in o:errorPath', () => {
		const tag = tagHandoffError(
			netsuiteItem(
				400,
				'Invalid Field Value pendingRefund for the following field: status',
				'INVALID_FLD_VALUE',
				'status',
			),
			OPTIONS,
		);
		expect(tag.symptom).toBe('missing_handoff');
		expect(tag.cause).toBe('unmapped_status');
		expect(tag.retryable).toBe(false);
		expect(tag.findings[0].evidence).toMatchObject({
			field: 'status',
			errorCode: 'INVALID_FLD_VALUE',
		});
	});

	it('a 422 whose error list names the field status', () => {
		const body = { errors: [{ field: 'status', message: 'is not included in the list' }] };
		expect(tagHandoffError(n8nItem(422, body), OPTIONS).cause).toBe('unmapped_status');
	});

	it('the NetSuite wording alone, without an error path', () => {
		const item = n8nItem(400, 'Invalid Field Value pendingRefund for the following field: status');
		expect(tagHandoffError(item, OPTIONS).cause).toBe('unmapped_status');
	});

	it('a 400 that names another field is not a status problem', () => {
		const item = netsuiteItem(
			400,
			'Invalid Field Value X for the following field: statusreason',
			'INVALID_FLD_VALUE',
			'custbody_statusreason',
		);
		expect(tagHandoffError(item, OPTIONS).symptom).toBeNull();
	});
});

describe('tagHandoffError: duplicates → duplicate_posting/already_posted', () => {
	it('NetSuite DUP_RCRD (sent with a 400, which alone would mean nothing)', () => {
		const tag = tagHandoffError(
			netsuiteItem(
				400,
				'A record with the same external ID already exists. Duplicate records are not allowed.',
				'DUP_RCRD',
			),
			OPTIONS,
		);
		expect(tag.symptom).toBe('duplicate_posting');
		expect(tag.cause).toBe('already_posted');
		expect(tag.retryable).toBe(false);
		expect(tag.findings[0].evidence).toMatchObject({
			httpCode: 400,
			errorCode: 'DUP_RCRD',
			matched: 'DUP_RCRD',
		});
	});

	it('a bare 409', () => {
		const tag = tagHandoffError(n8nItem(409, { message: 'Conflict' }), OPTIONS);
		expect(tag.cause).toBe('already_posted');
		expect(tag.findings[0].evidence).toMatchObject({ matched: 'HTTP 409' });
	});
});

describe('tagHandoffError: request limits → timing_latency/rate_limited, retryable', () => {
	it('NetSuite 429 SSS_REQUEST_LIMIT_EXCEEDED', () => {
		const tag = tagHandoffError(
			netsuiteItem(429, 'Request limit exceeded. Try again later.', 'SSS_REQUEST_LIMIT_EXCEEDED'),
			OPTIONS,
		);
		expect(tag.symptom).toBe('timing_latency');
		expect(tag.cause).toBe('rate_limited');
		expect(tag.retryable).toBe(true);
		expect(tag.severity).toBe('error');
	});

	it('a bare 429 from a raw error-like object', () => {
		const tag = tagHandoffError({ statusCode: 429, message: 'Rate exceeded' }, OPTIONS);
		expect(tag.cause).toBe('rate_limited');
		expect(tag.retryable).toBe(true);
	});
});

describe('tagHandoffError: 5xx → missing_handoff/erp_unavailable, retryable', () => {
	it.each([500, 502, 503])('%d', (status) => {
		const tag = tagHandoffError(n8nItem(status, { title: 'Service Unavailable', status }), OPTIONS);
		expect(tag.symptom).toBe('missing_handoff');
		expect(tag.cause).toBe('erp_unavailable');
		expect(tag.retryable).toBe(true);
		expect(tag.findings[0].evidence).toMatchObject({ httpCode: status, matched: `HTTP ${status}` });
	});

	it('reads the status of an axios-style error from its response', () => {
		const error = {
			message: 'Request failed with status code 502',
			response: { status: 502, data: '<html>Bad Gateway</html>' },
		};
		expect(tagHandoffError(error, OPTIONS).cause).toBe('erp_unavailable');
	});
});

describe('tagHandoffError: subsidiary and amount errors', () => {
	it('NetSuite naming the subsidiary field → id_linkage_failure/wrong_subsidiary', () => {
		const tag = tagHandoffError(
			netsuiteItem(
				400,
				'Invalid Field Value 7 for the following field: subsidiary',
				'INVALID_FLD_VALUE',
				'subsidiary',
			),
			OPTIONS,
		);
		expect(tag.symptom).toBe('id_linkage_failure');
		expect(tag.cause).toBe('wrong_subsidiary');
		expect(tag.retryable).toBe(false);
	});

	it('a subsidiary reference error wins over the generic invalid-reference row', () => {
		const item = netsuiteItem(
			400,
			'Invalid subsidiary reference key 7.',
			'INVALID_KEY_OR_REF',
			'subsidiary',
		);
		expect(tagHandoffError(item, OPTIONS).cause).toBe('wrong_subsidiary');
	});

	it('NetSuite naming a line amount → partial_receipt_conflict', () => {
		const tag = tagHandoffError(
			netsuiteItem(
				400,
				'Invalid Field Value -12.50 for the following field: amount',
				'INVALID_FLD_VALUE',
				'item.items[0].amount',
			),
			OPTIONS,
		);
		expect(tag.symptom).toBe('partial_receipt_conflict');
		expect(tag.cause).toBe('amount_mismatch');
		expect(tag.findings[0].evidence).toMatchObject({ field: 'amount' });
	});
});

describe('tagHandoffError: ERP error codes come before HTTP status rows', () => {
	it('SAP "does not exist" sent with a 500 is an unknown order, not an unavailable ERP', () => {
		const tag = tagHandoffError(
			n8nItem(500, sapBody('V1/302', 'Sales document 1042 does not exist')),
			OPTIONS,
		);
		expect(tag.cause).toBe('order_ref_unknown');
		expect(tag.retryable).toBe(false);
	});

	it('a request-limit code sent with a 503 is a rate limit', () => {
		const tag = tagHandoffError(
			netsuiteItem(503, 'Request limit exceeded.', 'SSS_REQUEST_LIMIT_EXCEEDED'),
			OPTIONS,
		);
		expect(tag.cause).toBe('rate_limited');
		expect(tag.findings[0].evidence).toMatchObject({
			httpCode: 503,
			matched: 'SSS_REQUEST_LIMIT_EXCEEDED',
		});
	});

	it('a duplicate code sent with a 404 is a duplicate', () => {
		const tag = tagHandoffError(
			netsuiteItem(404, 'Duplicate records are not allowed.', 'DUP_RCRD'),
			OPTIONS,
		);
		expect(tag.cause).toBe('already_posted');
	});

	it('finds the code in a JSON body held as a string (response.body)', () => {
		const raw = {
			statusCode: 400,
			message: 'Request failed',
			response: {
				statusCode: 400,
				body: JSON.stringify(netsuiteBody(400, 'Duplicate', 'DUP_RCRD')),
			},
		};
		expect(tagHandoffError(raw, OPTIONS).cause).toBe('already_posted');
	});

	it('finds the code in n8n\'s legacy "400 - {json}" message', () => {
		const legacy = {
			...PAYLOAD,
			error: {
				name: 'StatusCodeError',
				statusCode: 400,
				message: `400 - ${JSON.stringify(JSON.stringify(netsuiteBody(400, 'Invalid reference', 'INVALID_KEY_OR_REF', 'createdfrom')))}`,
				error: JSON.stringify(
					netsuiteBody(400, 'Invalid reference', 'INVALID_KEY_OR_REF', 'createdfrom'),
				),
				options: {
					method: 'POST',
					uri: 'https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/creditMemo',
				},
			},
		};
		const tag = tagHandoffError(legacy, OPTIONS);
		expect(tag.cause).toBe('order_ref_unknown');
		expect(tag.findings[0].evidence).toMatchObject({
			httpCode: 400,
			errorCode: 'INVALID_KEY_OR_REF',
		});
	});
});

describe('tagHandoffError: unknown errors', () => {
	it('get symptom null, cause unclassified and the raw error, never a guess', () => {
		const tag = tagHandoffError(
			netsuiteItem(
				400,
				'Please enter value(s) for: Return Reason Code',
				'USER_ERROR',
				'custbody_rr_code',
			),
			OPTIONS,
		);
		expect(tag.state).toBe('mismatch');
		expect(tag.symptom).toBeNull();
		expect(tag.cause).toBe('unclassified');
		expect(tag.retryable).toBeUndefined();
		expect(tag.nextSteps).toEqual([]);
		const evidence = tag.findings[0].evidence as {
			httpCode: number;
			errorCode: string;
			raw: { body: { 'o:errorDetails': Array<{ detail: string }> } };
		};
		expect(evidence.httpCode).toBe(400);
		expect(evidence.errorCode).toBe('USER_ERROR');
		expect(evidence.raw.body['o:errorDetails'][0].detail).toBe(
			'Please enter value(s) for: Return Reason Code',
		);
	});

	it("name the ERP's own error code rather than the HTTP client's", () => {
		const item = {
			...PAYLOAD,
			error: {
				code: 'ERR_BAD_REQUEST',
				message: 'Request failed with status code 400',
				response: {
					status: 400,
					data: netsuiteBody(400, 'Please enter value(s) for: Return Reason Code', 'USER_ERROR'),
				},
			},
		};
		const tag = tagHandoffError(item, OPTIONS);
		expect(tag.symptom).toBeNull();
		expect(tag.findings[0].evidence).toMatchObject({ httpCode: 400, errorCode: 'USER_ERROR' });
	});

	it.each([
		['null', null],
		['a number', 42],
		['an empty object', {}],
	])('%s', (_name, error) => {
		const tag = tagHandoffError(error, OPTIONS);
		expect(tag.symptom).toBeNull();
		expect(tag.cause).toBe('unclassified');
		expect(tag.state).toBe('mismatch');
	});

	it('redact credentials in the raw error they keep', () => {
		const item = {
			...PAYLOAD,
			error: {
				name: 'StatusCodeError',
				statusCode: 418,
				message: "418 - I'm a teapot",
				options: {
					uri: 'https://erp.example.com/api/creditMemo?api_key=sk_live_123456',
					headers: {
						Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
						'X-Api-Key': 'k-98765',
					},
				},
				response: { headers: { 'set-cookie': ['JSESSIONID=abc123; Path=/'] }, body: 'teapot' },
			},
		};
		const tag = tagHandoffError(item, OPTIONS);
		expect(tag.symptom).toBeNull();
		const text = JSON.stringify(tag);
		for (const secret of ['eyJhbGciOiJIUzI1NiJ9', 'k-98765', 'sk_live_123456', 'abc123']) {
			expect(text).not.toContain(secret);
		}
		expect(text).toContain('[redacted]');
	});

	it('cut the raw error to a readable size on a 1 MB message', () => {
		const huge = `Unexpected failure: ${'x'.repeat(1_000_000)}`;
		const tag = tagHandoffError({ ...PAYLOAD, error: { message: huge, httpCode: '400' } }, OPTIONS);
		expect(tag.symptom).toBeNull();
		const raw = tag.findings[0].evidence.raw as { message: string };
		expect(raw.message.length).toBeLessThanOrEqual(2_001);
		expect(JSON.stringify(tag).length).toBeLessThan(20_000);
	});
});

describe('tagHandoffError: evidence', () => {
	it('redacts credentials in the detail it copies', () => {
		const item = n8nItem(
			400,
			{ message: 'bad' },
			'Duplicate record; request was sent with Authorization: Bearer abc.def.ghi',
		);
		const tag = tagHandoffError(item, OPTIONS);
		expect(tag.cause).toBe('already_posted');
		expect(String(tag.findings[0].evidence.detail)).not.toContain('abc.def.ghi');
	});

	it('is bounded on huge inputs: a 1 MB message that names a known code is classified by it', () => {
		const huge = `DUP_RCRD ${'y'.repeat(1_000_000)}`;
		const tag = tagHandoffError({ error: { message: huge, httpCode: '400' } }, OPTIONS);
		expect(tag.cause).toBe('already_posted');
	});

	it('does not read the failed payload as part of the error', () => {
		// The payload's own `status` must not be read as the ERP's HTTP status or a status field.
		const item = { ...PAYLOAD, status: 'approved', error: { message: 'Something odd happened' } };
		const tag = tagHandoffError(item, OPTIONS);
		expect(tag.symptom).toBeNull();
		expect(tag.findings[0].evidence.httpCode).toBeNull();
	});
});

describe('tagHandoffError: options are read on every call', () => {
	it('a change to the options object between two calls takes effect', () => {
		const options = { now: '2026-03-02T12:00:00Z' };
		const error = { error: { httpCode: '503', message: 'Service Unavailable' } };
		expect(tagHandoffError(error, options).checkedAt).toBe('2026-03-02T12:00:00.000Z');
		options.now = '2026-03-02T13:15:00Z';
		expect(tagHandoffError(error, options).checkedAt).toBe('2026-03-02T13:15:00.000Z');
	});

	it('ignores the vocabulary it does not use and suggests the name a typo meant', () => {
		const error = { error: { httpCode: '503' } };
		expect(tagHandoffError(error, { now: NOW, slaWindowMinutes: 240 }).checkedAt).toBe(NOW);
		expect(() => tagHandoffError(error, { nwo: NOW } as never)).toThrow(/did you mean now\?/);
	});
});
