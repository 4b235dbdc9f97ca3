/**
 * Stripe Refund object, as `GET /v1/refunds` lists it and `refund.*` events carry it in
 * `data.object`. Reference: https://docs.stripe.com/api/refunds/object and stripe-node
 * `types/Refunds.d.ts`. Defaults fixed by docs/rules.md "Record formats".
 */
import type { FormatTable } from '../table';
import {
	Unreadable,
	currencyCode,
	describeValue,
	epochTime,
	id,
	isBlank,
	minorUnits,
	vocabulary,
} from '../values';

const REFUND = 'https://docs.stripe.com/api/refunds/object';

/** `destination_details.type`: Stripe's customer cash balance is store credit; the rest the card. */
function method(value: unknown): unknown {
	if (isBlank(value)) return null;
	if (typeof value !== 'string' || value.length > 100) {
		return new Unreadable(`${describeValue(value)} is not a destination type`);
	}
	return value.trim() === 'customer_cash_balance' ? 'store_credit' : 'original_payment';
}

export const stripe: FormatTable<'processor'> = {
	kind: 'processor',
	format: 'stripe',
	source: REFUND,
	fields: {
		refundId: { path: 'id', read: id, source: `${REFUND}#refund_object-id` },
		returnId: {
			path: 'metadata.return_id',
			read: id,
			source: `${REFUND}#refund_object-metadata (merchant key, by convention)`,
		},
		orderId: {
			path: 'metadata.order_id',
			read: id,
			source: `${REFUND}#refund_object-metadata (merchant key, by convention)`,
		},
		amount: { path: 'amount', read: minorUnits, source: `${REFUND}#refund_object-amount (cents)` },
		currency: {
			path: 'currency',
			read: currencyCode,
			source: `${REFUND}#refund_object-currency (lower case)`,
		},
		status: {
			path: 'status',
			read: vocabulary({
				succeeded: 'succeeded',
				pending: 'pending',
				requires_action: 'pending',
				failed: 'failed',
				canceled: 'failed',
			}),
			source: `${REFUND}#refund_object-status`,
		},
		method: {
			path: 'destination_details.type',
			read: method,
			absent: 'original_payment',
			source: `${REFUND}#refund_object-destination_details-type`,
		},
		disbursedAt: {
			path: 'created',
			read: epochTime,
			source: `${REFUND}#refund_object-created (epoch seconds)`,
		},
	},
};
