/**
 * Known answers amid noise for the other two capabilities, so that every cause code docs/rules.md "Causes"
 * lists is proved by a generated test (the Reconciler's are in known-answers.test.ts):
 * - the Guard: consistent outgoing payloads pass with no problem; one with exactly one problem
 *   injected is blocked with exactly that problem, and its tag predicts the symptom and cause;
 * - the Tagger: an ERP error of a known kind, wrapped the ways n8n and HTTP clients wrap it and
 *   padded with unrelated fields, is named with its symptom, cause and retryability; noise
 *   alone is left unclassified, never guessed at.
 */
import fc from 'fast-check';

import { tagHandoffError, validateHandoff, type GuardOptions } from '../../lib';
import { PREDICTS, type ProblemCode } from '../../lib/guard';
import {
	CHANNELS,
	NOW,
	buildReturn,
	returnSeeds,
	runs,
	type BuiltReturn,
	type Rec,
} from './generators';

const pad = (n: number) => String(n).padStart(7, '0');

function guardOptions(built: BuiltReturn[], closed: number | null): GuardOptions {
	return {
		now: NOW,
		idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
		statusMap: { refunded: 'refunded', requested: 'pendingApproval', rejected: 'rejected' },
		subsidiaryMap: Object.fromEntries(CHANNELS.map((c) => [c.channel, c.subsidiary])),
		knownOrders: built.map((b) => ({
			orderRef: `SO-${pad(b.seed.order)}`,
			status: b.seed.order === closed ? 'closed' : 'pendingReturn',
			subsidiary: CHANNELS[b.seed.channel].subsidiary,
		})),
	};
}

/**
 * One problem each: how to cause it in a consistent payload (and, for one, in the options).
 * `order_lookup_failed` is not caused by a payload: it comes from a failed live lookup.
 */
type PayloadProblem = Exclude<ProblemCode, 'order_lookup_failed'>;
const INJECT: Record<PayloadProblem, (payload: Rec, b: BuiltReturn, variant: number) => unknown> = {
	invalid_payload: (_, __, v) => [null, 'RA-1', 42, [], true][v % 5],
	return_id_missing: (p, _, v) => ({ ...p, returnId: [undefined, '', '   ', null][v % 4] }),
	order_ref_missing: (p) => ({ ...p, orderId: undefined, orderRef: undefined }),
	// Spelled differently, or no ERP ref at all beside the portal's order name.
	order_ref_format: (p, b, v) => ({
		...p,
		orderRef: [`SO-${b.seed.order}`, `so-${pad(b.seed.order)}`, undefined][v % 3],
	}),
	order_ref_unknown: (p, b) => ({
		...p,
		orderId: `#${b.seed.order + 1_000_000}`,
		orderRef: `SO-${pad(b.seed.order + 1_000_000)}`,
	}),
	order_closed: (p) => p,
	unmapped_status: (p, _, v) => ({ ...p, status: ['in_transit', 'Refunded-Partially', ''][v % 3] }),
	wrong_subsidiary: (p, b, v) =>
		v % 2 === 0
			? { ...p, channel: 'pos-eu' }
			: {
					...p,
					subsidiary: CHANNELS.find((c) => c.subsidiary !== CHANNELS[b.seed.channel].subsidiary)
						?.subsidiary,
				},
	restocking_fee: (p, b) => ({
		...p,
		receipt: { condition: 'opened', restockingFee: (b.minor * 0.15) / 10 ** b.exponent },
	}),
	amount_invalid: (p, _, v) => ({
		...p,
		refundAmount: ['1,234.50', 'N/A', '1e3', Number.NaN][v % 4],
	}),
	currency_invalid: (p, _, v) => ({ ...p, currency: ['dollars', 'US$', 'usd1'][v % 3] }),
};
const CODES = Object.keys(INJECT) as PayloadProblem[];

