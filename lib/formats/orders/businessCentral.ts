/**
 * Business Central API v2.0 `salesOrder`. Reference:
 * https://learn.microsoft.com/en-us/dynamics365/business-central/dev-itpro/api-reference/v2.0/resources/dynamics_salesorder.
 * A company is its own API path, so an order carries no subsidiary.
 */
import type { FormatTable } from '../table';
import { id, text, vocabulary } from '../values';

const SALES_ORDER =
	'https://learn.microsoft.com/en-us/dynamics365/business-central/dev-itpro/api-reference/v2.0/resources/dynamics_salesorder';

export const businessCentralOrders: FormatTable<'orders'> = {
	kind: 'orders',
	format: 'businessCentral',
	source: SALES_ORDER,
	fields: {
		orderRef: { path: 'number', read: id, source: `${SALES_ORDER} (number)` },
		status: {
			path: 'status',
			read: vocabulary({
				Draft: 'draft',
				'In Review': 'inReview',
				Open: 'open',
				Released: 'released',
			}),
			source: `${SALES_ORDER} (status: Draft, In Review, Open, Released)`,
		},
		subsidiary: { path: null, read: text, source: `${SALES_ORDER} (a company is its own path)` },
	},
};
