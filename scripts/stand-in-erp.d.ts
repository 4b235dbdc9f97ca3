// Types for stand-in-erp.js, for tests written in TypeScript.

export interface StandInCall {
	at: string;
	method: string;
	path: string;
	/** The query string, with its `?`. */
	query: string;
	/** How the request authenticated: token-based, bearer token, JWT assertion, or not at all. */
	auth?: 'tba' | 'bearer' | 'assertion' | 'none';
	/** Why authentication failed (stand-in bookkeeping: NetSuite does not say). */
	authFailure?: string;
	/** The fault that answered, `ok`, or the answer's error code in lower case. */
	scenario?: string;
	status?: number | null;
	errorCode?: string;
	body?: unknown;
	createdId?: string;
	/** For a SuiteQL query: the literals in its IN lists, the page asked and the rows sent. */
	suiteql?: { refs: number; limit: number; offset: number; rows: number };
}

export interface StandInOrder {
	tranId: string;
	/** Internal ID; default 880000 + the order's index. */
	id?: string;
	/** Sales order status code as SuiteQL returns it (A…H); default B. */
	status?: string;
	/** Default: NetSuite's label for the code. */
	statusLabel?: string;
	/** Subsidiary name; default US Retail. */
	subsidiary?: string;
	subsidiaryId?: string;
	/** ISO code; default USD. */
	currency?: string;
	/** When set, credit memos against the order may not exceed it in total. */
	total?: number;
}

export type StandInFaultAnswer =
	| 'ratelimit'
	| 'requestLimit'
	| 'tooManyRequests'
	| 'unavailable'
	| 'serverError'
	| 'auth'
	| 'status'
	| 'unknown'
	| 'reset'
	| 'latency';

export interface StandInFault {
	answer: StandInFaultAnswer;
	/** A substring of the URL path: 'suiteql', 'creditMemo', 'token'. */
	path?: string;
	/** Only credit memo bodies with this externalId. */
	externalId?: string;
	/** How many requests it answers; unlimited by default. */
	times?: number;
	latencyMs?: number;
}

export interface StandInTba {
	accountId: string;
	consumerKey: string;
	consumerSecret: string;
	tokenId: string;
	tokenSecret: string;
}

export interface StandInOptions {
	port?: number;
	created?: 200 | 204;
	/** Default true: SuiteQL and credit memos need TBA or a bearer token. */
	requireAuth?: boolean;
	accountId?: string;
	tba?: Partial<StandInTba>;
	/** The M2M integration; without a public key the stand-in makes a key pair. */
	m2m?: { clientId?: string; certificateId?: string; publicKey?: string; privateKey?: string };
	tokenLifetimeSeconds?: number;
	orders?: StandInOrder[];
	/** Credit memos that exist already (their externalIds are taken). */
	creditMemos?: Array<Record<string, unknown>>;
	faults?: StandInFault[];
	latencyMs?: number;
	/** The stand-in's clock, in epoch milliseconds. */
	clock?: () => number;
}

export interface StandInErp {
	url: string;
	creditMemoUrl: string;
	suiteqlUrl: string;
	tokenUrl: string;
	port: number;
	accountId: string;
	tba: StandInTba;
	m2m: { clientId: string; certificateId: string; publicKey: string; privateKey: string | null };
	calls(): StandInCall[];
	clearCalls(): void;
	addFaults(faults: StandInFault | StandInFault[]): void;
	clearFaults(): void;
	setOrders(orders: StandInOrder[]): void;
	close(): Promise<void>;
}

export const CREDIT_MEMO_PATH: string;
export const SUITEQL_PATH: string;
export const TOKEN_PATH: string;
export const DEFAULT_TBA: StandInTba;
export const SALES_ORDER_STATUSES: Record<string, string>;
export const SCENARIOS: Record<StandInFaultAnswer, () => unknown>;
export function parseQuery(sql: string): unknown;
export function startStandInErp(options?: StandInOptions): Promise<StandInErp>;