/** Fields a portal export carries that the Guard does not read: noise. */
const noise = fc.dictionary(
	fc.constantFrom('customerEmail', 'note', 'tags', 'shopifyId', 'labels', 'meta'),
	fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null)),
	{ maxKeys: 3 },
);

describe('known answers amid noise: validateHandoff', () => {
	it('passes consistent payloads and blocks the one with a problem, naming exactly that problem', () => {
		fc.assert(
			fc.property(
				returnSeeds(1, 3),
				fc.nat(),
				fc.constantFrom(...CODES),
				fc.nat({ max: 100 }),
				noise,
				(seeds, pick, code, variant, extra) => {
					const built = seeds.map(buildReturn);
					const target = pick % built.length;
					const options = guardOptions(
						built,
						code === 'order_closed' ? built[target].seed.order : null,
					);
					built.forEach((b, i) => {
						// As middleware sends it: the portal return with the ERP ref of its order.
						const payload = { ...extra, ...b.portal, orderRef: `SO-${pad(b.seed.order)}` };
						if (i !== target) {
							const result = validateHandoff(payload, options);
							if (result.verdict !== 'pass' || result.problems.length > 0) {
								throw new Error(`${b.returnId} should pass: ${JSON.stringify(result.problems)}`);
							}
							return;
						}
						const result = validateHandoff(INJECT[code](payload, b, variant), options);
						const codes = result.problems.map((p) => p.code);
						const predicted = PREDICTS[code];
						const finding = result.tag.findings[0];
						if (
							result.verdict !== 'blocked' ||
							codes.join() !== code ||
							result.tag.symptom !== predicted.symptom ||
							finding.symptom !== predicted.symptom ||
							(finding.cause !== predicted.cause &&
								!(code === 'order_ref_format' && finding.cause === 'order_ref_mismatch'))
						) {
							throw new Error(
								`${code}: got ${result.verdict} ${codes.join(', ')} → ${result.tag.symptom}/${finding?.cause}`,
							);
						}
					});
				},
			),
			runs(),
		);
	});
});

interface ErrorKind {
	symptom: string;
	cause: string;
	retryable: boolean;
	/** The error as NetSuite, SAP, Dynamics or the network produce it. */
	errors: Rec[];
}

const ns = (status: number, code: string, detail: string, path?: string): Rec => ({
	message: `${status} - error`,
	httpCode: String(status),
	description: detail,
	body: {
		status,
		'o:errorDetails': [
			{ detail, 'o:errorCode': code, ...(path !== undefined && { 'o:errorPath': path }) },
		],
	},
});

