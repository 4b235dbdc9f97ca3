/**
 * Redaction of credentials before anything is copied into a tag's evidence or an output item.
 * Error objects from HTTP clients carry request headers, query-string API keys, OAuth tokens and
 * whole request bodies; none of that may leave the node. `redact` returns a deep copy (the input
 * is never touched) with the values of credential-named keys replaced and credentials inside
 * strings scrubbed. It is cycle-safe and bounded: depth, entries per object and total nodes are
 * capped.
 *
 * Credentials are recognised by their shape, not by a list of known secrets:
 * - a key whose words name a credential (`password`, `secret`, `token`, `signature`, `cookie`,
 *   `apiKey`, `privateKey`, `Authorization`…, in camelCase, snake_case, kebab-case or any
 *   casing), as an object key, a `key=value` / `key: value` / `"key":"value"` pair, an XML
 *   element, a `--key value` command-line option or a `{ name, value }` header entry;
 * - an authorization header's credentials after its scheme, whatever the scheme: a token
 *   (`Bearer …`) or auth-params (`NLAuth nlauth_signature=…`, OAuth 1.0a, Digest, AWS
 *   Signature V4), keeping the scheme and the descriptive params (realm, account, algorithm);
 * - cookies, `user:password@` in any URL, `curl -u user:password`, OAuth authorization codes
 *   next to their `redirect_uri`/`grant_type`, JWTs, PEM private keys, keys with a vendor's
 *   prefix (`sk_live_`, `ghp_`, `xoxb-`, `AKIA`…), and a long token right after a credential
 *   word ("the token 6f1e…").
 * Key names are matched by words, not substrings: `x-api-key`, `access_token`, `set-cookie` and
 * `client_secret` are credentials, while `returnAuthorization` (a return authorization number,
 * the very ID this product tracks) and `authorizationId` are not.
 *
 * Strings are scanned by hand, each scanner moving forward only (any look-back is bounded), so
 * redaction is linear in the input's length: bench/redact.js measures it on hostile input.
 */

export const REDACTED = '[redacted]';
const CIRCULAR = '[circular]';
const TRUNCATED = '[truncated]';

export interface RedactLimits {
	/** Nesting levels copied; deeper values become '[truncated]'. Default 32. */
	maxDepth?: number;
	/** Characters kept of each string (a longer one is cut and ends with '…'). Default: all. */
	maxStringLength?: number;
	/** Entries kept of each object or array. Default: all. */
	maxEntries?: number;
	/** Values copied in total; later ones become '[truncated]'. Default 100,000. */
	maxNodes?: number;
}

// ---------------------------------------------------------------------------------------------
// Key names

/** A credential-bearing word anywhere in the key's words. */
const SENSITIVE_WORDS: ReadonlySet<string> = new Set([
	'password',
	'passwords',
	'passwd',
	'passphrase',
	'passcode',
	'secret',
	'secrets',
	'token',
	'tokens',
	'cookie',
	'cookies',
	'apikey',
	'apikeys',
	'privatekey',
	'signature',
	'signatures',
	'sig',
	'credential',
	'credentials',
	'hmac',
	'jwt',
]);
/** Whole keys that are credentials although their word alone is too common to match inside keys. */
const SENSITIVE_KEYS: ReadonlySet<string> = new Set(['auth', 'pass', 'pwd', 'bearer', 'sid']);
/**
 * Runs that spell a credential across words or glued into one (`api_key`, `privateKey`,
 * `accessKeyId`, a lower-cased header's `clientsecret` or `x-authtoken`).
 */
const SENSITIVE_RUNS = [
	'password',
	'passwd',
	'passphrase',
	'secret',
	'token',
	'apikey',
	'privatekey',
	'accesskey',
	'consumerkey',
	'signingkey',
	'accountkey',
	'encryptionkey',
	'masterkey',
	'sessionid',
	'sessid',
	'signature',
	'credential',
];
/** Ordinary words that contain a run above. */
const NOT_SENSITIVE_RUNS = ['secretar'];
/** `Authorization` is a credential header; `returnAuthorization` is a returns document. */
const AUTHORIZATION_WORDS: ReadonlySet<string> = new Set(['authorization', 'authorisation']);
const AUTHORIZATION_QUALIFIERS: ReadonlySet<string> = new Set(['proxy', 'x', 'http']);

const MAX_KEY_LENGTH = 200;

/** The words of a key: camelCase, PascalCase, snake_case, kebab-case and dotted names alike. */
export function keyWords(key: string): string[] {
	const words: string[] = [];
	let current = '';
	const text = key.length > MAX_KEY_LENGTH ? key.slice(0, MAX_KEY_LENGTH) : key;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		const isUpper = ch >= 'A' && ch <= 'Z';
		const isLower = ch >= 'a' && ch <= 'z';
		const isDigit = ch >= '0' && ch <= '9';
		if (!isUpper && !isLower && !isDigit) {
			if (current) words.push(current.toLowerCase());
			current = '';
			continue;
		}
		if (isUpper && current) {
			const prev = current[current.length - 1];
			const next = text[i + 1];
			const prevLower = (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9');
			const nextLower = next !== undefined && next >= 'a' && next <= 'z';
			const prevUpper = prev >= 'A' && prev <= 'Z';
			// `apiKey` splits before K; `APIKey` splits before K too (an acronym ends there).
			if (prevLower || (prevUpper && nextLower)) {
				words.push(current.toLowerCase());
				current = '';
			}
		}
		current += ch;
	}
	if (current) words.push(current.toLowerCase());
	return words;
}

