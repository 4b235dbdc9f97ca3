import { tagHandoffError } from '../../lib';
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
		'clientsecret',
		'auth',
		'consumerSecret',
		'tokenSecret',
		'privateKey',
		'PRIVATE_KEY',
		'nlauth_signature',
		'oauth_signature',
		'X-Amz-Signature',
		'Stripe-Signature',
		'proxyauthorization',
		'sessionId',
		'credentials',
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
		'secretary',
		'authentication',
		'WWW-Authenticate',
		'code',
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

	it('redacts header values kept as { name, value } entries and as rawHeaders lists', () => {
		const copy = redact({
			headerParameters: {
				parameters: [
					{ name: 'Authorization', value: 'NLAuth nlauth_account=1234567, nlauth_signature=pw' },
					{ name: 'Accept', value: 'application/json' },
				],
			},
			rawHeaders: ['Cookie', 'JSESSIONID=aXk2', 'Accept', 'application/json'],
		});
		expect(copy.headerParameters.parameters).toEqual([
			{ name: 'Authorization', value: REDACTED },
			{ name: 'Accept', value: 'application/json' },
		]);
		expect(copy.rawHeaders).toEqual(['Cookie', REDACTED, 'Accept', 'application/json']);
	});
});

describe('redact: authorization headers, whatever the scheme', () => {
	it('NetSuite NLAuth: the signature is the password; account and role stay', () => {
		expect(
			redact(
				'Authorization: NLAuth nlauth_account=1234567, nlauth_email=integration@example.com, nlauth_signature=Sup3r$ecret!, nlauth_role=3',
			),
		).toBe(
			`Authorization: NLAuth nlauth_account=1234567, nlauth_email=${REDACTED}, nlauth_signature=${REDACTED}, nlauth_role=3`,
		);
	});

	it('the issue 9 example: tagHandoffError keeps no NLAuth password', () => {
		const tag = tagHandoffError(
			{
				error: {
					httpCode: '401',
					message: 'Authorization: NLAuth nlauth_account=123456, nlauth_signature=Pa55w0rd-2026',
				},
			},
			{ now: '2026-11-27T12:00:00Z' },
		);
		expect(JSON.stringify(tag)).not.toContain('Pa55w0rd-2026');
		expect(tag.findings[0].evidence.httpCode).toBe(401);
	});

	it('OAuth 1.0a as NetSuite token-based authentication sends it', () => {
		const header =
			'Authorization: OAuth realm="1234567_SB1",oauth_consumer_key="ef2a1c5b0d6e4f7a",oauth_token="9b3c7d1e5f2a4b6c",oauth_signature_method="HMAC-SHA256",oauth_timestamp="1764590000",oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgm",oauth_version="1.0",oauth_signature="d2VsbCBkb25lIHlvdQ%3D%3D"';
		expect(redact(header)).toBe(
			`Authorization: OAuth realm="1234567_SB1",oauth_consumer_key="${REDACTED}",oauth_token="${REDACTED}",oauth_signature_method="HMAC-SHA256",oauth_timestamp="1764590000",oauth_nonce="${REDACTED}",oauth_version="1.0",oauth_signature="${REDACTED}"`,
		);
	});

	it('Digest: the response and client nonce go, realm and uri stay', () => {
		const copy = redact(
			'Proxy-Authorization: Digest username="svc", realm="erp@example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/api/v1/returns", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1"',
		);
		expect(copy).not.toContain('6629fae49393a05397450978507c4ef1');
		expect(copy).not.toContain('0a4f113b');
		expect(copy).toContain('realm="erp@example.com"');
		expect(copy).toContain('uri="/api/v1/returns"');
	});

	it('AWS Signature V4: the signature and the access key ID go', () => {
		expect(
			redact(
				'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261201/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
			),
		).toBe(
			`AWS4-HMAC-SHA256 Credential=${REDACTED}, SignedHeaders=host;x-amz-date, Signature=${REDACTED}`,
		);
	});

	it('Bearer, and any other scheme or none in an Authorization header', () => {
		expect(redact('Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln')).toBe(
			`Authorization: Bearer ${REDACTED}`,
		);
		expect(redact('authorization: SSWS 00QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRSTUV')).toBe(
			`authorization: SSWS ${REDACTED}`,
		);
		expect(redact('Authorization: 3f8a2c9e71b04d5a8c6e1f2b3a4d5e6f rejected')).toBe(
			`Authorization: ${REDACTED} rejected`,
		);
		expect(redact('sent {"Authorization":"Zoho-oauthtoken 1000.a1b2c3d4.e5f6a7b8"}')).toBe(
			`sent {"Authorization":"Zoho-oauthtoken ${REDACTED}"}`,
		);
		// A whole JSON document is redacted as data: the credential key loses its whole value.
		expect(redact('{"Authorization":"Zoho-oauthtoken 1000.a1b2c3d4.e5f6a7b8"}')).toBe(
			`{"Authorization":"${REDACTED}"}`,
		);
	});

	it('Basic credentials, and only real ones', () => {
		const basic = Buffer.from('svc-integration:s3cret').toString('base64');
		expect(redact(`sent Basic ${basic} to the ERP`)).toBe(`sent Basic ${REDACTED} to the ERP`);
		expect(redact('Basic information about the return')).toBe('Basic information about the return');
	});

	it('keeps a challenge readable: realm and error stay', () => {
		const challenge = 'WWW-Authenticate: Bearer realm="erp", error="invalid_token"';
		expect(redact(challenge)).toBe(challenge);
	});
});

