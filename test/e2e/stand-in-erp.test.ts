// The stand-in NetSuite says no where NetSuite says no: each check it makes, shown failing with
// NetSuite's own error shape, and passing when the request is right.
import { generateKeyPairSync } from 'node:crypto';

import {
	clientAssertion,
	freshStamp,
	tokenBasedAuthorization,
	tokenRequestBody,
} from '../../credentials/netSuiteSigning';
import { startStandInErp, type StandInErp, type StandInOptions } from '../../scripts/stand-in-erp';

const ORDERS = [
	{ tranId: 'SO-0020001', status: 'F', subsidiary: 'US Retail', currency: 'USD' },
	{ tranId: 'SO-0020002', status: 'H', subsidiary: 'US Retail', currency: 'USD', total: 50 },
	{ tranId: 'SO-0020003', status: 'B', subsidiary: 'Canada Retail', currency: 'CAD' },
];

const open: StandInErp[] = [];
afterEach(async () => {
	await Promise.all(open.splice(0).map((erp) => erp.close()));
});

async function standIn(options: StandInOptions = {}) {
	const erp = await startStandInErp({ orders: ORDERS, ...options });
	open.push(erp);
	return erp;
}

interface Answer {
	status: number;
	location: string | null;
	json: Record<string, unknown> | null;
}

async function send(
	erp: StandInErp,
	method: string,
	path: string,
	options: { body?: unknown; auth?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
	const response = await fetch(`${erp.url}${path}`, {
		method,
		headers: {
			'content-type': 'application/json',
			...(options.auth ? { authorization: options.auth } : {}),
			...options.headers,
		},
		body:
			options.body === undefined
				? undefined
				: typeof options.body === 'string'
					? options.body
					: JSON.stringify(options.body),
	});
	const text = await response.text();
	return {
		status: response.status,
		location: response.headers.get('location'),
		json: text ? JSON.parse(text) : null,
	};
}

const errorCode = (answer: Answer) =>
	(answer.json?.['o:errorDetails'] as Array<Record<string, string>> | undefined)?.[0]?.[
		'o:errorCode'
	];
const errorPath = (answer: Answer) =>
	(answer.json?.['o:errorDetails'] as Array<Record<string, string>> | undefined)?.[0]?.[
		'o:errorPath'
	];

/** A token-based Authorization header for one request. */
function signed(
	erp: StandInErp,
	method: string,
	path: string,
	overrides = {},
	stamp = freshStamp(),
) {
	return tokenBasedAuthorization(
		{ ...erp.tba, ...overrides },
		method,
		new URL(`${erp.url}${path}`),
		stamp,
	);
}

const MEMO = '/services/rest/record/v1/creditMemo';
const SUITEQL = '/services/rest/query/v1/suiteql?limit=1000&offset=0';

function memo(overrides: Record<string, unknown> = {}) {
	return {
		externalId: 'RA-20001',
		createdFrom: { refName: 'SO-0020001' },
		subsidiary: { refName: 'US Retail' },
		currency: { refName: 'USD' },
		total: 42.5,
		...overrides,
	};
}

async function postMemo(erp: StandInErp, body: unknown) {
	return await send(erp, 'POST', MEMO, { body, auth: signed(erp, 'POST', MEMO) });
}

async function bearerToken(erp: StandInErp) {
	const assertion = clientAssertion({
		clientId: erp.m2m.clientId,
		certificateId: erp.m2m.certificateId,
		privateKey: String(erp.m2m.privateKey),
		algorithm: 'PS256',
		tokenUrl: erp.tokenUrl,
	});
	const response = await fetch(erp.tokenUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: tokenRequestBody(assertion),
	});
	return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('token-based authentication', () => {
	it('accepts a correctly signed request, query string included', async () => {
		const erp = await standIn();

		const answer = await send(erp, 'POST', SUITEQL, {
			auth: signed(erp, 'POST', SUITEQL),
			headers: { prefer: 'transient' },
			body: { q: "SELECT id FROM transaction WHERE type = 'SalesOrd'" },
		});

		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ count: 3, hasMore: false, totalResults: 3 });
	});

	it.each([
		['a wrong consumer secret', { consumerSecret: 'guessed' }],
		['a wrong token secret', { tokenSecret: 'guessed' }],
		['an unknown token ID', { tokenId: 'f'.repeat(64) }],
		['another account as realm', { accountId: '654321' }],
	])('answers 401 INVALID_LOGIN to %s', async (_case, overrides) => {
		const erp = await standIn();

		const answer = await send(erp, 'POST', MEMO, {
			body: memo(),
			auth: signed(erp, 'POST', MEMO, overrides),
		});

		expect(answer.status).toBe(401);
		expect(answer.json).toMatchObject({ status: 401, title: 'Unauthorized' });
		expect(errorCode(answer)).toBe('INVALID_LOGIN');
	});

	it('answers 401 to a request signed for another URL (the query is signed)', async () => {
		const erp = await standIn();

		const answer = await send(erp, 'POST', SUITEQL, {
			auth: signed(erp, 'POST', '/services/rest/query/v1/suiteql?limit=5&offset=0'),
			headers: { prefer: 'transient' },
			body: { q: "SELECT id FROM transaction WHERE type = 'SalesOrd'" },
		});

		expect(answer.status).toBe(401);
		expect(errorCode(answer)).toBe('INVALID_LOGIN');
	});

	it('answers 401 to a stale timestamp (more than 5 minutes off)', async () => {
		const erp = await standIn();
		const stale = {
			nonce: 'n0nce-stale-but-long-enough',
			timestamp: Math.floor(Date.now() / 1000) - 301,
		};

		const answer = await send(erp, 'POST', MEMO, {
			body: memo(),
			auth: signed(erp, 'POST', MEMO, {}, stale),
		});

		expect(answer.status).toBe(401);
		expect(errorCode(answer)).toBe('INVALID_LOGIN');
		expect(erp.calls()[0].authFailure).toBe('timestamp');
	});

	it('answers 401 to a replayed nonce', async () => {
		const erp = await standIn();
		const auth = signed(erp, 'POST', MEMO);

		const first = await send(erp, 'POST', MEMO, { body: memo(), auth });
		const replay = await send(erp, 'POST', MEMO, { body: memo({ externalId: 'RA-9' }), auth });

		expect(first.status).toBe(200);
		expect(replay.status).toBe(401);
		expect(errorCode(replay)).toBe('INVALID_LOGIN');
		expect(erp.calls()[1].authFailure).toBe('nonce replayed');
	});

	it('answers 401 to a request with no credentials, unless started with requireAuth false', async () => {
		const strict = await standIn();
		const lenient = await standIn({ requireAuth: false });

		expect(errorCode(await send(strict, 'POST', MEMO, { body: memo() }))).toBe('INVALID_LOGIN');
		expect((await send(lenient, 'POST', MEMO, { body: memo() })).status).toBe(200);
	});
});

