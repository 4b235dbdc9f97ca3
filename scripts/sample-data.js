'use strict';
// Realistic, deterministic sample data for the Returns Reconciler: Loop/Shopify-style portal
// returns, Stripe-style refunds, NetSuite-style credit memos and Zendesk-style tickets, in the
// canonical field names and major units (so only `now`, `idRules` and `subsidiaryMap` are needed:
// they come back as `options`). About `consistentShare` of the returns are consistent; the rest
// cycle through every cause the Reconciler produces, so each appears at least once from 200
// returns on. `expected[returnId]` says what was injected: `{ symptom, cause }`, both null for a
// consistent return.
//
// Used by the demo, the benchmarks (up to 1,000,000 returns) and the tests: one pass, no
// closures per record, shared `expected` entries, plain loops.
//
//   const { generateDataset } = require('./scripts/sample-data.js');
//   const { portal, processor, erp, support, options, expected } = generateDataset({ returns: 300 });
//
// CLI: node scripts/sample-data.js [--returns 300] [--seed 42]  → prints the dataset as JSON.

const MINUTE = 60000;

/** [symptom, cause] in the catalog's order; null symptom: a record-level outcome. */
const INJECTED = [
	['missing_handoff', 'not_received'],
	['missing_handoff', 'rejected'],
	['id_linkage_failure', 'order_ref_format'],
	['id_linkage_failure', 'order_ref_mismatch'],
	['id_linkage_failure', 'order_ref_missing'],
	['id_linkage_failure', 'return_id_missing'],
	['id_linkage_failure', 'wrong_subsidiary'],
	['id_linkage_failure', 'order_closed'],
	['id_linkage_failure', 'manual_bypass'],
	['partial_receipt_conflict', 'restocking_fee'],
	['partial_receipt_conflict', 'condition_adjustment'],
	['partial_receipt_conflict', 'amount_mismatch'],
	['partial_receipt_conflict', 'currency_mismatch'],
	['timing_latency', 'within_window'],
	['timing_latency', 'overdue'],
	['timing_latency', 'late_posting'],
	['processor_mismatch', 'amount'],
	['processor_mismatch', 'method'],
	['processor_mismatch', 'not_disbursed'],
	['processor_mismatch', 'failed'],
	['processor_mismatch', 'not_refundable'],
	['processor_mismatch', 'currency_mismatch'],
	['duplicate_posting', 'duplicate_credit_memo'],
	['duplicate_posting', 'duplicate_refund'],
	['stale_ticket', 'ticket_not_updated'],
	[null, 'invalid_record'],
	[null, 'unmatched'],
];

/** Shared, frozen expectations: one object per outcome, not one per return. */
const CONSISTENT = Object.freeze({ symptom: null, cause: null });
const EXPECTED = INJECTED.map(([symptom, cause]) => Object.freeze({ symptom, cause }));
const UNMATCHED_SLOT = INJECTED.length - 1;
const MANUAL_BYPASS_SLOT = 8;

/** Storefronts: channel, currency, NetSuite subsidiary, ISO 4217 exponent, share of returns. */
const CHANNELS = [
	{ channel: 'web-us', currency: 'USD', subsidiary: 'US Retail', exponent: 2, weight: 0.55 },
	{ channel: 'retail-us', currency: 'USD', subsidiary: 'US Retail', exponent: 2, weight: 0.1 },
	{ channel: 'web-ca', currency: 'CAD', subsidiary: 'Canada Retail', exponent: 2, weight: 0.12 },
	{ channel: 'web-uk', currency: 'GBP', subsidiary: 'UK Retail', exponent: 2, weight: 0.12 },
	{ channel: 'web-jp', currency: 'JPY', subsidiary: 'Japan KK', exponent: 0, weight: 0.06 },
	{ channel: 'web-kw', currency: 'KWD', subsidiary: 'Gulf Retail', exponent: 3, weight: 0.05 },
];

/** Price ranges per currency, in minor units: [low, high]. */
const PRICE_RANGE = {
	USD: [1500, 25000],
	CAD: [2000, 32000],
	GBP: [1200, 20000],
	JPY: [1500, 30000],
	KWD: [5000, 75000],
};