describe('redact: URLs, command lines, query strings and bodies', () => {
	it('user:password@ in a URL of any scheme', () => {
		expect(redact('connect failed: postgres://erp_sync:Xk9%23pw@db.internal:5432/erp')).toBe(
			`connect failed: postgres://erp_sync:${REDACTED}@db.internal:5432/erp`,
		);
		expect(redact('https://svc:s3cret@erp.example.com/v1')).toBe(
			`https://svc:${REDACTED}@erp.example.com/v1`,
		);
		expect(redact('mongodb+srv://returns:hunter2hunter2@cluster0.example.net/')).toBe(
			`mongodb+srv://returns:${REDACTED}@cluster0.example.net/`,
		);
	});

	it('a URL cut before its @ keeps no password; a port stays', () => {
		expect(redact('POST postgres://erp_sync:Xk9pw2026…')).toBe(
			`POST postgres://erp_sync:${REDACTED}`,
		);
		const withPort = 'GET https://erp.example.com:8443/api/v1/returns failed';
		expect(redact(withPort)).toBe(withPort);
	});

	it('curl -u, --user and -H', () => {
		expect(
			redact(
				"curl -sS -u svc-integration:s3cr3t! https://erp.example.com/api -H 'Authorization: Bearer abc.def'",
			),
		).toBe(
			`curl -sS -u svc-integration:${REDACTED} https://erp.example.com/api -H 'Authorization: Bearer ${REDACTED}'`,
		);
		expect(redact("curl --user 'svc:pa ss' https://erp.example.com")).toBe(
			`curl --user 'svc:${REDACTED}' https://erp.example.com`,
		);
		expect(redact('curl --user=svc:pw2 --api-key k3y https://erp.example.com')).toBe(
			`curl --user=svc:${REDACTED} --api-key ${REDACTED} https://erp.example.com`,
		);
	});

	it('secret-named query and form keys; other parameters stay', () => {
		expect(redact('https://erp.example.com/v1/creditMemo?api_key=sk_live_1&limit=5')).toBe(
			`https://erp.example.com/v1/creditMemo?api_key=${REDACTED}&limit=5`,
		);
		expect(
			redact(
				'https://bucket.s3.amazonaws.com/ra.pdf?X-Amz-Expires=300&X-Amz-Signature=9f1e2d3c&sig=abc',
			),
		).toBe(
			`https://bucket.s3.amazonaws.com/ra.pdf?X-Amz-Expires=300&X-Amz-Signature=${REDACTED}&sig=${REDACTED}`,
		);
		expect(
			redact(
				'grant_type=refresh_token&client_id=portal&client_secret=cs_9a8b&refresh_token=rt_7c6d',
			),
		).toBe(
			`grant_type=refresh_token&client_id=portal&client_secret=${REDACTED}&refresh_token=${REDACTED}`,
		);
	});

	it('an OAuth authorization code, but not an error code', () => {
		expect(redact('GET /oauth/callback?code=4%2F0AbCdEf123&state=xyz')).toBe(
			`GET /oauth/callback?code=${REDACTED}&state=xyz`,
		);
		expect(redact({ grant_type: 'authorization_code', code: '4/0AbCdEf123' })).toEqual({
			grant_type: 'authorization_code',
			code: REDACTED,
		});
		expect(redact('error code=USER_ERROR on RA-10042')).toBe('error code=USER_ERROR on RA-10042');
		expect(redact({ code: 'DUP_RCRD', message: 'Duplicate record' })).toEqual({
			code: 'DUP_RCRD',
			message: 'Duplicate record',
		});
	});

	it('JSON in a string, escaped or not', () => {
		expect(
			redact('Request body: {"username":"svc","password":"p\\"w,d","returnId":"RA-10042"}'),
		).toBe(`Request body: {"username":"svc","password":"${REDACTED}","returnId":"RA-10042"}`);
		expect(
			redact('Request body: "{\\"password\\":\\"s3cr3t\\",\\"returnId\\":\\"RA-10042\\"}"'),
		).toBe(`Request body: "{\\"password\\":\\"${REDACTED}\\",\\"returnId\\":\\"RA-10042\\"}"`);
		const body = JSON.stringify({
			access_token: 'tok-123',
			token_type: 'bearer',
			returnId: 'RA-10042',
		});
		const copy = JSON.parse(redact(body)) as Record<string, unknown>;
		expect(copy.access_token).toBe(REDACTED);
		expect(copy.returnId).toBe('RA-10042');
		expect(
			redact(`400 - ${JSON.stringify({ detail: 'x', credentials: { user: 'svc', key: 'k' } })}`),
		).toBe(`400 - {"detail":"x","credentials":"${REDACTED}"}`);
	});

	it('SOAP: NetSuite passport password and token passport signature', () => {
		expect(
			redact(
				'<passport><email>ops@example.com</email><platformCore:password>Pa55!</platformCore:password></passport>',
			),
		).toBe(
			`<passport><email>ops@example.com</email><platformCore:password>${REDACTED}</platformCore:password></passport>`,
		);
		expect(redact('<signature algorithm="HMAC-SHA256">c2lnbmF0dXJl=</signature>')).toBe(
			`<signature algorithm="HMAC-SHA256">${REDACTED}</signature>`,
		);
	});
});

