/**
 * Shopify REST `Transaction` of kind `refund` (`GET /admin/api/2024-10/orders/{id}/transactions.json`).
 * Reference: https://shopify.dev/docs/api/admin-rest/latest/resources/transaction. Shopify
 * keeps no return ID on a transaction: the return is found through the order.
 */
import type { FormatTable } from '../table';
import {
	Unreadable,
	currencyCode,
	describeValue,
	isBlank,
	majorUnits,
	shopifyId,
	timestamp,
	vocabulary,
} from '../values';

const TRANSACTION = 'https://shopify.dev/docs/api/admin-rest/latest/resources/transaction';

/** Shopify's gift card gateway refunds to store credit; every other gateway to the payment. */
function method(value: unknown): unknown {
	if (isBlank(value)) return null;
	if (typeof value !== 'string' || value.length > 100) {
		return new Unreadable(`${describeValue(value)} is not a gateway name`);
	}
	return value.trim().toLowerCase() === 'gift_card' ? 'store_credit' : 'original_payment';
}

export const shopifyTransaction: FormatTable<'processor'> = {
	kind: 'processor',
	format: 'shopify',
	source: TRANSACTION,
	fields: {
		refundId: { path: 'id', read: shopifyId, source: `${TRANSACTION} (id)` },
		returnId: {
			path: null,
			read: shopifyId,
			source: `${TRANSACTION} (no return ID on a transaction)`,
		},
		orderId: { path: 'order_id', read: shopifyId, source: `${TRANSACTION} (order_id, numeric)` },
		amount: {
			path: 'amount',
			read: majorUnits,
			source: `${TRANSACTION} (amount, a decimal string)`,
		},
		currency: { path: 'currency', read: currencyCode, source: `${TRANSACTION} (currency)` },
		status: {
			path: 'status',
			read: vocabulary({
				success: 'succeeded',
				pending: 'pending',
				failure: 'failed',
				error: 'failed',
			}),
			source: `${TRANSACTION} (status)`,
		},
		method: {
			path: 'gateway',
			read: method,
			absent: 'original_payment',
			source: `${TRANSACTION} (gateway)`,
		},
		disbursedAt: { path: 'processed_at', read: timestamp, source: `${TRANSACTION} (processed_at)` },
	},
};
