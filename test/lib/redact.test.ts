import { isSensitiveKey, redact, REDACTED } from '../../lib/redact';

describe('redact: keys', () => {
	it.each([
		'authorization',
		'Authorization',
		'Proxy-Authorization',
		'cookie',
		'Cookie',
		'set-cookie',
		'token',
		'access_token',
		'refresh_token',
		'accessToken',
		'x-auth-token',
		'password',
		'Password',
		'db_password',
		'apiKey',
		'api_key',
		'x-api-key',
		'X-API-KEY',
		'APIKey',
		'secret',
		'client_secret',
		'clientSecret',
		'auth',
	])('redacts the value of %s', (key) => {
		expect(isSensitiveKey(key)).toBe(true);
		expect(redact({ [key]: 'hunter2' })).toEqual({ [key]: REDACTED });
	});

	it.each([
		'returnAuthorization',
		'returnAuthorizationId',
		'authorizationId',
		'returnId',
		'orderRef',
		'status',
		'subsidiary',
		'keyword',
		'monkey',
	])('keeps %s: a returns document or an ordinary field is not a credential', (key) => {
		expect(isSensitiveKey(key)).toBe(false);
		expect(redact({ [key]: 'RA-10042' })).toEqual({ [key]: 'RA-10042' });
	});

	it('replaces a whole object under a credential key', () => {
		const copy = redact({
			auth: { user: 'svc-integration', pass: 's3cret' },
			returnId: 'RA-10042',
		});
		expect(copy).toEqual({ auth: REDACTED, returnId: 'RA-10042' });
	});

	it('redacts at any depth, inside arrays too', () => {
		const error = {
			error: {
				cause: { config: { headers: { Authorization: 'Bearer abc', Accept: 'application/json' } } },
				attempts: [
					{ request: { headers: { Cookie: 'NS_ROUTING_VERSION=LAGGING; JSESSIONID=xyz' } } },
				],
			},
		};
		const copy = redact(error);
		expect(copy.error.cause.config.headers).toEqual({
			Authorization: REDACTED,
			Accept: 'application/json',
		});
		expect(copy.error.attempts[0].request.headers.Cookie).toBe(REDACTED);
	});
});

describe('redact: strings', () => {
	it('scrubs Bearer tokens', () => {
		expect(redact('Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln')).toBe(
			`Authorization: Bearer ${REDACTED}`,
		);
	});

	it('scrubs Basic credentials, and only real ones', () => {
		const basic = Buffer.from('svc-integration:s3cret').toString('base64');
		expect(redact(`sent Basic ${basic} to the ERP`)).toBe(`sent Basic ${REDACTED} to the ERP`);
		expect(redact('Basic information about the return')).toBe('Basic information about the return');
	});

	it('scrubs credentials in query strings and URL user info', () => {
		expect(redact('https://erp.example.com/v1/creditMemo?api_key=sk_live_1&limit=5')).toBe(
			`https://erp.example.com/v1/creditMemo?api_key=${REDACTED}&limit=5`,
		);
		expect(redact('https://svc:s3cret@erp.example.com/v1')).toBe(
			`https://svc:${REDACTED}@erp.example.com/v1`,
		);
	});

	it('redacts a JSON body held in a string as data', () => {
		const body = JSON.stringify({
			access_token: 'tok-123',
			token_type: 'bearer',
			returnId: 'RA-10042',
		});
		const copy = JSON.parse(redact(body)) as Record<string, unknown>;
		expect(copy.access_token).toBe(REDACTED);
		expect(copy.returnId).toBe('RA-10042');
	});

	it('leaves ordinary strings byte for byte', () => {
		const detail = 'Invalid Field Value pendingRefund for the following field: status';
		expect(redact({ detail })).toEqual({ detail });
		const json = '{ "returnId": "RA-10042" }';
		expect(redact(json)).toBe(json);
	});

	it('is fast on a 1 MB string', () => {
		const huge = `Bearer abc ${'a=b&'.repeat(250_000)}`;
		const started = Date.now();
		const copy = redact(huge);
		expect(Date.now() - started).toBeLessThan(500);
		expect(copy.startsWith(`Bearer ${REDACTED} `)).toBe(true);
	});
});

describe('redact: a safe deep copy', () => {
	it('never touches its input', () => {
		const input = { headers: { authorization: 'Bearer abc' }, lines: [{ sku: 'TEE-BLK-M' }] };
		const before = structuredClone(input);
		const copy = redact(input);
		copy.lines[0].sku = 'changed';
		expect(input).toEqual(before);
		expect(copy.lines).not.toBe(input.lines);
	});

	it('is cycle-safe', () => {
		const error: Record<string, unknown> = { message: 'socket hang up' };
		error.self = error;
		error.nested = { parent: error };
		const copy = redact(error);
		expect(copy.self).toBe('[circular]');
		expect((copy.nested as Record<string, unknown>).parent).toBe('[circular]');
		expect(copy.message).toBe('socket hang up');
	});

	it('keeps a value shared twice (not a cycle) in both places', () => {
		const shared = { sku: 'TEE-BLK-M' };
		expect(redact({ a: shared, b: shared })).toEqual({ a: shared, b: shared });
	});

	it('is depth-capped', () => {
		let deep: Record<string, unknown> = { leaf: true };
		for (let i = 0; i < 100; i++) deep = { next: deep };
		let copy = redact(deep) as Record<string, unknown>;
		let depth = 0;
		while (typeof copy.next === 'object') {
			copy = copy.next as Record<string, unknown>;
			depth++;
		}
		expect(copy.next).toBe('[truncated]');
		expect(depth).toBe(31);
		expect(redact({ a: { b: { c: 1 } } }, { maxDepth: 2 })).toEqual({ a: { b: '[truncated]' } });
	});

	it('cuts long strings and long lists when asked', () => {
		const copy = redact(
			{ message: 'x'.repeat(5000), list: [1, 2, 3, 4] },
			{ maxStringLength: 100, maxEntries: 2 },
		);
		expect(copy.message).toHaveLength(101);
		expect(copy.list.slice(0, 2)).toEqual([1, 2]);
		expect(copy.list).toHaveLength(3);
	});

	it('copies an Error with its message, name and code', () => {
		const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		expect(redact(error)).toMatchObject({
			name: 'Error',
			message: 'read ECONNRESET',
			code: 'ECONNRESET',
		});
	});

	it('keeps a __proto__ key as data without polluting prototypes', () => {
		const copy = redact(
			JSON.parse('{"__proto__": {"polluted": true}, "returnId": "RA-10042"}'),
		) as Record<string, unknown>;
		expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.keys(copy)).toContain('__proto__');
	});
});