const CATALOG = [
	['TEE-BLK-M', 'apparel'],
	['HOODIE-GRY-L', 'apparel'],
	['JEANS-IND-32', 'apparel'],
	['SNKR-WHT-42', 'footwear'],
	['BOOT-BRN-44', 'footwear'],
	['EARBUDS-PRO', 'electronics'],
	['LAMP-OAK-01', 'home'],
	['MUG-SET-4', 'home'],
	['SERUM-30ML', 'beauty'],
];
const DAMAGED = ['damaged', 'used', 'missing parts', 'opened - worn'];
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** mulberry32: a tiny, fast, seedable PRNG; state is a plain number, no closure per record. */
function Random(seed) {
	this.state = seed >>> 0;
}
Random.prototype.next = function next() {
	let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
Random.prototype.int = function int(low, high) {
	return low + Math.floor(this.next() * (high - low + 1));
};
Random.prototype.token = function token(length) {
	let text = '';
	for (let i = 0; i < length; i++) text += BASE36[Math.floor(this.next() * 36)];
	return text;
};

function iso(ms) {
	return new Date(ms).toISOString();
}

/** Minor units to a major-unit number (what a JSON export holds): 8950 → 89.5, 1500 JPY → 1500. */
function major(minor, exponent) {
	return exponent === 0 ? minor : Number((minor / 10 ** exponent).toFixed(exponent));
}

function pad(number, length) {
	return String(number).padStart(length, '0');
}

function pickChannel(random) {
	let roll = random.next();
	for (let i = 0; i < CHANNELS.length - 1; i++) {
		roll -= CHANNELS[i].weight;
		if (roll < 0) return CHANNELS[i];
	}
	return CHANNELS[CHANNELS.length - 1];
}

function otherCurrency(currency) {
	return currency === 'USD' ? 'EUR' : 'USD';
}

function otherSubsidiary(subsidiary) {
	return subsidiary === 'US Retail' ? 'Canada Retail' : 'US Retail';
}

/**
 * @param {{ returns?: number, seed?: number, now?: string, consistentShare?: number }} [settings]
 */
function generateDataset(settings) {
	const options = settings || {};
	const returns = options.returns === undefined ? 300 : options.returns;
	const seed = options.seed === undefined ? 42 : options.seed;
	const now = options.now === undefined ? '2026-11-27T06:00:00Z' : options.now;
	const consistentShare = options.consistentShare === undefined ? 0.8 : options.consistentShare;
	if (!Number.isInteger(returns) || returns < 0) throw new TypeError('returns: a whole number ≥ 0');
	if (!(consistentShare >= 0 && consistentShare <= 1)) {
		throw new TypeError('consistentShare: a number from 0 to 1');
	}
	const nowMs = Date.parse(now);
	if (!Number.isFinite(nowMs)) throw new TypeError('now: an ISO 8601 time');

	const random = new Random(seed);
	const portal = [];
	const processor = [];
	const erp = [];
	const support = [];
	const expected = Object.create(null);
	const expectedUnmatched = [];

	// Exactly `injectedCount` returns get a cause (selection sampling: one pass, no list), and
	// enough of them from 200 returns on for every cause to appear.
	let injectedCount = Math.round(returns * (1 - consistentShare));
	if (returns >= 200 && consistentShare < 1 && injectedCount < INJECTED.length) {
		injectedCount = INJECTED.length;
	}
	let chosen = 0;
	let slot = 0;
	// Two returns of one order now and then, so matching among an order's returns is exercised.
	let previousOrderNumber = -1;

	for (let i = 0; i < returns; i++) {
		let kind = -1;
		if (random.next() * (returns - i) < injectedCount - chosen) {
			chosen++;
			kind = slot;
			slot = (slot + 1) % INJECTED.length;
		}
		const place = pickChannel(random);
		const exponent = place.exponent;
		const range = PRICE_RANGE[place.currency];
		const returnId = `RA-${10000 + i}`;
		const shareOrder = kind === -1 && previousOrderNumber !== -1 && random.next() < 0.03;
		const orderNumber = shareOrder ? previousOrderNumber : 100000 + i;
		previousOrderNumber = kind === -1 && !shareOrder ? orderNumber : -1;
		const orderId = `#${orderNumber}`;
		const erpRef = `SO-${pad(orderNumber, 7)}`;

		// Lines and the approved refund, in minor units.
		const lineCount = random.next() < 0.7 ? 1 : 2;
		const lines = [];
		let amount = 0;
		for (let l = 0; l < lineCount; l++) {
			const item = CATALOG[random.int(0, CATALOG.length - 1)];
			let price = random.int(range[0], range[1]);
			if (exponent === 0) price = Math.round(price / 10) * 10;
			amount += price;
			lines.push({ sku: item[0], quantity: 1, category: item[1], amount: major(price, exponent) });
		}
		const fee = Math.max(1, Math.round(amount * 0.15));

		// Times: instructed 10 hours to two weeks ago, posted inside the 240-minute window.
		let instructed = nowMs - random.int(600, 20000) * MINUTE;
		if (kind === 13) instructed = nowMs - random.int(10, 230) * MINUTE; // within_window
		if (kind === 14) instructed = nowMs - random.int(300, 4300) * MINUTE; // overdue
		if (kind === 0) instructed = nowMs - random.int(4400, 20000) * MINUTE; // not_received
		const approved = instructed - random.int(0, 2880) * MINUTE;
		let posted = instructed + random.int(2, 200) * MINUTE;
		if (kind === 15) posted = instructed + random.int(300, 590) * MINUTE; // late_posting
		// A payout never lies in the future, even for a return instructed ten minutes ago.
		const disbursed = Math.min(instructed + random.int(1, 30) * MINUTE, nowMs - MINUTE);

		let status = 'refunded';
		let refundMethod = 'original_payment';
		if (kind === -1) {
			const roll = random.next();
			if (roll < 0.03) status = 'requested';
			else if (roll < 0.05) status = 'rejected';
			else if (roll < 0.12) refundMethod = 'store_credit';
		}
		if (kind === 20) status = 'cancelled'; // not_refundable
		const downstream = status === 'refunded';

		const ret = {
			returnId,
			orderId,
			status,
			refundAmount: major(amount, exponent),
			currency: place.currency,
			approvedAt: iso(approved),
			refundInstructedAt: status === 'refunded' ? iso(instructed) : null,
			refundMethod,
			channel: place.channel,
			lines,
		};
		if (kind === 9)
			ret.receipt = {
				condition: 'opened',
				restockingFee: major(fee, exponent),
				receivedAt: iso(instructed - 30 * MINUTE),
			};
		if (kind === 10)
			ret.receipt = {
				condition: DAMAGED[i % DAMAGED.length],
				restockingFee: 0,
				receivedAt: iso(instructed - 30 * MINUTE),
			};
		if (kind === 1)
			ret.integrationLog = {
				callMade: true,
				status: 'error',
				error: 'INVALID_FLD_VALUE: Invalid status reference key "refunded".',
			};
		if (kind === 25 && i % 4 === 0) ret.refundAmount = 'N/A';
		if (kind === 20) ret.refundInstructedAt = iso(instructed);
		portal.push(ret);
		expected[returnId] =
			kind === -1 || kind === MANUAL_BYPASS_SLOT || kind === UNMATCHED_SLOT
				? CONSISTENT
				: EXPECTED[kind];

		// The processor: a Stripe refund (epoch seconds), unless nothing was due or it never came.
		const paysOut = (downstream && refundMethod === 'original_payment') || kind === 20;
		if (paysOut && kind !== 18) {
			const refund = {
				refundId: `re_3P${random.token(22)}`,
				returnId,
				orderId: String(orderNumber),
				amount: major(amount, exponent),
				currency: place.currency.toLowerCase(),
				status: kind === 19 ? 'failed' : 'succeeded',
				method: kind === 17 ? 'store_credit' : 'original_payment',
				disbursedAt: Math.floor(disbursed / 1000),
			};
			if (kind === 16)
				refund.amount = major(amount - Math.max(100, Math.round(amount * 0.1)), exponent);
			if (kind === 21) refund.currency = otherCurrency(place.currency).toLowerCase();
			if (kind === 25 && i % 4 === 1) refund.amount = 'eighty-nine fifty';
			processor.push(refund);
			if (kind === 23) {
				processor.push({
					...refund,
					refundId: `re_3P${random.token(22)}`,
					disbursedAt: refund.disbursedAt + 90,
				});
			}
		}

		// The ERP: a NetSuite credit memo, unless the handoff is what failed.
		const posts = downstream && kind !== 0 && kind !== 1 && kind !== 13 && kind !== 14;
		if (posts) {
			const memo = {
				creditMemoId: `CM-${20000 + erp.length}`,
				returnId,
				orderRef: erpRef,
				postedAmount: major(amount, exponent),
				restockingFee: 0,
				currency: place.currency,
				postedAt: iso(posted),
				subsidiary: place.subsidiary,
				orderStatus: 'pendingReturn',
			};
			// The same order spelled otherwise: padded to nine digits, or in lower case.
			if (kind === 2)
				memo.orderRef = i % 2 === 0 ? `SO-${pad(orderNumber, 9)}` : erpRef.toLowerCase();
			if (kind === 3) memo.orderRef = `SO-${pad(orderNumber + 500000, 7)}`;
			if (kind === 4) delete memo.orderRef;
			if (kind === 5) delete memo.returnId;
			if (kind === 6) memo.subsidiary = otherSubsidiary(place.subsidiary);
			if (kind === 7) {
				memo.orderStatus = 'closed';
				memo.orderClosedAt = iso(instructed - random.int(60, 1440) * MINUTE);
			}
			if (kind === 9) {
				memo.postedAmount = major(amount - fee, exponent);
				memo.restockingFee = major(fee, exponent);
			}
			if (kind === 10) memo.postedAmount = major(Math.round(amount / 2), exponent);
			if (kind === 11)
				memo.postedAmount = major(amount - Math.max(100, Math.round(amount * 0.07)), exponent);
			if (kind === 12) memo.currency = otherCurrency(place.currency);
			if (kind === 25 && i % 4 === 2) memo.postedAt = 'yesterday';
			erp.push(memo);
			if (kind === 22) {
				erp.push({
					...memo,
					creditMemoId: `CM-${20000 + erp.length}`,
					postedAt: iso(posted + 7 * MINUTE),
				});
			}
		}

		// Zendesk: about a third of returns have a ticket; a stale one was last touched before
		// the payout and still says "pending".
		if (kind === 24 || (kind === 25 && i % 4 === 3) || random.next() < 0.3) {
			const ticket = {
				ticketId: 48000 + i,
				returnId,
				orderId,
				status: 'solved',
				refundStatusToldCustomer: downstream ? 'sent' : 'none',
				updatedAt: iso(Math.min(disbursed + random.int(5, 600) * MINUTE, nowMs)),
			};
			if (kind === 24) {
				ticket.status = 'pending';
				ticket.refundStatusToldCustomer = 'Refund pending: 5-10 business days';
				ticket.updatedAt = iso(disbursed - random.int(30, 600) * MINUTE);
			}
			if (kind === 25 && i % 4 === 3) ticket.updatedAt = 'last tuesday';
			if (shareOrder) ticket.orderId = orderId;
			support.push(ticket);
		}

		// Records no return explains: an ERP return keyed in by hand, a refund from another flow.
		if (kind === MANUAL_BYPASS_SLOT) {
			const orphanReturn = `RA-M${pad(i, 6)}`;
			erp.push({
				creditMemoId: `CM-${20000 + erp.length}`,
				returnId: orphanReturn,
				orderRef: `SO-${pad(9000000 + i, 7)}`,
				postedAmount: major(amount, exponent),
				restockingFee: 0,
				currency: place.currency,
				postedAt: iso(posted),
				subsidiary: place.subsidiary,
				orderStatus: 'pendingReturn',
			});
			expected[orphanReturn] = EXPECTED[MANUAL_BYPASS_SLOT];
		}
		if (kind === UNMATCHED_SLOT) {
			const refundId = `re_3P${random.token(22)}`;
			processor.push({
				refundId,
				orderId: String(8000000 + i),
				amount: major(amount, exponent),
				currency: place.currency.toLowerCase(),
				status: 'succeeded',
				method: 'original_payment',
				disbursedAt: Math.floor(disbursed / 1000),
			});
			expectedUnmatched.push(refundId);
		}
	}

	const subsidiaryMap = {};
	for (const place of CHANNELS) subsidiaryMap[place.channel] = place.subsidiary;
	return {
		portal,
		processor,
		erp,
		support,
		options: {
			now,
			idRules: { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 },
			subsidiaryMap,
		},
		expected,
		expectedUnmatched,
	};
}

// ---------------------------------------------------------------------------------------------
// The same dataset as the systems send it (docs/rules.md "Record formats"): Loop returns,
// Stripe refunds, NetSuite credit memos and Zendesk tickets. `renderDataset` turns a canonical
// dataset into those shapes and returns the Reconciler options that read them back: the
// formats, NetSuite's currency names and the Field Paths for what the systems keep outside their
// standard objects. test/scripts/sample-formats.test.ts reads every rendering back through
// lib/formats and requires the canonical records.

/** The systems of the demo, per input. */
const DEMO_FORMATS = Object.freeze({
	portal: 'loop',
	processor: 'stripe',
	erp: 'netsuite',
	support: 'zendesk',
});

/** NetSuite's currency record names (the US dollar's record is named "USA" in a new account). */
const NETSUITE_CURRENCY_NAMES = Object.freeze({
	USD: 'USA',
	CAD: 'Canadian Dollar',
	GBP: 'British pound',
	JPY: 'Yen',
	KWD: 'Kuwaiti Dinar',
	EUR: 'Euro',
});

/** Zendesk custom field IDs of the account the demo pretends to be. */
const ZENDESK_ORDER_FIELD = 360001;
const ZENDESK_REFUND_STATUS_FIELD = 360002;

/**
 * Where the demo's records keep what their system's object has no field for: the middleware
 * attaches the warehouse receipt and its own log to the Loop return, NetSuite custom body fields
 * hold the restocking fee and the sales order's status, Zendesk custom fields the order and the
 * refund status the agent told the customer. Loop's `refund` is only the part paid back to the
 * card (a gift card is `gift_card`), so the approved amount is the return's `total`; NetSuite's
 * `tranDate` is a date alone, so the posting time is `createdDate`.
 */
const DEMO_FIELD_PATHS = Object.freeze({
	portal: {
		refundAmount: 'total',
		receipt: 'warehouse_receipt',
		integrationLog: 'integration_log',
	},
	erp: {
		postedAt: 'createdDate',
		restockingFee: 'custbody_restocking_fee',
		orderStatus: 'custbody_order_status',
		orderClosedAt: 'custbody_order_closed_at',
	},
	support: {
		orderId: `custom_fields[id=${ZENDESK_ORDER_FIELD}].value`,
		refundStatusToldCustomer: `custom_fields[id=${ZENDESK_REFUND_STATUS_FIELD}].value`,
	},
});

const LOOP_STATES = Object.freeze({
	requested: 'review',
	approved: 'open',
	refunded: 'closed',
	rejected: 'rejected',
	cancelled: 'cancelled',
});

const EXPONENTS = Object.freeze({ JPY: 0, KWD: 3 });

function exponentOf(currency) {
	const code = typeof currency === 'string' ? currency.toUpperCase() : '';
	return EXPONENTS[code] ?? 2;
}

/** A major-unit number as the decimal string Loop sends ("89.50"); anything else as it is. */
function decimalText(amount, currency) {
	return typeof amount === 'number' ? amount.toFixed(exponentOf(currency)) : amount;
}

/** A major-unit number in minor units, as Stripe sends amounts; anything else as it is. */
function minorUnits(amount, currency) {
	return typeof amount === 'number' ? Math.round(amount * 10 ** exponentOf(currency)) : amount;
}

/** A Loop return, as the return webhook sends it. */
function loopReturn(ret) {
	const total = decimalText(ret.refundAmount, ret.currency);
	const paidAs = (method) =>
		typeof ret.refundAmount === 'number'
			? decimalText(ret.refundMethod === method ? ret.refundAmount : 0, ret.currency)
			: undefined;
	const record = {
		id: ret.returnId,
		state: LOOP_STATES[ret.status],
		created_at: ret.approvedAt,
		edited_at: ret.refundInstructedAt ?? ret.approvedAt,
		order_name: ret.orderId,
		currency: ret.currency,
		total,
		refund: paidAs('original_payment'),
		gift_card: paidAs('store_credit'),
		exchange_total: paidAs('exchange'),
		provider_order_sales_channel: ret.channel,
		line_items: ret.lines.map((line) => ({
			sku: line.sku,
			price: decimalText(line.amount, ret.currency),
			refund: decimalText(line.amount, ret.currency),
		})),
	};
	if (ret.receipt) record.warehouse_receipt = ret.receipt;
	if (ret.integrationLog) record.integration_log = ret.integrationLog;
	return record;
}

/** A Stripe Refund object. */
function stripeRefund(refund) {
	const metadata = {};
	if (refund.returnId !== undefined) metadata.return_id = refund.returnId;
	if (refund.orderId !== undefined) metadata.order_id = refund.orderId;
	return {
		id: refund.refundId,
		object: 'refund',
		amount: minorUnits(refund.amount, refund.currency),
		currency: refund.currency,
		created: refund.disbursedAt,
		destination_details: {
			type: refund.method === 'store_credit' ? 'customer_cash_balance' : 'card',
		},
		metadata,
		status: refund.status,
	};
}

/** A NetSuite credit memo, as the REST record service returns it. */
function netsuiteCreditMemo(memo, index) {
	const record = {
		id: String(8800 + index),
		tranId: memo.creditMemoId,
		otherRefNum: memo.orderRef,
		total: memo.postedAmount,
		currency: { id: '1', refName: NETSUITE_CURRENCY_NAMES[memo.currency] ?? memo.currency },
		tranDate: typeof memo.postedAt === 'string' ? memo.postedAt.slice(0, 10) : memo.postedAt,
		createdDate: memo.postedAt,
		subsidiary: { id: '1', refName: memo.subsidiary },
		status: { id: 'A', refName: 'Open' },
		custbody_restocking_fee: memo.restockingFee,
		custbody_order_status: memo.orderStatus,
	};
	// externalId is what the integration upserts by: absent when the RA number was lost.
	if (memo.returnId !== undefined) record.externalId = memo.returnId;
	if (memo.orderClosedAt !== undefined) record.custbody_order_closed_at = memo.orderClosedAt;
	return record;
}

/** A Zendesk ticket, as the Tickets API (and n8n's Zendesk node) returns it. */
function zendeskTicket(ticket) {
	return {
		id: ticket.ticketId,
		external_id: ticket.returnId,
		status: ticket.status,
		updated_at: ticket.updatedAt,
		custom_fields: [
			{ id: ZENDESK_ORDER_FIELD, value: ticket.orderId },
			{ id: ZENDESK_REFUND_STATUS_FIELD, value: ticket.refundStatusToldCustomer },
		],
	};
}

/**
 * A canonical dataset (generateDataset's) as the systems send it, with the options that read it:
 * `options` gains `formats`, `currencyNames` and `fieldPaths`. `expected` is unchanged.
 */
function renderDataset(data) {
	return {
		...data,
		portal: data.portal.map(loopReturn),
		processor: data.processor.map(stripeRefund),
		erp: data.erp.map(netsuiteCreditMemo),
		support: data.support.map(zendeskTicket),
		options: {
			...data.options,
			formats: { ...DEMO_FORMATS },
			currencyNames: Object.fromEntries(
				Object.entries(NETSUITE_CURRENCY_NAMES).map(([code, name]) => [name, code]),
			),
			fieldPaths: JSON.parse(JSON.stringify(DEMO_FIELD_PATHS)),
		},
	};
}

module.exports = { generateDataset, renderDataset, INJECTED, DEMO_FORMATS };

if (require.main === module) {
	const { returns, seed } = require('./lib/args.js').parseArgsOrExit({
		usage: 'node scripts/sample-data.js [options]   prints the dataset as JSON',
		options: {
			returns: { type: 'number', default: 300 },
			seed: { type: 'number', default: 42 },
		},
	});
	process.stdout.write(`${JSON.stringify(generateDataset({ returns, seed }), null, 2)}\n`);
}
