/**
 * The canonical formats: the canonical field names as paths, read as the canonical records
 * always were (docs/rules.md "Canonical records"). Text fields of the wrong type read as absent
 * there, not as a problem; amounts, currencies and times that do not parse are problems.
 */
import { listOf, objectOf, type FieldRule, type FormatTable, type ValueReader } from './table';
import {
	Unreadable,
	amountInConfiguredUnits,
	booleanValue,
	currencyCode,
	id,
	lowerText,
	quantity,
	text,
	timestamp,
	vocabulary,
	type Read,
} from './values';

const SOURCE = 'docs/rules.md "Canonical records"';

/** A reader whose unreadable values read as absent, as the canonical records' text fields do. */
function lenient(read: (value: unknown) => Read<unknown>): (value: unknown) => unknown {
	return (value) => {
		const result = read(value);
		return result instanceof Unreadable ? null : result;
	};
}

function same(path: string, read: ValueReader): FieldRule {
	return { path, read, source: SOURCE };
}

const idField = (path: string) => same(path, lenient(id));
const textField = (path: string) => same(path, lenient(text));
const wordField = (path: string) => same(path, lenient(lowerText));
const amountField = (path: string) => same(path, amountInConfiguredUnits);
const timeField = (path: string) => same(path, timestamp);

/** A warehouse receipt: no system format carries one, so every format reads it this way. */
export const receipt = objectOf({
	condition: { path: 'condition', read: lenient(lowerText) },
	restockingFee: { path: 'restockingFee', read: amountInConfiguredUnits },
	receivedAt: { path: 'receivedAt', read: timestamp },
});

/** The middleware's log of its ERP call: the same in every format. */
export const integrationLog = objectOf({
	callMade: { path: 'callMade', read: lenient(booleanValue) },
	status: { path: 'status', read: lenient(lowerText) },
	error: { path: 'error', read: lenient(text) },
});

export const canonicalPortal: FormatTable<'portal'> = {
	kind: 'portal',
	format: 'canonical',
	source: SOURCE,
	fields: {
		returnId: idField('returnId'),
		orderId: idField('orderId'),
		status: wordField('status'),
		refundAmount: amountField('refundAmount'),
		currency: same('currency', currencyCode),
		approvedAt: timeField('approvedAt'),
		refundInstructedAt: timeField('refundInstructedAt'),
		refundMethod: wordField('refundMethod'),
		channel: textField('channel'),
		lines: same(
			'lines',
			listOf({
				sku: { path: 'sku', read: lenient(id) },
				quantity: { path: 'quantity', read: lenient(quantity) },
				category: { path: 'category', read: lenient(text) },
				amount: { path: 'amount', read: amountInConfiguredUnits },
			}),
		),
		receipt: same('receipt', receipt),
		integrationLog: same('integrationLog', integrationLog),
	},
};

export const canonicalProcessor: FormatTable<'processor'> = {
	kind: 'processor',
	format: 'canonical',
	source: SOURCE,
	fields: {
		refundId: idField('refundId'),
		returnId: idField('returnId'),
		orderId: idField('orderId'),
		amount: amountField('amount'),
		currency: same('currency', currencyCode),
		status: wordField('status'),
		method: wordField('method'),
		disbursedAt: timeField('disbursedAt'),
	},
};

export const canonicalErp: FormatTable<'erp'> = {
	kind: 'erp',
	format: 'canonical',
	source: SOURCE,
	fields: {
		creditMemoId: idField('creditMemoId'),
		returnId: idField('returnId'),
		orderRef: idField('orderRef'),
		postedAmount: amountField('postedAmount'),
		restockingFee: amountField('restockingFee'),
		currency: same('currency', currencyCode),
		postedAt: timeField('postedAt'),
		subsidiary: textField('subsidiary'),
		orderStatus: textField('orderStatus'),
		orderClosedAt: timeField('orderClosedAt'),
		postingStatus: {
			path: 'postingStatus',
			read: vocabulary({
				posted: 'posted',
				draft: 'draft',
				cancelled: 'cancelled',
				canceled: 'cancelled',
			}),
			absent: 'posted',
			source: 'docs/rules.md "Record formats" (not-yet-posted ERP records)',
		},
	},
};

export const canonicalSupport: FormatTable<'support'> = {
	kind: 'support',
	format: 'canonical',
	source: SOURCE,
	fields: {
		ticketId: idField('ticketId'),
		returnId: idField('returnId'),
		orderId: idField('orderId'),
		status: wordField('status'),
		refundStatusToldCustomer: wordField('refundStatusToldCustomer'),
		updatedAt: timeField('updatedAt'),
	},
};

export const canonicalOrders: FormatTable<'orders'> = {
	kind: 'orders',
	format: 'canonical',
	source: 'docs/rules.md "The Guard\'s checks" (known ERP orders)',
	fields: {
		orderRef: same('orderRef', id),
		status: same('status', text),
		subsidiary: same('subsidiary', text),
	},
};
