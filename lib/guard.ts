/**
 * The Guard: checks one outgoing return/refund payload before the ERP call (docs/rules.md "The
 * Guard's checks") and says whether it may pass. Each check is a function below; each problem
 * predicts the symptom the Reconciler would later find if the payload went out as it is
 * (PREDICTS), so the tag of a blocked payload reads like the tag of the failure it prevented.
 *
 * `createHandoffGuard(options)` resolves the options and indexes the known ERP orders once and
 * returns a function that checks payloads; `validateHandoff(payload, options)` is one such
 * check. Nothing is kept past a call: the options are read when the guard is created.
 */
import { currencyExponent, toleranceMinor } from './money';
import {
	GUARD_USES,
	describe,
	resolveOptions,
	type GuardOptions,
	type ResolvedOptions,
} from './options';
import { compareOrderRef, expectedErpRef, orderCore } from './orderRef';
import { PathError, readPath, tryCompilePath } from './path';
import { isRecordObject, readPayload, type HandoffPayload } from './records';
import type { SymptomCause } from './catalog';
import { buildTag, finding } from './tag';
import type { Finding, HandoffTag } from './types';

export const PROBLEM_CODES = [
	'invalid_payload',
	'return_id_missing',
	'order_ref_missing',
	'order_ref_format',
	'order_ref_unknown',
	'order_closed',
	'unmapped_status',
	'wrong_subsidiary',
	'restocking_fee',
	'amount_invalid',
	'currency_invalid',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One thing wrong with a payload. `expected`/`actual` are text (amounts as decimal strings). */
export interface Problem {
	code: ProblemCode;
	/** The payload field at fault, as its configured path (`orderRef`, `lines.0.amount`). */
	field: string;
	message: string;
	expected: string | null;
	actual: string | null;
	/** The Guard knows the right value: normalize mode fixes it (see `normalized`). */
	fixable: boolean;
}

export interface GuardResult {
	/**
	 * `blocked` when any problem is left: in validate mode every problem blocks; in normalize mode
	 * fixable problems are fixed and only the others block.
	 */
	verdict: 'pass' | 'blocked';
	/**
	 * Every problem found, fixed or not: in normalize mode a problem with `fixable: true` has been
	 * fixed (its fix is in `normalized`) and is listed so the user sees what changed.
	 */
	problems: Problem[];
	tag: HandoffTag;
	/** The ERP order ref, ERP status and subsidiary, wherever they can be derived (both modes). */
	normalized: { orderRef?: string; status?: string; subsidiary?: string };
}

/**
 * What each problem predicts. `invalid_payload`, `amount_invalid` and `currency_invalid` name no
 * symptom: the payload itself is bad (docs/rules.md "Bad input": cause `invalid_record`).
 */
export const PREDICTS: Readonly<Record<ProblemCode, SymptomCause>> = {
	invalid_payload: { symptom: null, cause: 'invalid_record' },
	return_id_missing: { symptom: 'id_linkage_failure', cause: 'return_id_missing' },
	order_ref_missing: { symptom: 'id_linkage_failure', cause: 'order_ref_missing' },
	order_ref_format: { symptom: 'id_linkage_failure', cause: 'order_ref_format' },
	order_ref_unknown: { symptom: 'id_linkage_failure', cause: 'order_ref_unknown' },
	order_closed: { symptom: 'id_linkage_failure', cause: 'order_closed' },
	unmapped_status: { symptom: 'missing_handoff', cause: 'unmapped_status' },
	wrong_subsidiary: { symptom: 'id_linkage_failure', cause: 'wrong_subsidiary' },
	restocking_fee: { symptom: 'partial_receipt_conflict', cause: 'restocking_fee' },
	amount_invalid: { symptom: null, cause: 'invalid_record' },
	currency_invalid: { symptom: null, cause: 'invalid_record' },
};

interface KnownOrderEntry {
	orderRef: string;
	status: string | null;
	subsidiary: string | null;
	/** Its status is among `closedOrderStatuses` (decided once, when the index is built). */
	closed: boolean;
}

/** What a guard works from, set up once when it is created: the options and their indexes. */
interface GuardSetup {
	options: ResolvedOptions;
	/** Known ERP orders by order core; null when no known orders were given. */
	knownOrders: Map<string, KnownOrderEntry> | null;
	knownOrderCount: number;
	/** Map keys lower-cased, for a lookup that forgives case after the exact one fails. */
	statusMapLower: Map<string, string>;
	subsidiaryMapLower: Map<string, string>;
	/** `checkedAt` when `now` is fixed: one string for every tag. */
	fixedCheckedAt: string | null;
}

function setUp(rawOptions: GuardOptions | undefined): GuardSetup {
	const options = resolveOptions(rawOptions, GUARD_USES);
	return {
		options,
		knownOrders: indexKnownOrders(options),
		knownOrderCount: options.knownOrders?.length ?? 0,
		statusMapLower: lowerKeys(options.statusMap),
		subsidiaryMapLower: lowerKeys(options.subsidiaryMap),
		fixedCheckedAt: options.nowMs === null ? null : new Date(options.nowMs).toISOString(),
	};
}

function indexKnownOrders(options: ResolvedOptions): Map<string, KnownOrderEntry> | null {
	if (options.knownOrders === null) return null;
	const index = new Map<string, KnownOrderEntry>();
	for (const order of options.knownOrders) {
		const core = orderCore(order.orderRef, options);
		// Two refs of one order (SO-1042, SO-0001042): the first listed describes it.
		if (core !== null && !index.has(core)) {
			const closed =
				order.status !== null && options.closedOrderStatuses.has(order.status.toLowerCase());
			index.set(core, { ...order, closed });
		}
	}
	return index;
}

function lowerKeys(map: Map<string, string>): Map<string, string> {
	const lower = new Map<string, string>();
	for (const [key, value] of map) {
		const k = key.toLowerCase();
		if (!lower.has(k)) lower.set(k, value);
	}
	return lower;
}

function lookup(map: Map<string, string>, lower: Map<string, string>, key: string) {
	return map.get(key) ?? lower.get(key.toLowerCase());
}

/** A problem plus the symptom and cause its finding carries when they differ from PREDICTS. */
interface Detected {
	problem: Problem;
	cause?: SymptomCause;
}

/** One payload being checked: what the checks read, and what they found and derived. */
interface PayloadCheck {
	setup: GuardSetup;
	options: ResolvedOptions;
	raw: Record<string, unknown>;
	payload: HandoffPayload;
	/** The ERP order ref the ID rules give for the payload's order, if any. */
	expectedRef: string | null;
	/** The subsidiary the channel maps to (set by checkSubsidiary). */
	mappedSubsidiary: string | undefined;
	detected: Detected[];
	normalized: GuardResult['normalized'];
}

function report(
	check: PayloadCheck,
	problem: Omit<Problem, 'fixable'> & { fixable?: boolean },
	cause?: SymptomCause,
): void {
	check.detected.push({ problem: { ...problem, fixable: problem.fixable ?? false }, cause });
}

/** Minor units as a plain decimal string in the currency's exponent: 8500 → "85.00". */
function decimal(minor: number, currency: string | null): string {
	const exponent = currencyExponent(currency);
	const sign = minor < 0 ? '-' : '';
	const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
	return exponent === 0
		? `${sign}${digits}`
		: `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** The value at a problem's field (a configured path, or one with `.0.amount` added). */
function valueAtField(raw: unknown, field: string): unknown {
	const path = tryCompilePath(field);
	return path instanceof PathError ? undefined : readPath(raw, path);
}

function shown(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value.length > 100 ? `${value.slice(0, 100)}…` : value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return describe(value);
}

/** The return ID: the key every downstream record points back at. */
function checkReturnId(check: PayloadCheck): void {
	if (check.payload.returnId !== null) return;
	const field = check.options.fieldPaths.payload.returnId;
	report(check, {
		code: 'return_id_missing',
		field,
		message:
			'The payload has no return ID: the ERP record could not be traced back to the portal return.',
		expected: 'a return ID',
		actual: shown(readPath(check.raw, check.options.fields.payload.returnId)),
	});
}

/**
 * The order reference: derived from the portal order ID by the ID rules. A payload ERP ref must
 * agree with it; a payload with none must carry the order in the ERP's form already.
 */
function checkOrderRef(check: PayloadCheck): void {
	const { payload, expectedRef } = check;
	const paths = check.options.fieldPaths.payload;
	const payloadRef = payload.orderRef;
	if (payload.orderId === null && payloadRef === null) {
		report(check, {
			code: 'order_ref_missing',
			field: paths.orderId,
			message:
				'The payload has no order ID and no ERP order ref: the ERP cannot link the return to an order.',
			expected: 'an order ID',
			actual: null,
		});
		return;
	}
	if (expectedRef === null) return;
	if (payloadRef === null) {
		// Only the portal's spelling (`#1042`): the ERP would look for an order it does not know.
		if (payload.orderId !== null && payload.orderId !== expectedRef) {
			report(check, {
				code: 'order_ref_format',
				field: paths.orderId,
				message: `The payload carries order ${payload.orderId} in the portal's form and no ERP order ref; the ERP expects "${expectedRef}".`,
				expected: expectedRef,
				actual: payload.orderId,
				fixable: true,
			});
		}
		return;
	}
	const comparison = compareOrderRef(payloadRef, expectedRef, check.options);
	if (comparison === 'format') {
		report(check, {
			code: 'order_ref_format',
			field: paths.orderRef,
			message: `The ERP order ref "${payloadRef}" is the right order spelled differently; the ERP expects "${expectedRef}".`,
			expected: expectedRef,
			actual: payloadRef,
			fixable: true,
		});
	} else if (comparison === 'mismatch') {
		report(
			check,
			{
				code: 'order_ref_format',
				field: paths.orderRef,
				message: `The ERP order ref "${payloadRef}" points at another order than the portal's order ${payload.orderId}; the ERP ref for it is "${expectedRef}".`,
				expected: expectedRef,
				actual: payloadRef,
			},
			// Another order, not another spelling: the Reconciler's cause for this.
			{ symptom: 'id_linkage_failure', cause: 'order_ref_mismatch' },
		);
	}
}

