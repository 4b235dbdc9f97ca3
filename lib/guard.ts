/**
 * The Guard: checks one outgoing return/refund payload before the ERP call (SPEC.md "The Guard's
 * checks") and says whether it may pass. Each problem predicts the symptom the Reconciler would
 * later find if the payload went out as it is (PREDICTS below), so the tag of a blocked payload
 * reads like the tag of the failure it prevented.
 *
 * The node calls `validateHandoff(item, options)` once per item with the same options object, so
 * everything derived from the options (resolved options, prepared ID rules, the known-orders
 * index by order core, case-insensitive map indexes) is computed once per options object and
 * kept in a WeakMap. Options objects are therefore read once: change a copy, not the original.
 */
import {
	amountMinor,
	currencyExponent,
	normalizeCurrency,
	parseAmount,
	toleranceMinor,
} from './money';
import type { GuardOptions, ResolvedOptions } from './options';
import { GUARD_OPTION_KEYS, describe, resolveOptions } from './options';
import {
	compareOrderRef,
	expectedErpRef,
	orderCore,
	prepareIdRules,
	type PreparedIdRules,
} from './orderRef';
import { getPath, isRecordObject, readId } from './records';
import { buildTag, finding } from './tag';
import type { Finding, HandoffTag, Symptom } from './types';

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
 * symptom: the payload itself is bad (SPEC.md "Bad input": cause `invalid_record`).
 */
export const PREDICTS: Readonly<Record<ProblemCode, { symptom: Symptom | null; cause: string }>> = {
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

/** Everything the options determine, computed once per options object. */
interface PreparedGuard {
	options: ResolvedOptions;
	/** null: read the clock per call. */
	fixedNowMs: number | null;
	idRules: PreparedIdRules;
	/** Known ERP orders by order core; null when no known orders were given. */
	knownOrders: Map<string, KnownOrderEntry> | null;
	knownOrderCount: number;
	/** Map keys lower-cased, for a lookup that forgives case after the exact one fails. */
	statusMapLower: Map<string, string>;
	subsidiaryMapLower: Map<string, string>;
	/** The payload's field paths, split into keys once. */
	segments: Record<PayloadField, string[]>;
	/** `checkedAt` when `now` is fixed: one string for every tag. */
	fixedCheckedAt: string | null;
}

type PayloadField = keyof ResolvedOptions['fieldPaths']['payload'];

const preparedCache = new WeakMap<object, PreparedGuard>();
let defaultPrepared: PreparedGuard | undefined;

function prepare(raw: GuardOptions | undefined): PreparedGuard {
	if (raw === undefined || raw === null) {
		defaultPrepared ??= build(undefined);
		return defaultPrepared;
	}
	if (typeof raw === 'object') {
		const cached = preparedCache.get(raw);
		if (cached) return cached;
	}
	const prepared = build(raw);
	preparedCache.set(raw, prepared);
	return prepared;
}

function build(raw: GuardOptions | undefined): PreparedGuard {
	const options = resolveOptions(raw, GUARD_OPTION_KEYS);
	const idRules = prepareIdRules(options.idRules, options.idMap);
	let knownOrders: Map<string, KnownOrderEntry> | null = null;
	if (options.knownOrders !== null) {
		knownOrders = new Map();
		for (const order of options.knownOrders) {
			const core = orderCore(order.orderRef, idRules);
			// Two refs of one order (SO-1042, SO-0001042): the first listed describes it.
			if (core !== null && !knownOrders.has(core)) {
				const closed =
					order.status !== null && options.closedOrderStatuses.has(order.status.toLowerCase());
				knownOrders.set(core, {
					orderRef: order.orderRef,
					status: order.status,
					subsidiary: order.subsidiary,
					closed,
				});
			}
		}
	}
	const segments = {} as Record<PayloadField, string[]>;
	for (const field of Object.keys(options.fieldPaths.payload) as PayloadField[]) {
		segments[field] = options.fieldPaths.payload[field].split('.');
	}
	const fixedNowMs = raw?.now !== undefined ? options.nowMs : null;
	return {
		options,
		fixedNowMs,
		fixedCheckedAt: fixedNowMs === null ? null : new Date(fixedNowMs).toISOString(),
		segments,
		idRules,
		knownOrders,
		knownOrderCount: options.knownOrders?.length ?? 0,
		statusMapLower: lowerKeys(options.statusMap),
		subsidiaryMapLower: lowerKeys(options.subsidiaryMap),
	};
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

/** A problem plus the cause its finding carries when it differs from PREDICTS. */
interface Detected {
	problem: Problem;
	cause?: string;
}

function problem(
	code: ProblemCode,
	field: string,
	message: string,
	expected: string | null,
	actual: string | null,
	fixable = false,
): Problem {
	return { code, field, message, expected, actual, fixable };
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

function shown(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'string') return value.length > 100 ? `${value.slice(0, 100)}…` : value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return describe(value);
}

/** A value at a pre-split path, through own properties only (as `getPath`). */
function at(source: unknown, keys: readonly string[]): unknown {
	let current = source;
	for (let i = 0; i < keys.length; i++) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, keys[i])) return undefined;
		current = (current as Record<string, unknown>)[keys[i]];
	}
	return current;
}

