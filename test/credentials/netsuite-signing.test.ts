// The NetSuite credentials' signing, checked against what RFC 5849 and NetSuite's help say,
// computed here by hand: base strings written out literally, HMACs and signature checks done
// with node:crypto in the test, never by the code under test.
import { createHmac, generateKeyPairSync, verify, constants } from 'node:crypto';

import type { IHttpRequestOptions } from 'n8n-workflow';

import { NetSuiteOAuth2Api } from '../../credentials/NetSuiteOAuth2Api.credentials';
import { NetSuiteTokenApi } from '../../credentials/NetSuiteTokenApi.credentials';
import {
	baseStringUri,
	clientAssertion,
	netSuiteBaseUrl,
	normalizedParameters,
	percentEncode,
	realmOf,
	requestUrl,
	signatureBaseString,
	tokenBasedAuthorization,
} from '../../credentials/netSuiteSigning';

const SECRETS = {
	accountId: '123456_SB1',
	consumerKey: 'ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcb18e8bd9d7c29b3',
	consumerSecret: 'd1f6c5a1e2b3~c4d5 e6f7+a8b9/c0d1',
	tokenId: '2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc',
	tokenSecret: "c29a677df7d5439a458c063654187e3d!*'()",
};

/** The `Authorization: OAuth …` header's fields, decoded. */
function oauthFields(header: string): Record<string, string> {
	expect(header.startsWith('OAuth ')).toBe(true);
	const fields: Record<string, string> = {};
	for (const part of header.slice('OAuth '.length).split(', ')) {
		const match = /^([a-z_]+)="([^"]*)"$/.exec(part);
		expect(match).not.toBeNull();
		fields[(match as RegExpExecArray)[1]] = decodeURIComponent((match as RegExpExecArray)[2]);
	}
	return fields;
}

const hmac = (base: string, key: string) => createHmac('sha256', key).update(base).digest('base64');

describe('RFC 5849 encoding (section 3.6)', () => {
	it.each([
		['abcXYZ019-._~', 'abcXYZ019-._~'],
		['Ladies + Gentlemen', 'Ladies%20%2B%20Gentlemen'],
		['An encoded string!', 'An%20encoded%20string%21'],
		["!*'()", '%21%2A%27%28%29'],
		['a=b&c/d?e:f@g,h;i$j', 'a%3Db%26c%2Fd%3Fe%3Af%40g%2Ch%3Bi%24j'],
		['%3D', '%253D'],
		['é', '%C3%A9'],
		['☃', '%E2%98%83'],
	])('encodes %j as %s', (raw, encoded) => {
		expect(percentEncode(raw)).toBe(encoded);
	});

	it("normalizes the RFC's own example parameters (section 3.4.1.3.2)", () => {
		const parameters: Array<[string, string]> = [
			['b5', '=%3D'],
			['a3', 'a'],
			['c@', ''],
			['a2', 'r b'],
			['oauth_consumer_key', '9djdj82h48djs9d2'],
			['oauth_token', 'kkk9d7dh3k39sjv7'],
			['oauth_signature_method', 'HMAC-SHA1'],
			['oauth_timestamp', '137131201'],
			['oauth_nonce', '7d8f3e4a'],
			['c2', ''],
			['a3', '2 q'],
		];

		expect(normalizedParameters(parameters)).toBe(
			'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
		);
	});

	it("builds the base string URI of the RFC's examples (section 3.4.1.2)", () => {
		expect(baseStringUri(new URL('HTTP://EXAMPLE.COM:80/r%20v/X?id=123'))).toBe(
			'http://example.com/r%20v/X',
		);
		expect(baseStringUri(new URL('https://www.example.net:8080/?q=1'))).toBe(
			'https://www.example.net:8080/',
		);
	});
});

describe('NetSuite account IDs', () => {
	it('derives the REST host from the account ID, and takes an override as given', () => {
		expect(netSuiteBaseUrl('123456_SB1')).toBe('https://123456-sb1.suitetalk.api.netsuite.com');
		expect(netSuiteBaseUrl('TSTDRV1234567')).toBe(
			'https://tstdrv1234567.suitetalk.api.netsuite.com',
		);
		expect(netSuiteBaseUrl('123456_SB1', 'http://127.0.0.1:8123/')).toBe('http://127.0.0.1:8123');
	});

	it('writes the realm the way NetSuite expects it: upper case, underscore', () => {
		expect(realmOf('123456_sb1')).toBe('123456_SB1');
		expect(realmOf('123456-sb1')).toBe('123456_SB1');
	});
});