/** The status: only checked against a non-empty status map. */
function checkStatus(check: PayloadCheck): void {
	const { options, setup } = check;
	if (options.statusMap.size === 0) return;
	const status = check.payload.status;
	const mapped =
		status === null ? undefined : lookup(options.statusMap, setup.statusMapLower, status);
	if (mapped !== undefined) {
		check.normalized.status = mapped;
		return;
	}
	report(check, {
		code: 'unmapped_status',
		field: options.fieldPaths.payload.status,
		message:
			status === null
				? 'The payload has no status, so it has no ERP status to map to.'
				: `Status "${status}" has no ERP mapping in the status map: the ERP would reject or ignore it.`,
		expected: 'a status in the status map',
		actual: status,
	});
}

/** The subsidiary: the channel's, from the map; a payload subsidiary must agree with it. */
function checkSubsidiary(check: PayloadCheck): void {
	const { options, setup, payload } = check;
	if (options.subsidiaryMap.size === 0) return;
	const paths = options.fieldPaths.payload;
	const mapped =
		payload.channel === null
			? undefined
			: lookup(options.subsidiaryMap, setup.subsidiaryMapLower, payload.channel);
	check.mappedSubsidiary = mapped;
	if (mapped === undefined) {
		report(check, {
			code: 'wrong_subsidiary',
			field: paths.channel,
			message:
				payload.channel === null
					? 'The payload has no channel, so no subsidiary can be chosen for it.'
					: `Channel "${payload.channel}" has no subsidiary in the subsidiary map: the return could be routed to the wrong entity.`,
			expected: 'a channel in the subsidiary map',
			actual: payload.channel,
		});
		return;
	}
	check.normalized.subsidiary = mapped;
	if (payload.subsidiary !== null && payload.subsidiary !== mapped) {
		report(check, {
			code: 'wrong_subsidiary',
			field: paths.subsidiary,
			message: `Subsidiary "${payload.subsidiary}" differs from "${mapped}", the subsidiary of channel "${payload.channel}".`,
			expected: mapped,
			actual: payload.subsidiary,
			fixable: true,
		});
	}
}