function text(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const trimmed = value.trim();
	return trimmed.length > 0 ? trimmed.slice(0, 1000) : null;
}

function isAbsent(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/**
 * An amount in minor units: the readers' fast path (`amountMinor`) for the plain amounts of
 * nearly every payload, and `parseAmount`'s reason only for the ones it cannot read.
 */
function amount(
	value: unknown,
	currency: string | null,
	units: 'major' | 'minor',
): { ok: true; minor: number } | { ok: false; reason: string } {
	const minor = amountMinor(value, currency, units);
	return Number.isNaN(minor) ? parseAmount(value, currency, units) : { ok: true, minor };
}

/** What the Guard reads of a payload: only the fields it checks. */
interface Payload {
	returnId: string | null;
	orderId: string | null;
	orderRef: string | null;
	status: string | null;
	channel: string | null;
	subsidiary: string | null;
	currency: string | null;
	currencyBad: boolean;
	units: 'major' | 'minor';
	refundAmount: number | null;
	/** Lines that are objects; how many carry an amount, and the sum of those (minor units). */
	lineCount: number;
	linesWithAmount: number;
	lineSum: number;
	category: string | null;
	restockingFee: number | null;
	/** Amounts present but unreadable (the field's path and why); null while there are none. */
	badAmounts: Array<{ field: string; reason: string }> | null;
}

/** Reads one amount into minor units; an unreadable one is recorded (its field named lazily). */
function readAmount(
	into: Payload,
	value: unknown,
	field: string,
	suffix: string,
	line = -1,
): number | null {
	if (isAbsent(value)) return null;
	const parsed = amount(value, into.currency, into.units);
	if (parsed.ok) return parsed.minor;
	into.badAmounts ??= [];
	into.badAmounts.push({
		field: line >= 0 ? `${field}.${line}${suffix}` : `${field}${suffix}`,
		reason: parsed.reason,
	});
	return null;
}

function readPayload(raw: Record<string, unknown>, prepared: PreparedGuard): Payload {
	const { segments } = prepared;
	const paths = prepared.options.fieldPaths.payload;
	const units = prepared.options.amountUnits.payload;
	const currencyValue = at(raw, segments.currency);
	const currency = isAbsent(currencyValue) ? null : normalizeCurrency(currencyValue);
	const payload: Payload = {
		returnId: readId(at(raw, segments.returnId)),
		orderId: readId(at(raw, segments.orderId)),
		orderRef: readId(at(raw, segments.orderRef)),
		status: text(at(raw, segments.status)),
		channel: text(at(raw, segments.channel)),
		subsidiary: text(at(raw, segments.subsidiary)),
		currency,
		currencyBad: !isAbsent(currencyValue) && currency === null,
		units,
		refundAmount: null,
		lineCount: 0,
		linesWithAmount: 0,
		lineSum: 0,
		category: null,
		restockingFee: null,
		badAmounts: null,
	};
	payload.refundAmount = readAmount(
		payload,
		at(raw, segments.refundAmount),
		paths.refundAmount,
		'',
	);
	const lines = at(raw, segments.lines);
	if (Array.isArray(lines)) {
		for (let i = 0; i < lines.length && i < 10_000; i++) {
			const line: unknown = lines[i];
			if (!isRecordObject(line)) continue;
			payload.lineCount++;
			payload.category ??= text(line.category);
			const minor = readAmount(payload, line.amount, paths.lines, '.amount', i);
			if (minor !== null) {
				payload.linesWithAmount++;
				payload.lineSum += minor;
			}
		}
	}
	const receipt = at(raw, segments.receipt);
	if (isRecordObject(receipt)) {
		payload.restockingFee = readAmount(
			payload,
			receipt.restockingFee,
			paths.receipt,
			'.restockingFee',
		);
	}
	return payload;
}

/**
 * Validates one outgoing payload. Throws an OptionsError (naming the option) when the options
 * are wrong; never throws on bad payload data, which becomes problems instead.
 */
export function validateHandoff(payload: unknown, options?: GuardOptions): GuardResult {
	const prepared = prepare(options);
	const { options: resolved } = prepared;
	const nowMs = prepared.fixedNowMs ?? Date.now();
	const normalize = resolved.mode === 'normalize';
	const paths = resolved.fieldPaths.payload;

	if (!isRecordObject(payload)) {
		const what =
			payload === null ? 'null' : Array.isArray(payload) ? 'a list' : `a ${typeof payload}`;
		const detected: Detected[] = [
			{
				problem: problem(
					'invalid_payload',
					'',
					`The payload is ${what}, not an object: there is nothing to send to the ERP.`,
					'an object',
					what,
				),
			},
		];
		return result(detected, {}, normalize, nowMs, null, null, null, prepared.fixedCheckedAt);
	}

	const record = readPayload(payload, prepared);
	const detected: Detected[] = [];
	const normalized: GuardResult['normalized'] = {};

	// Return ID: the key every downstream record points back at.
	if (record.returnId === null) {
		detected.push({
			problem: problem(
				'return_id_missing',
				paths.returnId,
				'The payload has no return ID: the ERP record could not be traced back to the portal return.',
				'a return ID',
				shown(getPath(payload, paths.returnId)),
			),
		});
	}

	// Order reference: derived from the portal order ID; a payload ERP ref must agree with it.
	const payloadRef = record.orderRef;
	const expectedRef = expectedErpRef(record.orderId ?? payloadRef, prepared.idRules);
	if (expectedRef !== null) normalized.orderRef = expectedRef;
	if (record.orderId === null && payloadRef === null) {
		detected.push({
			problem: problem(
				'order_ref_missing',
				paths.orderId,
				'The payload has no order ID and no ERP order ref: the ERP cannot link the return to an order.',
				'an order ID',
				null,
			),
		});
	} else if (payloadRef !== null && expectedRef !== null) {
		const comparison = compareOrderRef(payloadRef, expectedRef, prepared.idRules);
		if (comparison === 'format') {
			detected.push({
				problem: problem(
					'order_ref_format',
					paths.orderRef,
					`The ERP order ref "${payloadRef}" is the right order spelled differently; the ERP expects "${expectedRef}".`,
					expectedRef,
					payloadRef,
					true,
				),
			});
		} else if (comparison === 'mismatch') {
			detected.push({
				problem: problem(
					'order_ref_format',
					paths.orderRef,
					`The ERP order ref "${payloadRef}" points at another order than the portal's order ${record.orderId}; the ERP ref for it is "${expectedRef}".`,
					expectedRef,
					payloadRef,
				),
				// Another order, not another spelling: the Reconciler's cause for this.
				cause: 'order_ref_mismatch',
			});
		}
	}

	// Status: only checked against a non-empty status map.
	const statusText = record.status;
	if (resolved.statusMap.size > 0) {
		const mapped =
			statusText === null
				? undefined
				: lookup(resolved.statusMap, prepared.statusMapLower, statusText);
		if (mapped !== undefined) {
			normalized.status = mapped;
		} else {
			detected.push({
				problem: problem(
					'unmapped_status',
					paths.status,
					statusText === null
						? 'The payload has no status, so it has no ERP status to map to.'
						: `Status "${statusText}" has no ERP mapping in the status map: the ERP would reject or ignore it.`,
					'a status in the status map',
					statusText,
				),
			});
		}
	}

	// Subsidiary: the channel's subsidiary from the map; a payload subsidiary must agree.
	const payloadSubsidiary = record.subsidiary;
	let mappedSubsidiary: string | undefined;
	if (resolved.subsidiaryMap.size > 0) {
		mappedSubsidiary =
			record.channel === null
				? undefined
				: lookup(resolved.subsidiaryMap, prepared.subsidiaryMapLower, record.channel);
		if (mappedSubsidiary === undefined) {
			detected.push({
				problem: problem(
					'wrong_subsidiary',
					paths.channel,
					record.channel === null
						? 'The payload has no channel, so no subsidiary can be chosen for it.'
						: `Channel "${record.channel}" has no subsidiary in the subsidiary map: the return could be routed to the wrong entity.`,
					'a channel in the subsidiary map',
					record.channel,
				),
			});
		} else {
			normalized.subsidiary = mappedSubsidiary;
			if (payloadSubsidiary !== null && payloadSubsidiary !== mappedSubsidiary) {
				detected.push({
					problem: problem(
						'wrong_subsidiary',
						paths.subsidiary,
						`Subsidiary "${payloadSubsidiary}" differs from "${mappedSubsidiary}", the subsidiary of channel "${record.channel}".`,
						mappedSubsidiary,
						payloadSubsidiary,
						true,
					),
				});
			}
		}
	}

	// Known ERP orders (the node's second input): the order must exist, be open, and live in the
	// subsidiary the return is routed to.
	if (prepared.knownOrders !== null && expectedRef !== null) {
		const core = orderCore(expectedRef, prepared.idRules);
		const order = core === null ? undefined : prepared.knownOrders.get(core);
		const refField = record.orderId !== null ? paths.orderId : paths.orderRef;
		if (order === undefined) {
			detected.push({
				problem: problem(
					'order_ref_unknown',
					refField,
					`Order ${expectedRef} is not among the ${prepared.knownOrderCount} known ERP orders: the return would post against nothing.`,
					'a known ERP order',
					expectedRef,
				),
			});
		} else {
			if (order.closed) {
				detected.push({
					problem: problem(
						'order_closed',
						refField,
						`Order ${order.orderRef} is "${order.status}" in the ERP: a return cannot post against a closed order.`,
						'an open order',
						order.status,
					),
				});
			}
			const routedTo = mappedSubsidiary ?? payloadSubsidiary;
			if (order.subsidiary !== null && routedTo != null && order.subsidiary !== routedTo) {
				detected.push({
					problem: problem(
						'wrong_subsidiary',
						mappedSubsidiary !== undefined ? paths.channel : paths.subsidiary,
						`Order ${order.orderRef} belongs to subsidiary "${order.subsidiary}" in the ERP, but the return is routed to "${routedTo}".`,
						order.subsidiary,
						routedTo,
					),
				});
			}
		}
	}

	// Refund: the lines' sum minus the receipt's restocking fee, within the tolerance. Checked
	// only when every line has an amount: a sum over some lines would invent a difference.
	const unreadable = record.badAmounts ?? [];
	const currencyBad = record.currencyBad;
	const fee = record.restockingFee;
	if (
		!currencyBad &&
		unreadable.length === 0 &&
		fee !== null &&
		record.refundAmount !== null &&
		record.lineCount > 0 &&
		record.linesWithAmount === record.lineCount
	) {
		const sum = record.lineSum;
		const expected = sum - fee;
		const refund = record.refundAmount;
		if (Math.abs(refund - expected) > toleranceMinor(resolved.amountTolerance, record.currency)) {
			const c = record.currency;
			detected.push({
				problem: problem(
					'restocking_fee',
					paths.refundAmount,
					`Refund ${decimal(refund, c)} does not equal the lines' sum ${decimal(sum, c)} minus the restocking fee ${decimal(fee, c)} (${decimal(expected, c)}): the ERP will post a different amount.`,
					decimal(expected, c),
					decimal(refund, c),
				),
			});
		}
	}

	// Unreadable amounts and currency: the payload is bad data, not a symptom.
	for (const bad of unreadable) {
		detected.push({
			problem: problem(
				'amount_invalid',
				bad.field,
				`${bad.field}: ${bad.reason}.`,
				'a decimal amount',
				shown(getPath(payload, bad.field)),
			),
		});
	}
	if (currencyBad) {
		detected.push({
			problem: problem(
				'currency_invalid',
				paths.currency,
				`${paths.currency} is not a three-letter ISO 4217 currency code.`,
				'an ISO 4217 code',
				shown(getPath(payload, paths.currency)),
			),
		});
	}

	return result(
		detected,
		normalized,
		normalize,
		nowMs,
		record.returnId,
		record.orderId ?? payloadRef,
		record.category,
		prepared.fixedCheckedAt,
	);
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

function result(
	detected: Detected[],
	normalized: GuardResult['normalized'],
	normalize: boolean,
	nowMs: number,
	returnId: string | null,
	orderId: string | null,
	category: string | null,
	fixedCheckedAt: string | null,
): GuardResult {
	const problems: Problem[] = [];
	const findings: Finding[] = [];
	let blocked = false;
	for (const { problem: p, cause } of detected) {
		problems.push(p);
		const fixed = normalize && p.fixable;
		if (!fixed) blocked = true;
		const predicted = PREDICTS[p.code];
		findings.push(
			finding(predicted.symptom, cause ?? predicted.cause, p.message, {
				problem: p.code,
				field: p.field,
				expected: p.expected,
				actual: p.actual,
				fixable: p.fixable,
				fixed,
			}),
		);
	}
	const tag = buildTag({
		findings,
		returnId,
		orderId,
		category,
		checkedAt: fixedCheckedAt ?? isoAt(nowMs),
		state: blocked ? 'mismatch' : 'consistent',
	});
	return { verdict: blocked ? 'blocked' : 'pass', problems, tag, normalized };
}
