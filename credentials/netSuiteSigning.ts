/**
 * NetSuite request signing, shared by the two NetSuite credentials: the OAuth 1.0a signature of
 * token-based authentication (RFC 5849 with HMAC-SHA256, as NetSuite's REST web services take
 * it) and the JWT client assertion of OAuth 2.0 machine-to-machine. Pure functions over
 * node:crypto only, so the credentials ship with no dependency and the tests call them directly.
 */
import { createHmac, randomBytes, sign as signData, constants } from 'node:crypto';

/** NetSuite's host suffix for REST web services. */
const SUITETALK_HOST = 'suitetalk.api.netsuite.com';

/** The path of the OAuth 2.0 token endpoint of an account. */
export const GRANT_ENDPOINT_PATH = '/services/rest/auth/oauth2/v1/token';

/** The scope an M2M token must carry to call REST web services (SuiteQL included). */
export const REST_WEB_SERVICES_SCOPE = 'rest_webservices';

/**
 * The account ID as NetSuite's `realm` wants it: upper case, sandbox suffix after an underscore
 * (`123456-sb1` and `123456_sb1` both give `123456_SB1`).
 */
export function realmOf(accountId: string): string {
	return accountId.trim().toUpperCase().replace(/-/g, '_');
}

/**
 * The REST web services origin of an account: `123456_SB1` → `https://123456-sb1.suitetalk…`.
 * A non-empty override (a proxy, or a stand-in in tests) wins, without its trailing slash.
 */
export function netSuiteBaseUrl(accountId: string, override?: string): string {
	const chosen = (override ?? '').trim();
	if (chosen !== '') return chosen.replace(/\/+$/, '');
	const host = accountId.trim().toLowerCase().replace(/_/g, '-');
	return `https://${host}.${SUITETALK_HOST}`;
}

/**
 * RFC 5849 section 3.6: every byte but the unreserved characters `A-Z a-z 0-9 - . _ ~` as
 * `%XX` with upper-case hex, over the UTF-8 encoding. encodeURIComponent leaves `! ' ( ) *`
 * unescaped, so those are escaped here.
 */
