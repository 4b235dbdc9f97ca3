/**
 * Business Central API v2.0 `salesCreditMemo`. Reference:
 * https://learn.microsoft.com/en-us/dynamics365/business-central/dev-itpro/api-reference/v2.0/resources/dynamics_salescreditmemo
 * and microsoft/BCApps `Apps/W1/APIV2/app/src/pages/APIV2SalesCreditMemos.Page.al`. Defaults
 * fixed by docs/rules.md "Record formats".
 */
import type { FormatTable } from '../table';
import { businessCentralDate, currencyOrLocal, id, majorUnits, text, vocabulary } from '../values';

const CREDIT_MEMO =
	'https://learn.microsoft.com/en-us/dynamics365/business-central/dev-itpro/api-reference/v2.0/resources/dynamics_salescreditmemo';

export const businessCentral: FormatTable<'erp'> = {
	kind: 'erp',
	format: 'businessCentral',
	source: CREDIT_MEMO,
	fields: {
		creditMemoId: { path: 'number', read: id, source: `${CREDIT_MEMO} (number)` },
		returnId: {
			path: 'externalDocumentNumber',
			read: id,
			source: `${CREDIT_MEMO} (externalDocumentNumber)`,
		},
		orderRef: { path: null, read: id, source: `${CREDIT_MEMO} (no order reference)` },
		postedAmount: {
			path: 'totalAmountIncludingTax',
			read: majorUnits,
			source: `${CREDIT_MEMO} (totalAmountIncludingTax, a number)`,
		},
		restockingFee: { path: null, read: majorUnits, source: `${CREDIT_MEMO} (a line, not a field)` },
		currency: {
			path: 'currencyCode',
			read: currencyOrLocal,
			source: `${CREDIT_MEMO} (currencyCode; blank is the local currency)`,
		},
		postedAt: {
			path: 'postingDate',
			read: businessCentralDate,
			source: `${CREDIT_MEMO} (postingDate, a date; 0001-01-01 is none)`,
		},
		subsidiary: {
			path: null,
			read: text,
			source: `${CREDIT_MEMO} (a company is its own API path)`,
		},
		orderStatus: { path: null, read: text, source: `${CREDIT_MEMO} (not on the memo)` },
		orderClosedAt: {
			path: null,
			read: businessCentralDate,
			source: `${CREDIT_MEMO} (not on the memo)`,
		},
		postingStatus: {
			path: 'status',
			read: vocabulary({
				Draft: 'draft',
				'In Review': 'draft',
				Open: 'posted',
				Paid: 'posted',
				Corrective: 'posted',
				Canceled: 'cancelled',
			}),
			absent: 'posted',
			source: `${CREDIT_MEMO} (status: Draft, In Review, Open, Paid, Canceled, Corrective)`,
		},
	},
};
