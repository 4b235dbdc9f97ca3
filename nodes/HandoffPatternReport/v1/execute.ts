import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
} from 'n8n-workflow';

import { timeOption } from '../../../lib/options';
import { rollPatternMemory, summarizePatterns, type PatternSummary } from '../../../lib/patterns';
import { renderHtml, renderMarkdown } from '../../../lib/report';
import { failAll, isToolExecution, toolRecords } from '../../shared/items';
import { reportPatternRun } from '../../shared/ops';
import { readNow, readOptional, readTagField } from '../../shared/parameters';
import {
	DEFAULT_BINARY_FIELD,
	DEFAULT_FILE_NAME,
	MEMORY_KEY,
	OUTPUT_NAMES,
	properties,
} from './description';

/**
 * One output item for all input items: the summary, a Markdown rendering and the HTML report
 * as a file, paired with every input item. With memory on, the summary also counts the tags of
 * the last `rememberDays` days kept in the workflow's static data; the memory is written back
 * only once the report is built, so a failed run never half-updates it.
 */
export async function reportPatterns(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const tool = isToolExecution(this);
	const items = this.getInputData();
	const everyItem: IPairedItemData[] = tool ? [{ item: 0 }] : items.map((_, item) => ({ item }));
	try {
		const tagField = readTagField(this, 0);
		const tags = tool
			? toolRecords(this, properties, 'tags').map((entry) => tagIn(entry, tagField) ?? entry)
			: readTags(this, items, tagField);
		// Read once: it is the memory's today and the report's generatedAt, and its error names it.
		const now = timeOption(readNow(this, 0)) ?? undefined;
		const structuralThreshold = this.getNodeParameter('structuralThreshold', 0) as number;
		const slaWindowMinutes = this.getNodeParameter('slaWindowMinutes', 0) as number;
		// An agent's question is not an execution to remember.
		const rememberDays = tool ? 0 : (this.getNodeParameter('rememberDays', 0) as number);

		let summary: PatternSummary;
		let memory: unknown;
		if (rememberDays > 0) {
			const staticData = this.getWorkflowStaticData('node');
			const rolled = rollPatternMemory(staticData[MEMORY_KEY], tags, { now, rememberDays });
			summary = summarizePatterns(rolled.tags, {
				prior: rolled.prior,
				structuralThreshold,
				slaWindowMinutes,
			});
			memory = rolled.memory;
		} else {
			summary = summarizePatterns(tags, { structuralThreshold, slaWindowMinutes });
		}

		const reportOptions = {
			title: readOptional(this, 'options.title', 0) as string | undefined,
			generatedAt: now,
		};
		const markdown = renderMarkdown(summary, reportOptions);
		const html = renderHtml(summary, reportOptions);
		const json: IDataObject = { summary: summary as unknown as IDataObject, markdown };

		if (tool) return [[{ json, pairedItem: { item: 0 } }]];

		const field = textOr(readOptional(this, 'options.binaryPropertyName', 0), DEFAULT_BINARY_FIELD);
		const fileName = textOr(readOptional(this, 'options.fileName', 0), DEFAULT_FILE_NAME);
		const file = await this.helpers.prepareBinaryData(
			Buffer.from(html, 'utf8'),
			fileName,
			'text/html',
		);
		if (memory !== undefined)
			this.getWorkflowStaticData('node')[MEMORY_KEY] = memory as IDataObject;
		reportPatternRun(this, tags, summary);
		return [[{ json, binary: { [field]: file }, pairedItem: everyItem }]];
	} catch (error) {
		return failAll(this, properties, error, everyItem, OUTPUT_NAMES.length);
	}
}

/** The tags of the items; an item without one still counts in the total (docs/rules.md "Bad input"). */
function readTags(
	ctx: IExecuteFunctions,
	items: readonly INodeExecutionData[],
	tagField: string,
): unknown[] {
	const tags = items.map((item) => tagIn(item.json, tagField));
	if (items.length > 0 && tags.every((tag) => tag === undefined)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`None of the ${items.length} input items has a tag in "${tagField}"`,
			{
				description:
					'Set "Tag Field Name" to the field the Guard, Tagger or Reconciler wrote its tag to ("handoff" unless you changed it there).',
			},
		);
	}
	return tags.map((tag) => tag ?? null);
}

function tagIn(value: unknown, tagField: string): IDataObject | undefined {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const tag = (value as IDataObject)[tagField];
	return tag !== null && typeof tag === 'object' && !Array.isArray(tag)
		? (tag as IDataObject)
		: undefined;
}

function textOr(value: unknown, fallback: string): string {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}
