/**
 * NetSuite credit memo as the REST record service returns it
 * (`GET /services/rest/record/v1/creditMemo/{id}`). Reference: NetSuite REST API Browser,
 * record v1, creditMemo:
 * https://system.netsuite.com/help/helpcenter/en_US/APIs/REST_API_Browser/record/v1/2024.2/index.html#/definitions/creditMemo
 *
 * Choices: the portal's return ID is the `externalId` integrations upsert by (accounts that
 * keep it in a `custbody_*` field set that path); the order reference is `otherRefNum`, the
 * customer's PO # that NetSuite copies from the sales order down to the credit memo.
 */
import type { FormatTable } from '../table';
import {
	Unreadable,
	currencyReference,
	describeValue,
	id,
	isBlank,
	isRecord,
	majorUnits,
	ownValue,
	referenceName,
	timestamp,
} from '../values';

const CREDIT_MEMO =
	'https://system.netsuite.com/help/helpcenter/en_US/APIs/REST_API_Browser/record/v1/2024.2/index.html#/definitions/creditMemo';

/** `status` (`{ id, refName }` or its text): a voided credit memo counts for nothing. */
function postingStatus(value: unknown): unknown {
	if (isBlank(value)) return null;
	const label = isRecord(value) ? (ownValue(value, 'refName') ?? ownValue(value, 'id')) : value;
	if (typeof label !== 'string' || label.length > 100) {
		return new Unreadable(`${describeValue(value)} is not a credit memo status`);
	}
	const word = label.trim().toLowerCase();
	return word === 'voided' || word === 'v' ? 'cancelled' : 'posted';
}

export const netsuite: FormatTable<'erp'> = {
	kind: 'erp',
	format: 'netsuite',
	source: CREDIT_MEMO,
	fields: {
		creditMemoId: {
			path: 'tranId',
			read: id,
			source: `${CREDIT_MEMO} (tranId, the document number)`,
		},
		returnId: { path: 'externalId', read: id, source: `${CREDIT_MEMO} (externalId)` },
		orderRef: { path: 'otherRefNum', read: id, source: `${CREDIT_MEMO} (otherRefNum, the PO #)` },
		postedAmount: { path: 'total', read: majorUnits, source: `${CREDIT_MEMO} (total, a number)` },
		restockingFee: {
			path: null,
			read: majorUnits,
			source: `${CREDIT_MEMO} (a restocking fee is an item line, not a body field)`,
		},
		currency: {
			path: 'currency',
			read: currencyReference,
			source: `${CREDIT_MEMO} (currency: { id, refName }, refName through currencyNames)`,
		},
		postedAt: { path: 'tranDate', read: timestamp, source: `${CREDIT_MEMO} (tranDate, a date)` },
		subsidiary: {
			path: 'subsidiary',
			read: referenceName,
			source: `${CREDIT_MEMO} (subsidiary: { id, refName })`,
		},
		orderStatus: { path: null, read: referenceName, source: `${CREDIT_MEMO} (not on the memo)` },
		orderClosedAt: { path: null, read: timestamp, source: `${CREDIT_MEMO} (not on the memo)` },
		postingStatus: {
			path: 'status',
			read: postingStatus,
			absent: 'posted',
			source: `${CREDIT_MEMO} (status: Open, Fully Applied, Voided)`,
		},
	},
};
