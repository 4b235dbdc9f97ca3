/**
 * NetSuite sales order, as the REST record service returns it
 * (`GET /services/rest/record/v1/salesOrder/{id}`) or as a SuiteQL row from `transaction`
 * (`type = 'SalesOrd'`, columns in lower case, `status` a letter code or its
 * `BUILTIN.DF(status)` label). References: REST API Browser record v1 salesOrder,
 * https://system.netsuite.com/help/helpcenter/en_US/APIs/REST_API_Browser/record/v1/2024.2/index.html#/definitions/salesOrder
 * and SuiteQL, https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_157909186990.html
 */
import { firstOf, type FormatTable } from '../table';
import {
	Unreadable,
	describeValue,
	id,
	isBlank,
	isRecord,
	ownValue,
	referenceName,
} from '../values';

const SALES_ORDER =
	'https://system.netsuite.com/help/helpcenter/en_US/APIs/REST_API_Browser/record/v1/2024.2/index.html#/definitions/salesOrder';
const SUITEQL =
	'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_157909186990.html';

/** Sales order statuses by letter code and by label, as the Guard's closed statuses name them. */
const STATUSES: ReadonlyMap<string, string> = new Map([
	['a', 'pendingApproval'],
	['pending approval', 'pendingApproval'],
	['b', 'pendingFulfillment'],
	['pending fulfillment', 'pendingFulfillment'],
	['c', 'cancelled'],
	['cancelled', 'cancelled'],
	['d', 'partiallyFulfilled'],
	['partially fulfilled', 'partiallyFulfilled'],
	['e', 'pendingBillingPartiallyFulfilled'],
	['pending billing/partially fulfilled', 'pendingBillingPartiallyFulfilled'],
	['f', 'pendingBilling'],
	['pending billing', 'pendingBilling'],
	['g', 'fullyBilled'],
	['billed', 'fullyBilled'],
	['h', 'closed'],
	['closed', 'closed'],
]);

/**
 * `status` as `{ id, refName }`, a letter code (`SalesOrd:H` or `H`) or a label ("Sales Order :
 * Closed"): the status word; a status this table does not know passes through as written.
 */
function orderStatus(value: unknown): unknown {
	if (isBlank(value)) return null;
	const raw = isRecord(value) ? (ownValue(value, 'refName') ?? ownValue(value, 'id')) : value;
	if (typeof raw !== 'string' || raw.length > 200) {
		return new Unreadable(`${describeValue(value)} is not an order status`);
	}
	const text = raw.trim();
	const label = text.includes(':') ? text.slice(text.lastIndexOf(':') + 1).trim() : text;
	return STATUSES.get(label.toLowerCase()) ?? (label.length > 0 ? label : null);
}

export const netsuiteOrders: FormatTable<'orders'> = {
	kind: 'orders',
	format: 'netsuite',
	source: SALES_ORDER,
	fields: {
		orderRef: {
			path: 'tranId',
			also: ['tranid'],
			read: firstOf(id),
			source: `${SALES_ORDER} (tranId); ${SUITEQL} (tranid)`,
		},
		status: {
			path: 'status',
			read: orderStatus,
			source: `${SALES_ORDER} (status); ${SUITEQL} (status, BUILTIN.DF(status))`,
		},
		subsidiary: {
			path: 'subsidiary',
			read: referenceName,
			source: `${SALES_ORDER} (subsidiary: { id, refName }); ${SUITEQL} (subsidiary)`,
		},
	},
};