/** What a key names: an authorization header, a cookie, another credential, or nothing. */
type KeyKind = 'authorization' | 'cookie' | 'secret' | null;

const kindCache = new Map<string, KeyKind>();

function keyKind(key: string): KeyKind {
	const cached = kindCache.get(key);
	if (cached !== undefined) return cached;
	const result = computeKind(key);
	// Keys repeat across items; a small bounded cache, keyed on the key's text, keeps redaction
	// of big outputs cheap and cannot change an answer.
	if (kindCache.size < 10_000) kindCache.set(key, result);
	return result;
}

/** Whether a key names a credential (see the module comment for the rules). */
export function isSensitiveKey(key: string): boolean {
	return keyKind(key) !== null;
}

function computeKind(key: string): KeyKind {
	const words = keyWords(key);
	if (words.length === 0) return null;
	const joined = words.join('');
	const last = words[words.length - 1];
	for (const word of AUTHORIZATION_WORDS) {
		if (!joined.endsWith(word)) continue;
		const qualifier = joined.slice(0, -word.length);
		const qualified =
			AUTHORIZATION_QUALIFIERS.has(qualifier) ||
			(AUTHORIZATION_WORDS.has(last) &&
				words.slice(0, -1).every((w) => AUTHORIZATION_QUALIFIERS.has(w)));
		return qualifier === '' || qualified ? 'authorization' : null;
	}
	if (joined.endsWith('cookie') || joined.endsWith('cookies') || last === 'cookie2') {
		return 'cookie';
	}
	if (SENSITIVE_KEYS.has(joined)) return 'secret';
	for (const word of words) if (SENSITIVE_WORDS.has(word)) return 'secret';
	if (NOT_SENSITIVE_RUNS.some((run) => joined.includes(run))) return null;
	for (const run of SENSITIVE_RUNS) if (joined.includes(run)) return 'secret';
	return null;
}

// ---------------------------------------------------------------------------------------------
// Character classes (char codes, so the scanners never build strings to test one character)