describe('redact: tokens by their own shape', () => {
	it('a JWT anywhere', () => {
		expect(
			redact(
				'id token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c expired',
			),
		).toBe(`id token ${REDACTED} expired`);
	});

	it('a PEM private key, whole or cut; a certificate stays', () => {
		const key =
			'-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq3xQ\nZ29vZCBsdWNr\n-----END RSA PRIVATE KEY-----';
		expect(redact(`key: ${key.replace('key: ', '')}`)).not.toContain('MIIEowIBAAKCAQEA7bq3xQ');
		expect(redact(`loaded ${key}`)).toBe(
			`loaded -----BEGIN RSA PRIVATE KEY-----${REDACTED}-----END RSA PRIVATE KEY-----`,
		);
		expect(redact('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B')).toBe(
			`-----BEGIN PRIVATE KEY-----${REDACTED}`,
		);
		const certificate =
			'-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----';
		expect(redact(certificate)).toBe(certificate);
	});

	it('Cookie and Set-Cookie values; names stay', () => {
		expect(
			redact('Cookie: NS_ROUTING_VERSION=LAGGING; JSESSIONID=aXk2bm9wcXJzdHV2; lastUser=1234567_3'),
		).toBe(`Cookie: NS_ROUTING_VERSION=${REDACTED}; JSESSIONID=${REDACTED}; lastUser=${REDACTED}`);
		expect(
			redact('set-cookie: JSESSIONID=aXk2bm9wcXJzdHV2; Path=/; Secure; HttpOnly'),
		).not.toContain('aXk2bm9wcXJzdHV2');
	});

	it('keys with a vendor prefix: Stripe, GitHub, Slack, AWS, Google, Shopify, SendGrid', () => {
		for (const key of [
			'sk_live_51HxYzAbCdEfGhIjKlMnOpQr',
			'rk_test_51HxYzAbCdEfGhIjKlMnOpQr',
			'whsec_5f8a9b2c1d3e4f6a7b8c9d0e',
			'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
			'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
			'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx',
			'AKIAIOSFODNN7EXAMPLE',
			'AIzaSyA1234567890abcdefghijklmnopqrstu',
			'shpat_0123456789abcdef0123456789abcdef',
			'SG.abcdefghijklmnopqrstuv.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg',
		]) {
			expect(redact(`Invalid API key provided: ${key}.`)).toBe(
				`Invalid API key provided: ${REDACTED}.`,
			);
		}
	});

	it('a long generated token right after a credential word', () => {
		expect(redact('the token 6f1e8a9c2b7d4e3f0a1b was revoked')).toBe(
			`the token ${REDACTED} was revoked`,
		);
		expect(redact('API key 8f3a9c2e-1b4d-4c1a-9e7f-2a6b5c4d3e1f is disabled')).toBe(
			`API key ${REDACTED} is disabled`,
		);
	});
});

