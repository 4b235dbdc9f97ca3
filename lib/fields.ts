/**
 * The canonical field names per record kind, apart from lib/options.ts so that the formats
 * (lib/formats/) and the options can both import them.
 */
/** Canonical field names per record kind (docs/rules.md "Canonical records"); each path is configurable. */
export const CANONICAL_FIELDS = {
	portal: [
		'returnId',
		'orderId',
		'status',
		'refundAmount',
		'currency',
		'approvedAt',
		'refundInstructedAt',
		'refundMethod',
		'channel',
		'lines',
		'receipt',
		'integrationLog',
	],
	processor: [
		'refundId',
		'returnId',
		'orderId',
		'amount',
		'currency',
		'status',
		'method',
		'disbursedAt',
	],
	erp: [
		'creditMemoId',
		'returnId',
		'orderRef',
		'postedAmount',
		'restockingFee',
		'currency',
		'postedAt',
		'subsidiary',
		'orderStatus',
		'orderClosedAt',
		/** posted (default), draft or cancelled: docs/rules.md "Record formats". */
		'postingStatus',
	],
	support: ['ticketId', 'returnId', 'orderId', 'status', 'refundStatusToldCustomer', 'updatedAt'],
	/** The Guard's outgoing payload: a portal return on its way to the ERP. */
	payload: [
		'returnId',
		'orderId',
		'status',
		'refundAmount',
		'currency',
		'channel',
		'lines',
		'receipt',
		'orderRef',
		'subsidiary',
	],
} as const;
