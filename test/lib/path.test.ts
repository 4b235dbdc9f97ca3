import fc from 'fast-check';

import {
	MAX_PATH_LENGTH,
	PathError,
	compilePath,
	readPath,
	readPathText,
	tryCompilePath,
} from '../../lib/path';
import { RUNS, runs } from '../properties/generators';

const ticket = {
	id: 35436,
	external_id: 'RA-1001',
	custom_fields: [
		{ id: 360000, value: null },
		{ id: 360001, value: '#1001' },
		{ id: '360002', value: 'RA-1001' },
	],
	tags: ['refund', 'vip'],
};

describe('reading paths', () => {
	it('reads a plain name, dotted names and a numeric dotted name on a list', () => {
		expect(readPathText(ticket, 'external_id')).toBe('RA-1001');
		expect(readPathText({ metadata: { return_id: 'RA-7' } }, 'metadata.return_id')).toBe('RA-7');
		expect(
			readPathText({ lines: [{ amount: '5.00' }, { amount: '7.50' }] }, 'lines.1.amount'),
		).toBe('7.50');
	});

	it('reads [n] and [key=value], comparing the key as text', () => {
		expect(readPathText(ticket, 'custom_fields[id=360001].value')).toBe('#1001');
		expect(readPathText(ticket, 'custom_fields[id=360002].value')).toBe('RA-1001');
		expect(readPathText(ticket, 'custom_fields[1].id')).toBe(360001);
		expect(readPathText(ticket, 'tags[1]')).toBe('vip');
		expect(readPathText(ticket, 'custom_fields[id=999].value')).toBeUndefined();
		expect(readPathText(ticket, 'custom_fields[9].value')).toBeUndefined();
		const sap = { d: { results: [{ BillingDocument: '90000012' }] } };
		expect(readPathText(sap, 'd.results[0].BillingDocument')).toBe('90000012');
		expect(readPathText([{ id: 'a' }], '[0].id')).toBe('a');
		expect(readPathText({ flags: [{ on: true, n: 1 }] }, 'flags[on=true].n')).toBe(1);
	});

	it('chains selectors and reads the first match', () => {
		const value = {
			grid: [
				[1, 2],
				[3, 4],
			],
			rows: [
				{ k: 'x', v: 1 },
				{ k: 'x', v: 2 },
			],
		};
		expect(readPathText(value, 'grid[1][0]')).toBe(3);
		expect(readPathText(value, 'rows[k=x].v')).toBe(1);
	});

	it('reads nothing through a value that is not an object, or through a selector on an object', () => {
		expect(readPathText({ a: 'text' }, 'a.length')).toBeUndefined();
		expect(readPathText({ a: 5 }, 'a.b')).toBeUndefined();
		expect(readPathText({ a: { 0: 'x' } }, 'a[0]')).toBeUndefined();
		expect(readPathText({ a: { id: 1 } }, 'a[id=1]')).toBeUndefined();
		for (const source of [null, undefined, 42, 'text', true]) {
			expect(readPathText(source, 'a')).toBeUndefined();
			expect(readPathText(source, 'a.b[0]')).toBeUndefined();
		}
	});
});

describe('what a path never reads', () => {
	it('inherited properties', () => {
		expect(readPathText({}, 'toString')).toBeUndefined();
		expect(readPathText({ a: {} }, 'a.hasOwnProperty')).toBeUndefined();
		expect(readPathText(Object.create({ inherited: 1 }), 'inherited')).toBeUndefined();
	});

	it('__proto__, constructor and prototype, even as own keys that JSON.parse makes', () => {
		const hostile = JSON.parse(
			'{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"x": 1}}, "a": {"__proto__": "p"}, "list": [{"__proto__": "v"}]}',
		);
		expect(readPathText(hostile, '__proto__')).toBeUndefined();
		expect(readPathText(hostile, '__proto__.polluted')).toBeUndefined();
		expect(readPathText(hostile, 'constructor')).toBeUndefined();
		expect(readPathText(hostile, 'constructor.prototype.x')).toBeUndefined();
		expect(readPathText(hostile, 'a.__proto__')).toBeUndefined();
		expect(readPathText(hostile, 'list[__proto__=v]')).toBeUndefined();
		expect(readPathText(hostile, 'list.0.prototype')).toBeUndefined();
		expect(readPathText(function named() {}, 'prototype')).toBeUndefined();
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});

describe('malformed paths', () => {
	const cases: Array<[string, number, RegExp]> = [
		['', 0, /empty/],
		['a[', 1, /"\[" with no "\]"/],
		['a[b', 1, /"\[" with no "\]"/],
		['[=x]', 1, /no key/],
		['a[id=]', 4, /no value/],
		['a..b', 2, /empty name/],
		['.a', 0, /starts with "."/],
		['a.', 1, /ends with "."/],
		['a]', 1, /"\]" with no "\["/],
		['a[]', 1, /empty selector/],
		['a[x]', 2, /neither an index/],
		['a[-1]', 2, /neither an index/],
		['a[01]', 2, /neither an index/],
		['a[0]b', 4, /after "\]"/],
		['a[[0]]', 2, /inside a selector/],
	];
	it.each(cases)('%j is a PathError at its position', (path, position, reason) => {
		const error = tryCompilePath(path);
		expect(error).toBeInstanceOf(PathError);
		expect((error as PathError).path).toBe(path);
		expect((error as PathError).position).toBe(position);
		expect((error as PathError).reason).toMatch(reason);
		expect(() => compilePath(path)).toThrow(PathError);
	});

	it('refuses 10,000 segments and overlong paths', () => {
		const many = Array.from({ length: 10_000 }, () => 'a').join('.');
		expect(tryCompilePath(many)).toBeInstanceOf(PathError);
		const dotted = Array.from({ length: 200 }, () => 'a').join('.');
		expect((tryCompilePath(dotted) as PathError).reason).toMatch(/more than 100/);
		expect(tryCompilePath('x'.repeat(MAX_PATH_LENGTH + 1))).toBeInstanceOf(PathError);
		expect(tryCompilePath('x'.repeat(MAX_PATH_LENGTH))).not.toBeInstanceOf(PathError);
	});

	it('refuses a path that is not text', () => {
		for (const path of [undefined, null, 5, {}, ['a']]) {
			expect(tryCompilePath(path)).toBeInstanceOf(PathError);
		}
	});

	it('never throws anything but a PathError for any text', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: fc.constantFrom('a', '0', '.', '[', ']', '=', '_', ' ') }),
				(path) => {
					const compiled = tryCompilePath(path);
					if (!(compiled instanceof PathError)) readPath({ a: [{ a: 0 }] }, compiled);
				},
			),
			runs(Math.min(RUNS, 2_000)),
		);
	});
});

