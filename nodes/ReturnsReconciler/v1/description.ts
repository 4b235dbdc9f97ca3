import {
	NodeConnectionTypes,
	type INodeProperties,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { RecordKind } from '../../../lib/types';
import {
	ID_MAP,
	SUBSIDIARY_MAP,
	amountToleranceProperty,
	amountUnitsProperty,
	closedOrderStatusesProperty,
	fieldPathsProperty,
	idRulesProperty,
	mapProperties,
	mapsInputProperty,
	missingAfterProperty,
	nowProperty,
	slaWindowProperty,
	tagFieldProperty,
	toolJsonProperty,
	toolNotice,
} from '../../shared/descriptions';
import { saveCountsOption } from '../../shared/ops';

/** The inputs, in order: the record kind each one brings. */
export const KINDS: readonly RecordKind[] = ['portal', 'processor', 'erp', 'support'];
export const INPUT_NAMES = ['Portal', 'Processor', 'ERP', 'Support'] as const;
export const OUTPUT_NAMES = ['Mismatch', 'Pending', 'Consistent', 'Unmatched'] as const;
export const MISMATCH = 0;
export const PENDING = 1;
export const CONSISTENT = 2;
export const UNMATCHED = 3;

/** The tool's arguments, by record kind: what the agent is asked for. */
export const TOOL_ARGUMENTS: Record<RecordKind, string> = {
	portal: 'portalReturn',
	processor: 'processorRefunds',
	erp: 'erpCreditMemos',
	support: 'supportTickets',
};

export const properties: INodeProperties[] = [
	toolNotice,
	toolJsonProperty(
		TOOL_ARGUMENTS.portal,
		'Portal Return (JSON)',
		TOOL_ARGUMENTS.portal,
		'The return as the returns portal (Loop, Shopify, AfterShip) shows it, as JSON text: returnId, orderId, status, refundAmount, currency, approvedAt, refundInstructedAt, refundMethod, channel, lines.',
	),
	toolJsonProperty(
		TOOL_ARGUMENTS.processor,
		'Processor Refunds (JSON)',
		TOOL_ARGUMENTS.processor,
		'The payment processor refunds (Stripe, Adyen, PayPal) for that return as a JSON list, or an empty list when there are none.',
	),
	toolJsonProperty(
		TOOL_ARGUMENTS.erp,
		'ERP Credit Memos (JSON)',
		TOOL_ARGUMENTS.erp,
		'The ERP credit memos or return authorizations (NetSuite, SAP, Dynamics) for that return as a JSON list, or an empty list when the ERP has none.',
	),
	toolJsonProperty(
		TOOL_ARGUMENTS.support,
		'Support Tickets (JSON)',
		TOOL_ARGUMENTS.support,
		'The support tickets (Zendesk, Gorgias) about that return as a JSON list, or an empty list.',
	),
	slaWindowProperty,
	missingAfterProperty,
	idRulesProperty,
	mapsInputProperty,
	...mapProperties(ID_MAP),
	...mapProperties(SUBSIDIARY_MAP),
	fieldPathsProperty(KINDS),
	amountUnitsProperty(['portal', 'processor', 'erp']),
	tagFieldProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [amountToleranceProperty, closedOrderStatusesProperty, nowProperty, saveCountsOption],
	},
];

export function versionDescription(base: INodeTypeBaseDescription): INodeTypeDescription {
	return {
		...base,
		version: 1,
		defaults: { name: 'Returns Reconciler' },
		// None is required: ERP credit memos alone can show manual bypasses, refunds alone money
		// nobody returned.
		inputs: INPUT_NAMES.map((displayName) => ({ type: NodeConnectionTypes.Main, displayName })),
		outputs: OUTPUT_NAMES.map(() => NodeConnectionTypes.Main),
		outputNames: [...OUTPUT_NAMES],
		properties,
	};
}
