import {
	NodeConnectionTypes,
	type INodeProperties,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { MAX_REMEMBER_DAYS } from '../../../lib/options';
import { nowProperty, slaWindowProperty, toolJsonProperty } from '../../shared/descriptions';
import { saveCountsOption } from '../../shared/ops';

export const OUTPUT_NAMES = ['Report'] as const;
export const MEMORY_KEY = 'patternMemory';
export const DEFAULT_FILE_NAME = 'handoff-pattern-report.html';
export const DEFAULT_BINARY_FIELD = 'report';

export const properties: INodeProperties[] = [
	toolJsonProperty(
		'tags',
		'Tags (JSON)',
		'tags',
		'The handoff tags to summarize, as JSON text of a list: the tags (state, symptom, cause, boundary, lagMinutes) the Guard, Tagger or Reconciler wrote, or the items carrying them under handoff. Example: two tags with symptom id_linkage_failure and cause wrong_subsidiary.',
	),
	{
		displayName: 'Tag Field Name',
		name: 'tagField',
		type: 'string',
		default: 'handoff',
		description: 'The field of each input item that holds its handoff tag',
	},
	{
		displayName: 'Structural Threshold',
		name: 'structuralThreshold',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 3,
		description:
			'A signature (symptom, cause, boundary, SKU category) seen this many times is structural: fix the configuration, not the record',
	},
	{
		...slaWindowProperty,
		description: 'Lag is consistent when its 95th percentile stays within this window',
	},
	{
		displayName: 'Remember Across Executions (Days)',
		name: 'rememberDays',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_REMEMBER_DAYS },
		default: 7,
		description: `Keep a rolling summary of the last this many days in the workflow's static data, so failures that arrive one per execution add up (n8n saves static data for production executions, not manual ones). 0: this run only. At most ${MAX_REMEMBER_DAYS}.`,
		displayOptions: { hide: { '@tool': [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Report Title',
				name: 'title',
				type: 'string',
				default: 'Returns handoff pattern report',
			},
			{
				displayName: 'Put Report in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: DEFAULT_BINARY_FIELD,
				description: 'The binary field of the output item that holds the HTML report',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: DEFAULT_FILE_NAME,
			},
			nowProperty,
			saveCountsOption,
		],
	},
];

export function versionDescription(base: INodeTypeBaseDescription): INodeTypeDescription {
	return {
		...base,
		version: 1,
		defaults: { name: 'Handoff Pattern Report' },
		inputs: [{ type: NodeConnectionTypes.Main, displayName: 'Tagged Items' }],
		outputs: [NodeConnectionTypes.Main],
		outputNames: [...OUTPUT_NAMES],
		properties,
	};
}