/**
 * The known ERP orders (the node's second input): the order must exist, be open, and live in
 * the subsidiary the return is routed to.
 */
function checkKnownOrder(check: PayloadCheck): void {
	const { setup, expectedRef, payload, mappedSubsidiary } = check;
	if (setup.knownOrders === null || expectedRef === null) return;
	const paths = check.options.fieldPaths.payload;
	const core = orderCore(expectedRef, check.options);
	const order = core === null ? undefined : setup.knownOrders.get(core);
	const refField = payload.orderId !== null ? paths.orderId : paths.orderRef;
	if (order === undefined) {
		report(check, {
			code: 'order_ref_unknown',
			field: refField,
			message: `Order ${expectedRef} is not among the ${setup.knownOrderCount} known ERP orders: the return would post against nothing.`,
			expected: 'a known ERP order',
			actual: expectedRef,
		});
		return;
	}
	if (order.closed) {
		report(check, {
			code: 'order_closed',
			field: refField,
			message: `Order ${order.orderRef} is "${order.status}" in the ERP: a return cannot post against a closed order.`,
			expected: 'an open order',
			actual: order.status,
		});
	}
	const routedTo = mappedSubsidiary ?? payload.subsidiary;
	if (order.subsidiary !== null && routedTo !== null && order.subsidiary !== routedTo) {
		report(check, {
			code: 'wrong_subsidiary',
			field: mappedSubsidiary !== undefined ? paths.channel : paths.subsidiary,
			message: `Order ${order.orderRef} belongs to subsidiary "${order.subsidiary}" in the ERP, but the return is routed to "${routedTo}".`,
			expected: order.subsidiary,
			actual: routedTo,
		});
	}
}

