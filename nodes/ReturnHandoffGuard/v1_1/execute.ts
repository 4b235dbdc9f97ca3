import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { createHandoffGuard, type HandoffGuard, type KnownOrdersSource } from '../../../lib/guard';
import { resolveOptions, type KnownOrder } from '../../../lib/options';
import { isToolExecution, optionsPerItem } from '../../shared/items';
import { lookupNetSuiteOrders, type LookupResult } from '../../shared/netsuite/lookup';
import type { NetSuiteOrder } from '../../shared/netsuite/suiteql';
import { readOptional } from '../../shared/parameters';
import {
	erpOrderRows,
	guardOptions,
	payloadItems,
	readKnownOrders,
	routeHandoffs,
	type KnownOrdersSetting,
} from '../v1/execute';
import {
	CHECK_ORDERS_AGAINST,
	CREDENTIAL_LABELS,
	ERP_ORDERS_INPUT_SOURCE,
	NETSUITE,
	NOTHING,
	TBA_CREDENTIAL_TYPE,
} from './description';

/**
 * v1.1: as v1, with the known orders taken from nothing, the ERP Orders input (in one of the
 * order formats) or NetSuite, looked up live for the whole batch (docs/rules.md "Live ERP order
 * lookup").
 */
export async function guardHandoffs(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const tool = isToolExecution(this);
	const items = payloadItems(this, tool);
	const source = this.getNodeParameter(CHECK_ORDERS_AGAINST, 0, NOTHING) as string;
	if (source === NETSUITE) return await checkAgainstNetSuite(this, items);
	if (source !== ERP_ORDERS_INPUT_SOURCE) {
		return routeHandoffs(this, items, (itemIndex) => guardOptions(this, itemIndex, {}));
	}
	const setting: KnownOrdersSetting = {
		fields: this.getNodeParameter('knownOrderFields', 0, {}) as IDataObject,
		setting: '"Check Orders Against" is "ERP Orders Input"',
		turnOff: 'set "Check Orders Against" to "Nothing"',
	};
	const format = this.getNodeParameter('erpOrdersFormat', 0, 'canonical') as string;
	let extra: Record<string, unknown> | NodeOperationError;
	if (format === 'canonical') {
		const knownOrders = readKnownOrders(this, tool, setting);
		extra = knownOrders instanceof NodeOperationError ? knownOrders : { knownOrders };
	} else {
		// The library reads the orders in their system's own shape (docs/rules.md "Record formats").
		const rows = erpOrderRows(this, tool, setting);
		extra =
			rows instanceof NodeOperationError
				? rows
				: { knownOrders: rows.map((row) => row.json), formats: { orders: format } };
	}
	return routeHandoffs(this, items, (itemIndex) =>
		extra instanceof NodeOperationError ? extra : guardOptions(this, itemIndex, extra),
	);
}

/**
 * The live lookup: the distinct ERP order refs the batch's payloads would post against, looked
 * up in NetSuite in ⌈refs / 1000⌉ SuiteQL queries (plus paging), then every payload checked
 * against the orders found. A refused credential stops the node; an ERP that stays unavailable
 * after the retries blocks every payload with `order_lookup_failed`.
 */
async function checkAgainstNetSuite(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[][]> {
	const credentialType = ctx.getNodeParameter('authentication', 0, TBA_CREDENTIAL_TYPE) as string;
	// Fails here, naming what is missing, when no credential is chosen: a missing credential is
	// not an ERP outage.
	await ctx.getCredentials(credentialType);

	// A guard without known orders says which order each payload would post against. Options
	// that do not resolve are reported per item by the second pass, so they add no ref here.
	const refGuardFor = optionsPerItem(ctx, (itemIndex): HandoffGuard | null => {
		try {
			return createHandoffGuard(guardOptions(ctx, itemIndex, {}));
		} catch {
			return null;
		}
	});
	const refs = new Set<string>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const ref = refGuardFor(itemIndex)?.orderRefOf(items[itemIndex].json);
		if (ref) refs.add(ref);
	}

	const result: LookupResult =
		refs.size === 0
			? { kind: 'found', found: new Map(), queries: 0, pages: 0, requests: 0 }
			: await lookupNetSuiteOrders(refs, {
					request: async (options) =>
						await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options),
					sleep,
				});

	if (result.kind === 'auth' || result.kind === 'rejected') {
		const credential = ctx.getNode().credentials?.[credentialType]?.name ?? 'the credential';
		const label = CREDENTIAL_LABELS[credentialType] ?? credentialType;
		const code = result.code ?? `HTTP ${result.status ?? '?'}`;
		throw new NodeOperationError(
			ctx.getNode(),
			result.kind === 'auth'
				? `NetSuite refused the credential "${credential}" (${label}): ${code}`
				: `NetSuite rejected the order lookup with the credential "${credential}" (${label}): ${code}`,
			{
				description: `${result.message}${result.kind === 'auth' ? ' Check the account ID, keys, token and secrets (or the certificate) of this credential, and that its role may use REST web services.' : " Check that the credential's role may run SuiteQL over transactions."} No payload was checked, so none passed.`,
			},
		);
	}

	let source: KnownOrdersSource;
	let knownOrders: KnownOrder[] | null;
	if (result.kind === 'unavailable') {
		const answer = [
			result.lastStatus === null ? 'no answer' : `HTTP ${result.lastStatus}`,
			result.code,
		]
			.filter(Boolean)
			.join(' ');
		source = {
			name: 'NetSuite',
			lookupFailed: `${result.message} (${answer}, ${result.attempts} tries)`,
		};
		knownOrders = null;
	} else {
		source = { name: 'NetSuite' };
		const closed = closedStatuses(ctx);
		knownOrders = [...result.found.values()].map((order) => knownOrderOf(order, closed));
	}
	return routeHandoffs(
		ctx,
		items,
		(itemIndex) => guardOptions(ctx, itemIndex, { knownOrders }),
		source,
	);
}

/** The closed statuses as the Guard compares them (lower case), or null when they do not resolve. */
function closedStatuses(ctx: IExecuteFunctions): ReadonlySet<string> | null {
	try {
		const closedOrderStatuses = readOptional(ctx, 'options.closedOrderStatuses', 0);
		return resolveOptions({ closedOrderStatuses }, ['closedOrderStatuses']).closedOrderStatuses;
	} catch {
		return null;
	}
}

/**
 * NetSuite's order as a known order. Its status is matched by label (`Closed`) and by code
 * (`H`): whichever of the two is a closed status is the one the Guard sees, so either spelling
 * in "Closed Order Statuses" works.
 */
function knownOrderOf(order: NetSuiteOrder, closed: ReadonlySet<string> | null): KnownOrder {
	const isClosed = (status: string | null) =>
		status !== null && closed !== null && closed.has(status.toLowerCase());
	const status = isClosed(order.status) && !isClosed(order.statusLabel) ? order.status : null;
	return {
		orderRef: order.orderRef,
		status: status ?? order.statusLabel ?? order.status,
		subsidiary: order.subsidiary,
	};
}