describe('redact: big strings', () => {
	it('finds a credential at the end of a 1 MB string (how fast: bench/redact.js)', () => {
		const huge = `${'a=b&'.repeat(250_000)} Authorization: NLAuth nlauth_account=1234567, nlauth_signature=Pa55w0rd`;
		const copy = redact(huge);
		expect(copy).not.toContain('Pa55w0rd');
		expect(copy.endsWith(`nlauth_signature=${REDACTED}`)).toBe(true);
		expect(copy).toHaveLength(huge.length - 'Pa55w0rd'.length + REDACTED.length);
	});
});

describe('redact: what ops need survives', () => {
	it.each([
		'Invalid Field Value pendingRefund for the following field: status',
		'Record not found: returnAuthorization RA-10042 for order SO-1042',
		'No such refund: re_3OqK9v2eZvKYlo2C1XyZabcd; charge ch_3OqK9v2eZvKYlo2C0AbCdEfG, intent pi_3OqK9v2eZvKYlo2C1a2b3c4d',
		'Invalid API Key provided: sk_test_****1234',
		'The token has expired. Invalid signature for webhook event evt_1OqK9v2eZvKYlo2C.',
		'GET https://1234567.suitetalk.api.netsuite.com/services/rest/record/v1/returnAuthorization/10042 failed: connect ETIMEDOUT 10.0.4.17:443',
		'400 - {"o:errorCode":"INVALID_KEY_OR_REF","detail":"Invalid value for the resource or sub-resource field"}',
		'Invalid login attempt. See Setup > Users/Roles > View Login Audit Trail.',
	])('%s', (message) => {
		expect(redact(message)).toBe(message);
		expect(redact({ error: { message, code: 'USER_ERROR', httpCode: '400' } })).toEqual({
			error: { message, code: 'USER_ERROR', httpCode: '400' },
		});
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
