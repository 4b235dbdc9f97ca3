/**
 * Redaction of credentials before anything is copied into a tag's evidence or an output item.
 * Error objects from HTTP clients carry request headers, query-string API keys and OAuth
 * tokens; none of that may leave the node. `redact` returns a deep copy (the input is never
 * touched) with the values of credential-named keys replaced and credentials inside strings
 * scrubbed. It is cycle-safe and bounded: depth, entries per object and total nodes are capped.
 *
 * Key names are matched by words, not substrings: `x-api-key`, `access_token`, `set-cookie` and
 * `client_secret` are credentials, while `returnAuthorization` (a return authorization number,
 * the very ID this product tracks) and `authorizationId` are not.
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

/** A credential-bearing word anywhere in the key's words. */
const SENSITIVE_WORDS: ReadonlySet<string> = new Set([
	'password',
	'passwd',
	'passphrase',
	'secret',
	'secrets',
	'token',
	'tokens',
	'cookie',
	'cookies',
	'apikey',
	'apikeys',
	'privatekey',
]);
/** Whole keys that are credentials although their word alone is too common to match inside keys. */
const SENSITIVE_KEYS: ReadonlySet<string> = new Set(['auth', 'pass', 'pwd', 'bearer']);
/** Word runs that spell a credential over two words (`api_key`, `x-api-key`, `privateKey`). */
const SENSITIVE_JOINED = ['apikey', 'privatekey'];
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

const sensitiveCache = new Map<string, boolean>();

/** Whether a key names a credential (see the module comment for the rules). */
export function isSensitiveKey(key: string): boolean {
	const cached = sensitiveCache.get(key);
	if (cached !== undefined) return cached;
	const result = computeSensitive(key);
	// Keys repeat across items; a small bounded cache keeps redaction of big outputs cheap.
	if (sensitiveCache.size < 10_000) sensitiveCache.set(key, result);
	return result;
}

function computeSensitive(key: string): boolean {
	const words = keyWords(key);
	if (words.length === 0) return false;
	const joined = words.join('');
	if (SENSITIVE_KEYS.has(joined)) return true;
	for (const word of words) if (SENSITIVE_WORDS.has(word)) return true;
	for (const run of SENSITIVE_JOINED) if (joined.includes(run)) return true;
	const last = words[words.length - 1];
	if (AUTHORIZATION_WORDS.has(last)) {
		return words.slice(0, -1).every((word) => AUTHORIZATION_QUALIFIERS.has(word));
	}
	return false;
}

// No nested quantifiers and disjoint classes: linear on any input.
const AUTH_SCHEME = /\b(bearer|basic)(\s+)([A-Za-z0-9\-._~+/]+=*)/gi;
const AUTH_SCHEMES: ReadonlySet<string> = new Set([
	'bearer',
	'basic',
	'digest',
	'token',
	'negotiate',
]);
const MAX_JSON_IN_STRING = 1_000_000;
const KEY_CHAR = /[A-Za-z0-9_\-.]/;

/**
 * Scrubs credentials inside a string: `Bearer …` and `Basic …` (when it decodes to
 * `user:password`), `key=value` and `"key": "value"` pairs whose key names a credential, and a
 * whole JSON document held in a string (a response body), which is redacted as data.
 */
export function scrubString(text: string): string {
	if (text.length === 0) return text;
	const trimmedStart = text.trimStart();
	if (
		text.length <= MAX_JSON_IN_STRING &&
		(trimmedStart.startsWith('{') || trimmedStart.startsWith('['))
	) {
		const parsed = tryParseJson(text);
		if (parsed !== undefined && parsed !== null && typeof parsed === 'object') {
			const state = newState({});
			const copy = copyValue(parsed, 0, state);
			return state.changed ? JSON.stringify(copy) : text;
		}
	}
	let result = text.replace(AUTH_SCHEME, (match, scheme: string, space: string, token: string) => {
		if (scheme.toLowerCase() === 'basic' && !looksLikeBasicCredential(token)) return match;
		return `${scheme}${space}${REDACTED}`;
	});
	if (result.includes('=') || result.includes(':')) result = scrubPairs(result);
	if (result.includes('://')) result = scrubUserinfo(result);
	return result;
}

