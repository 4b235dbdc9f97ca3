import {
	deepCopy,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { createHandoffGuard, type GuardResult, type KnownOrdersSource } from '../../../lib/guard';
import type { GuardOptions, KnownOrder } from '../../../lib/options';
import { ID_MAP, STATUS_MAP, SUBSIDIARY_MAP } from '../../shared/descriptions';
import {
	inputItems,
	isToolExecution,
	optionsPerItem,
	readPath,
	routeItems,
	toolRecords,
	withField,
	writePath,
} from '../../shared/items';
import {
	readCollection,
	readFieldPaths,
	readMap,
	readNow,
	readOptional,
	readTagField,
} from '../../shared/parameters';
import { reportGuardRun } from '../../shared/ops';
import {
	BLOCKED,
	ERP_ORDERS_INPUT,
	HANDOFFS_INPUT,
	OUTPUT_NAMES,
	PASS,
	properties,
} from './description';

type NormalizedField = keyof GuardResult['normalized'];
const NORMALIZED_FIELDS: readonly NormalizedField[] = ['orderRef', 'status', 'subsidiary'];

/**
 * Validates each outgoing payload and routes it to Pass or Blocked. The item leaves as a copy
 * with the tag (plus the verdict, the problems with their `fixable` flags and the derived
 * values) under the tag field; in normalize mode the copy also carries the ERP order ref, ERP
 * status and subsidiary at the paths the user chose.
 */
export function guardHandoffs(this: IExecuteFunctions): INodeExecutionData[][] {
	const tool = isToolExecution(this);
	const items = payloadItems(this, tool);
	// Read once: the ERP orders are reference data for every payload, not items to route.
	const knownOrders = this.getNodeParameter('checkKnownOrders', 0, false)
		? readKnownOrders(this, tool, {
				fields: this.getNodeParameter('knownOrderFields', 0, {}) as IDataObject,
				setting: '"Check Against Known ERP Orders" is on',
				turnOff: 'turn "Check Against Known ERP Orders" off',
			})
		: null;
	return routeHandoffs(this, items, (itemIndex) =>
		knownOrders instanceof NodeOperationError
			? knownOrders
			: guardOptions(this, itemIndex, { knownOrders }),
	);
}

/** The payloads to check: the Handoffs input, or in tool mode the agent's JSON. */
export function payloadItems(ctx: IExecuteFunctions, tool: boolean): INodeExecutionData[] {
	return tool
		? toolRecords(ctx, properties, 'payloads').map((payload) => ({
				json: (payload ?? {}) as IDataObject,
			}))
		: inputItems(ctx, HANDOFFS_INPUT);
}

/**
 * Checks every payload and routes it to Pass or Blocked. `optionsOf` gives an item's options,
 * or the error that stops the check, returned rather than thrown so each payload carries it
 * under continue-on-fail. `source` says where the known orders came from (the live lookup).
 */
export function routeHandoffs(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	optionsOf: (itemIndex: number) => GuardOptions | NodeOperationError,
	source?: KnownOrdersSource,
): INodeExecutionData[][] {
	const tool = isToolExecution(ctx);
	// One guard per set of options: with no expression among the parameters, one for all items,
	// so the options are checked and the known orders indexed once.
	const guardFor = optionsPerItem(ctx, (itemIndex) => {
		const options = optionsOf(itemIndex);
		return options instanceof NodeOperationError
			? options
			: { options, check: createHandoffGuard(options, source) };
	});

	const outputs = routeItems(ctx, items, {
		properties,
		outputNames: OUTPUT_NAMES,
		// A payload the Guard could not check must never reach the ERP call.
		failureOutput: BLOCKED,
		input: tool ? undefined : HANDOFFS_INPUT,
		pairedItemOf: tool ? () => ({ item: 0 }) : undefined,
		process: (item, itemIndex) => {
			const guard = guardFor(itemIndex);
			if (guard instanceof NodeOperationError) throw guard;
			const { options, check } = guard;
			const tagField = readTagField(ctx, itemIndex);
			const result = check(item.json);
			const copy = deepCopy(item.json);
			if (options.mode === 'normalize') normalizePayload(ctx, copy, result, itemIndex);
			const tag = {
				...result.tag,
				verdict: result.verdict,
				problems: result.problems,
				normalized: result.normalized,
			};
			return {
				output: result.verdict === 'pass' ? PASS : BLOCKED,
				json: withField(copy, tagField, tag),
			};
		},
	});
	reportGuardRun(ctx, { pass: outputs[PASS], blocked: outputs[BLOCKED] });
	return outputs;
}

/** The Guard's options for one item; `extra` adds the known orders (and their format). */
export function guardOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	extra: Record<string, unknown>,
): GuardOptions {
	const options: Record<string, unknown> = {
		mode: ctx.getNodeParameter('mode', itemIndex, 'validate'),
		idRules: readCollection(ctx, 'idRules', itemIndex),
		idMap: readMap(ctx, properties, ID_MAP, itemIndex),
		statusMap: readMap(ctx, properties, STATUS_MAP, itemIndex),
		subsidiaryMap: readMap(ctx, properties, SUBSIDIARY_MAP, itemIndex),
		fieldPaths: readFieldPaths(ctx, ['payload'], itemIndex),
		amountTolerance: readOptional(ctx, 'options.amountTolerance', itemIndex),
		amountUnits: readCollection(ctx, 'options.amountUnits', itemIndex),
		closedOrderStatuses: readOptional(ctx, 'options.closedOrderStatuses', itemIndex),
		now: readNow(ctx, itemIndex),
		...extra,
	};
	for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
	return options as GuardOptions;
}

