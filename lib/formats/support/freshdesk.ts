/**
 * Freshdesk ticket (`GET /api/v2/tickets/{id}`). Reference:
 * https://developers.freshdesk.com/api/#tickets. Status is a number: 2 open, 3 pending,
 * 4 resolved, 5 closed; 6 and 7 are the default custom statuses "Waiting on Customer" and
 * "Waiting on Third Party". Custom fields are keys `cf_<label>` of `custom_fields`: the
 * defaults assume fields labelled "Return ID" and "Order ID".
 */
import type { FormatTable } from '../table';
import { id, lowerText, timestamp, vocabulary } from '../values';

const TICKET = 'https://developers.freshdesk.com/api/#tickets';

export const freshdesk: FormatTable<'support'> = {
	kind: 'support',
	format: 'freshdesk',
	source: TICKET,
	fields: {
		ticketId: { path: 'id', read: id, source: `${TICKET} (id)` },
		returnId: {
			path: 'custom_fields.cf_return_id',
			read: id,
			source: `${TICKET} (custom_fields.cf_<label>)`,
		},
		orderId: {
			path: 'custom_fields.cf_order_id',
			read: id,
			source: `${TICKET} (custom_fields.cf_<label>)`,
		},
		status: {
			path: 'status',
			read: vocabulary({
				'2': 'open',
				'3': 'pending',
				'4': 'solved',
				'5': 'closed',
				'6': 'pending',
				'7': 'pending',
			}),
			source: `${TICKET} (status: 2 open, 3 pending, 4 resolved, 5 closed)`,
		},
		refundStatusToldCustomer: { path: null, read: lowerText, source: `${TICKET} (per account)` },
		updatedAt: { path: 'updated_at', read: timestamp, source: `${TICKET} (updated_at)` },
	},
};
