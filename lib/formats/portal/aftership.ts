/**
 * AfterShip Returns return object (API 2024-07). Reference:
 * https://www.aftership.com/docs/returns/2024-07/model/resource/return. The RMA number is the
 * return ID shoppers and the ERP see; `order.order_name` is the storefront's order name.
 */
import { integrationLog, receipt } from '../canonical';
import { listOf, type FormatTable } from '../table';
import { currencyCode, id, majorUnits, quantity, text, timestamp, vocabulary } from '../values';

const RETURN = 'https://www.aftership.com/docs/returns/2024-07/model/resource/return';

export const aftership: FormatTable<'portal'> = {
	kind: 'portal',
	format: 'aftership',
	source: RETURN,
	fields: {
		returnId: { path: 'rma_number', read: id, source: `${RETURN} (rma_number)` },
		orderId: { path: 'order.order_name', read: id, source: `${RETURN} (order.order_name)` },
		status: {
			path: 'approval_status',
			read: vocabulary({
				submitted: 'requested',
				approved: 'approved',
				done: 'refunded',
				rejected: 'rejected',
				expired: 'cancelled',
			}),
			source: `${RETURN} (approval_status)`,
		},
		refundAmount: {
			path: 'refunded_total.amount',
			read: majorUnits,
			source: `${RETURN} (refunded_total.amount)`,
		},
		currency: {
			path: 'refunded_total.currency',
			read: currencyCode,
			source: `${RETURN} (refunded_total.currency)`,
		},
		approvedAt: { path: 'approved_at', read: timestamp, source: `${RETURN} (approved_at)` },
		refundInstructedAt: { path: 'refunded_at', read: timestamp, source: `${RETURN} (refunded_at)` },
		refundMethod: {
			path: 'refund_destination',
			read: vocabulary({
				original_payment: 'original_payment',
				store_credit: 'store_credit',
				exchange: 'exchange',
			}),
			source: `${RETURN} (refund_destination)`,
		},
		channel: { path: null, read: text, source: `${RETURN} (no sales channel on a return)` },
		lines: {
			path: 'return_items',
			read: listOf({
				sku: { path: 'sku', read: id },
				quantity: {
					path: 'intended_return_quantity',
					read: quantity,
				},
				category: { path: 'product_categories[0]', read: text },
				amount: { path: null, read: majorUnits },
			}),
			source: `${RETURN} (return_items[]: sku, intended_return_quantity, product_categories)`,
		},
		receipt: { path: null, read: receipt, source: `${RETURN} (no warehouse receipt)` },
		integrationLog: { path: null, read: integrationLog, source: `${RETURN} (no integration log)` },
	},
};
