/**
 * PayPal Payments v2 refund (`GET /v2/payments/refunds/{id}`). Reference:
 * https://developer.paypal.com/docs/api/payments/v2/#refunds_get and
 * paypal/paypal-rest-api-specifications `openapi/payments_payment_v2.json`. Defaults fixed by
 * docs/rules.md "Record formats".
 */
import { firstOf, type FormatTable } from '../table';
import { currencyCode, id, isBlank, majorUnits, timestamp, vocabulary } from '../values';

const REFUND = 'https://developer.paypal.com/docs/api/payments/v2/#refunds_get';

export const paypal: FormatTable<'processor'> = {
	kind: 'processor',
	format: 'paypal',
	source: REFUND,
	fields: {
		refundId: { path: 'id', read: id, source: `${REFUND} (id)` },
		returnId: { path: 'invoice_id', read: id, source: `${REFUND} (invoice_id, caller-provided)` },
		orderId: { path: 'custom_id', read: id, source: `${REFUND} (custom_id, caller-provided)` },
		amount: {
			path: 'amount.value',
			read: majorUnits,
			source: `${REFUND} (amount.value, a decimal string)`,
		},
		currency: {
			path: 'amount.currency_code',
			read: currencyCode,
			source: `${REFUND} (amount.currency_code)`,
		},
		status: {
			path: 'status',
			read: vocabulary({
				COMPLETED: 'succeeded',
				PENDING: 'pending',
				FAILED: 'failed',
				CANCELLED: 'failed',
			}),
			source: `${REFUND} (status)`,
		},
		method: {
			path: null,
			read: (value) => (isBlank(value) ? null : 'original_payment'),
			absent: 'original_payment',
			source: `${REFUND} (a capture's refund goes back to its payer)`,
		},
		disbursedAt: {
			path: 'update_time',
			also: ['create_time'],
			read: firstOf(timestamp),
			source: `${REFUND} (update_time, else create_time; RFC 3339)`,
		},
	},
};
