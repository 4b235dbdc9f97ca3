/**
 * Parameter definitions shared by the four nodes, defined once. Each parameter's `name` is the
 * library option it feeds (docs/rules.md "Option names"), so a value read from a node goes to
 * the core under the same name and an OptionsError's `option` leads back to the parameter (the
 * Format parameters excepted: `portalFormat` feeds `formats.portal`). Defaults are
 * literals (n8n's lint reads them statically); test/nodes/parameters.test.ts holds them to the
 * core's DEFAULTS.
 */
import type { INodeProperties } from 'n8n-workflow';

import {
	FORMATS,
	FORMAT_FIELDS,
	FORMAT_NAMES,
	type FieldRule,
	type FormatKind,
	type FormatName,
} from '../../lib/formats';
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

/**
 * Amount units per kind. With `formatParameters`, a kind's entry shows only while its format is
 * `canonical`: a system's format knows its own units (Stripe's cents).
 */
export function amountUnitsProperty(
	kinds: readonly FieldKind[],
	formatParameters?: Partial<Record<FieldKind, string>>,
): INodeProperties {
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
				...(formatParameters?.[kind]
					? { displayOptions: { show: { [`/${formatParameters[kind]}`]: ['canonical'] } } }
					: {}),
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
	name: 'idMap' | 'statusMap' | 'subsidiaryMap' | 'currencyNames';
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

export const CURRENCY_NAMES: MapDefinition = {
	name: 'currencyNames',
	displayName: 'Currency Names',
	keyLabel: 'Currency Name',
	valueLabel: 'ISO Code',
	description:
		'Currency record name → ISO 4217 code, for ERPs that send a currency by its name (NetSuite\'s <code>currency.refName</code>, e.g. "USA"). A name that is already a three-letter code needs no entry.',
	example: { USA: 'USD', 'British pound': 'GBP' },
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

// ---------------------------------------------------------------------------------------------
// Record formats (docs/rules.md "Record formats")

/** What each format is called in the editor, and which API object it reads. */
export const FORMAT_LABELS: {
	readonly [K in FormatKind]: Readonly<
		Record<FormatName<K>, { name: string; description: string }>
	>;
} = {
	portal: {
		canonical: {
			name: 'Canonical',
			description:
				'Records already in the canonical field names (returnId, orderId, refundAmount, …)',
		},
		loop: {
			name: 'Loop',
			description: 'Loop Returns — Return object (return webhook, Returns List API)',
		},
		shopify: {
			name: 'Shopify Returns',
			description:
				'Shopify — Return object (Admin GraphQL API, with order, refunds and line items)',
		},
		aftership: {
			name: 'AfterShip Returns',
			description: 'AfterShip Returns — Return object (API 2024-07, GET /returns)',
		},
	},
	processor: {
		canonical: {
			name: 'Canonical',
			description: 'Records already in the canonical field names (refundId, returnId, amount, …)',
		},
		stripe: { name: 'Stripe', description: 'Stripe — Refund object (GET /v1/refunds)' },
		adyen: {
			name: 'Adyen',
			description: 'Adyen — REFUND webhook notification item (NotificationRequestItem)',
		},
		paypal: {
			name: 'PayPal',
			description: 'PayPal — Payments v2 refund (GET /v2/payments/refunds/{id})',
		},
		shopify: {
			name: 'Shopify Payments',
			description:
				'Shopify — Transaction of kind refund (GET /admin/api/orders/{id}/transactions.json)',
		},
	},
	erp: {
		canonical: {
			name: 'Canonical',
			description:
				'Records already in the canonical field names (creditMemoId, orderRef, postedAmount, …)',
		},
		netsuite: {
			name: 'NetSuite',
			description: 'NetSuite — creditMemo record (GET /services/rest/record/v1/creditMemo/{id})',
		},
		businessCentral: {
			name: 'Business Central',
			description: 'Dynamics 365 Business Central — salesCreditMemo (API v2.0 salesCreditMemos)',
		},
		sap: {
			name: 'SAP S/4HANA',
			description: 'SAP S/4HANA — A_BillingDocument of a credit memo (API_BILLING_DOCUMENT_SRV)',
		},
	},
	support: {
		canonical: {
			name: 'Canonical',
			description: 'Records already in the canonical field names (ticketId, returnId, status, …)',
		},
		zendesk: {
			name: 'Zendesk',
			description: "Zendesk — Ticket object (GET /api/v2/tickets/{id}, n8n's Zendesk node)",
		},
		gorgias: { name: 'Gorgias', description: 'Gorgias — Ticket object (GET /api/tickets/{id})' },
		freshdesk: { name: 'Freshdesk', description: 'Freshdesk — Ticket (GET /api/v2/tickets/{id})' },
	},
	orders: {
		canonical: {
			name: 'Canonical',
			description: 'Records already in the canonical field names (orderRef, status, subsidiary)',
		},
		netsuite: {
			name: 'NetSuite',
			description:
				'NetSuite — salesOrder record (GET /services/rest/record/v1/salesOrder/{id}) or a SuiteQL transaction row',
		},
		businessCentral: {
			name: 'Business Central',
			description: 'Dynamics 365 Business Central — salesOrder (API v2.0 salesOrders)',
		},
	},
};

/** The parameter holding a kind's format: `portalFormat`, `erpFormat`, `ordersFormat`. */
export function formatParameterName(kind: FormatKind): string {
	return `${kind}Format`;
}

/**
 * The Format parameter of one input: which system's records it brings; it feeds the option
 * `formats.<kind>` (a parameter name cannot hold a dot). `canonical` (the default) keeps a
 * workflow built for canonical records working unchanged.
 */
export function formatParameter(
	kind: FormatKind,
	name = formatParameterName(kind),
	displayName = `${humanize(kind)} Format`,
): INodeProperties {
	const labels = FORMAT_LABELS[kind] as Readonly<
		Record<string, { name: string; description: string }>
	>;
	return {
		displayName,
		name,
		type: 'options',
		default: 'canonical',
		description:
			'Which system the records come from, as its API returns them. Field Paths below override single fields.',
		options: (FORMAT_NAMES[kind] as readonly string[]).map((format) => ({
			name: labels[format].name,
			value: format,
			description: labels[format].description,
		})),
	};
}

/** The table of one format, by kind and name. */
function formatTable(kind: FormatKind, format: string) {
	return (FORMATS[kind] as Readonly<Record<string, { fields: Record<string, FieldRule> }>>)[format];
}

/**
 * The default path of a field in a format, as the editor shows it; null when the system has no
 * such field.
 */
export function formatPath(kind: FormatKind, format: string, field: string): string | null {
	return formatTable(kind, format).fields[field]?.path ?? null;
}

/**
 * Field Paths as overrides on top of each input's format: a field left empty is read where the
 * format reads it. Each field exists once per format, shown only while that format is selected,
 * so its placeholder is the selected format's own path (`metadata.return_id` for Stripe).
 */
export function fieldPathOverridesProperty(
	kinds: readonly FormatKind[],
	formatParameters: Partial<Record<FormatKind, string>> = {},
): INodeProperties {
	return {
		displayName: 'Field Paths',
		name: 'fieldPaths',
		type: 'fixedCollection',
		placeholder: 'Add Field Paths',
		default: {},
		// eslint-disable-next-line n8n-nodes-base/node-param-description-miscased-id -- `[id=…]` is path syntax matching Zendesk's lower-case `id` key, not the word ID
		description:
			"Where a field lives when your records differ from the format: a path such as <code>metadata.rma</code> or <code>custom_fields[id=360001].value</code>. Empty: the format's own path, shown in each field.",
		typeOptions: { multipleValues: false },
		options: kinds.map((kind) => {
			const parameter = formatParameters[kind] ?? formatParameterName(kind);
			const labels = FORMAT_LABELS[kind] as Readonly<Record<string, { name: string }>>;
			return {
				name: kind,
				displayName: kind === 'orders' ? 'ERP Orders' : KIND_LABELS[kind as FieldKind],
				values: (FORMAT_FIELDS[kind] as readonly string[]).flatMap((field) =>
					(FORMAT_NAMES[kind] as readonly string[]).map((format): INodeProperties => {
						const path = formatPath(kind, format, field);
						const system = labels[format].name;
						return {
							displayName: humanize(field),
							name: field,
							type: 'string',
							default: '',
							placeholder: path ?? `not in ${system} records: enter a path`,
							description:
								path === null
									? `${system} records have no ${humanize(field).toLowerCase()}: enter the path where yours keep it`
									: `Empty: read from <code>${path}</code>, the ${system} format's path. Enter another path to override it.`,
							displayOptions: { show: { [`/${parameter}`]: [format] } },
						};
					}),
				),
			};
		}),
	};
}
