/**
 * The SuiteQL the Guard sends to look its batch's sales orders up in NetSuite, and how it reads
 * the rows back. Pure: no n8n, no I/O (lookup.ts runs the queries).
 *
 * Refs reach a query only as SQL string literals with their quotes doubled, so a ref such as
 * `x' OR '1'='1` is one literal that names no order. A ref holding a control character cannot
 * be a NetSuite document number and is not sent at all: it is simply not found.
 */

/** Oracle (under SuiteQL) allows at most 1,000 expressions in one IN list. */
export const MAX_REFS_PER_QUERY = 1000;

/** SuiteQL answers at most 1,000 rows a page. */
export const SUITEQL_PAGE_SIZE = 1000;

export const SUITEQL_PATH = '/services/rest/query/v1/suiteql';

/** The record type of a sales order in the `transaction` table. */
export const SALES_ORDER_TYPE = 'SalesOrd';

// C0 and C1 controls, DEL, and the line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Whether a ref can go into a query: a non-empty string with no control character. */
export function isQueryableRef(ref: unknown): ref is string {
	return typeof ref === 'string' && ref.trim() !== '' && !CONTROL_CHARACTERS.test(ref);
}

/** A SQL string literal: single quotes doubled, nothing else changes. */
export function sqlStringLiteral(value: string): string {
	if (CONTROL_CHARACTERS.test(value)) {
		throw new RangeError('A SuiteQL string literal cannot hold a control character');
	}
	return `'${value.replace(/'/g, "''")}'`;
}

/** The refs worth asking about: queryable, each once, in first-seen order. */
export function distinctQueryableRefs(refs: Iterable<unknown>): string[] {
	const seen = new Set<string>();
	for (const ref of refs) if (isQueryableRef(ref)) seen.add(ref);
	return [...seen];
}

/** One query's SuiteQL for up to MAX_REFS_PER_QUERY refs. */
export function orderLookupQuery(refs: readonly string[]): string {
	if (refs.length === 0 || refs.length > MAX_REFS_PER_QUERY) {
		throw new RangeError(`A lookup query takes 1 to ${MAX_REFS_PER_QUERY} refs`);
	}
	// The subsidiary lives on the transaction's main line; BUILTIN.DF gives the labels (the
	// status name, the subsidiary name) beside the status code. Ordered by internal ID so the
	// pages of one query never overlap.
	return [
		'SELECT t.id AS id, t.tranid AS tranid, t.status AS status,',
		'BUILTIN.DF(t.status) AS statuslabel, BUILTIN.DF(tl.subsidiary) AS subsidiary',
		'FROM transaction t INNER JOIN transactionline tl ON tl.transaction = t.id',
		`WHERE t.type = ${sqlStringLiteral(SALES_ORDER_TYPE)} AND tl.mainline = 'T'`,
		`AND t.tranid IN (${refs.map(sqlStringLiteral).join(', ')})`,
		'ORDER BY t.id',
	].join(' ');
}

/**
 * The queries that look `refs` up: refs deduplicated, the unqueryable left out, at most
 * MAX_REFS_PER_QUERY per query, so ⌈distinct refs / 1000⌉ queries.
 */
export function buildOrderLookupQueries(refs: Iterable<unknown>): string[] {
	const distinct = distinctQueryableRefs(refs);
	const queries: string[] = [];
	for (let start = 0; start < distinct.length; start += MAX_REFS_PER_QUERY) {
		queries.push(orderLookupQuery(distinct.slice(start, start + MAX_REFS_PER_QUERY)));
	}
	return queries;
}

/** What the Guard learns about one order NetSuite has. */
export interface NetSuiteOrder {
	/** The document number (`tranid`), which the Guard's ERP order ref names. */
	orderRef: string;
	/** NetSuite's internal ID, when the row carries it. */
	id: string | null;
	/** The status code, as SuiteQL gives `transaction.status` (e.g. `B`). */
	status: string | null;
	/** The status label from `BUILTIN.DF(status)` (e.g. `Pending Fulfillment`). */
	statusLabel: string | null;
	/** The subsidiary's name from the main line. */
	subsidiary: string | null;
}

function text(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** One SuiteQL row (columns in lower case, as NetSuite returns them), or null without a tranid. */
export function readOrderRow(row: unknown): NetSuiteOrder | null {
	if (row === null || typeof row !== 'object' || Array.isArray(row)) return null;
	const columns = row as Record<string, unknown>;
	const orderRef = text(columns.tranid);
	if (orderRef === null || orderRef === '') return null;
	return {
		orderRef,
		id: text(columns.id),
		status: text(columns.status),
		statusLabel: text(columns.statuslabel),
		subsidiary: text(columns.subsidiary),
	};
}
