// The SuiteQL the Guard sends, read back by the stand-in NetSuite's own SQL parser (a separate
// implementation), so "the refs arrive as the literals they were" is checked, not assumed.
import {
	MAX_REFS_PER_QUERY,
	buildOrderLookupQueries,
	readOrderRow,
	sqlStringLiteral,
} from '../../nodes/shared/netsuite/suiteql';
import { parseQuery } from '../../scripts/stand-in-erp';

interface Node {
	kind: string;
	left?: Node & { name?: string; table?: string };
	right?: Node;
	values?: Set<string>;
	value?: unknown;
}

/** The literals of every `t.tranid IN (…)` of a parsed query. */
function tranIdLiterals(sql: string): string[] {
	const query = parseQuery(sql) as { where: Node };
	const found: string[] = [];
	const walk = (node?: Node) => {
		if (!node) return;
		if (node.kind === 'in' && node.left?.name === 'tranid') found.push(...(node.values ?? []));
		if (node.kind === 'and' || node.kind === 'or') {
			walk(node.left);
			walk(node.right);
		}
	};
	walk(query.where);
	return found;
}

it('asks about each distinct ref once, at most 1,000 to a query', () => {
	const refs = Array.from({ length: 2345 }, (_, index) => `SO-${String(index).padStart(7, '0')}`);

	const queries = buildOrderLookupQueries([...refs, ...refs.slice(0, 500)]);

	expect(queries).toHaveLength(Math.ceil(2345 / MAX_REFS_PER_QUERY));
	const sent = queries.map(tranIdLiterals);
	expect(sent.map((literals) => literals.length)).toEqual([1000, 1000, 345]);
	expect(sent.flat()).toEqual(refs);
});

it('delivers hostile refs as the literals they are', () => {
	const hostile = [
		"x' OR '1'='1",
		"'; DROP TABLE transaction; --",
		"SO-O'NEIL",
		"''",
		'back\\slash',
		'SO-1) OR (1=1',
		'👀 ünïcode',
	];

	const [query] = buildOrderLookupQueries(hostile);

	expect(tranIdLiterals(query)).toEqual(hostile);
	expect(query).toContain("t.type = 'SalesOrd'");
	expect(query).toContain("tl.mainline = 'T'");
});

it('never sends a ref that cannot be a document number', () => {
	expect(
		buildOrderLookupQueries(['', '   ', 'SO-1\n', 'SO-2\u0000', 'SO-3\u2028', 42, null]),
	).toEqual([]);
	expect(() => sqlStringLiteral('a\rb')).toThrow(RangeError);
	expect(sqlStringLiteral("it's")).toBe("'it''s'");
});

it('reads a SuiteQL row as NetSuite returns it (lower-case columns)', () => {
	expect(
		readOrderRow({
			links: [],
			id: '880231',
			tranid: 'SO-0020005',
			status: 'F',
			statuslabel: 'Pending Billing',
			subsidiary: 'Honeycomb Mfg. : US Retail',
		}),
	).toEqual({
		orderRef: 'SO-0020005',
		id: '880231',
		status: 'F',
		statusLabel: 'Pending Billing',
		subsidiary: 'Honeycomb Mfg. : US Retail',
	});
	expect(readOrderRow({ id: '1' })).toBeNull();
	expect(readOrderRow('SO-1')).toBeNull();
});