function isAlnum(c: number): boolean {
	return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** Letters, digits, `_` and `-`: the characters of keys, param names and vendor keys. */
function isWordChar(c: number): boolean {
	return isAlnum(c) || c === 95 || c === 45;
}
/** Key names in text may be dotted (`error.password`). */
function isKeyChar(c: number): boolean {
	return isWordChar(c) || c === 46;
}
function isSpace(c: number): boolean {
	return c === 32 || c === 9 || c === 10 || c === 13;
}
function isQuote(c: number): boolean {
	return c === 34 || c === 39;
}
/** token68 (RFC 7235) and a little more: what a bearer token or a base64 blob is made of. */
function isTokenChar(c: number): boolean {
	return isWordChar(c) || c === 46 || c === 126 || c === 43 || c === 47 || c === 61 || c === 58;
}
/** Where an unquoted value ends in `key=value` and `key: value` text. */
function endsValue(c: number): boolean {
	return (
		isSpace(c) ||
		isQuote(c) ||
		c === 38 || // &
		c === 44 || // ,
		c === 59 || // ;
		c === 92 || // backslash
		c === 125 || // }
		c === 93 || // ]
		c === 41 || // )
		c === 60 // <
	);
}
/** Where an unquoted auth-param value ends: params are comma-separated, `;` is data (AWS). */
function endsParamValue(c: number): boolean {
	return isSpace(c) || isQuote(c) || c === 44 || c === 92;
}

function skipBlanks(text: string, from: number, limit: number): number {
	let i = from;
	while (i < limit && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
	return i;
}

// ---------------------------------------------------------------------------------------------
// Strings

/** Redaction spans found in one string: [start, end) pairs, merged when the string is rebuilt. */
type Spans = number[];

const MAX_JSON_IN_STRING = 1_000_000;
/** n8n's legacy request helper writes `400 - {…}`. */
const LEGACY_STATUS = /^\d{3} - /;

/**
 * Scrubs credentials inside a string (see the module comment). A whole JSON document held in a
 * string (a response body, also after n8n's `400 - ` prefix) is redacted as data.
 */
export function scrubString(text: string): string {
	if (text.length === 0) return text;
	const json = scrubJsonDocument(text);
	if (json !== undefined) return json;
	const spans: Spans = [];
	scanWords(text, spans);
	scanPairs(text, spans);
	if (text.includes('://')) scanUserinfo(text, spans);
	if (text.includes('-----BEGIN')) scanPem(text, spans);
	if (text.includes('-')) scanOptions(text, spans);
	return spans.length === 0 ? text : applySpans(text, spans);
}

function scrubJsonDocument(text: string): string | undefined {
	if (text.length > MAX_JSON_IN_STRING) return undefined;
	const prefix = LEGACY_STATUS.test(text) ? text.slice(0, 6) : '';
	const body = prefix === '' ? text : text.slice(6);
	const first = body.trimStart()[0];
	if (first !== '{' && first !== '[' && first !== '"') return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(body) as unknown;
	} catch {
		return undefined;
	}
	if (parsed === null || (typeof parsed !== 'object' && typeof parsed !== 'string')) {
		return undefined;
	}
	const state = newState({});
	const copy = copyValue(parsed, 0, state, '');
	return state.changed ? prefix + JSON.stringify(copy) : text;
}

function applySpans(text: string, spans: Spans): string {
	const order: number[] = [];
	for (let k = 0; k < spans.length; k += 2) if (spans[k + 1] > spans[k]) order.push(k);
	if (order.length === 0) return text;
	order.sort((a, b) => spans[a] - spans[b]);
	let out = '';
	let copiedUpTo = 0;
	for (const k of order) {
		const start = Math.max(spans[k], copiedUpTo);
		const end = spans[k + 1];
		if (end <= copiedUpTo) continue;
		// A span that starts where the last one ended continues it: one marker, not two.
		if (start > copiedUpTo || copiedUpTo === 0) out += text.slice(copiedUpTo, start) + REDACTED;
		copiedUpTo = end;
	}
	return out + text.slice(copiedUpTo);
}

// --- Words: JWTs, vendor keys, auth schemes, a token after a credential word ----------------

/** Vendor prefixes of secret keys, with the least number of characters that must follow. */
const KEY_PREFIXES: ReadonlyArray<readonly [string, number]> = [
	['sk_live_', 8],
	['sk_test_', 8],
	['rk_live_', 8],
	['rk_test_', 8],
	['whsec_', 8],
	['ghp_', 20],
	['gho_', 20],
	['ghu_', 20],
	['ghs_', 20],
	['ghr_', 20],
	['github_pat_', 20],
	['glpat-', 16],
	['xoxb-', 8],
	['xoxp-', 8],
	['xoxa-', 8],
	['xoxs-', 8],
	['xoxr-', 8],
	['xapp-', 8],
	['shpat_', 16],
	['shpss_', 16],
	['shpca_', 16],
	['shppa_', 16],
	['npm_', 20],
	['sq0atp-', 16],
	['sq0csp-', 16],
	['AIza', 30],
];

/** Schemes recognised on their own in text; inside an Authorization header any scheme counts. */
const STANDALONE_SCHEMES: ReadonlySet<string> = new Set([
	'bearer',
	'basic',
	'digest',
	'nlauth',
	'oauth',
	'aws4-hmac-sha256',
	'hoba',
	'mutual',
	'negotiate',
	'ntlm',
	'scram-sha-1',
	'scram-sha-256',
	'vapid',
	'sharedkey',
	'sharedkeylite',
	'ssws',
	'googlelogin',
	'hmac',
	'signature',
]);

/** Auth-params that describe a credential without being one; every other param is redacted. */
const KEPT_PARAMS: ReadonlySet<string> = new Set([
	'realm',
	'nlauth_account',
	'nlauth_role',
	'nlauth_application_id',
	'oauth_signature_method',
	'oauth_version',
	'oauth_timestamp',
	'algorithm',
	'qop',
	'nc',
	'uri',
	'signedheaders',
	'error',
	'error_description',
	'error_uri',
	'scope',
	'charset',
	'stale',
	'domain',
]);

/** Words after which "key" names a credential ("API key 8f3a…"). */
const KEY_QUALIFIERS: ReadonlySet<string> = new Set([
	'api',
	'access',
	'secret',
	'private',
	'consumer',
	'signing',
	'license',
	'account',
]);

function scanWords(text: string, spans: Spans): void {
	const length = text.length;
	let previousWord = '';
	let i = 0;
	while (i < length) {
		const c = text.charCodeAt(i);
		if (!isWordChar(c) || (i > 0 && isWordChar(text.charCodeAt(i - 1)))) {
			i++;
			continue;
		}
		let end = i + 1;
		while (end < length && isWordChar(text.charCodeAt(end))) end++;
		const next = wordAt(text, i, end, previousWord, spans);
		previousWord = end - i <= 32 ? text.slice(i, end).toLowerCase() : '';
		i = Math.max(next, end);
	}
}

/** Looks at one word [start, end); returns where scanning goes on. */
function wordAt(text: string, start: number, end: number, previous: string, spans: Spans): number {
	const first = text.charCodeAt(start);
	// JWT: header segment `eyJ…` (base64url of `{"`), then `.payload` and `.signature`.
	if (first === 101 && text.startsWith('eyJ', start) && text.charCodeAt(end) === 46) {
		const jwtEnd = jwtAt(text, start, end);
		if (jwtEnd > 0) {
			spans.push(start, jwtEnd);
			return jwtEnd;
		}
	}
	const wordLength = end - start;
	if (wordLength >= 12) {
		for (const [prefix, minimum] of KEY_PREFIXES) {
			if (wordLength - prefix.length >= minimum && text.startsWith(prefix, start)) {
				spans.push(start, end);
				return end;
			}
		}
		// AWS access key IDs: AKIA (long-term) or ASIA (temporary) and 16 more capitals or digits.
		if (wordLength === 20 && (text.startsWith('AKIA', start) || text.startsWith('ASIA', start))) {
			if (isUpperAlnum(text, start, end)) {
				spans.push(start, end);
				return end;
			}
		}
	}
	// SendGrid: SG.<id>.<secret>.
	if (wordLength === 2 && first === 83 && text.charCodeAt(start + 1) === 71) {
		const sgEnd = sendGridAt(text, end);
		if (sgEnd > 0) {
			spans.push(start, sgEnd);
			return sgEnd;
		}
	}
	if (wordLength > 32) return end;
	const word = text.slice(start, end).toLowerCase();
	if (STANDALONE_SCHEMES.has(word)) {
		const after = credentialsAfterScheme(text, end, text.length, word, false, spans);
		if (after > end) return after;
	}
	const credentialWord =
		keyKind(word) === 'secret' || (word === 'key' && KEY_QUALIFIERS.has(previous));
	if (credentialWord) return tokenAfterWord(text, end, spans);
	return end;
}

function isUpperAlnum(text: string, start: number, end: number): boolean {
	for (let k = start; k < end; k++) {
		const c = text.charCodeAt(k);
		if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
	}
	return true;
}

/** End of a JWT whose header segment is [start, headerEnd), or 0. */
function jwtAt(text: string, start: number, headerEnd: number): number {
	if (headerEnd - start < 10) return 0;
	let k = headerEnd + 1;
	const payloadStart = k;
	while (k < text.length && isWordChar(text.charCodeAt(k))) k++;
	if (k === payloadStart) return 0;
	// A string cut inside the token (maxStringLength) still hides what is left of it.
	if (k === text.length) return k;
	if (text.charCodeAt(k) !== 46) return 0;
	k++;
	while (k < text.length && isWordChar(text.charCodeAt(k))) k++;
	return k;
}

function sendGridAt(text: string, dot: number): number {
	if (text.charCodeAt(dot) !== 46) return 0;
	let k = dot + 1;
	while (k < text.length && isWordChar(text.charCodeAt(k))) k++;
	if (k - dot - 1 < 16 || text.charCodeAt(k) !== 46) return 0;
	const secretStart = k + 1;
	k = secretStart;
	while (k < text.length && isWordChar(text.charCodeAt(k))) k++;
	return k - secretStart >= 16 ? k : 0;
}

/** "the token 6f1e8a…", "secret: …" is a pair: a long token right after a credential word. */
function tokenAfterWord(text: string, wordEnd: number, spans: Spans): number {
	let k = wordEnd;
	let spaces = 0;
	while (k < text.length && text.charCodeAt(k) === 32 && spaces < 3) {
		k++;
		spaces++;
	}
	if (spaces === 0) return wordEnd;
	const start = k;
	let letters = 0;
	let digits = 0;
	while (k < text.length && isTokenChar(text.charCodeAt(k)) && text.charCodeAt(k) !== 58) {
		const c = text.charCodeAt(k);
		if (c >= 48 && c <= 57) digits++;
		else if (isAlnum(c)) letters++;
		k++;
	}
	// Sentence punctuation after the token is not part of it.
	let end = k;
	while (end > start && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 44)) end--;
	if (end - start >= 16 && letters > 0 && digits > 0) {
		spans.push(start, end);
		return end;
	}
	return wordEnd;
}

