/**
 * Field paths: the one syntax and the one reader for every path the package reads (field paths,
 * the formats' default paths, the Guard's payload and ERP order fields).
 *
 * A path is dotted names (`metadata.return_id`), each name optionally followed by selectors:
 * `[n]` (the array's element n) and `[key=value]` (the first array element whose own `key`
 * equals `value`, compared as text, so `[id=360001]` finds `{ id: 360001 }`), e.g.
 * `custom_fields[id=360001].value` or `d.results[0].BillingDocument`. A numeric dotted name on
 * an array reads that element (`lines.0.amount`), as dotted paths always have.
 *
 * Paths are parsed once (`compilePath`) and read many times (`readPath`): a run reads about ten
 * fields of a million records. Only own properties are read; `__proto__`, `constructor` and
 * `prototype` read nothing wherever they appear, even as an own key (JSON.parse makes one).
 */

/** Paths longer than this are refused: no real field path comes near it. */
export const MAX_PATH_LENGTH = 1_000;
/** Names and selectors per path; real paths have fewer than ten. */
export const MAX_PATH_SEGMENTS = 100;

/** A malformed path: the path, the character position of the problem and what is wrong. */
export class PathError extends Error {
	constructor(
		readonly path: string,
		readonly position: number,
		readonly reason: string,
	) {
		super(`path "${shorten(path)}" at character ${position + 1}: ${reason}`);
		this.name = 'PathError';
	}
}

/** An own property (on an array, `0` names its first element, as any own key would). */
const KEY = 0;
/** `[n]`: an array element. */
const INDEX = 1;
/** `[key=value]`: the first array element whose `key` reads as `value`. */
const MATCH = 2;
/** `__proto__`, `constructor`, `prototype`: reads nothing. */
const BLOCKED = 3;
type StepType = typeof KEY | typeof INDEX | typeof MATCH | typeof BLOCKED;

interface Step {
	readonly type: StepType;
	/** The property name (Key), the element's key (Match). */
	readonly key: string;
	/** The index (Index). */
	readonly index: number;
	/** The text the element's key must read as (Match). */
	readonly value: string;
}

/** A parsed path, ready to read. */
export interface CompiledPath {
	/** The path as written. */
	readonly path: string;
	/** The key itself when the path is one plain name (nearly every path): the fast path. */
	readonly key: string | null;
	/** The names when the path is only dotted names (`metadata.return_id`): the second path. */
	readonly keys: readonly string[] | null;
	readonly steps: readonly Step[];
}

const BLOCKED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses a path, or throws a PathError saying where and why it is malformed. */
export function compilePath(path: string): CompiledPath {
	const compiled = tryCompilePath(path);
	if (compiled instanceof PathError) throw compiled;
	return compiled;
}

/** Parses a path, or returns the PathError (for callers that collect errors as data). */
export function tryCompilePath(path: unknown): CompiledPath | PathError {
	if (typeof path !== 'string') return new PathError(String(path), 0, 'a path must be text');
	if (path.length === 0) return new PathError(path, 0, 'the path is empty');
	if (path.length > MAX_PATH_LENGTH) {
		return new PathError(path, MAX_PATH_LENGTH, `longer than ${MAX_PATH_LENGTH} characters`);
	}
	if (isPlainName(path)) {
		if (BLOCKED_NAMES.has(path)) return { path, key: null, keys: null, steps: [blockedStep()] };
		return { path, key: path, keys: null, steps: [keyStep(path)] };
	}
	const steps: Step[] = [];
	let at = 0;
	// A path may start with a selector (`[0].id`): the record itself is then a list.
	let expectName = path.charCodeAt(0) !== 91; // '['
	while (at < path.length) {
		if (expectName) {
			let end = at;
			while (end < path.length && !isDelimiter(path.charCodeAt(end))) end++;
			if (end === at) {
				return new PathError(path, at, at === 0 ? 'the path starts with "."' : 'an empty name');
			}
			if (path.charCodeAt(end) === 93) return new PathError(path, end, 'a "]" with no "["');
			const name = path.slice(at, end);
			steps.push(BLOCKED_NAMES.has(name) ? blockedStep() : keyStep(name));
			at = end;
			expectName = false;
		} else if (path.charCodeAt(at) === 91) {
			const close = path.indexOf(']', at + 1);
			if (close === -1) return new PathError(path, at, 'a "[" with no "]"');
			const inner = path.slice(at + 1, close);
			const nested = inner.indexOf('[');
			if (nested !== -1) return new PathError(path, at + 1 + nested, 'a "[" inside a selector');
			const step = selectorStep(path, at, inner);
			if (step instanceof PathError) return step;
			steps.push(step);
			at = close + 1;
		} else if (path.charCodeAt(at) === 46) {
			at++;
			if (at === path.length) return new PathError(path, at - 1, 'the path ends with "."');
			expectName = true;
		} else {
			return new PathError(path, at, 'expected ".", "[" or the end of the path after "]"');
		}
		if (steps.length > MAX_PATH_SEGMENTS) {
			return new PathError(path, at, `more than ${MAX_PATH_SEGMENTS} names and selectors`);
		}
	}
	const names = steps.every((step) => step.type === KEY) ? steps.map((step) => step.key) : null;
	return { path, key: null, keys: names, steps };
}

