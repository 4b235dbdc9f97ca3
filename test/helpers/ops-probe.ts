/**
 * Test-only node (never shipped): runs nodes/shared/ops.ts inside n8n's engine the way one of the
 * four nodes will, so a test can read what n8n kept: the execution's custom data and the hints
 * on the node's run. Its parameters say what to do:
 *   - `preset`: custom data set first, straight through `$execution.customData.set` (the
 *     workflow's own keys, or anything a Code node would write);
 *   - `opsNode` + `values`: what reportToOps is asked to save, as that node (unless
 *     Options → Save Counts to Execution is off);
 *   - `hints`: the counts the hint builders get;
 *   - `rawSet`: one key/value handed to n8n unchecked, to show what n8n does with invalid data.
 * It outputs what saving reported (null when saving was off).
 */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	blockedHints,
	invalidRecordHints,
	reportToOps,
	saveCountsOption,
	taggerHints,
	unmatchedInputHints,
	type CustomDataValues,
	type GuardCounts,
	type InputMatchCount,
	type InvalidRecordFinding,
	type OpsNode,
	type TaggerCounts,
} from '../../nodes/shared/ops';

interface HintCounts {
	invalidRecords?: InvalidRecordFinding[];
	formats?: Record<string, string>;
	inputs?: InputMatchCount[];
	guard?: GuardCounts;
	tagger?: TaggerCounts;
}

function jsonParameter<T>(ctx: IExecuteFunctions, name: string): T {
	const raw = ctx.getNodeParameter(name, 0, '{}') as string | IDataObject;
	return (typeof raw === 'string' ? JSON.parse(raw || '{}') : raw) as T;
}

export class OpsProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ops Probe',
		name: 'opsProbe',
		group: ['transform'],
		version: 1,
		description: 'Test-only: saves custom data and adds hints through nodes/shared/ops.ts',
		defaults: { name: 'Ops Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Preset', name: 'preset', type: 'json', default: '{}' },
			{ displayName: 'Ops Node', name: 'opsNode', type: 'string', default: 'reconciler' },
			{ displayName: 'Values', name: 'values', type: 'json', default: '{}' },
			{ displayName: 'Hints', name: 'hints', type: 'json', default: '{}' },
			{ displayName: 'Raw Set', name: 'rawSet', type: 'json', default: '{}' },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				options: [saveCountsOption],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const customData = this.getWorkflowDataProxy(0).$execution?.customData;
		for (const [key, value] of Object.entries(
			jsonParameter<Record<string, string>>(this, 'preset'),
		)) {
			customData?.set(key, value);
		}
		for (const [key, value] of Object.entries(
			jsonParameter<Record<string, unknown>>(this, 'rawSet'),
		)) {
			customData?.set(key, value as string);
		}
		const opsNode = this.getNodeParameter('opsNode', 0) as OpsNode;
		const counts = jsonParameter<HintCounts>(this, 'hints');
		const saved = reportToOps(this, opsNode, {
			counts: jsonParameter<CustomDataValues>(this, 'values'),
			hints: [
				...invalidRecordHints(counts.invalidRecords ?? [], counts.formats),
				...unmatchedInputHints(counts.inputs ?? []),
				...(counts.guard ? blockedHints(counts.guard) : []),
				...(counts.tagger ? taggerHints(counts.tagger) : []),
			],
		});
		return [[{ json: { saved } as unknown as IDataObject, pairedItem: { item: 0 } }]];
	}
}