export function percentEncode(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

/** RFC 5849 section 3.4.1.2: scheme and host lower case, default port dropped, no query. */
export function baseStringUri(url: URL): string {
	const scheme = url.protocol.toLowerCase();
	const defaultPort =
		(scheme === 'http:' && url.port === '80') || (scheme === 'https:' && url.port === '443');
	const port = url.port === '' || defaultPort ? '' : `:${url.port}`;
	return `${scheme}//${url.hostname.toLowerCase()}${port}${url.pathname}`;
}

/**
 * RFC 5849 section 3.4.1.3.2: each name and value encoded, sorted by encoded name then encoded
 * value (byte order), joined as `name=value` with `&`.
 */
export function normalizedParameters(parameters: ReadonlyArray<readonly [string, string]>): string {
	return parameters
		.map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
		.sort(([nameA, valueA], [nameB, valueB]) =>
			nameA === nameB ? compareBytes(valueA, valueB) : compareBytes(nameA, nameB),
		)
		.map(([name, value]) => `${name}=${value}`)
		.join('&');
}

function compareBytes(a: string, b: string): number {
	// Encoded strings are ASCII, so code-unit order is byte order.
	return a < b ? -1 : a > b ? 1 : 0;
}

export interface TokenBasedSecrets {
	accountId: string;
	consumerKey: string;
	consumerSecret: string;
	tokenId: string;
	tokenSecret: string;
}

export interface OAuth1Stamp {
	/** At least 20 characters; NetSuite refuses a nonce it saw before. */
	nonce: string;
	/** Seconds since the epoch. */
	timestamp: number;
}

/** A fresh nonce (32 hex characters from node:crypto) and the current time. */
export function freshStamp(now: number = Date.now()): OAuth1Stamp {
	return { nonce: randomBytes(16).toString('hex'), timestamp: Math.floor(now / 1000) };
}

/** The `oauth_*` protocol parameters of a request, without the signature. */
export function oauthParameters(
	secrets: TokenBasedSecrets,
	stamp: OAuth1Stamp,
): Array<[string, string]> {
	return [
		['oauth_consumer_key', secrets.consumerKey],
		['oauth_token', secrets.tokenId],
		['oauth_nonce', stamp.nonce],
		['oauth_timestamp', String(stamp.timestamp)],
		['oauth_signature_method', 'HMAC-SHA256'],
		['oauth_version', '1.0'],
	];
}

/**
 * RFC 5849 section 3.4.1: method, base string URI and the normalized parameters (the protocol
 * parameters plus every query parameter of the URL; never `realm`, never a JSON body).
 */
export function signatureBaseString(
	method: string,
	url: URL,
	protocolParameters: ReadonlyArray<readonly [string, string]>,
): string {
	const query = [...url.searchParams.entries()];
	return [
		method.toUpperCase(),
		percentEncode(baseStringUri(url)),
		percentEncode(normalizedParameters([...protocolParameters, ...query])),
	].join('&');
}

/** RFC 5849 section 3.4.2 with SHA-256: key = encoded consumer secret & encoded token secret. */
export function hmacSha256Signature(
	baseString: string,
	consumerSecret: string,
	tokenSecret: string,
): string {
	const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
	return createHmac('sha256', key).update(baseString).digest('base64');
}

/** The whole `Authorization` header value of a token-based request. */
export function tokenBasedAuthorization(
	secrets: TokenBasedSecrets,
	method: string,
	url: URL,
	stamp: OAuth1Stamp = freshStamp(),
): string {
	const protocol = oauthParameters(secrets, stamp);
	const signature = hmacSha256Signature(
		signatureBaseString(method, url, protocol),
		secrets.consumerSecret,
		secrets.tokenSecret,
	);
	const fields = [
		['realm', realmOf(secrets.accountId)],
		...protocol,
		['oauth_signature', signature],
	];
	return `OAuth ${fields.map(([name, value]) => `${name}="${percentEncode(value)}"`).join(', ')}`;
}

/**
 * The URL a request goes to, from n8n's request options as a credential's `authenticate`
 * receives them (`baseURL`, `url` and `qs` not yet merged), so the signature covers exactly
 * what is sent. A relative URL with no `baseURL` goes to `fallbackBase` (the account's host).
 * The older request options (`uri`, which the HTTP Request node's "Predefined Credential Type"
 * sends) are read the same way.
 */
export function requestUrl(
	options: { baseURL?: string; url?: string; uri?: string; qs?: Record<string, unknown> },
	fallbackBase: string,
): URL {
	const target = String(options.url ?? options.uri ?? '');
	const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
	const base = (options.baseURL ?? '').trim() || fallbackBase;
	const url = absolute
		? new URL(target)
		: new URL(`${base.replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`);
	for (const [name, value] of Object.entries(options.qs ?? {})) {
		if (value === undefined || value === null) continue;
		for (const each of Array.isArray(value) ? value : [value]) {
			url.searchParams.append(name, String(each));
		}
	}
	return url;
}

export type JwtAlgorithm = 'PS256' | 'RS256';

export interface ClientAssertionInput {
	clientId: string;
	certificateId: string;
	/** PEM; literal `\n` sequences (a key pasted as one line) are read as line breaks. */
	privateKey: string;
	algorithm: JwtAlgorithm;
	/** The token endpoint's full URL, the assertion's audience. */
	tokenUrl: string;
	/** Seconds since the epoch; defaults to now. */
	issuedAt?: number;
	/** Seconds the assertion is valid for; NetSuite allows at most 3600. */
	lifetimeSeconds?: number;
}

const MAX_ASSERTION_LIFETIME = 3600;

function base64Url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

/** The private key as PEM text, repairing a key pasted with `\n` escapes. */
export function pemOf(privateKey: string): string {
	return privateKey.includes('\\n') ? privateKey.replace(/\\n/g, '\n') : privateKey;
}

/**
 * The signed JWT client assertion of the client-credentials grant: header `alg`, `typ` JWT and
 * `kid` = the certificate ID; claims `iss` = client ID, `scope` = rest_webservices, `aud` = the
 * token URL, `iat`, `exp` ≤ iat + 3600. PS256 is RSA-PSS with SHA-256 and a 32-byte salt;
 * RS256 is RSASSA-PKCS1-v1_5 with SHA-256.
 */
export function clientAssertion(input: ClientAssertionInput): string {
	const issuedAt = input.issuedAt ?? Math.floor(Date.now() / 1000);
	const lifetime = Math.min(
		input.lifetimeSeconds ?? MAX_ASSERTION_LIFETIME,
		MAX_ASSERTION_LIFETIME,
	);
	const header = { alg: input.algorithm, typ: 'JWT', kid: input.certificateId };
	const claims = {
		iss: input.clientId,
		// NetSuite's request token structure: scopes as one comma-separated string.
		scope: REST_WEB_SERVICES_SCOPE,
		aud: input.tokenUrl,
		iat: issuedAt,
		exp: issuedAt + lifetime,
	};
	const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
	const key = pemOf(input.privateKey);
	const signature =
		input.algorithm === 'PS256'
			? signData('sha256', Buffer.from(signingInput), {
					key,
					padding: constants.RSA_PKCS1_PSS_PADDING,
					saltLength: 32,
				})
			: signData('sha256', Buffer.from(signingInput), key);
	return `${signingInput}.${base64Url(signature)}`;
}

/** The form body that trades a client assertion for an access token. */
export function tokenRequestBody(assertion: string): string {
	return new URLSearchParams({
		grant_type: 'client_credentials',
		client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
		client_assertion: assertion,
	}).toString();
}

/**
 * The options with the signed URL in place and nothing left for the HTTP client to merge (no
 * `baseURL`, no `qs`): in `uri` for the older request options, else in `url`.
 */
export function withSignedUrl<
	T extends { url?: string; uri?: string; baseURL?: string; qs?: unknown },
>(options: T, url: URL, headers: Record<string, unknown>): T {
	const signed = { ...options, headers };
	if (options.url === undefined && options.uri !== undefined) signed.uri = url.href;
	else signed.url = url.href;
	delete signed.baseURL;
	delete signed.qs;
	return signed;
}