// A reference reader written the plain way: split the path into tokens, walk them.
type Token = { name: string } | { index: number } | { key: string; value: string };

function naiveTokens(path: string): Token[] {
	const tokens: Token[] = [];
	for (const part of path.split('.')) {
		const name = /^[^[]*/.exec(part)![0];
		if (name !== '') tokens.push({ name });
		for (const match of part.slice(name.length).matchAll(/\[([^\]]*)\]/g)) {
			const inner = match[1];
			const equals = inner.indexOf('=');
			if (equals === -1) tokens.push({ index: Number(inner) });
			else tokens.push({ key: inner.slice(0, equals), value: inner.slice(equals + 1) });
		}
	}
	return tokens;
}

const UNSAFE = ['__proto__', 'constructor', 'prototype'];

function naiveRead(source: unknown, path: string): unknown {
	let current = source;
	for (const token of naiveTokens(path)) {
		if (typeof current !== 'object' || current === null) return undefined;
		if ('name' in token) {
			if (
				UNSAFE.includes(token.name) ||
				!Object.getOwnPropertyNames(current).includes(token.name)
			) {
				return undefined;
			}
			current = (current as Record<string, unknown>)[token.name];
		} else if ('index' in token) {
			if (!Array.isArray(current) || token.index >= current.length) return undefined;
			current = current[token.index];
		} else {
			if (!Array.isArray(current) || UNSAFE.includes(token.key)) return undefined;
			current = current.find(
				(element) =>
					typeof element === 'object' &&
					element !== null &&
					Object.keys(element).includes(token.key) &&
					['string', 'number', 'boolean'].includes(typeof element[token.key]) &&
					String(element[token.key]) === token.value,
			);
		}
	}
	return current;
}

describe('equivalence with a plain reference reader', () => {
	const keys = ['a', 'b', 'id', '0', '1', 'length', '__proto__', 'constructor', 'value'];
	const leaf = fc.oneof(
		fc.integer({ min: 0, max: 3 }),
		fc.constantFrom('0', '1', 'a', 'x', '', 'true'),
		fc.boolean(),
		fc.constant(null),
	);
	const { tree } = fc.letrec((tie) => ({
		tree: fc.oneof(
			{ depthSize: 'small' },
			leaf,
			fc.array(tie('tree'), { maxLength: 3 }),
			fc.dictionary(fc.constantFrom(...keys), tie('tree'), { maxKeys: 4 }),
		),
	}));
	const segment = fc.oneof(
		fc.constantFrom(...keys).map((key) => key),
		fc.integer({ min: 0, max: 3 }).map((n) => `[${n}]`),
		fc
			.tuple(fc.constantFrom('id', 'a', '__proto__'), fc.constantFrom('0', '1', 'a', 'x', 'true'))
			.map(([key, value]) => `[${key}=${value}]`),
	);
	const path = fc
		.array(segment, { minLength: 1, maxLength: 5 })
		.map((segments) =>
			segments.reduce(
				(text, next, i) => (i === 0 || next.startsWith('[') ? text + next : `${text}.${next}`),
				'',
			),
		);

	it('reads what the reference reader reads, for any value and path', () => {
		fc.assert(
			fc.property(tree, path, (source, text) => {
				const json = JSON.parse(JSON.stringify(source) ?? 'null');
				expect(readPath(json, compilePath(text))).toEqual(naiveRead(json, text));
			}),
			runs(Math.min(RUNS, 5_000)),
		);
	});
});