describe('token-based authentication (OAuth 1.0a, HMAC-SHA256)', () => {
	const url = new URL(
		'https://123456-sb1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=1000&offset=2000',
	);
	const stamp = { nonce: 'fjaLirsIcCGVZWzBX0pg', timestamp: 1764590400 };
	// Written out by hand: the query parameters sit among the oauth_* ones in sorted order;
	// realm is not there; the secrets' reserved characters are encoded in the key.
	const base =
		'POST&https%3A%2F%2F123456-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Fquery%2Fv1%2Fsuiteql&limit%3D1000%26oauth_consumer_key%3Def40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcb18e8bd9d7c29b3%26oauth_nonce%3DfjaLirsIcCGVZWzBX0pg%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1764590400%26oauth_token%3D2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc%26oauth_version%3D1.0%26offset%3D2000';
	const key =
		'd1f6c5a1e2b3~c4d5%20e6f7%2Ba8b9%2Fc0d1&c29a677df7d5439a458c063654187e3d%21%2A%27%28%29';

	it('builds the signature base string RFC 5849 describes', () => {
		const protocol: Array<[string, string]> = [
			['oauth_consumer_key', SECRETS.consumerKey],
			['oauth_token', SECRETS.tokenId],
			['oauth_nonce', stamp.nonce],
			['oauth_timestamp', String(stamp.timestamp)],
			['oauth_signature_method', 'HMAC-SHA256'],
			['oauth_version', '1.0'],
		];

		expect(signatureBaseString('post', url, protocol)).toBe(base);
	});

	it('signs with the HMAC a NetSuite server computes, realm = the account ID', () => {
		const fields = oauthFields(tokenBasedAuthorization(SECRETS, 'POST', url, stamp));

		expect(fields).toEqual({
			realm: '123456_SB1',
			oauth_consumer_key: SECRETS.consumerKey,
			oauth_token: SECRETS.tokenId,
			oauth_nonce: stamp.nonce,
			oauth_timestamp: '1764590400',
			oauth_signature_method: 'HMAC-SHA256',
			oauth_version: '1.0',
			oauth_signature: hmac(base, key),
		});
	});

	it('signs a space in a query value as %20 and a tilde as itself', () => {
		const spaced = new URL('https://h.example/p?q=a b~c&a=1');
		const fields = oauthFields(tokenBasedAuthorization(SECRETS, 'GET', spaced, stamp));
		const handMade = `GET&https%3A%2F%2Fh.example%2Fp&a%3D1%26oauth_consumer_key%3D${SECRETS.consumerKey}%26oauth_nonce%3D${stamp.nonce}%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1764590400%26oauth_token%3D${SECRETS.tokenId}%26oauth_version%3D1.0%26q%3Da%2520b~c`;

		expect(fields.oauth_signature).toBe(hmac(handMade, key));
	});

	it("the credential's authenticate signs the URL it sends: base, path and query merged", async () => {
		const credential = new NetSuiteTokenApi();
		const options: IHttpRequestOptions = {
			method: 'POST',
			url: '/services/rest/query/v1/suiteql',
			qs: { limit: 1000, offset: 0 },
			headers: { Prefer: 'transient' },
			body: { q: 'SELECT 1' },
		};
		const authenticate = credential.authenticate as (
			credentials: Record<string, string>,
			options: IHttpRequestOptions,
		) => Promise<IHttpRequestOptions>;

		const first = await authenticate({ ...SECRETS, baseUrl: '' }, options);
		const second = await authenticate({ ...SECRETS, baseUrl: '' }, options);

		expect(first.url).toBe(
			'https://123456-sb1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=1000&offset=0',
		);
		expect(first.qs).toBeUndefined();
		expect(first.baseURL).toBeUndefined();
		expect(first.headers?.Prefer).toBe('transient');
		const fields = oauthFields(String(first.headers?.Authorization));
		expect(fields.realm).toBe('123456_SB1');
		expect(fields.oauth_nonce.length).toBeGreaterThanOrEqual(20);
		expect(Math.abs(Number(fields.oauth_timestamp) - Date.now() / 1000)).toBeLessThan(300);
		const handMade = `POST&https%3A%2F%2F123456-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Fquery%2Fv1%2Fsuiteql&limit%3D1000%26oauth_consumer_key%3D${SECRETS.consumerKey}%26oauth_nonce%3D${fields.oauth_nonce}%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D${fields.oauth_timestamp}%26oauth_token%3D${SECRETS.tokenId}%26oauth_version%3D1.0%26offset%3D0`;
		expect(fields.oauth_signature).toBe(hmac(handMade, key));
		// A fresh nonce on every request: NetSuite refuses one it has seen.
		expect(oauthFields(String(second.headers?.Authorization)).oauth_nonce).not.toBe(
			fields.oauth_nonce,
		);
	});

	it('sends a request to a base URL override, and keeps an absolute URL as it is', () => {
		expect(
			requestUrl(
				{ baseURL: 'http://127.0.0.1:9/', url: 'services/x', qs: { a: 'b c' } },
				'https://x',
			).href,
		).toBe('http://127.0.0.1:9/services/x?a=b+c');
		expect(requestUrl({ url: 'https://other.example/y?z=1' }, 'https://x').href).toBe(
			'https://other.example/y?z=1',
		);
	});
});

