/**
 * Shopify Admin GraphQL `Return` node, queried with its order, refunds and line items as
 * connections read through `nodes`. Reference:
 * https://shopify.dev/docs/api/admin-graphql/latest/objects/Return. The return's `name`
 * ("#1001-R1") is the return ID a merchant sees and passes on; the order's `name` is its ID.
 */
import { integrationLog, receipt } from '../canonical';
import { listOf, type FormatTable } from '../table';
import { currencyCode, id, majorUnits, quantity, text, timestamp, vocabulary } from '../values';

const RETURN = 'https://shopify.dev/docs/api/admin-graphql/latest/objects/Return';
const REFUND = 'https://shopify.dev/docs/api/admin-graphql/latest/objects/Refund';
const LINE = 'https://shopify.dev/docs/api/admin-graphql/latest/objects/ReturnLineItem';

export const shopifyReturn: FormatTable<'portal'> = {
	kind: 'portal',
	format: 'shopify',
	source: RETURN,
	fields: {
		returnId: { path: 'name', read: id, source: `${RETURN} (name)` },
		orderId: { path: 'order.name', read: id, source: `${RETURN} (order.name, "#1001")` },
		status: {
			path: 'status',
			read: vocabulary({
				REQUESTED: 'requested',
				OPEN: 'approved',
				CLOSED: 'refunded',
				DECLINED: 'rejected',
				CANCELED: 'cancelled',
			}),
			source: `${RETURN} (status: ReturnStatus)`,
		},
		refundAmount: {
			path: 'refunds.nodes[0].totalRefundedSet.shopMoney.amount',
			read: majorUnits,
			source: `${REFUND} (totalRefundedSet.shopMoney.amount, a Decimal string)`,
		},
		currency: {
			path: 'refunds.nodes[0].totalRefundedSet.shopMoney.currencyCode',
			read: currencyCode,
			source: `${REFUND} (totalRefundedSet.shopMoney.currencyCode)`,
		},
		approvedAt: {
			path: 'requestApprovedAt',
			read: timestamp,
			source: `${RETURN} (requestApprovedAt)`,
		},
		refundInstructedAt: {
			path: 'refunds.nodes[0].createdAt',
			read: timestamp,
			source: `${REFUND} (createdAt)`,
		},
		refundMethod: {
			path: null,
			read: text,
			absent: null,
			source: `${RETURN} (the refund's transactions say; not part of the return)`,
		},
		channel: { path: null, read: text, source: `${RETURN} (no sales channel on a return)` },
		lines: {
			path: 'returnLineItems.nodes',
			read: listOf({
				sku: { path: 'fulfillmentLineItem.lineItem.sku', read: id },
				quantity: {
					path: 'quantity',
					read: quantity,
				},
				category: { path: 'fulfillmentLineItem.lineItem.product.productType', read: text },
				amount: { path: 'fulfillmentLineItem.originalTotalSet.shopMoney.amount', read: majorUnits },
			}),
			source: `${LINE} (quantity, fulfillmentLineItem)`,
		},
		receipt: { path: null, read: receipt, source: `${RETURN} (no warehouse receipt)` },
		integrationLog: { path: null, read: integrationLog, source: `${RETURN} (no integration log)` },
	},
};