function selectorStep(path: string, open: number, inner: string): Step | PathError {
	if (inner.length === 0) return new PathError(path, open, 'an empty selector "[]"');
	const equals = inner.indexOf('=');
	if (equals === -1) {
		if (!/^(?:0|[1-9]\d{0,8})$/.test(inner)) {
			return new PathError(
				path,
				open + 1,
				`"[${shorten(inner)}]" is neither an index ([0]) nor a match ([key=value])`,
			);
		}
		return { type: INDEX, key: '', index: Number(inner), value: '' };
	}
	const key = inner.slice(0, equals);
	const value = inner.slice(equals + 1);
	if (key.length === 0) return new PathError(path, open + 1, 'a selector with no key before "="');
	if (value.length === 0) {
		return new PathError(path, open + 1 + equals, 'a selector with no value after "="');
	}
	if (BLOCKED_NAMES.has(key)) return blockedStep();
	return { type: MATCH, key, index: -1, value };
}

function keyStep(key: string): Step {
	return { type: KEY, key, index: -1, value: '' };
}

function blockedStep(): Step {
	return { type: BLOCKED, key: '', index: -1, value: '' };
}

/** '.', '[' or ']'. */
function isDelimiter(code: number): boolean {
	return code === 46 || code === 91 || code === 93;
}

function isPlainName(path: string): boolean {
	for (let i = 0; i < path.length; i++) if (isDelimiter(path.charCodeAt(i))) return false;
	return true;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The value at a compiled path, or undefined when any step finds nothing. Never throws. */
export function readPath(source: unknown, compiled: CompiledPath): unknown {
	const key = compiled.key;
	if (key !== null) {
		return source !== null && typeof source === 'object' && hasOwn.call(source, key)
			? (source as Record<string, unknown>)[key]
			: undefined;
	}
	const keys = compiled.keys;
	if (keys !== null) {
		let current: unknown = source;
		for (let i = 0; i < keys.length; i++) {
			if (current === null || typeof current !== 'object' || !hasOwn.call(current, keys[i])) {
				return undefined;
			}
			current = (current as Record<string, unknown>)[keys[i]];
		}
		return current;
	}
	const steps = compiled.steps;
	let current: unknown = source;
	for (let i = 0; i < steps.length; i++) {
		if (current === null || typeof current !== 'object') return undefined;
		const step = steps[i];
		switch (step.type) {
			case KEY:
				if (!hasOwn.call(current, step.key)) return undefined;
				current = (current as Record<string, unknown>)[step.key];
				break;
			case INDEX:
				if (!Array.isArray(current) || !hasOwn.call(current, step.index)) return undefined;
				current = current[step.index];
				break;
			case MATCH:
				if (!Array.isArray(current)) return undefined;
				current = findMatch(current, step.key, step.value);
				break;
			default:
				return undefined;
		}
	}
	return current;
}

/** The first element whose own `key` reads as `value` (text, or a number or boolean as text). */
function findMatch(list: readonly unknown[], key: string, value: string): unknown {
	for (let i = 0; i < list.length; i++) {
		const element = list[i];
		if (element === null || typeof element !== 'object' || !hasOwn.call(element, key)) continue;
		if (asText((element as Record<string, unknown>)[key]) === value) return element;
	}
	return undefined;
}

function asText(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	return null;
}

/**
 * The value at keys already apart (a zod issue's path, where a key may hold a "."): own
 * properties only, and the blocked names read nothing, as in `readPath`.
 */
export function readKeys(source: unknown, keys: readonly PropertyKey[]): unknown {
	let current: unknown = source;
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i];
		if (current === null || typeof current !== 'object') return undefined;
		if (typeof key === 'string' && BLOCKED_NAMES.has(key)) return undefined;
		if (!hasOwn.call(current, key)) return undefined;
		current = (current as Record<PropertyKey, unknown>)[key];
	}
	return current;
}

/** Compiles and reads in one call, for paths read once (options, messages); throws PathError. */
export function readPathText(source: unknown, path: string): unknown {
	return readPath(source, compilePath(path));
}

function shorten(text: string): string {
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