/**
 * The refund: the lines' sum minus the receipt's restocking fee, within the tolerance. Checked
 * only when every amount reads and every line has one: a sum over some lines would invent a
 * difference.
 */
function checkRefund(check: PayloadCheck): void {
	const { payload, options } = check;
	const fee = payload.restockingFee;
	const refund = payload.refundAmount;
	if (
		payload.problems.length > 0 ||
		fee === null ||
		refund === null ||
		payload.lineCount === 0 ||
		payload.linesWithAmount !== payload.lineCount
	) {
		return;
	}
	const sum = payload.lineSum;
	const expected = sum - fee;
	const c = payload.currency;
	if (Math.abs(refund - expected) <= toleranceMinor(options.amountTolerance, c)) return;
	report(check, {
		code: 'restocking_fee',
		field: options.fieldPaths.payload.refundAmount,
		message: `Refund ${decimal(refund, c)} does not equal the lines' sum ${decimal(sum, c)} minus the restocking fee ${decimal(fee, c)} (${decimal(expected, c)}): the ERP will post a different amount.`,
		expected: decimal(expected, c),
		actual: decimal(refund, c),
	});
}

/** Unreadable amounts and currency: the payload is bad data, not a symptom. */
function checkUnreadable(check: PayloadCheck): void {
	for (const problem of check.payload.problems) {
		const actual = shown(valueAtField(check.raw, problem.field));
		if (problem.what === 'currency') {
			report(check, {
				code: 'currency_invalid',
				field: problem.field,
				message: `${problem.field} is not a three-letter ISO 4217 currency code.`,
				expected: 'an ISO 4217 code',
				actual,
			});
		} else {
			report(check, {
				code: 'amount_invalid',
				field: problem.field,
				message: `${problem.field}: ${problem.reason}.`,
				expected: 'a decimal amount',
				actual,
			});
		}
	}
}