/**
 * The credentials after an auth scheme that ends at `schemeEnd`: auth-params (their values, but
 * for KEPT_PARAMS) or a token. In an Authorization header (`inHeader`) any token is a credential;
 * in free text only a Bearer token that is no English word, a Basic one that decodes to
 * `user:password`, or a long token of letters and digits is. Returns where the credentials end (schemeEnd when there are none).
 */
function credentialsAfterScheme(
	text: string,
	schemeEnd: number,
	limit: number,
	scheme: string,
	inHeader: boolean,
	spans: Spans,
): number {
	const start = skipBlanks(text, schemeEnd, Math.min(limit, schemeEnd + 8));
	if (start === schemeEnd || start >= limit) return schemeEnd;
	const params = paramsAt(text, start, limit, spans);
	if (params > start) return params;
	let end = start;
	while (end < limit && isTokenChar(text.charCodeAt(end))) end++;
	if (end === start) return schemeEnd;
	const token = text.slice(start, Math.min(end, start + 4096));
	let isCredential = inHeader;
	if (!isCredential && scheme === 'bearer') isCredential = looksLikeBearerToken(token);
	else if (!isCredential && scheme === 'basic') isCredential = looksLikeBasicCredential(token);
	else if (!isCredential) isCredential = looksLikeSecret(token);
	if (!isCredential) return schemeEnd;
	spans.push(start, end);
	return end;
}

/** Auth-params `name=value, name="value"` from `start`; returns their end, or `start` if none. */
function paramsAt(text: string, start: number, limit: number, spans: Spans): number {
	let k = start;
	let last = start;
	for (;;) {
		const nameStart = k;
		while (k < limit && isWordChar(text.charCodeAt(k))) k++;
		if (k === nameStart || k >= limit || text.charCodeAt(k) !== 61) break;
		// `dXNlcjpwYXNz==` is a token68 with padding, not a param.
		if (text.charCodeAt(k + 1) === 61) break;
		const name = text.slice(nameStart, Math.min(k, nameStart + 64)).toLowerCase();
		k++;
		const value = valueAt(text, k, limit, endsParamValue);
		if (value === null) break;
		if (!KEPT_PARAMS.has(name)) spans.push(value.start, value.end);
		last = value.next;
		k = skipBlanks(text, value.next, limit);
		if (k < limit && text.charCodeAt(k) === 44) k = skipBlanks(text, k + 1, limit);
	}
	return last;
}

interface Value {
	start: number;
	end: number;
	/** Where the text after the value (and its closing quote) begins. */
	next: number;
}

/**
 * The value at `from`: a quoted string (escapes skipped), a quote escaped inside a JSON string
 * (`\"…\"`), or an unquoted run up to a character `ends` accepts. Null when empty. An unclosed
 * quote runs to `limit`: the text was cut inside the credential.
 */