/** `https://user:password@host/…`: the password part of a URL's user info. */
function scrubUserinfo(text: string): string {
	let out = '';
	let copiedUpTo = 0;
	let from = 0;
	for (;;) {
		const scheme = text.indexOf('://', from);
		if (scheme === -1) break;
		const authorityStart = scheme + 3;
		let end = authorityStart;
		let colon = -1;
		let at = -1;
		while (end < text.length && end - authorityStart < 512) {
			const c = text[end];
			if (c === '/' || c === '?' || c === '#' || c === ' ' || c === '"' || c === "'") break;
			if (c === ':' && colon === -1) colon = end;
			if (c === '@') at = end;
			end++;
		}
		if (colon !== -1 && at > colon + 1 && text.slice(colon + 1, at) !== REDACTED) {
			out += text.slice(copiedUpTo, colon + 1) + REDACTED;
			copiedUpTo = at;
		}
		from = Math.max(end, authorityStart);
	}
	return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

function looksLikeBasicCredential(token: string): boolean {
	if (token.length < 4 || token.length > 2000) return false;
	const decoded = Buffer.from(token, 'base64').toString('utf8');
	return decoded.includes(':');
}

function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * `api_key=abc&x=1`, `password: hunter2`, `"access_token":"abc"`: the value after a separator
 * is replaced when the word before it names a credential. One pass, each character looked at a
 * bounded number of times (the backward walk stops at the previous separator).
 */
function scrubPairs(text: string): string {
	let out = '';
	let copiedUpTo = 0;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch !== '=' && ch !== ':') continue;
		// The key: word characters right before the separator, skipping a closing quote.
		let end = i;
		while (end > 0 && text[end - 1] === ' ') end--;
		if (end > 0 && (text[end - 1] === '"' || text[end - 1] === "'")) end--;
		let start = end;
		while (start > 0 && end - start < 64 && KEY_CHAR.test(text[start - 1])) start--;
		if (start === end) continue;
		if (!isSensitiveKey(text.slice(start, end))) continue;
		// The value: optional spaces and quote, then up to the closing quote or a delimiter.
		let valueStart = i + 1;
		while (valueStart < text.length && text[valueStart] === ' ') valueStart++;
		let quote: string | null = null;
		if (text[valueStart] === '"' || text[valueStart] === "'") {
			quote = text[valueStart];
			valueStart++;
		}
		let valueEnd = valueStart;
		while (valueEnd < text.length) {
			const c = text[valueEnd];
			if (quote !== null ? c === quote || c === '\\' : /[&\s#,;"'}\]]/.test(c)) break;
			valueEnd++;
		}
		if (valueEnd === valueStart) continue;
		// `Authorization: Bearer abc`: keep the scheme, redact the credential after it.
		if (quote === null && AUTH_SCHEMES.has(text.slice(valueStart, valueEnd).toLowerCase())) {
			let tokenStart = valueEnd;
			while (tokenStart < text.length && text[tokenStart] === ' ') tokenStart++;
			if (tokenStart === valueEnd) continue;
			valueStart = tokenStart;
			valueEnd = tokenStart;
			while (valueEnd < text.length && !/[&\s#,;"'}\]]/.test(text[valueEnd])) valueEnd++;
			if (valueEnd === valueStart) continue;
		}
		// Already redacted (by the scheme pass): `]` ends an unquoted value, so compare by prefix.
		if (text.startsWith(REDACTED, valueStart)) continue;
		out += text.slice(copiedUpTo, valueStart) + REDACTED;
		copiedUpTo = valueEnd;
		i = valueEnd - 1;
	}
	return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

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
	return copyValue(value, 0, newState(limits)) as T;
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

function copyValue(value: unknown, depth: number, state: State): unknown {
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
		if (Array.isArray(value)) {
			const limit = Math.min(value.length, state.maxEntries);
			const copy: unknown[] = new Array<unknown>(limit);
			for (let i = 0; i < limit; i++) copy[i] = copyValue(value[i], depth + 1, state);
			if (value.length > limit) copy.push(`${TRUNCATED} ${value.length - limit} more`);
			return copy;
		}
		const copy: Record<string, unknown> = {};
		const entries: Array<[string, unknown]> = [];
		if (value instanceof Map) {
			for (const [k, v] of value) entries.push([String(k), v]);
		} else if (value instanceof Set) {
			return copyValue([...value], depth, state);
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
			if (isSensitiveKey(key) && entry !== undefined && entry !== null && entry !== '') {
				state.changed = true;
				setKey(copy, key, REDACTED);
				continue;
			}
			const copied = copyValue(entry, depth + 1, state);
			if (copied !== undefined) setKey(copy, key, copied);
		}
		return copy;
	} finally {
		state.ancestors.delete(value);
	}
}