/** Every cause the Tagger's table gives (docs/rules.md "The Tagger's table"). */
const ERROR_KINDS: readonly ErrorKind[] = [
	{
		symptom: 'missing_handoff',
		cause: 'transport_failed',
		retryable: true,
		errors: [
			{ message: 'socket hang up', code: 'ECONNRESET' },
			{ message: 'connect ETIMEDOUT 10.0.0.1:443', code: 'ETIMEDOUT' },
			{
				message: 'The service refused the connection - perhaps it is offline',
				code: 'ECONNREFUSED',
			},
		],
	},
	{
		symptom: 'missing_handoff',
		cause: 'auth_failed',
		retryable: false,
		errors: [
			{ message: 'Authorization failed - please check your credentials', httpCode: '401' },
			{ message: 'Forbidden - perhaps check your credentials?', httpCode: '403' },
			ns(401, 'INVALID_LOGIN', 'Invalid login attempt.'),
		],
	},
	{
		symptom: 'missing_handoff',
		cause: 'unmapped_status',
		retryable: false,
		errors: [
			ns(400, 'USER_ERROR', 'Invalid value for the resource or sub-resource field.', 'status'),
		],
	},
	{
		symptom: 'missing_handoff',
		cause: 'erp_unavailable',
		retryable: true,
		errors: [
			{ message: 'The service was not able to process your request', httpCode: '500' },
			{ message: 'Bad gateway', httpCode: '502' },
			{ statusCode: 503, error: 'Service Unavailable' },
		],
	},
	{
		symptom: 'id_linkage_failure',
		cause: 'order_ref_unknown',
		retryable: false,
		errors: [
			{ message: 'The resource you are requesting could not be found', httpCode: '404' },
			ns(400, 'INVALID_KEY_OR_REF', 'Invalid createdfrom reference key 1042.'),
			{
				httpCode: '400',
				body: {
					error: {
						code: 'SY/530',
						message: { lang: 'en', value: 'Sales order 1042 does not exist' },
					},
				},
			},
		],
	},
	{
		symptom: 'id_linkage_failure',
		cause: 'wrong_subsidiary',
		retryable: false,
		errors: [ns(400, 'USER_ERROR', 'Invalid value for the subsidiary field.', 'subsidiary')],
	},
	{
		symptom: 'duplicate_posting',
		cause: 'already_posted',
		retryable: false,
		errors: [
			{ message: 'Conflict', httpCode: '409' },
			ns(400, 'DUP_RCRD', 'This record already exists.'),
		],
	},
	{
		symptom: 'timing_latency',
		cause: 'rate_limited',
		retryable: true,
		errors: [
			{ message: 'The service is receiving too many requests from you', httpCode: '429' },
			ns(400, 'SSS_REQUEST_LIMIT_EXCEEDED', 'Request limit exceeded.'),
		],
	},
	{
		symptom: 'partial_receipt_conflict',
		cause: 'amount_mismatch',
		retryable: false,
		errors: [ns(400, 'USER_ERROR', 'Invalid value for the amount field.', 'item.items[0].amount')],
	},
];

/** Fields beside the error that say nothing about it: the failed payload, request bookkeeping. */
const errorNoise = fc.record(
	{
		returnId: fc.constantFrom('RA-10042', 'RA-7'),
		orderId: fc.constantFrom('#1042', '#7'),
		requestId: fc.uuid(),
		attempt: fc.nat({ max: 5 }),
		lines: fc.constant([{ sku: 'TEE-BLK-M', category: 'apparel' }]),
	},
	{ requiredKeys: [] },
);

/** The ways an error arrives: n8n's error item, the bare error, an axios-style response. */
const WRAPS: ReadonlyArray<(error: Rec, extra: Rec) => Rec> = [
	(error, extra) => ({ ...extra, error }),
	(error) => error,
	(error, extra) => ({
		...extra,
		error: { ...error, context: { itemIndex: 0 }, timestamp: 1_795_000_000_000 },
	}),
];

describe('known answers amid noise: tagHandoffError', () => {
	it('names every error of a known kind, however it is wrapped and padded', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...ERROR_KINDS),
				fc.nat(),
				fc.nat(),
				errorNoise,
				(kind, e, w, extra) => {
					const error = kind.errors[e % kind.errors.length];
					const tag = tagHandoffError(WRAPS[w % WRAPS.length](error, extra), { now: NOW });
					if (
						tag.symptom !== kind.symptom ||
						tag.cause !== kind.cause ||
						tag.retryable !== kind.retryable
					) {
						throw new Error(
							`${kind.cause}: got ${tag.symptom}/${tag.cause} retryable ${tag.retryable} for ${JSON.stringify(error)}`,
						);
					}
				},
			),
			runs(),
		);
	});

	it('leaves noise alone unclassified, with no guess', () => {
		fc.assert(
			fc.property(
				errorNoise,
				fc.constantFrom('Something odd happened', '', 'Unexpected token < in JSON'),
				(extra, message) => {
					const tag = tagHandoffError({ ...extra, error: { message } }, { now: NOW });
					if (tag.symptom !== null || tag.cause !== 'unclassified') {
						throw new Error(`noise classified as ${tag.symptom}/${tag.cause}`);
					}
				},
			),
			runs(),
		);
	});
});
