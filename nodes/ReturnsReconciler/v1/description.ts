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

/** What an output item carries besides its tag, return ID and order ID. */
export const ATTACH_RECORDS = ['all', 'allButConsistent', 'none'] as const;
export type AttachRecords = (typeof ATTACH_RECORDS)[number];

// Not a new node version: the default is what version 1 always emitted.
export const attachRecordsProperty: INodeProperties = {
	displayName: 'Attach Records',
	name: 'attachRecords',
	type: 'options',
	default: 'all',
	options: [
		{
			name: 'All',
			value: 'all',
			description:
				'Every output item carries copies of its portal, processor, ERP and support records',
		},
		{
			name: 'All but Consistent',
			value: 'allButConsistent',
			description:
				'Consistent items carry the tag and IDs only: on a large audit most returns are consistent and nobody reads their records',
		},
		{
			name: 'None',
			value: 'none',
			description:
				'Every item carries the tag and IDs only; its pairedItem still names every source item, so the records can be looked up',
		},
	],
	description:
		'Copying the four records into every output item is most of the time and memory of a large run in n8n',
};

export const properties: INodeProperties[] = [
	toolNotice,
	toolJsonProperty(
		TOOL_ARGUMENTS.portal,
		'Portal Return (JSON)',
		TOOL_ARGUMENTS.portal,
		'The return as the returns portal (Loop, Shopify, AfterShip) shows it, as JSON text of one object: returnId, orderId, status, refundAmount, currency, approvedAt, refundInstructedAt, refundMethod, channel, lines (sku, quantity, amount). Example: returnId RA-10042, orderId #10042, status refunded, refundAmount 89, currency CAD, channel web-ca.',
	),
	toolJsonProperty(
		TOOL_ARGUMENTS.processor,
		'Processor Refunds (JSON)',
		TOOL_ARGUMENTS.processor,
		'The payment processor refunds (Stripe, Adyen, PayPal) for that return, as JSON text of a list: refundId, returnId, orderId, amount, currency, status, disbursedAt; [] when there are none. Example: one refund with refundId re_3QfXk2, returnId RA-10042, amount 8900, currency cad, status succeeded.',
	),
	toolJsonProperty(
		TOOL_ARGUMENTS.erp,
		'ERP Credit Memos (JSON)',
		TOOL_ARGUMENTS.erp,
		'The ERP credit memos (NetSuite, SAP, Dynamics) for that return, as JSON text of a list: creditMemoId, returnId, orderRef, postedAmount, currency, postedAt, subsidiary; [] when the ERP has none. Example: one memo with creditMemoId CM-0088412, orderRef SO-0010042, postedAmount 89, subsidiary US Retail.',
	),
	toolJsonProperty(
		TOOL_ARGUMENTS.support,
		'Support Tickets (JSON)',
		TOOL_ARGUMENTS.support,
		'The support tickets (Zendesk, Gorgias) about that return, as JSON text of a list: ticketId, returnId, status, refundStatusToldCustomer, updatedAt; [] when there are none. Example: one ticket with ticketId 48213, returnId RA-10042, status solved.',
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
	optionsProperty(),
];

/** The Options collection; a later version adds its own options to these. */
export function optionsProperty(added: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			amountToleranceProperty,
			attachRecordsProperty,
			closedOrderStatusesProperty,
			...added,
			nowProperty,
			saveCountsOption,
		],
	};
}

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