describe('OAuth 2.0 machine to machine', () => {
	it('issues a bearer token for a valid assertion, and accepts it until it expires', async () => {
		let now = Date.now();
		const erp = await standIn({ tokenLifetimeSeconds: 60, clock: () => now });

		const token = await bearerToken(erp);
		expect(token.status).toBe(200);
		expect(token.json).toMatchObject({ token_type: 'bearer', expires_in: 60 });
		const auth = `Bearer ${String(token.json.access_token)}`;

		expect((await send(erp, 'POST', MEMO, { body: memo(), auth })).status).toBe(200);
		now += 61_000;
		const expired = await send(erp, 'POST', MEMO, { body: memo({ externalId: 'RA-3' }), auth });

		expect(expired.status).toBe(401);
		expect(errorCode(expired)).toBe('INVALID_LOGIN');
		expect(erp.calls().at(-1)?.authFailure).toBe('token expired');
	});

	it('refuses an assertion whose signature the certificate does not verify', async () => {
		const erp = await standIn();
		const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
		const assertion = clientAssertion({
			clientId: erp.m2m.clientId,
			certificateId: erp.m2m.certificateId,
			privateKey: stranger.export({ type: 'pkcs8', format: 'pem' }).toString(),
			algorithm: 'RS256',
			tokenUrl: erp.tokenUrl,
		});

		const response = await fetch(erp.tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: tokenRequestBody(assertion),
		});

		expect(response.status).toBe(401);
		expect(await response.json()).toMatchObject({ error: 'invalid_client' });
	});

	it.each([
		['another kid', { certificateId: 'other-certificate' }, 401, 'invalid_client'],
		['another issuer', { clientId: 'other-client' }, 401, 'invalid_client'],
		[
			'another audience',
			{ tokenUrl: 'https://123456-sb1.suitetalk.api.netsuite.com/x' },
			400,
			'invalid_grant',
		],
		[
			'an expired assertion',
			{ issuedAt: Math.floor(Date.now() / 1000) - 7200 },
			400,
			'invalid_grant',
		],
	])('refuses an assertion with %s', async (_case, overrides, status, error) => {
		const erp = await standIn();
		const assertion = clientAssertion({
			clientId: erp.m2m.clientId,
			certificateId: erp.m2m.certificateId,
			privateKey: String(erp.m2m.privateKey),
			algorithm: 'PS256',
			tokenUrl: erp.tokenUrl,
			...overrides,
		});

		const response = await fetch(erp.tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: tokenRequestBody(assertion),
		});

		expect(response.status).toBe(status);
		expect(await response.json()).toMatchObject({ error });
	});

	it('answers 401 to a bearer token it never issued', async () => {
		const erp = await standIn();

		const answer = await send(erp, 'POST', MEMO, { body: memo(), auth: 'Bearer made-up' });

		expect(errorCode(answer)).toBe('INVALID_LOGIN');
	});
});

