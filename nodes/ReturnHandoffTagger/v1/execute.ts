import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { redact } from '../../../lib/redact';
import { tagHandoffError } from '../../../lib/tagger';
import { isToolExecution, routeItems, toolRecords, withField } from '../../shared/items';
import { reportTaggerRun } from '../../shared/ops';
import { readNow, readTagField } from '../../shared/parameters';
import { FIX, OUTPUT_NAMES, RETRY, UNCLASSIFIED, properties } from './description';

/**
 * Tags each failed handoff and routes it: Retry (a retry can help), Fix (it cannot), or
 * Unclassified (nothing in the error is known: the raw error is kept, never guessed at). The
 * item leaves as a redacted copy, tag included, because these items go to ops channels.
 */
export function tagFailedHandoffs(this: IExecuteFunctions): INodeExecutionData[][] {
	const tool = isToolExecution(this);
	const items: INodeExecutionData[] = tool
		? toolRecords(this, properties, 'failedCalls').map((record) => ({ json: asItemJson(record) }))
		: this.getInputData();
	const outputs = routeItems(this, items, {
		properties,
		outputNames: OUTPUT_NAMES,
		failureOutput: UNCLASSIFIED,
		// A tool call's records all come from the one item n8n gives the tool.
		pairedItemOf: tool ? () => ({ item: 0 }) : undefined,
		process: (item, itemIndex) => {
			const tagField = readTagField(this, itemIndex);
			const now = readNow(this, itemIndex);
			const tag = tagHandoffError(item.json, now === undefined ? {} : { now });
			const output = tag.symptom === null ? UNCLASSIFIED : tag.retryable ? RETRY : FIX;
			return { output, json: withField(redact(item.json), tagField, redact(tag)) };
		},
	});
	const [retry, fix, unclassified] = [outputs[RETRY], outputs[FIX], outputs[UNCLASSIFIED]];
	reportTaggerRun(this, { retry, fix, unclassified });
	return outputs;
}

/** What an agent passes may be a bare message ("socket hang up"): an item needs an object. */
function asItemJson(record: unknown): IDataObject {
	if (record !== null && typeof record === 'object' && !Array.isArray(record)) {
		return record as IDataObject;
	}
	return { error: { message: typeof record === 'string' ? record : JSON.stringify(record) } };
}
