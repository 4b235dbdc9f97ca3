/**
 * Loop Returns return object, as the return webhook (and the Returns List API) send it.
 * Reference: https://docs.loopreturns.com/reference/return-webhook. Loop's `order_id` is Loop's
 * own; the portal order ID is `order_name` ("#1001"), as the storefront and the ERP know it.
 * Loop's line items carry no product type: a category needs a Field Path to one.
 */
import { integrationLog, receipt } from '../canonical';
import { listOf, type FormatTable } from '../table';
import {
	Unreadable,
	currencyCode,
	id,
	isBlank,
	majorUnits,
	quantity,
	text,
	timestamp,
	vocabulary,
	type ReadContext,
} from '../values';

const RETURN = 'https://docs.loopreturns.com/reference/return-webhook';

const state = vocabulary({
	review: 'requested',
	'needs review': 'requested',
	needs_review: 'requested',
	open: 'approved',
	closed: 'refunded',
	cancelled: 'cancelled',
	canceled: 'cancelled',
	expired: 'cancelled',
	rejected: 'rejected',
});

/** The amount is a positive value in a money field: "0.00" and absent both mean none. */
function positive(value: unknown, context: ReadContext): unknown {
	const minor = majorUnits(value, context);
	return typeof minor === 'number' ? minor > 0 : minor;
}

/**
 * How Loop paid the return out, from its three outcome amounts (`refund`, `gift_card`,
 * `exchange_total`): a gift card is store credit, an exchange with no refund an exchange.
 */
function refundMethod(refund: unknown, context: ReadContext, also: readonly unknown[]): unknown {
	const giftCard = positive(also[0], context);
	if (giftCard instanceof Unreadable) return new Unreadable(`gift_card: ${giftCard.reason}`);
	const exchange = positive(also[1], context);
	if (exchange instanceof Unreadable) return new Unreadable(`exchange_total: ${exchange.reason}`);
	const refunded = positive(refund, context);
	if (refunded instanceof Unreadable) return refunded;
	if (refunded === true) return 'original_payment';
	if (giftCard === true) return 'store_credit';
	if (exchange === true) return 'exchange';
	return null;
}

/**
 * A closed return was processed at its last edit (`edited_at`, the webhook's; `updated_at` in
 * list answers); an open one has no refund instruction yet.
 */
function processedAt(editedAt: unknown, _context: ReadContext, also: readonly unknown[]): unknown {
	let time = timestamp(editedAt);
	if (time === null) time = timestamp(also[1]);
	if (time instanceof Unreadable || isBlank(also[0])) return time;
	return typeof also[0] === 'string' && also[0].trim().toLowerCase() === 'closed' ? time : null;
}

export const loop: FormatTable<'portal'> = {
	kind: 'portal',
	format: 'loop',
	source: RETURN,
	fields: {
		returnId: { path: 'id', read: id, source: `${RETURN} (id)` },
		orderId: { path: 'order_name', read: id, source: `${RETURN} (order_name, "#1001")` },
		status: { path: 'state', read: state, source: `${RETURN} (state)` },
		refundAmount: {
			path: 'refund',
			read: majorUnits,
			source: `${RETURN} (refund, a decimal string)`,
		},
		currency: { path: 'currency', read: currencyCode, source: `${RETURN} (currency)` },
		approvedAt: {
			path: 'created_at',
			read: timestamp,
			source: `${RETURN} (created_at: Loop approves a return as it is created, unless in review)`,
		},
		refundInstructedAt: {
			path: 'edited_at',
			also: ['state', 'updated_at'],
			read: processedAt,
			source: `${RETURN} (edited_at of a closed return)`,
		},
		refundMethod: {
			path: 'refund',
			also: ['gift_card', 'exchange_total'],
			read: refundMethod,
			source: `${RETURN} (refund, gift_card, exchange_total)`,
		},
		channel: {
			path: 'provider_order_sales_channel',
			read: text,
			source: `${RETURN} (provider_order_sales_channel)`,
		},
		lines: {
			path: 'line_items',
			read: listOf({
				sku: { path: 'sku', read: id },
				quantity: { path: null, read: quantity },
				category: { path: null, read: text },
				amount: { path: 'refund', read: majorUnits },
			}),
			source: `${RETURN} (line_items[]: sku, refund; one unit per line)`,
		},
		receipt: { path: null, read: receipt, source: `${RETURN} (no warehouse receipt)` },
		integrationLog: { path: null, read: integrationLog, source: `${RETURN} (no integration log)` },
	},
};
