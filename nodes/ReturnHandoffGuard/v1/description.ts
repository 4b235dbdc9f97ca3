import {
	NodeConnectionTypes,
	type INodeProperties,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	ID_MAP,
	STATUS_MAP,
	SUBSIDIARY_MAP,
	amountToleranceProperty,
	amountUnitsProperty,
	closedOrderStatusesProperty,
	fieldPathsProperty,
	idRulesProperty,
	mapProperties,
	mapsInputProperty,
	nowProperty,
	tagFieldProperty,
	toolJsonProperty,
	toolNotice,
} from '../../shared/descriptions';
import { saveCountsOption } from '../../shared/ops';

export const OUTPUT_NAMES = ['Pass', 'Blocked'] as const;
export const PASS = 0;
export const BLOCKED = 1;
export const HANDOFFS_INPUT = 0;
export const ERP_ORDERS_INPUT = 1;

export const properties: INodeProperties[] = [
	toolNotice,
	toolJsonProperty(
		'payloads',
		'Payloads (JSON)',
		'payloads',
		'The payload about to be posted to the ERP, as JSON text of one object (or a list): returnId, orderId (as the portal shows it), status, refundAmount, currency, channel, lines (sku, quantity, amount), and orderRef, subsidiary or receipt (restockingFee) when known. Example: returnId RA-20102, orderId #20102, status refunded, refundAmount 60, currency USD, channel web-us.',
	),
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'validate',
		options: [
			{
				name: 'Validate Only',
				value: 'validate',
				description: 'Block every payload with a problem; never change a payload',
			},
			{
				name: 'Validate and Normalize',
				value: 'normalize',
				description:
					'Fix what the maps and ID rules can fix (ERP order ref, status, subsidiary) in a copy of the payload; block the rest',
			},
		],
	},
	{
		displayName: 'Write Normalized Values To',
		name: 'normalizedFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Where the ERP order ref, ERP status and subsidiary are written in the payload. Empty: the field path of the payload field.',
		displayOptions: { show: { mode: ['normalize'] } },
		options: [
			{
				displayName: 'ERP Order Ref',
				name: 'orderRef',
				type: 'string',
				default: '',
				placeholder: 'orderRef',
			},
			{
				displayName: 'ERP Status',
				name: 'status',
				type: 'string',
				default: '',
				placeholder: 'status',
			},
			{
				displayName: 'Subsidiary',
				name: 'subsidiary',
				type: 'string',
				default: '',
				placeholder: 'subsidiary',
			},
		],
	},
	{
		displayName: 'Check Against Known ERP Orders',
		name: 'checkKnownOrders',
		type: 'boolean',
		default: false,
		description:
			'Whether to block a payload whose order is not among the orders on the ERP Orders input, or is closed there. When on, an empty ERP Orders input stops the node instead of skipping the check.',
	},
	{
		displayName: 'ERP Order Fields',
		name: 'knownOrderFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Where each ERP Orders item keeps its order reference, status and subsidiary',
		displayOptions: { show: { checkKnownOrders: [true] } },
		options: [
			{
				displayName: 'Order Ref',
				name: 'orderRef',
				type: 'string',
				default: 'orderRef',
				placeholder: 'tranId',
			},
			{ displayName: 'Status', name: 'status', type: 'string', default: 'status' },
			{ displayName: 'Subsidiary', name: 'subsidiary', type: 'string', default: 'subsidiary' },
		],
	},
	idRulesProperty,
	mapsInputProperty,
	...mapProperties(ID_MAP),
	...mapProperties(STATUS_MAP),
	...mapProperties(SUBSIDIARY_MAP),
	fieldPathsProperty(['payload']),
	tagFieldProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			amountToleranceProperty,
			amountUnitsProperty(['payload']),
			closedOrderStatusesProperty,
			nowProperty,
			saveCountsOption,
		],
	},
];

export function versionDescription(base: INodeTypeBaseDescription): INodeTypeDescription {
	return {
		...base,
		version: 1,
		defaults: { name: 'Return Handoff Guard' },
		inputs: [
			{ type: NodeConnectionTypes.Main, displayName: 'Handoffs' },
			{ type: NodeConnectionTypes.Main, displayName: 'ERP Orders', required: false },
		],
		requiredInputs: [HANDOFFS_INPUT],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...OUTPUT_NAMES],
		properties,
	};
}