describe('credit memos', () => {
	it('creates a credit memo for a good payload, with NetSuite’s Location header', async () => {
		const erp = await standIn();

		const created = await postMemo(erp, memo({ returnId: 'RA-20001' }));

		expect(created.status).toBe(200);
		expect(created.json).toMatchObject({ id: expect.any(String), returnId: 'RA-20001' });
		expect(created.location).toMatch(/\/services\/rest\/record\/v1\/creditMemo\/\d+$/);
		const fetched = await send(erp, 'GET', new URL(String(created.location)).pathname, {
			auth: signed(erp, 'GET', new URL(String(created.location)).pathname),
		});
		expect(fetched.json).toMatchObject({ externalId: 'RA-20001', total: 42.5 });
	});

	it.each([
		[
			'an order it does not have',
			memo({ createdFrom: { refName: 'SO-0099999' } }),
			'INVALID_KEY_OR_REF',
			'createdFrom',
		],
		[
			'another subsidiary than the order’s',
			memo({ subsidiary: { refName: 'Canada Retail' } }),
			'INVALID_FLD_VALUE',
			'subsidiary',
		],
		[
			'another currency than the order’s',
			memo({ currency: { refName: 'EUR' } }),
			'INVALID_FLD_VALUE',
			'currency',
		],
		['a negative total', memo({ total: -12.5 }), 'INVALID_FLD_VALUE', 'total'],
		['a total that is not a number', memo({ total: 'twelve' }), 'INVALID_FLD_VALUE', 'total'],
		[
			'more than is left to credit on the order',
			memo({ createdFrom: { refName: 'SO-0020002' }, total: 60 }),
			'INVALID_FLD_VALUE',
			'total',
		],
		['no createdFrom', memo({ createdFrom: undefined }), 'USER_ERROR', 'createdFrom'],
		['neither lines nor a total', memo({ total: undefined }), 'USER_ERROR', 'item'],
	])('refuses %s', async (_case, body, code, path) => {
		const erp = await standIn();

		const answer = await postMemo(erp, JSON.parse(JSON.stringify(body)));

		expect(answer.status).toBe(400);
		expect(answer.json).toMatchObject({ status: 400, title: 'Bad Request' });
		expect(errorCode(answer)).toBe(code);
		expect(errorPath(answer)).toBe(path);
	});

	it('takes lines instead of a total, and refers to an order by internal ID', async () => {
		const erp = await standIn({ orders: [{ tranId: 'SO-0020001', id: '880001' }] });

		const answer = await postMemo(
			erp,
			memo({
				total: undefined,
				createdFrom: { id: '880001' },
				item: { items: [{ amount: 20 }, { amount: '5.5' }] },
			}),
		);

		expect(answer.status).toBe(200);
	});

	it('refuses a second credit memo with the same externalId: DUP_RCRD', async () => {
		const erp = await standIn({ creditMemos: [{ externalId: 'RA-20003', total: 10 }] });

		const first = await postMemo(erp, memo({ externalId: 'RA-20004' }));
		const again = await postMemo(erp, memo({ externalId: 'RA-20004' }));
		const seeded = await postMemo(erp, memo({ externalId: 'RA-20003' }));

		expect(first.status).toBe(200);
		expect(errorCode(again)).toBe('DUP_RCRD');
		expect(errorCode(seeded)).toBe('DUP_RCRD');
	});

	it('answers INVALID_CONTENT to a body that is not a JSON object', async () => {
		const erp = await standIn();

		expect(errorCode(await postMemo(erp, 'not json'))).toBe('INVALID_CONTENT');
	});

	it('takes no cue from the return ID: RA-1-DUP is a credit memo like any other', async () => {
		const erp = await standIn();

		expect(
			(await postMemo(erp, memo({ externalId: 'RA-1-DUP', returnId: 'RA-1-BADREF' }))).status,
		).toBe(200);
	});
});

