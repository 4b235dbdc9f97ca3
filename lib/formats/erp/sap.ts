/**
 * SAP S/4HANA billing document of a credit memo (type G2), OData V2 `API_BILLING_DOCUMENT_SRV`
 * entity `A_BillingDocument`. Reference: https://api.sap.com/api/API_BILLING_DOCUMENT_SRV/resource
 * (and its CDS `OP_API_BILLING_DOCUMENT_SRV_0001.A_BillingDocument`).
 *
 * One document per record: an OData V2 single-entity answer `{ d: {...} }` is unwrapped; a
 * collection `{ d: { results: [...] } }` is one item holding many documents, which a reader of
 * one record cannot split without losing the item's pairing, so it is a problem that says to
 * split `d.results` into items first (n8n's Split Out node).
 */
import type { FormatTable } from '../table';
import {
	Unreadable,
	booleanValue,
	currencyCode,
	describeValue,
	id,
	isRecord,
	majorUnits,
	ownValue,
	sapDate,
	text,
} from '../values';

const BILLING = 'https://api.sap.com/api/API_BILLING_DOCUMENT_SRV/resource (A_BillingDocument)';

function cancelled(value: unknown): unknown {
	const flag = booleanValue(value);
	if (flag instanceof Unreadable || flag === null) return flag;
	return flag ? 'cancelled' : 'posted';
}

export const sap: FormatTable<'erp'> = {
	kind: 'erp',
	format: 'sap',
	source: BILLING,
	unwrap: (raw) => {
		const d = ownValue(raw, 'd');
		if (d === undefined) return raw;
		if (!isRecord(d)) return new Unreadable(`d is ${describeValue(d)}, not a billing document`);
		if (ownValue(d, 'results') !== undefined) {
			return new Unreadable(
				'an OData collection (d.results): split d.results into one item per billing document',
			);
		}
		return d;
	},
	fields: {
		creditMemoId: { path: 'BillingDocument', read: id, source: `${BILLING} BillingDocument` },
		returnId: {
			path: 'PurchaseOrderByCustomer',
			read: id,
			source: `${BILLING} PurchaseOrderByCustomer (the customer reference of the return)`,
		},
		orderRef: {
			path: null,
			read: id,
			source: `${BILLING} (the order is the item's ReferenceSDDocument chain, not a header field)`,
		},
		postedAmount: {
			path: 'TotalGrossAmount',
			read: majorUnits,
			source: `${BILLING} TotalGrossAmount (a decimal string)`,
		},
		restockingFee: { path: null, read: majorUnits, source: `${BILLING} (a pricing element)` },
		currency: {
			path: 'TransactionCurrency',
			read: currencyCode,
			source: `${BILLING} TransactionCurrency`,
		},
		postedAt: {
			path: 'BillingDocumentDate',
			read: sapDate,
			source: `${BILLING} BillingDocumentDate (/Date(ms)/)`,
		},
		subsidiary: { path: 'CompanyCode', read: text, source: `${BILLING} CompanyCode` },
		orderStatus: { path: null, read: text, source: `${BILLING} (not on the document)` },
		orderClosedAt: { path: null, read: sapDate, source: `${BILLING} (not on the document)` },
		postingStatus: {
			path: 'BillingDocumentIsCancelled',
			read: cancelled,
			absent: 'posted',
			source: `${BILLING} BillingDocumentIsCancelled`,
		},
	},
};