function valueAt(
	text: string,
	from: number,
	limit: number,
	ends: (c: number) => boolean,
): Value | null {
	const c = text.charCodeAt(from);
	if (c === 92 && isQuote(text.charCodeAt(from + 1))) {
		// Inside a JSON string the value closes at `\"`; `\\\"` is a quote within the value.
		const quote = text.charCodeAt(from + 1);
		let k = from + 2;
		while (k < limit) {
			if (text.charCodeAt(k) !== 92) {
				k++;
				continue;
			}
			let run = 0;
			while (k + run < limit && text.charCodeAt(k + run) === 92) run++;
			if (run === 1 && text.charCodeAt(k + 1) === quote) break;
			k += run;
		}
		const end = Math.min(k, limit);
		return end > from + 2 ? { start: from + 2, end, next: Math.min(end + 2, limit) } : null;
	}
	if (isQuote(c)) {
		let k = from + 1;
		while (k < limit && text.charCodeAt(k) !== c) k += text.charCodeAt(k) === 92 ? 2 : 1;
		const end = Math.min(k, limit);
		return end > from + 1 ? { start: from + 1, end, next: Math.min(end + 1, limit) } : null;
	}
	let k = from;
	while (k < limit && !ends(text.charCodeAt(k))) k++;
	return k > from ? { start: from, end: k, next: k } : null;
}

/** Not an English word ("the bearer of"): long, or holding a digit or token punctuation. */
function looksLikeBearerToken(token: string): boolean {
	if (token.length >= 16) return true;
	for (let k = 0; k < token.length; k++) {
		const c = token.charCodeAt(k);
		if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return true;
	}
	return false;
}

function looksLikeBasicCredential(token: string): boolean {
	if (token.length < 4 || token.length > 2000) return false;
	const decoded = Buffer.from(token, 'base64').toString('utf8');
	return decoded.includes(':');
}

/** Long, and mixing letters with digits: a generated secret rather than a word or an ID. */
function looksLikeSecret(token: string): boolean {
	if (token.length < 16) return false;
	let letters = false;
	let digits = false;
	for (let k = 0; k < token.length && !(letters && digits); k++) {
		const c = token.charCodeAt(k);
		if (c >= 48 && c <= 57) digits = true;
		else if (isAlnum(c)) letters = true;
	}
	return letters && digits;
}

// --- Pairs: key=value, key: value, "key":"value", <key>value</key> --------------------------

/** OAuth parameters next to which `code` is an authorization code, not an error code. */
const OAUTH_CONTEXT = ['redirect_uri=', 'grant_type=', 'code_verifier=', 'client_id=', 'state='];
const OAUTH_CONTEXT_KEYS: readonly string[] = [
	'redirect_uri',
	'redirectUri',
	'grant_type',
	'grantType',
	'code_verifier',
	'codeVerifier',
];

/**
 * One forward pass over `=`, `:` and `>`. The key before a separator is read backwards over at
 * most 64 characters; a redacted value is skipped, so each character is looked at a bounded
 * number of times.
 */
function scanPairs(text: string, spans: Spans): void {
	const length = text.length;
	let lastOpen = -1;
	const oauthWindow: OAuthWindow = { from: 0, to: 0, oauth: false };
	for (let i = 0; i < length; i++) {
		const c = text.charCodeAt(i);
		if (c === 60) {
			lastOpen = i;
			continue;
		}
		if (c === 62) {
			if (lastOpen !== -1 && i - lastOpen < 200) i = xmlElementAt(text, lastOpen, i, spans) - 1;
			lastOpen = -1;
			continue;
		}
		if (c !== 61 && c !== 58) continue;
		const key = keyBefore(text, i);
		if (key === null) continue;
		const name = text.slice(key, keyEnd(text, i));
		let kind = keyKind(name);
		if (
			kind === null &&
			c === 61 &&
			name.toLowerCase() === 'code' &&
			inOAuthQuery(text, key, i, oauthWindow)
		) {
			kind = 'secret';
		}
		if (kind === null) continue;
		const valueStart = skipBlanks(text, i + 1, Math.min(length, i + 9));
		const end = pairValue(text, valueStart, kind, spans);
		if (end > i + 1) i = end - 1;
	}
}

/** The end of the key that a separator at `separator` follows (before blanks and a quote). */
function keyEnd(text: string, separator: number): number {
	let end = separator;
	let blanks = 0;
	while (end > 0 && text.charCodeAt(end - 1) === 32 && blanks < 8) {
		end--;
		blanks++;
	}
	if (end > 0 && isQuote(text.charCodeAt(end - 1))) {
		end--;
		if (end > 0 && text.charCodeAt(end - 1) === 92) end--;
	}
	return end;
}

/** The start of the key before a separator, or null when no key is there. */
function keyBefore(text: string, separator: number): number | null {
	const end = keyEnd(text, separator);
	let start = end;
	while (start > 0 && end - start < 64 && isKeyChar(text.charCodeAt(start - 1))) start--;
	return start === end ? null : start;
}

/** The text around the last `code=` looked at, so that a run of them is read once. */
interface OAuthWindow {
	from: number;
	to: number;
	oauth: boolean;
}

/** Whether `code=` at [key, separator) sits in a query or form string with OAuth parameters. */
function inOAuthQuery(text: string, key: number, separator: number, seen: OAuthWindow): boolean {
	if (seen.from <= key && separator < seen.to) return seen.oauth;
	let from = key;
	while (from > 0 && key - from < 2048 && !isSpace(text.charCodeAt(from - 1))) from--;
	let to = separator;
	while (to < text.length && to - separator < 2048 && !isSpace(text.charCodeAt(to))) to++;
	const run = text.slice(from, to).toLowerCase();
	seen.from = from;
	seen.to = to;
	seen.oauth = OAUTH_CONTEXT.some((marker) => run.includes(marker));
	return seen.oauth;
}

