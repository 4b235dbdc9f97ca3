'use strict';
// What the stand-in NetSuite holds for the demo's "Guarded ERP posting", so that each posting
// case meets the NetSuite answer its expectation names. The Guard looks every order up in the
// stand-in (SuiteQL), so the orders it lacks (20004, 20106), has closed (20105) or keeps in
// another subsidiary (20006) are blocked before the call. The credit memo answers come from the
// stand-in's own checks, given the right state: an existing credit memo (DUP_RCRD), an order
// with less left to credit than the refund. The rest are failures no payload can cause (a
// request limit, an outage, a dropped connection, revoked credentials, a status field or a
// mandatory custom field the account rejects): those are faults injected for that case's
// externalId.
//
// Every call must be signed: the workflow's Guard and HTTP Request use the token-based
// credential made from the stand-in's own test secrets (demo-workflows.js postingCredential).

const { POSTING_CASES } = require('./demo-workflows.js');

const FAULTS_BY_EXPECTATION = {
	'fix:missing_handoff/unmapped_status': 'status',
	'fix:missing_handoff/auth_failed': 'auth',
	'retry:timing_latency/rate_limited': 'ratelimit',
	'retry:missing_handoff/erp_unavailable': 'unavailable',
	'retry:missing_handoff/transport_failed': 'reset',
	unclassified: 'unknown',
};

const tranIdOf = (number) => `SO-${String(number).padStart(7, '0')}`;

/** startStandInErp options for the posting demo and its end-to-end test. */
function postingStandInOptions() {
	const orders = [];
	const creditMemos = [];
	const faults = [];
	for (const { payload, expect } of POSTING_CASES) {
		const number = Number(String(payload.orderId).slice(1));
		const order = {
			id: String(880000 + number),
			tranId: tranIdOf(number),
			status: number === 20105 ? 'H' : 'F',
			subsidiary: 'US Retail',
			currency: 'USD',
		};
		const externalId = payload.returnId;
		switch (expect) {
			case 'fix:duplicate_posting/already_posted':
				creditMemos.push({
					externalId,
					createdFrom: { id: order.id },
					total: payload.refundAmount,
				});
				break;
			case 'blocked:order_ref_unknown':
				continue;
			case 'blocked:wrong_subsidiary':
				// NetSuite keeps the order in another subsidiary than the storefront maps to.
				order.subsidiary = 'Canada Retail';
				break;
			case 'fix:partial_receipt_conflict/amount_mismatch':
				order.total = payload.refundAmount - 10;
				break;
			default:
				if (FAULTS_BY_EXPECTATION[expect]) {
					faults.push({ path: 'creditMemo', externalId, answer: FAULTS_BY_EXPECTATION[expect] });
				}
		}
		orders.push(order);
	}
	return { requireAuth: true, orders, creditMemos, faults };
}

module.exports = { postingStandInOptions };
