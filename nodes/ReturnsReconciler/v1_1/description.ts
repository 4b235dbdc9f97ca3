/**
 * Version 1.1: each input names the system its records come from (a Format per input, first in
 * the panel), Field Paths override single fields on top of the format, and Currency Names and
 * Local Currency feed the formats' currency readers (docs/rules.md "Record formats"). Version 1
 * stays as it was, so saved workflows keep their behaviour.
 */
import type { INodeProperties, INodeTypeBaseDescription, INodeTypeDescription } from 'n8n-workflow';

import type { RecordKind } from '../../../lib/types';
import {
	CURRENCY_NAMES,
	ID_MAP,
	SUBSIDIARY_MAP,
	amountUnitsProperty,
	fieldPathOverridesProperty,
	formatParameter,
	formatParameterName,
	idRulesProperty,
	mapProperties,
	mapsInputProperty,
	missingAfterProperty,
	slaWindowProperty,
	tagFieldProperty,
	toolJsonProperty,
	toolNotice,
} from '../../shared/descriptions';
import {
	KINDS,
	TOOL_ARGUMENTS,
	optionsProperty,
	versionDescription as v1Description,
} from '../v1/description';

/** The Format parameter of each input, by record kind. */
export const FORMAT_PARAMETERS: Readonly<Record<RecordKind, string>> = {
	portal: formatParameterName('portal'),
	processor: formatParameterName('processor'),
	erp: formatParameterName('erp'),
	support: formatParameterName('support'),
};

const FORMAT_HINT =
	"in the format this node's matching Format parameter names (the system's own object as its API returns it, or the canonical field names)";

export const properties: INodeProperties[] = [
	...KINDS.map((kind) => formatParameter(kind, FORMAT_PARAMETERS[kind])),
	toolNotice,
	toolJsonProperty(
		TOOL_ARGUMENTS.portal,
		'Portal Return (JSON)',
		TOOL_ARGUMENTS.portal,
		`The return as the returns portal (Loop, Shopify, AfterShip) shows it, as JSON text, ${FORMAT_HINT}: Portal Format.`,
	),
	toolJsonProperty(
		TOOL_ARGUMENTS.processor,
		'Processor Refunds (JSON)',
		TOOL_ARGUMENTS.processor,
		`The payment processor refunds (Stripe, Adyen, PayPal) for that return as a JSON list, or an empty list when there are none, ${FORMAT_HINT}: Processor Format.`,
	),
	toolJsonProperty(
		TOOL_ARGUMENTS.erp,
		'ERP Credit Memos (JSON)',
		TOOL_ARGUMENTS.erp,
		`The ERP credit memos (NetSuite, Business Central, SAP) for that return as a JSON list, or an empty list when the ERP has none, ${FORMAT_HINT}: ERP Format.`,
	),
	toolJsonProperty(
		TOOL_ARGUMENTS.support,
		'Support Tickets (JSON)',
		TOOL_ARGUMENTS.support,
		`The support tickets (Zendesk, Gorgias, Freshdesk) about that return as a JSON list, or an empty list, ${FORMAT_HINT}: Support Format.`,
	),
	slaWindowProperty,
	missingAfterProperty,
	idRulesProperty,
	mapsInputProperty,
	...mapProperties(ID_MAP),
	...mapProperties(SUBSIDIARY_MAP),
	...mapProperties(CURRENCY_NAMES),
	fieldPathOverridesProperty(KINDS, FORMAT_PARAMETERS),
	amountUnitsProperty(['portal', 'processor', 'erp'], FORMAT_PARAMETERS),
	tagFieldProperty,
	optionsProperty([
		{
			displayName: 'Local Currency',
			name: 'localCurrency',
			type: 'string',
			default: '',
			placeholder: 'EUR',
			description:
				"The company's own currency (ISO 4217), for ERP records that leave the currency blank when it is the local one (Business Central's empty <code>currencyCode</code>)",
		},
	]),
];

export function versionDescription(base: INodeTypeBaseDescription): INodeTypeDescription {
	return { ...v1Description(base), version: 1.1, properties };
}