/** Redacts the value of a credential pair at `start`; returns where it ends. */
function pairValue(text: string, start: number, kind: KeyKind, spans: Spans): number {
	const length = text.length;
	if (start >= length) return start;
	const c = text.charCodeAt(start);
	const quoted = isQuote(c) || (c === 92 && isQuote(text.charCodeAt(start + 1)));
	if (quoted) {
		const value = valueAt(text, start, length, endsValue);
		if (value === null) return start;
		if (kind === 'authorization') {
			// `"Authorization": "NLAuth …"`: keep the scheme, the rest of the header value goes.
			const schemeEnd = schemeEndAt(text, value.start, value.end);
			const rest = skipBlanks(text, schemeEnd, value.end);
			spans.push(rest > schemeEnd ? rest : value.start, value.end);
		} else {
			spans.push(value.start, value.end);
		}
		return value.next;
	}
	if (kind === 'authorization') {
		const schemeEnd = schemeEndAt(text, start, length);
		const scheme = text.slice(start, Math.min(schemeEnd, start + 64)).toLowerCase();
		// A generated token where the scheme would be is the credential itself.
		if (schemeEnd > start && !looksLikeSecret(scheme)) {
			const end = credentialsAfterScheme(text, schemeEnd, length, scheme, true, spans);
			if (end > schemeEnd) return end;
		}
		// No scheme: the header value is the credential itself (`Authorization: sk_live_…`).
		let end = start;
		while (end < length && isTokenChar(text.charCodeAt(end))) end++;
		if (end > start) spans.push(start, end);
		return end;
	}
	if (kind === 'cookie') return cookiePairsAt(text, start, spans);
	if (c === 123 || c === 91) {
		// `"credentials":{…}` in text: the whole object goes when it closes nearby.
		const close = balancedEnd(text, start);
		if (close > 0) {
			spans.push(start, close);
			return close;
		}
	}
	const value = valueAt(text, start, length, endsValue);
	if (value === null) return start;
	spans.push(value.start, value.end);
	return value.next;
}

/** The end of an auth scheme (a token followed by a blank) at `start`, or `start`. */
function schemeEndAt(text: string, start: number, limit: number): number {
	let k = start;
	while (
		k < limit &&
		k - start < 64 &&
		(isWordChar(text.charCodeAt(k)) || text.charCodeAt(k) === 46)
	) {
		k++;
	}
	return k < limit && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9) ? k : start;
}

/** `a=1; JSESSIONID=…; Path=/`: every cookie value, names kept. */
function cookiePairsAt(text: string, start: number, spans: Spans): number {
	const length = text.length;
	let k = start;
	let last = start;
	for (;;) {
		const nameStart = k;
		while (k < length && !endsValue(text.charCodeAt(k)) && text.charCodeAt(k) !== 61) k++;
		if (k === nameStart) break;
		if (k < length && text.charCodeAt(k) === 61) {
			const valueStart = k + 1;
			k = valueStart;
			while (k < length && !endsValue(text.charCodeAt(k))) k++;
			if (k > valueStart) spans.push(valueStart, k);
		}
		last = k;
		if (k >= length || text.charCodeAt(k) !== 59) break;
		k = skipBlanks(text, k + 1, length);
	}
	if (last === start) {
		// A bare cookie value without a name.
		while (last < length && !endsValue(text.charCodeAt(last))) last++;
		if (last > start) spans.push(start, last);
	}
	return last;
}

/** The end of a `{…}` or `[…]` starting at `start`, when it closes within 512 characters. */
function balancedEnd(text: string, start: number): number {
	let depth = 0;
	let inString = false;
	const limit = Math.min(text.length, start + 512);
	for (let k = start; k < limit; k++) {
		const c = text.charCodeAt(k);
		if (inString) {
			if (c === 92) k++;
			else if (c === 34) inString = false;
		} else if (c === 34) inString = true;
		else if (c === 123 || c === 91) depth++;
		else if (c === 125 || c === 93) {
			depth--;
			if (depth === 0) return k + 1;
		}
	}
	return 0;
}

/** `<platformCore:password>…</…>` and `<signature algorithm="…">…<`: the element's text goes. */
function xmlElementAt(text: string, open: number, close: number, spans: Spans): number {
	let k = open + 1;
	if (k >= close || !isAlnum(text.charCodeAt(k))) return close + 1;
	while (k < close && (isKeyChar(text.charCodeAt(k)) || text.charCodeAt(k) === 58)) k++;
	if (text.charCodeAt(close - 1) === 47) return close + 1;
	const qualified = text.slice(open + 1, k);
	const local = qualified.slice(qualified.lastIndexOf(':') + 1);
	if (keyKind(local) === null) return close + 1;
	const next = text.indexOf('<', close + 1);
	const end = next === -1 ? text.length : next;
	if (end > close + 1) spans.push(close + 1, end);
	return end;
}

// --- URLs, PEM blocks, command-line options --------------------------------------------------

/**
 * `postgres://user:password@host/…`: the password (also when a cut took the `@` away); a long
 * token alone before `@` too.
 */
