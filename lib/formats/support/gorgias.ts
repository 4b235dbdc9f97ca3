/**
 * Gorgias ticket (`GET /api/tickets/{id}`). Reference:
 * https://developers.gorgias.com/reference/the-ticket-object. Gorgias keeps a return or order ID
 * in `external_id` or in `meta` (free key-value); `external_id` is the default.
 */
import type { FormatTable } from '../table';
import { id, lowerText, timestamp, vocabulary } from '../values';

const TICKET = 'https://developers.gorgias.com/reference/the-ticket-object';

export const gorgias: FormatTable<'support'> = {
	kind: 'support',
	format: 'gorgias',
	source: TICKET,
	fields: {
		ticketId: { path: 'id', read: id, source: `${TICKET} (id)` },
		returnId: { path: 'external_id', read: id, source: `${TICKET} (external_id)` },
		orderId: { path: null, read: id, source: `${TICKET} (meta.<key>, per account)` },
		status: {
			path: 'status',
			read: vocabulary({ open: 'open', closed: 'closed' }),
			source: `${TICKET} (status: open, closed)`,
		},
		refundStatusToldCustomer: { path: null, read: lowerText, source: `${TICKET} (per account)` },
		updatedAt: {
			path: 'updated_datetime',
			read: timestamp,
			source: `${TICKET} (updated_datetime)`,
		},
	},
};
