/**
 * Parameter definitions shared by the four nodes, defined once. Each parameter's `name` is the
 * library option it feeds (docs/rules.md "Option names"), so a value read from a node goes to the core
 * under the same name and an OptionsError's `option` leads back to the parameter. Defaults are
 * literals (n8n's lint reads them statically); test/nodes/parameters.test.ts holds them to the
 * core's DEFAULTS.
 */
import type { INodeProperties } from 'n8n-workflow';

import { CANONICAL_FIELDS, DEFAULTS, type FieldKind } from '../../lib/options';

export const KIND_LABELS: Record<FieldKind, string> = {
	portal: 'Portal Returns',
	processor: 'Processor Refunds',
	erp: 'ERP Credit Memos',
	support: 'Support Tickets',
	payload: 'Handoff Payload',
};

/** `refundInstructedAt` → `Refund Instructed At`, `returnId` → `Return ID`. */
export function humanize(name: string): string {
	const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
	return words
		.map((word) => (word === 'Id' ? 'ID' : word.charAt(0).toUpperCase() + word.slice(1)))
		.join(' ')
		.replace(/^Erp\b/, 'ERP');
}

/**
 * Field paths, one group per record kind. A group's value has the shape of the `fieldPaths`
 * option (`{ portal: { returnId: 'metadata.ra' } }`); every field defaults to its canonical name.
 */
export function fieldPathsProperty(kinds: readonly FieldKind[]): INodeProperties {
	return {
		displayName: 'Field Paths',
		name: 'fieldPaths',
		type: 'fixedCollection',
		placeholder: 'Add Field Paths',
		default: {},
		description:
			'Where each field lives in your records, as a dotted path (e.g. <code>metadata.return_id</code>). Only needed where your records differ from the canonical names.',
		typeOptions: { multipleValues: false },
		options: kinds.map((kind) => ({
			name: kind,
			displayName: KIND_LABELS[kind],
			values: CANONICAL_FIELDS[kind].map(
				(field): INodeProperties => ({
					displayName: humanize(field),
					name: field,
					type: 'string',
					default: field,
					description: `Dotted path of the ${humanize(field).toLowerCase()} in each record`,
				}),
			),
		})),
	};
}

export function amountUnitsProperty(kinds: readonly FieldKind[]): INodeProperties {
	return {
		displayName: 'Amount Units',
		name: 'amountUnits',
		type: 'collection',
		placeholder: 'Add Record Kind',
		default: {},
		description:
			'Whether amounts are in major units (12.50) or minor units (1250 cents, as Stripe sends them)',
		options: kinds.map(
			(kind): INodeProperties => ({
				displayName: KIND_LABELS[kind],
				name: kind,
				type: 'options',
				default: 'major',
				options: [
					{ name: 'Major Units (12.50)', value: 'major' },
					{ name: 'Minor Units (1250)', value: 'minor' },
				],
			}),
		),
	};
}

export const mapsInputProperty: INodeProperties = {
	displayName: 'Enter Maps As',
	name: 'mapsInput',
	type: 'options',
	default: 'keyValue',
	options: [
		{
			name: 'Key/Value Pairs',
			value: 'keyValue',
			description: 'Type each entry in the editor',
		},
		{
			name: 'JSON',
			value: 'json',
			description: 'Paste an object, or build one with an expression from an earlier node',
		},
	],
};

export interface MapDefinition {
	name: 'idMap' | 'statusMap' | 'subsidiaryMap';
	displayName: string;
	keyLabel: string;
	valueLabel: string;
	description: string;
	example: Record<string, string>;
}

export const ID_MAP: MapDefinition = {
	name: 'idMap',
	displayName: 'ID Map',
	keyLabel: 'Portal Order ID',
	valueLabel: 'ERP Order Ref',
	description:
		'Explicit portal order ID → ERP order reference, consulted before the ID rules. Only needed for orders the rules cannot derive.',
	example: { '#1001': 'SO-0001001' },
};

export const STATUS_MAP: MapDefinition = {
	name: 'statusMap',
	displayName: 'Status Map',
	keyLabel: 'Portal Status',
	valueLabel: 'ERP Status',
	description:
		'Portal return status → ERP status. A payload whose status has no entry is blocked (missing_handoff / unmapped_status).',
	example: { approved: 'pendingReceipt', received: 'pendingRefund', refunded: 'refunded' },
};

export const SUBSIDIARY_MAP: MapDefinition = {
	name: 'subsidiaryMap',
	displayName: 'Subsidiary Map',
	keyLabel: 'Channel',
	valueLabel: 'ERP Subsidiary',
	description:
		'Store or storefront → ERP subsidiary (company code). A return routed to another subsidiary is an ID linkage failure (wrong_subsidiary).',
	example: { 'us-store': 'Acme US', 'eu-store': 'Acme EU' },
};

