import {
	NodeConnectionTypes,
	type INodeProperties,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	nowProperty,
	tagFieldProperty,
	toolJsonProperty,
	toolNotice,
} from '../../shared/descriptions';
import { saveCountsOption } from '../../shared/ops';

export const OUTPUT_NAMES = ['Retry', 'Fix', 'Unclassified'] as const;
export const RETRY = 0;
export const FIX = 1;
export const UNCLASSIFIED = 2;

export const properties: INodeProperties[] = [
	{
		displayName:
			'Connect this node to the error output of the node that calls your ERP (HTTP Request, NetSuite, SAP…) with Settings → On Error → "Continue (using error output)". Output items are copies with credentials (authorization, cookie, token, password, API key, secret) redacted.',
		name: 'errorOutputNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { '@tool': [true] } },
	},
	toolNotice,
	toolJsonProperty(
		'failedCalls',
		'Failed Calls (JSON)',
		'failedCalls',
		'The failed ERP call as JSON text of one object (or a list): httpCode, errorCode, message and body, the response exactly as the ERP returned it (for NetSuite its o:errorDetails list). Example: httpCode 400, body with o:errorDetails holding o:errorCode DUP_RCRD.',
	),
	tagFieldProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [nowProperty, saveCountsOption],
	},
];

export function versionDescription(base: INodeTypeBaseDescription): INodeTypeDescription {
	return {
		...base,
		version: 1,
		defaults: { name: 'Return Handoff Tagger' },
		inputs: [{ type: NodeConnectionTypes.Main, displayName: 'Failed Handoffs' }],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: [...OUTPUT_NAMES],
		properties,
	};
}
