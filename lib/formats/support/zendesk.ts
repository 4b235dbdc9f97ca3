/**
 * Zendesk ticket (`GET /api/v2/tickets/{id}`, and what n8n's Zendesk node returns). Reference:
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/. Defaults fixed by
 * docs/rules.md "Record formats"; an order ID in a custom field is a path such as
 * `custom_fields[id=360001].value`.
 */
import type { FormatTable } from '../table';
import { id, lowerText, timestamp, vocabulary } from '../values';

const TICKET = 'https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/';

export const zendesk: FormatTable<'support'> = {
	kind: 'support',
	format: 'zendesk',
	source: TICKET,
	fields: {
		ticketId: { path: 'id', read: id, source: `${TICKET}#json-format (id)` },
		returnId: { path: 'external_id', read: id, source: `${TICKET}#json-format (external_id)` },
		orderId: { path: null, read: id, source: `${TICKET} (custom_fields[id=…].value, per account)` },
		status: {
			path: 'status',
			read: vocabulary({
				new: 'new',
				open: 'open',
				pending: 'pending',
				hold: 'pending',
				solved: 'solved',
				closed: 'closed',
			}),
			source: `${TICKET}#json-format (status)`,
		},
		refundStatusToldCustomer: { path: null, read: lowerText, source: `${TICKET} (per account)` },
		updatedAt: {
			path: 'updated_at',
			read: timestamp,
			source: `${TICKET}#json-format (updated_at)`,
		},
	},
};
