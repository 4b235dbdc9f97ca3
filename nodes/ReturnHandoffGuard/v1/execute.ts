import {
	deepCopy,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { createHandoffGuard, type GuardResult } from '../../../lib/guard';
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
	const items: INodeExecutionData[] = tool
		? toolRecords(this, properties, 'payloads').map((payload) => ({
				json: (payload ?? {}) as IDataObject,
			}))
		: inputItems(this, HANDOFFS_INPUT);
	// Read once: the ERP orders are reference data for every payload, not items to route.
	const knownOrders = readKnownOrders(this, tool);
	// One guard per set of options: with no expression among the parameters, one for all items,
	// so the options are checked and the known orders indexed once.
	const guardFor = optionsPerItem(this, (itemIndex) => {
		const options = guardOptions(this, itemIndex, knownOrders);
		return { options, check: createHandoffGuard(options) };
	});

	const outputs = routeItems(this, items, {
		properties,
		outputNames: OUTPUT_NAMES,
		// A payload the Guard could not check must never reach the ERP call.
		failureOutput: BLOCKED,
		input: tool ? undefined : HANDOFFS_INPUT,
		pairedItemOf: tool ? () => ({ item: 0 }) : undefined,
		process: (item, itemIndex) => {
			if (knownOrders instanceof NodeOperationError) throw knownOrders;
			const { options, check } = guardFor(itemIndex);
			const tagField = readTagField(this, itemIndex);
			const result = check(item.json);
			const copy = deepCopy(item.json);
			if (options.mode === 'normalize') normalizePayload(this, copy, result, itemIndex);
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
	reportGuardRun(this, { pass: outputs[PASS], blocked: outputs[BLOCKED] });
	return outputs;
}

function guardOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	knownOrders: KnownOrder[] | null | NodeOperationError,
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
		knownOrders: knownOrders instanceof NodeOperationError ? null : knownOrders,
	};
	for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
	return options as GuardOptions;
}

/**
 * The ERP Orders input as known orders, or null when the check is off. With the check on, an
 * input that brings nothing (or nothing with an order ref) is an error: skipping the check
 * silently would pass payloads for orders the ERP does not have. The error is returned, not
 * thrown, so each payload can carry it under continue-on-fail.
 */
function readKnownOrders(
	ctx: IExecuteFunctions,
	tool: boolean,
): KnownOrder[] | null | NodeOperationError {
	if (!ctx.getNodeParameter('checkKnownOrders', 0, false)) return null;
	const rows = tool ? [] : inputItems(ctx, ERP_ORDERS_INPUT);
	if (rows.length === 0) {
		return new NodeOperationError(
			ctx.getNode(),
			'"Check Against Known ERP Orders" is on, but the ERP Orders input brought no orders',
			{
				description: tool
					? 'A tool has no ERP Orders input: turn "Check Against Known ERP Orders" off for the tool.'
					: 'Connect the node that reads your ERP orders (a NetSuite saved search, an SAP or Dynamics query…) to the ERP Orders input and make sure it returns orders, or turn "Check Against Known ERP Orders" off.',
			},
		);
	}
	const fields = ctx.getNodeParameter('knownOrderFields', 0, {}) as IDataObject;
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
function normalizePayload(
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