function scanUserinfo(text: string, spans: Spans): void {
	let from = 0;
	for (;;) {
		const scheme = text.indexOf('://', from);
		if (scheme === -1) break;
		const authorityStart = scheme + 3;
		let end = authorityStart;
		let colon = -1;
		let at = -1;
		while (end < text.length && end - authorityStart < 512) {
			const c = text.charCodeAt(end);
			if (c === 47 || c === 63 || c === 35 || isSpace(c) || isQuote(c) || c === 92) break;
			if (c === 58 && colon === -1) colon = end;
			if (c === 64) at = end;
			end++;
		}
		if (at !== -1) {
			if (colon !== -1 && colon < at) {
				if (at > colon + 1) spans.push(colon + 1, at);
			} else if (looksLikeSecret(text.slice(authorityStart, at))) {
				spans.push(authorityStart, at);
			}
		} else if (colon !== -1 && text.charCodeAt(authorityStart) !== 91) {
			// No `@`: after the colon is a port, unless it is not a number or the text was cut
			// inside the authority, where a password may stand with its `@` cut off.
			let port = colon + 1;
			while (port < end && text.charCodeAt(port) >= 48 && text.charCodeAt(port) <= 57) port++;
			if (end > colon + 1 && (port < end || end === text.length)) spans.push(colon + 1, end);
		}
		from = Math.max(end, authorityStart);
	}
}

/** PEM types that are public; any other block (every kind of private key) is a secret. */
const PUBLIC_PEM: ReadonlySet<string> = new Set([
	'CERTIFICATE',
	'TRUSTED CERTIFICATE',
	'CERTIFICATE REQUEST',
	'NEW CERTIFICATE REQUEST',
	'X509 CRL',
	'PUBLIC KEY',
	'RSA PUBLIC KEY',
	'SSH2 PUBLIC KEY',
	'PGP PUBLIC KEY BLOCK',
	'PGP SIGNATURE',
	'PKCS7',
	'CMS',
	'DH PARAMETERS',
	'EC PARAMETERS',
]);

function scanPem(text: string, spans: Spans): void {
	let from = 0;
	for (;;) {
		const begin = text.indexOf('-----BEGIN ', from);
		if (begin === -1) return;
		const labelStart = begin + 11;
		const labelEnd = text.indexOf('-----', labelStart);
		if (labelEnd === -1 || labelEnd - labelStart > 64) {
			from = labelStart;
			continue;
		}
		const bodyStart = labelEnd + 5;
		const endMarker = text.indexOf('-----END', bodyStart);
		const bodyEnd = endMarker === -1 ? text.length : endMarker;
		if (!PUBLIC_PEM.has(text.slice(labelStart, labelEnd).trim())) spans.push(bodyStart, bodyEnd);
		if (endMarker === -1) return;
		from = bodyEnd + 8;
	}
}

/**
 * Command lines: `curl -u user:password`, `--user=user:password`, `--proxy-user …` (the part
 * after the first colon), `--oauth2-bearer …` and any `--option` named like a credential
 * (`--password …`, `--api-key …`: the whole argument).
 */
function scanOptions(text: string, spans: Spans): void {
	const length = text.length;
	for (let i = text.indexOf('-'); i !== -1; i = text.indexOf('-', i + 1)) {
		if (i > 0 && !isSpace(text.charCodeAt(i - 1)) && !isQuote(text.charCodeAt(i - 1))) continue;
		let argStart: number;
		let wholeArgument = false;
		if (text.charCodeAt(i + 1) === 45) {
			const nameStart = i + 2;
			let nameEnd = nameStart;
			while (nameEnd < length && nameEnd - nameStart < 64 && isWordChar(text.charCodeAt(nameEnd))) {
				nameEnd++;
			}
			const separator = text.charCodeAt(nameEnd);
			if (nameEnd === nameStart || (separator !== 32 && separator !== 61)) continue;
			const name = text.slice(nameStart, nameEnd);
			if (name !== 'user' && name !== 'proxy-user') {
				if (name !== 'oauth2-bearer' && keyKind(name) === null) continue;
				wholeArgument = true;
			}
			argStart = skipBlanks(text, nameEnd + 1, Math.min(length, nameEnd + 9));
		} else {
			const flag = text.charCodeAt(i + 1);
			if (flag !== 117 && flag !== 85) continue; // -u, -U (curl's --user, --proxy-user)
			argStart = skipBlanks(text, i + 2, Math.min(length, i + 10));
		}
		const value = valueAt(text, argStart, length, isSpace);
		if (value === null) continue;
		if (wholeArgument) {
			spans.push(value.start, value.end);
		} else {
			let colon = value.start;
			while (colon < value.end && text.charCodeAt(colon) !== 58) colon++;
			if (colon + 1 >= value.end) continue;
			spans.push(colon + 1, value.end);
		}
		i = Math.max(i, value.next - 1);
	}
}

// ---------------------------------------------------------------------------------------------
// Values

interface State {
	maxDepth: number;
	maxStringLength: number;
	maxEntries: number;
	nodesLeft: number;
	ancestors: Set<object>;
	changed: boolean;
}

function newState(limits: RedactLimits): State {
	return {
		maxDepth: limits.maxDepth ?? 32,
		maxStringLength: limits.maxStringLength ?? Number.POSITIVE_INFINITY,
		maxEntries: limits.maxEntries ?? Number.POSITIVE_INFINITY,
		nodesLeft: limits.maxNodes ?? 100_000,
		ancestors: new Set(),
		changed: false,
	};
}