describe('OAuth 2.0 machine to machine: the JWT client assertion', () => {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
	const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
	const tokenUrl =
		'https://123456-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token';

	function decode(jwt: string) {
		const [header, claims, signature] = jwt.split('.');
		return {
			header: JSON.parse(Buffer.from(header, 'base64url').toString()),
			claims: JSON.parse(Buffer.from(claims, 'base64url').toString()),
			signingInput: Buffer.from(`${header}.${claims}`),
			signature: Buffer.from(signature, 'base64url'),
		};
	}

	it.each([
		['PS256', { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }],
		['RS256', { key: publicKey, padding: constants.RSA_PKCS1_PADDING }],
	] as const)('signs %s so the certificate’s public key verifies it', (algorithm, verifyKey) => {
		const jwt = clientAssertion({
			clientId: 'c0ffee11d00d',
			certificateId: 'Xu1t5kQ8vR3_cert',
			privateKey: pem,
			algorithm,
			tokenUrl,
			issuedAt: 1764590400,
		});
		const { header, claims, signingInput, signature } = decode(jwt);

		expect(header).toEqual({ alg: algorithm, typ: 'JWT', kid: 'Xu1t5kQ8vR3_cert' });
		expect(claims).toEqual({
			iss: 'c0ffee11d00d',
			scope: 'rest_webservices',
			aud: tokenUrl,
			iat: 1764590400,
			exp: 1764594000,
		});
		expect(verify('sha256', signingInput, verifyKey, signature)).toBe(true);
		// The other padding does not verify it: the algorithm named is the one used.
		const other =
			algorithm === 'PS256'
				? { key: publicKey, padding: constants.RSA_PKCS1_PADDING }
				: { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
		expect(verify('sha256', signingInput, other, signature)).toBe(false);
	});

	it('never asks for more than an hour, and reads a key pasted on one line', () => {
		const jwt = clientAssertion({
			clientId: 'c',
			certificateId: 'k',
			privateKey: pem.replace(/\n/g, '\\n'),
			algorithm: 'RS256',
			tokenUrl,
			issuedAt: 100,
			lifetimeSeconds: 86400,
		});

		expect(decode(jwt).claims.exp).toBe(3700);
	});

	it("the credential's authenticate sends the bearer token to the account's host", async () => {
		const authorized = await new NetSuiteOAuth2Api().authenticate(
			{ accountId: '123456_SB1', baseUrl: '', accessToken: 'eyJ.token' },
			{ method: 'POST', url: '/services/rest/query/v1/suiteql', qs: { limit: 5 } },
		);

		expect(authorized.url).toBe(
			'https://123456-sb1.suitetalk.api.netsuite.com/services/rest/query/v1/suiteql?limit=5',
		);
		expect(authorized.headers?.Authorization).toBe('Bearer eyJ.token');
	});
});
