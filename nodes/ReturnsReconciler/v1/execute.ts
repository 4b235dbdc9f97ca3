import {
	deepCopy,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type IPairedItemData,
} from 'n8n-workflow';

import type { ReconcileOptions } from '../../../lib/options';
import { reconcileReturns, type ReconcileResult } from '../../../lib/reconcile';
import type { HandoffTag, RecordKind, State } from '../../../lib/types';
import { ID_MAP, SUBSIDIARY_MAP } from '../../shared/descriptions';
import { failAll, inputItems, isToolExecution, toolRecords, withField } from '../../shared/items';
import {
	readCollection,
	readFieldPaths,
	readMap,
	readNow,
	readOptional,
	readTagField,
} from '../../shared/parameters';
import { reportReconcilerRun } from '../../shared/ops';
import {
	ATTACH_RECORDS,
	CONSISTENT,
	INPUT_NAMES,
	KINDS,
	MISMATCH,
	OUTPUT_NAMES,
	PENDING,
	TOOL_ARGUMENTS,
	UNMATCHED,
	properties,
	type AttachRecords,
} from './description';

const OUTPUT_OF_STATE: Record<State, number> = {
	mismatch: MISMATCH,
	pending: PENDING,
	consistent: CONSISTENT,
};

/**
 * Reconciles the four inputs at once and emits one item per return case (and per record no
 * return explains), each paired with every input item it was built from, so every input item
 * is named in exactly one output item's `pairedItem`. Records are copied into the output (as
 * Attach Records says): an output item shares nothing with the input items.
 */
export function reconcile(this: IExecuteFunctions): INodeExecutionData[][] {
	return reconcileWith(this, properties, reconcileOptions);
}

/**
 * The run of any version: `properties` name its parameters in errors, `readOptions` turns its
 * parameters into the library's options (a later version adds formats, the items stay the same).
 */
export function reconcileWith(
	ctx: IExecuteFunctions,
	properties: readonly INodeProperties[],
	readOptions: (ctx: IExecuteFunctions) => ReconcileOptions,
): INodeExecutionData[][] {
	const tool = isToolExecution(ctx);
	const inputs = KINDS.map((_, input) => (tool ? [] : inputItems(ctx, input)));
	const everyItem: IPairedItemData[] = tool
		? [{ item: 0 }]
		: inputs.flatMap((items, input) => items.map((_, item) => ({ item, input })));

	let result: ReconcileResult;
	let tagField: string;
	let attach: AttachRecords;
	try {
		// The parameters are the run's, not an item's: read them against the first item.
		tagField = readTagField(ctx, 0);
		attach = readAttachRecords(ctx);
		const records = Object.fromEntries(
			KINDS.map((kind, input) => [
				kind,
				tool
					? toolRecords(ctx, properties, TOOL_ARGUMENTS[kind])
					: inputs[input].map((item) => item.json),
			]),
		);
		result = reconcileReturns(records, readOptions(ctx));
	} catch (error) {
		return failAll(ctx, properties, error, everyItem, OUTPUT_NAMES.length, MISMATCH);
	}

	const outputs: INodeExecutionData[][] = OUTPUT_NAMES.map(() => []);
	const route = (output: number, json: IDataObject, pairedItem: IPairedItemData[]) => {
		if (tool)
			outputs[0].push({ json: { route: OUTPUT_NAMES[output], ...json }, pairedItem: { item: 0 } });
		else outputs[output].push({ json, pairedItem });
	};
	for (const found of result.cases) {
		const pairedItem = KINDS.flatMap((kind, input) =>
			found.sources[kind].map((item) => ({ item, input })),
		);
		const output = OUTPUT_OF_STATE[found.tag.state];
		route(
			output,
			caseJson(tagField, found.tag, attach, output, {
				portal: found.portal,
				processor: found.processor,
				erp: found.erp,
				support: found.support,
			}),
			pairedItem,
		);
	}
	for (const record of result.unmatched) {
		const input = KINDS.indexOf(record.kind);
		route(
			UNMATCHED,
			caseJson(tagField, record.tag, attach, UNMATCHED, {
				portal: null,
				processor: record.kind === 'processor' ? [record.record] : [],
				erp: [],
				support: record.kind === 'support' ? [record.record] : [],
			}),
			[{ item: record.index, input }],
		);
	}
	reportReconcilerRun(ctx, result, KINDS, INPUT_NAMES);
	return outputs;
}

/**
 * An output item's json: the tag, return ID and order ID always; copies of the four records
 * unless Attach Records leaves them out for this output (the `pairedItem` names them either way).
 */
function caseJson(
	tagField: string,
	tag: HandoffTag,
	attach: AttachRecords,
	output: number,
	records: { portal: unknown; processor: unknown[]; erp: unknown[]; support: unknown[] },
): IDataObject {
	const json = withField({}, tagField, tag);
	json.returnId = tag.returnId;
	json.orderId = tag.orderId;
	const withRecords = attach === 'all' || (attach === 'allButConsistent' && output !== CONSISTENT);
	if (withRecords) for (const kind of KINDS) json[kind] = deepCopy(records[kind] as IDataObject);
	return json;
}

function readAttachRecords(ctx: IExecuteFunctions): AttachRecords {
	const value = ctx.getNodeParameter('options.attachRecords', 0, 'all') as unknown;
	if ((ATTACH_RECORDS as readonly unknown[]).includes(value)) return value as AttachRecords;
	throw new NodeOperationError(
		ctx.getNode(),
		`The option "Attach Records" must be one of ${ATTACH_RECORDS.join(', ')}; got ${JSON.stringify(value)}`,
	);
}

function reconcileOptions(ctx: IExecuteFunctions): ReconcileOptions {
	return baseOptions(ctx, properties);
}

/** The options every version reads, named after `properties` in errors. */
export function baseOptions(
	ctx: IExecuteFunctions,
	properties: readonly INodeProperties[],
): ReconcileOptions {
	const kinds: readonly RecordKind[] = KINDS;
	const options: Record<string, unknown> = {
		slaWindowMinutes: ctx.getNodeParameter('slaWindowMinutes', 0),
		missingAfterMinutes: ctx.getNodeParameter('missingAfterMinutes', 0),
		idRules: readCollection(ctx, 'idRules', 0),
		idMap: readMap(ctx, properties, ID_MAP, 0),
		subsidiaryMap: readMap(ctx, properties, SUBSIDIARY_MAP, 0),
		fieldPaths: readFieldPaths(ctx, kinds, 0),
		amountUnits: readCollection(ctx, 'amountUnits', 0),
		amountTolerance: readOptional(ctx, 'options.amountTolerance', 0),
		closedOrderStatuses: readOptional(ctx, 'options.closedOrderStatuses', 0),
		now: readNow(ctx, 0),
	};
	for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
	return options as ReconcileOptions;
}