/** How the check is named in the errors of readKnownOrders, per node version. */
export interface KnownOrdersSetting {
	/** "ERP Order Fields": where each ERP Orders item keeps its ref, status and subsidiary. */
	fields: IDataObject;
	/** What is set, as the error's sentence begins: `"Check Against Known ERP Orders" is on`. */
	setting: string;
	/** How to switch the check off, for the error's description. */
	turnOff: string;
}

/** The ERP Orders input's items, or the error an empty input is (see readKnownOrders). */
export function erpOrderRows(
	ctx: IExecuteFunctions,
	tool: boolean,
	setting: KnownOrdersSetting,
): INodeExecutionData[] | NodeOperationError {
	const rows = tool ? [] : inputItems(ctx, ERP_ORDERS_INPUT);
	if (rows.length > 0) return rows;
	return new NodeOperationError(
		ctx.getNode(),
		`${setting.setting}, but the ERP Orders input brought no orders`,
		{
			description: tool
				? `A tool has no ERP Orders input: ${setting.turnOff} for the tool.`
				: `Connect the node that reads your ERP orders (a NetSuite saved search, an SAP or Dynamics query…) to the ERP Orders input and make sure it returns orders, or ${setting.turnOff}.`,
		},
	);
}

/**
 * The ERP Orders input as known orders. With the check on, an input that brings nothing (or
 * nothing with an order ref) is an error: skipping the check silently would pass payloads for
 * orders the ERP does not have. The error is returned, not thrown, so each payload can carry
 * it under continue-on-fail.
 */
export function readKnownOrders(
	ctx: IExecuteFunctions,
	tool: boolean,
	setting: KnownOrdersSetting,
): KnownOrder[] | NodeOperationError {
	const rows = erpOrderRows(ctx, tool, setting);
	if (rows instanceof NodeOperationError) return rows;
	const fields = setting.fields;
	const path = (name: string) =>
		typeof fields[name] === 'string' && (fields[name] as string).trim() !== ''
			? (fields[name] as string).trim()
			: name;
	const orders: KnownOrder[] = [];
	for (const row of rows) {
		const orderRef = readPath(row.json, path('orderRef'));
		// Rows with no usable ref (a saved search's summary line) describe no order.
		if (typeof orderRef !== 'number' && (typeof orderRef !== 'string' || orderRef.trim() === '')) {
			continue;
		}
		const status = readPath(row.json, path('status'));
		const subsidiary = readPath(row.json, path('subsidiary'));
		orders.push({
			orderRef: typeof orderRef === 'string' ? orderRef.trim() : orderRef,
			status: typeof status === 'string' ? status : null,
			subsidiary: typeof subsidiary === 'string' ? subsidiary : null,
		});
	}
	if (orders.length === 0) {
		return new NodeOperationError(
			ctx.getNode(),
			`None of the ${rows.length} ERP Orders items has an order reference at "${path('orderRef')}"`,
			{
				description:
					'Set "ERP Order Fields → Order Ref" to the field that holds the order number in the ERP Orders items (for NetSuite often tranId).',
			},
		);
	}
	return orders;
}

/** Writes the derived ERP values into the payload copy, where the user chose (or their field). */
export function normalizePayload(
	ctx: IExecuteFunctions,
	copy: IDataObject,
	result: GuardResult,
	itemIndex: number,
): void {
	const targets = (ctx.getNodeParameter('normalizedFields', itemIndex, {}) ?? {}) as IDataObject;
	const fieldPaths = (readFieldPaths(ctx, ['payload'], itemIndex)?.payload ?? {}) as IDataObject;
	for (const field of NORMALIZED_FIELDS) {
		const value = result.normalized[field];
		if (value === undefined) continue;
		const chosen = typeof targets[field] === 'string' ? (targets[field] as string).trim() : '';
		const fallback = typeof fieldPaths[field] === 'string' ? (fieldPaths[field] as string) : field;
		const path = chosen || fallback;
		const blocked = writePath(copy, path, value);
		if (blocked !== null) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Cannot write the normalized ${field} at "${path}": "${blocked}" is not an object in this payload`,
				{
					itemIndex,
					description: `Choose another path in "Write Normalized Values To", one that does not go through "${blocked}".`,
				},
			);
		}
	}
}