/** The checks, in the order their problems are listed. */
const CHECKS: ReadonlyArray<(check: PayloadCheck) => void> = [
	checkReturnId,
	checkOrderRef,
	checkStatus,
	checkSubsidiary,
	checkKnownOrder,
	checkRefund,
	checkUnreadable,
];

function checkPayload(setup: GuardSetup, raw: unknown): GuardResult {
	const checkedAt = setup.fixedCheckedAt ?? isoAt(Date.now());
	const normalize = setup.options.mode === 'normalize';
	if (!isRecordObject(raw)) {
		const what = raw === null ? 'null' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`;
		const problem: Problem = {
			code: 'invalid_payload',
			field: '',
			message: `The payload is ${what}, not an object: there is nothing to send to the ERP.`,
			expected: 'an object',
			actual: what,
			fixable: false,
		};
		return result([{ problem }], {}, normalize, {
			returnId: null,
			orderId: null,
			category: null,
			checkedAt,
		});
	}
	const payload = readPayload(raw, setup.options);
	const expectedRef = expectedErpRef(payload.orderId ?? payload.orderRef, setup.options);
	const check: PayloadCheck = {
		setup,
		options: setup.options,
		raw,
		payload,
		expectedRef,
		mappedSubsidiary: undefined,
		detected: [],
		normalized: expectedRef === null ? {} : { orderRef: expectedRef },
	};
	for (const run of CHECKS) run(check);
	return result(check.detected, check.normalized, normalize, {
		returnId: payload.returnId,
		orderId: payload.orderId ?? payload.orderRef,
		category: payload.category,
		checkedAt,
	});
}

/**
 * A guard for one set of options: resolves and checks them (throwing an OptionsError that names
 * the option) and indexes the known orders once, then checks any number of payloads. Never
 * throws on bad payload data, which becomes problems instead.
 */
export function createHandoffGuard(options?: GuardOptions): (payload: unknown) => GuardResult {
	const setup = setUp(options);
	return (payload) => checkPayload(setup, payload);
}

/**
 * Validates one outgoing payload: `createHandoffGuard(options)(payload)`. The options are
 * resolved (and the known orders indexed) on every call; to check many payloads against the
 * same options, create the guard once.
 */
export function validateHandoff(payload: unknown, options?: GuardOptions): GuardResult {
	return checkPayload(setUp(options), payload);
}

let lastIsoMs = Number.NaN;
let lastIso = '';
/** The clock's ISO string, formatted once per millisecond: thousands of payloads share one. */
function isoAt(ms: number): string {
	if (ms !== lastIsoMs) {
		lastIso = new Date(ms).toISOString();
		lastIsoMs = ms;
	}
	return lastIso;
}

interface TagContext {
	returnId: string | null;
	orderId: string | null;
	category: string | null;
	checkedAt: string;
}

function result(
	detected: Detected[],
	normalized: GuardResult['normalized'],
	normalize: boolean,
	context: TagContext,
): GuardResult {
	const problems: Problem[] = [];
	const findings: Finding[] = [];
	let blocked = false;
	for (const { problem: p, cause } of detected) {
		problems.push(p);
		const fixed = normalize && p.fixable;
		if (!fixed) blocked = true;
		findings.push(
			finding(cause ?? PREDICTS[p.code], p.message, {
				problem: p.code,
				field: p.field,
				expected: p.expected,
				actual: p.actual,
				fixable: p.fixable,
				fixed,
			}),
		);
	}
	const tag = buildTag({ findings, ...context, state: blocked ? 'mismatch' : 'consistent' });
	return { verdict: blocked ? 'blocked' : 'pass', problems, tag, normalized };
}