/** A deep copy of `value` with credentials redacted (see the module comment). */
export function redact<T = unknown>(value: T, limits: RedactLimits = {}): T {
	return copyValue(value, 0, newState(limits), '') as T;
}

function copyString(text: string, state: State): string {
	const max = state.maxStringLength;
	// Cut before scrubbing so a huge string costs no more than its kept part (plus a margin, so
	// that a credential straddling the cut is still recognised by its key or scheme).
	const cut = text.length > max ? text.slice(0, max + 256) : text;
	const scrubbed = scrubString(cut);
	if (scrubbed !== cut) state.changed = true;
	return scrubbed.length > max ? `${scrubbed.slice(0, max)}…` : scrubbed;
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
	// `__proto__` from JSON is data; plain assignment would replace the copy's prototype.
	if (key === '__proto__') {
		Object.defineProperty(target, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	} else {
		target[key] = value;
	}
}

/** Keys that name a header or field in `{ name: 'Authorization', value: '…' }` entries. */
const ENTRY_NAME_KEYS = ['name', 'key', 'header', 'field', 'Name', 'Key'];
const ENTRY_VALUE_KEYS: ReadonlySet<string> = new Set(['value', 'values', 'Value', 'Values']);

function ownValue(record: Record<string, unknown>, key: string): unknown {
	return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * Whether `container[key]` holds a credential: its key names one, or it is the value of a
 * `{ name: 'Authorization', value: … }` header entry, or an OAuth `code` beside its
 * `redirect_uri`, `grant_type` or `code_verifier`. The Tagger asks this before it reads a field.
 */
export function isCredentialEntry(container: object, key: string): boolean {
	if (isSensitiveKey(key)) return true;
	if (container instanceof Map || Array.isArray(container)) return false;
	const record = container as Record<string, unknown>;
	if (ENTRY_VALUE_KEYS.has(key)) {
		return ENTRY_NAME_KEYS.some((nameKey) => {
			const name = ownValue(record, nameKey);
			return typeof name === 'string' && isSensitiveKey(name);
		});
	}
	if (key === 'code')
		return OAUTH_CONTEXT_KEYS.some((other) => ownValue(record, other) !== undefined);
	return false;
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

function copyValue(value: unknown, depth: number, state: State, parentKey: string): unknown {
	if (typeof value === 'string') return copyString(value, state);
	if (value === null || typeof value !== 'object') {
		return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
	}
	if (state.nodesLeft <= 0 || depth >= state.maxDepth) return TRUNCATED;
	if (state.ancestors.has(value)) return CIRCULAR;
	state.nodesLeft--;
	if (value instanceof Date) return new Date(value.getTime());
	if (ArrayBuffer.isView(value)) {
		// Binary bodies are copied as they are: no key inside them can be read as a credential.
		if (Buffer.isBuffer(value)) return Buffer.from(value);
		const sliceable = value as unknown as { slice?: () => unknown };
		return typeof sliceable.slice === 'function' ? sliceable.slice() : TRUNCATED;
	}
	state.ancestors.add(value);
	try {
		if (Array.isArray(value)) return copyArray(value, depth, state, parentKey);
		const copy: Record<string, unknown> = {};
		const entries: Array<[string, unknown]> = [];
		if (value instanceof Map) {
			for (const [k, v] of value) entries.push([String(k), v]);
		} else if (value instanceof Set) {
			return copyValue([...value], depth, state, parentKey);
		} else {
			const own = Object.keys(value);
			if (value instanceof Error) {
				// name, message and cause are usually not enumerable on Error instances.
				for (const key of ['name', 'message', 'cause'] as const) {
					const entry = (value as unknown as Record<string, unknown>)[key];
					if (entry !== undefined && !own.includes(key)) entries.push([key, entry]);
				}
			}
			for (const key of own) entries.push([key, (value as Record<string, unknown>)[key]]);
		}
		let kept = 0;
		for (const [key, entry] of entries) {
			if (kept >= state.maxEntries) {
				setKey(copy, TRUNCATED, `${entries.length - kept} more`);
				break;
			}
			kept++;
			if (isCredentialEntry(value, key) && !isBlank(entry)) {
				state.changed = true;
				setKey(copy, key, REDACTED);
				continue;
			}
			const copied = copyValue(entry, depth + 1, state, key);
			if (copied !== undefined) setKey(copy, key, copied);
		}
		return copy;
	} finally {
		state.ancestors.delete(value);
	}
}

/**
 * Node's `rawHeaders` (and headers kept as lists) alternate names and values: under a key named
 * for headers, the string after a credential-named one is its value.
 */
function copyArray(value: unknown[], depth: number, state: State, parentKey: string): unknown[] {
	const limit = Math.min(value.length, state.maxEntries);
	const copy: unknown[] = new Array<unknown>(limit);
	const headerList = /header/i.test(parentKey.slice(0, MAX_KEY_LENGTH));
	for (let i = 0; i < limit; i++) {
		const previous = value[i - 1];
		if (
			headerList &&
			i % 2 === 1 &&
			typeof previous === 'string' &&
			isSensitiveKey(previous) &&
			!isBlank(value[i])
		) {
			state.changed = true;
			copy[i] = REDACTED;
			continue;
		}
		copy[i] = copyValue(value[i], depth + 1, state, '');
	}
	if (value.length > limit) copy.push(`${TRUNCATED} ${value.length - limit} more`);
	return copy;
}