describe('SuiteQL', () => {
	async function suiteql(erp: StandInErp, q: string, query = '?limit=1000&offset=0') {
		const path = `/services/rest/query/v1/suiteql${query}`;
		return await send(erp, 'POST', path, {
			auth: signed(erp, 'POST', path),
			headers: { prefer: 'transient' },
			body: { q },
		});
	}

	const LOOKUP =
		"SELECT t.tranid AS tranid, t.status AS status, BUILTIN.DF(t.status) AS statuslabel, BUILTIN.DF(tl.subsidiary) AS subsidiary FROM transaction t INNER JOIN transactionline tl ON tl.transaction = t.id WHERE t.type = 'SalesOrd' AND tl.mainline = 'T' AND t.tranid IN ('SO-0020003', 'SO-0020001', 'x'' OR ''1''=''1') ORDER BY t.tranid";

	it('answers the lookup from its order table, columns in lower case', async () => {
		const erp = await standIn();

		const answer = await suiteql(erp, LOOKUP);

		expect(answer.json).toMatchObject({ count: 2, hasMore: false, offset: 0, totalResults: 2 });
		expect(
			(answer.json?.items as unknown[]).map((item) => ({ ...(item as object), links: undefined })),
		).toEqual([
			{
				tranid: 'SO-0020001',
				status: 'F',
				statuslabel: 'Pending Billing',
				subsidiary: 'US Retail',
				links: undefined,
			},
			{
				tranid: 'SO-0020003',
				status: 'B',
				statuslabel: 'Pending Fulfillment',
				subsidiary: 'Canada Retail',
				links: undefined,
			},
		]);
	});

	it('pages with limit and offset, and says when there is more', async () => {
		const erp = await standIn();

		const first = await suiteql(
			erp,
			"SELECT id FROM transaction WHERE type = 'SalesOrd'",
			'?limit=2&offset=0',
		);
		const second = await suiteql(
			erp,
			"SELECT id FROM transaction WHERE type = 'SalesOrd'",
			'?limit=2&offset=2',
		);

		expect(first.json).toMatchObject({ count: 2, hasMore: true, totalResults: 3 });
		expect(second.json).toMatchObject({ count: 1, hasMore: false, offset: 2 });
	});

	it('refuses an IN list of more than 1,000 expressions, as Oracle does', async () => {
		const erp = await standIn();
		const list = Array.from({ length: 1001 }, (_, index) => `'SO-${index}'`).join(', ');

		const answer = await suiteql(erp, `SELECT id FROM transaction WHERE tranid IN (${list})`);

		expect(answer.status).toBe(400);
		expect(JSON.stringify(answer.json)).toContain('ORA-01795');
	});

	it('refuses a query it cannot parse, or one without Prefer: transient', async () => {
		const erp = await standIn();

		expect(
			(await suiteql(erp, "SELECT id FROM transaction WHERE tranid IN ('x' OR '1'='1')")).status,
		).toBe(400);
		const path = '/services/rest/query/v1/suiteql';
		const unpreferred = await send(erp, 'POST', path, {
			auth: signed(erp, 'POST', path),
			body: { q: 'SELECT id FROM transaction' },
		});
		expect(unpreferred.status).toBe(400);
	});
});

describe('faults and bookkeeping', () => {
	it('injects faults on demand through /__faults, a given number of times', async () => {
		const erp = await standIn();
		await fetch(`${erp.url}/__faults`, {
			method: 'POST',
			body: JSON.stringify([
				{ path: 'creditMemo', answer: 'ratelimit', times: 1 },
				{ externalId: 'RA-7', answer: 'unavailable' },
			]),
		});

		const limited = await postMemo(erp, memo());
		const through = await postMemo(erp, memo());
		const down = await postMemo(erp, memo({ externalId: 'RA-7' }));

		expect([limited.status, errorCode(limited)]).toEqual([429, 'SSS_REQUEST_LIMIT_EXCEEDED']);
		expect(through.status).toBe(200);
		expect([down.status, errorCode(down)]).toEqual([503, undefined]);
		await fetch(`${erp.url}/__faults`, { method: 'DELETE' });
		expect((await postMemo(erp, memo({ externalId: 'RA-7' }))).status).toBe(200);
	});

	it('drops the connection for a reset fault', async () => {
		const erp = await standIn({ faults: [{ path: 'creditMemo', answer: 'reset' }] });

		await expect(postMemo(erp, memo())).rejects.toThrow();
	});

	it('counts what it received, so a test can prove nothing was sent', async () => {
		const erp = await standIn();
		await postMemo(erp, memo());
		await fetch(`${erp.url}/__calls`, { method: 'DELETE' });

		await postMemo(erp, memo({ externalId: 'RA-11' }));
		await postMemo(erp, 'not json');

		const listed = (await (await fetch(`${erp.url}/__calls`)).json()) as {
			count: number;
			calls: Array<{ scenario: string; auth: string }>;
		};
		expect(listed.count).toBe(2);
		expect(listed.calls.map((call) => [call.scenario, call.auth])).toEqual([
			['ok', 'tba'],
			['invalid_content', 'tba'],
		]);
		expect(erp.calls()).toHaveLength(2);
	});
});