/** A map twice, under the same name: key/value pairs to edit, or JSON to paste. */
export function mapProperties(map: MapDefinition): INodeProperties[] {
	return [
		{
			displayName: map.displayName,
			name: map.name,
			type: 'fixedCollection',
			placeholder: 'Add Entry',
			default: {},
			description: map.description,
			typeOptions: { multipleValues: true, sortable: true },
			displayOptions: { show: { mapsInput: ['keyValue'] } },
			options: [
				{
					name: 'entries',
					displayName: 'Entries',
					values: [
						{ displayName: map.keyLabel, name: 'key', type: 'string', default: '' },
						{ displayName: map.valueLabel, name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: map.displayName,
			name: map.name,
			type: 'json',
			default: '{}',
			description: `${map.description} Example: <code>${JSON.stringify(map.example)}</code>`,
			displayOptions: { show: { mapsInput: ['json'] } },
		},
	];
}

export const idRulesProperty: INodeProperties = {
	displayName: 'ID Rules',
	name: 'idRules',
	type: 'collection',
	placeholder: 'Add Rule',
	default: {},
	description:
		'How a portal order ID becomes an ERP order reference. The order core is the ID without the stripped prefixes and suffixes and leading zeros; the ERP ref is ERP Prefix + core padded to Pad Length + ERP Suffix. Literal text, never patterns.',
	options: [
		{
			displayName: 'ERP Prefix',
			name: 'erpPrefix',
			type: 'string',
			default: '',
			placeholder: 'SO-',
			description: 'Text the ERP puts before the order number',
		},
		{
			displayName: 'ERP Suffix',
			name: 'erpSuffix',
			type: 'string',
			default: '',
			description: 'Text the ERP puts after the order number',
		},
		{
			displayName: 'Pad Length',
			name: 'padLength',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 64 },
			default: 0,
			description:
				'Zero-pad the order number to this many digits in the ERP ref (7 turns 1001 into 0001001); 0 for no padding',
		},
		{
			displayName: 'Strip Prefixes',
			name: 'stripPrefixes',
			type: 'string',
			typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Prefix' },
			default: [...DEFAULTS.idRules.stripPrefixes],
			description: 'Text removed from the start of an order ID before comparing (default: #)',
		},
		{
			displayName: 'Strip Suffixes',
			name: 'stripSuffixes',
			type: 'string',
			typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Suffix' },
			default: [],
			description: 'Text removed from the end of an order ID before comparing',
		},
	],
};

export const slaWindowProperty: INodeProperties = {
	displayName: 'SLA Window (Minutes)',
	name: 'slaWindowMinutes',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 240,
	description:
		'How long the ERP may take to post a refunded return before it is overdue (default 4 hours)',
};

export const missingAfterProperty: INodeProperties = {
	displayName: 'Missing After (Minutes)',
	name: 'missingAfterMinutes',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 4320,
	description:
		'After this long with no ERP record a return is a missing handoff rather than overdue (default 3 days). At least the SLA window.',
};

export const amountToleranceProperty: INodeProperties = {
	displayName: 'Amount Tolerance',
	name: 'amountTolerance',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 4 },
	default: 0.01,
	description: 'Amounts this close (in currency units) count as equal',
};

export const closedOrderStatusesProperty: INodeProperties = {
	displayName: 'Closed Order Statuses',
	name: 'closedOrderStatuses',
	type: 'string',
	typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Status' },
	default: [...DEFAULTS.closedOrderStatuses],
	description: 'ERP order statuses that mean the order was closed before the return could post',
};

export const nowProperty: INodeProperties = {
	displayName: 'Reference Time',
	name: 'now',
	type: 'string',
	default: '',
	placeholder: '2026-04-03T12:00:00Z',
	description:
		'The time windows are measured against, as ISO 8601 with an offset or epoch milliseconds. Empty: the time the node runs. Set it to replay a past run exactly.',
};

export const DEFAULT_TAG_FIELD = 'handoff';

export const tagFieldProperty: INodeProperties = {
	displayName: 'Tag Field Name',
	name: 'tagField',
	type: 'string',
	default: DEFAULT_TAG_FIELD,
	description: 'The field of each output item that holds the handoff tag',
};

export const toolNotice: INodeProperties = {
	displayName:
		'As a tool, this node answers on one output: every item carries the route it would have taken (<code>route</code>) and its tag.',
	name: 'toolNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { '@tool': [true] } },
};

/**
 * A parameter that only exists when the node runs as an AI agent's tool. Its default asks the
 * model for the value ($fromAI), so the tool works as soon as it is connected; the text is what
 * the model reads about the argument.
 */
export function toolJsonProperty(
	name: string,
	displayName: string,
	argument: string,
	modelDescription: string,
): INodeProperties {
	// A brace pair inside the description would end n8n's {{ }} expression early.
	if (/[{}]/.test(modelDescription)) throw new Error(`${name}: no braces in a $fromAI description`);
	return {
		displayName,
		name,
		type: 'string',
		default: `={{ $fromAI('${argument}', ${JSON.stringify(modelDescription)}, 'string') }}`,
		description: `Filled in by the agent: ${modelDescription}`,
		displayOptions: { show: { '@tool': [true] } },
	};
}
