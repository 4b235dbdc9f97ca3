import type { INodeProperties, INodeTypeBaseDescription, INodeTypeDescription } from 'n8n-workflow';

import { properties as v1Properties, versionDescription as v1Description } from '../v1/description';

/** Where the known-order checks get their orders (docs/rules.md "Live ERP order lookup"). */
export const CHECK_ORDERS_AGAINST = 'checkOrdersAgainst';
export const NOTHING = 'nothing';
export const ERP_ORDERS_INPUT_SOURCE = 'erpOrdersInput';
export const NETSUITE = 'netSuite';

export const TBA_CREDENTIAL_TYPE = 'netSuiteTokenApi';
export const M2M_CREDENTIAL_TYPE = 'netSuiteOAuth2Api';

/** What the credential selector shows, for naming the credential in an error. */
export const CREDENTIAL_LABELS: Record<string, string> = {
	[TBA_CREDENTIAL_TYPE]: 'NetSuite Token-Based Auth API',
	[M2M_CREDENTIAL_TYPE]: 'NetSuite OAuth2 (Machine to Machine) API',
};

const checkOrdersAgainst: INodeProperties = {
	displayName: 'Check Orders Against',
	name: CHECK_ORDERS_AGAINST,
	type: 'options',
	default: NOTHING,
	description:
		"Where the Guard learns whether each payload's ERP order exists, is open and lives in the subsidiary the return is routed to",
	options: [
		{
			name: 'Nothing',
			value: NOTHING,
			description: 'Skip the known-order checks',
		},
		{
			name: 'ERP Orders Input',
			value: ERP_ORDERS_INPUT_SOURCE,
			description:
				'The orders on the ERP Orders input (a saved search, an SAP or Dynamics query). An empty input stops the node.',
		},
		{
			name: 'NetSuite',
			value: NETSUITE,
			description:
				"Look the batch's orders up in NetSuite with SuiteQL: one query per 1,000 distinct orders, never one per item",
		},
	],
};

const erpOrdersFormat: INodeProperties = {
	displayName: 'ERP Orders Format',
	name: 'erpOrdersFormat',
	type: 'options',
	default: 'canonical',
	description: 'How the ERP Orders items are shaped',
	displayOptions: { show: { [CHECK_ORDERS_AGAINST]: [ERP_ORDERS_INPUT_SOURCE] } },
	options: [
		{
			name: 'Canonical (Field Names Below)',
			value: 'canonical',
			description: 'Order ref, status and subsidiary at the paths of "ERP Order Fields"',
		},
		{
			name: 'Microsoft Dynamics 365 Business Central',
			value: 'businessCentral',
			description: 'Sales orders as the Business Central API returns them',
		},
		{
			name: 'NetSuite',
			value: 'netsuite',
			description:
				'Sales orders as a NetSuite saved search, SuiteQL or the REST record API return them',
		},
	],
};

const authentication: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	default: TBA_CREDENTIAL_TYPE,
	displayOptions: { show: { [CHECK_ORDERS_AGAINST]: [NETSUITE] } },
	options: [
		{ name: 'OAuth 2.0 M2M', value: M2M_CREDENTIAL_TYPE },
		{ name: 'Token-Based Auth', value: TBA_CREDENTIAL_TYPE },
	],
};

/**
 * v1's parameters with "Check Against Known ERP Orders" (a switch) replaced by "Check Orders
 * Against" (nothing, the ERP Orders input, or NetSuite). A new version because the parameter's
 * meaning changed: workflows saved with v1 keep their switch.
 */
export const properties: INodeProperties[] = v1Properties.flatMap((property) => {
	if (property.name === 'checkKnownOrders') {
		return [checkOrdersAgainst, erpOrdersFormat, authentication];
	}
	if (property.name === 'knownOrderFields') {
		return [
			{
				...property,
				displayOptions: {
					show: {
						[CHECK_ORDERS_AGAINST]: [ERP_ORDERS_INPUT_SOURCE],
						erpOrdersFormat: ['canonical'],
					},
				},
			},
		];
	}
	return [property];
});

export function versionDescription(base: INodeTypeBaseDescription): INodeTypeDescription {
	return {
		...v1Description(base),
		version: 1.1,
		credentials: [TBA_CREDENTIAL_TYPE, M2M_CREDENTIAL_TYPE].map((name) => ({
			name,
			required: true,
			displayOptions: { show: { [CHECK_ORDERS_AGAINST]: [NETSUITE], authentication: [name] } },
		})),
		properties,
	};
}
