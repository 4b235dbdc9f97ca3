/**
 * The one place that handles the item loop for the four nodes: routing to named outputs,
 * `pairedItem` (with `input` on multi-input nodes), continue-on-fail and the error output, tool
 * mode, copies instead of mutation, and turning a core OptionsError into a NodeOperationError
 * that names the parameter a user sees.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyCollection,
	type IPairedItemData,
} from 'n8n-workflow';

import { OptionsError, optionsErrorText } from '../../lib/options';
import { compilePath, readPath as readCompiledPath, type CompiledPath } from '../../lib/path';

/**
 * Whether n8n runs the node as an AI agent's tool. n8n 2.x calls execute() with a
 * SupplyDataContext whose isToolExecution() is true; the type name then ends in `Tool` (n8n
 * wraps a `usableAsTool` node as `<name>Tool`), which older versions can still be told by.
 */
export function isToolExecution(ctx: IExecuteFunctions): boolean {
	if (typeof ctx.isToolExecution === 'function') return ctx.isToolExecution();
	return ctx.getNode().type.endsWith('Tool');
}

/** The items on one input; none when the input is not connected or brought nothing. */
export function inputItems(ctx: IExecuteFunctions, inputIndex: number): INodeExecutionData[] {
	try {
		return ctx.getInputData(inputIndex) ?? [];
	} catch {
		// n8n throws for an input index it never filled (nothing connected there): no items.
		return [];
	}
}

// ---------------------------------------------------------------------------------------------
// Parameters and errors

interface Located {
	label: string;
	/** The top-level parameter's name, whose raw value tells whether it is an expression. */
	parameter: string;
}

function childrenOf(property: INodeProperties): Array<INodeProperties | INodePropertyCollection> {
	return (property.options ?? []).filter(
		(option): option is INodeProperties | INodePropertyCollection =>
			typeof option === 'object' && option !== null && 'displayName' in option,
	);
}

/**
 * The display path of an option (`idRules.padLength` → `ID Rules → Pad Length`), found in the
 * node's properties: top level or inside a collection (such as Options). Segments the
 * properties do not describe (a map's key, a list index) are quoted after the label.
 */
export function locateOption(
	properties: readonly INodeProperties[],
	option: string,
): Located | undefined {
	const [head, ...rest] = option.split('.');
	// A map exists twice under one name (pairs or JSON); either gives the same label.
	const top = properties.find((p) => p.name === head && p.type !== 'notice');
	if (top) return follow(top, rest, [top.displayName], top.name);
	for (const parent of properties) {
		if (parent.type !== 'collection') continue;
		const child = childrenOf(parent).find((c) => c.name === head);
		if (child) return follow(child, rest, [parent.displayName, child.displayName], parent.name);
	}
	return undefined;
}

function follow(
	start: INodeProperties | INodePropertyCollection,
	segments: readonly string[],
	labels: string[],
	parameter: string,
): Located {
	let current: INodeProperties | INodePropertyCollection | undefined = start;
	const unnamed: string[] = [];
	for (const segment of segments) {
		const next: INodeProperties | INodePropertyCollection | undefined = current
			? nextChild(current, segment)
			: undefined;
		if (next) labels.push(next.displayName);
		else unnamed.push(segment);
		current = next;
	}
	const label = labels.join(' → ') + (unnamed.length ? ` (entry "${unnamed.join('.')}")` : '');
	return { label, parameter };
}

function nextChild(
	current: INodeProperties | INodePropertyCollection,
	name: string,
): INodeProperties | INodePropertyCollection | undefined {
	if ('values' in current) return current.values.find((v) => v.name === name);
	return childrenOf(current).find((c) => c.name === name);
}

function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') {
		return Object.values(value as IDataObject).some(containsExpression);
	}
	return false;
}

/** Whether a parameter (or anything inside it) is an expression, so it may differ per item. */
export function isExpressionParameter(ctx: IExecuteFunctions, parameter: string): boolean {
	return containsExpression(ctx.getNode().parameters[parameter]);
}

/**
 * A NodeOperationError naming the parameter in the user's words, with what to do about it,
 * worded from the error's fields. `itemIndex` is kept only when the parameter is an expression:
 * then the item is what made it bad, and continue-on-fail can set that one item aside.
 */
export function parameterError(
	ctx: IExecuteFunctions,
	properties: readonly INodeProperties[],
	error: OptionsError,
	itemIndex?: number,
): NodeOperationError {
	const located = locateOption(properties, error.option);
	const quoted = (option: string) => `"${locateOption(properties, option)?.label ?? option}"`;
	const label = quoted(error.option);
	const other = error.related === undefined ? '' : `, or change ${quoted(error.related)}`;
	const description =
		error.suggestion === undefined
			? `Change ${label} to ${error.expected}${other}.`
			: `Rename ${label} to ${quoted(error.suggestion)}.`;
	const perItem =
		itemIndex !== undefined && located && isExpressionParameter(ctx, located.parameter);
	return new NodeOperationError(
		ctx.getNode(),
		`Invalid parameter ${optionsErrorText(error.data, quoted)}`,
		{ description, ...(perItem ? { itemIndex } : {}) },
	);
}

/**
 * Any error as a NodeOperationError: one already is (kept unchanged), an OptionsError names its
 * parameter, anything else is wrapped with the item it happened on.
 */
export function toNodeError(
	ctx: IExecuteFunctions,
	properties: readonly INodeProperties[],
	error: unknown,
	itemIndex?: number,
): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof OptionsError) return parameterError(ctx, properties, error, itemIndex);
	return new NodeOperationError(
		ctx.getNode(),
		error instanceof Error ? error : new Error(String(error)),
		itemIndex === undefined ? {} : { itemIndex },
	);
}

/**
 * The error item n8n's own nodes return under continue-on-fail: `{ error: message }` alone, so
 * that with "Continue (using error output)" n8n moves it to the error output and merges the
 * original item's data back in.
 */
export function errorItem(
	error: NodeOperationError,
	pairedItem: IPairedItemData | IPairedItemData[],
): INodeExecutionData {
	return { json: { error: error.message }, pairedItem };
}

// ---------------------------------------------------------------------------------------------
// JSON parameters

/**
 * A JSON parameter's value: n8n gives a string for typed JSON and the value itself when an
 * expression returns an object. Empty text is `undefined`; text that is not JSON throws a
 * NodeOperationError naming the parameter.
 */
export function parseJsonParameter(
	ctx: IExecuteFunctions,
	properties: readonly INodeProperties[],
	name: string,
	itemIndex: number,
	fallback: unknown = '',
): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return undefined;
	try {
		return JSON.parse(raw) as unknown;
	} catch (error) {
		const label = locateOption(properties, name)?.label ?? name;
		const reason = error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), `"${label}" is not valid JSON: ${reason}`, {
			description: `Check "${label}": paste a JSON object such as {"us-store": "Acme US"}, or use an expression that returns one.`,
			...(isExpressionParameter(ctx, name) ? { itemIndex } : {}),
		});
	}
}

/** The items of a tool argument: a JSON list, one JSON object, or nothing. */
export function toolRecords(
	ctx: IExecuteFunctions,
	properties: readonly INodeProperties[],
	name: string,
): unknown[] {
	const value = parseJsonParameter(ctx, properties, name, 0);
	if (value === undefined || value === null) return [];
	return Array.isArray(value) ? value : [value];
}

// ---------------------------------------------------------------------------------------------
// Items out

/**
 * Puts `value` under `field` of `copy`, which must be a copy the caller made (deepCopy, redact):
 * the input item is never written. defineProperty keeps a field named `__proto__` as data.
 */
export function withField(copy: IDataObject, field: string, value: unknown): IDataObject {
	Object.defineProperty(copy, field, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
	return copy;
}

export interface Verdict {
	/** The output the item leaves on. */
	output: number;
	json: IDataObject;
}

export interface RouteOptions {
	/** The node's properties, to name a bad parameter. */
	properties: readonly INodeProperties[];
	/** The output names, in order; in tool mode each item says which one it would have taken. */
	outputNames: readonly string[];
	/**
	 * Where an item whose processing failed goes under "Continue" (regular output). Never a
	 * "pass" output: a Guard that could not check a payload must not let it through.
	 */
	failureOutput: number;
	/** Reads the node's verdict on one item; throws only for a bad parameter. */
	process: (item: INodeExecutionData, itemIndex: number) => Verdict;
	/** The input the items came on (multi-input nodes), for `pairedItem`. */
	input?: number;
	/** The item an output item pairs with, when it is not the item at the same index. */
	pairedItemOf?: (itemIndex: number) => IPairedItemData;
}

/**
 * Runs `process` on every item and routes each one to exactly one output, paired with the item
 * it came from. A failure stops the node, or under continue-on-fail becomes that item's error
 * item. In tool mode everything goes to the first output, the only one an agent reads.
 */
export function routeItems(
	ctx: IExecuteFunctions,
	items: readonly INodeExecutionData[],
	options: RouteOptions,
): INodeExecutionData[][] {
	const tool = isToolExecution(ctx);
	const outputs: INodeExecutionData[][] = options.outputNames.map(() => []);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem: IPairedItemData = options.pairedItemOf
			? options.pairedItemOf(itemIndex)
			: options.input === undefined
				? { item: itemIndex }
				: { item: itemIndex, input: options.input };
		try {
			const verdict = options.process(items[itemIndex], itemIndex);
			const json = tool
				? { route: options.outputNames[verdict.output], ...verdict.json }
				: verdict.json;
			const binary = items[itemIndex].binary;
			outputs[tool ? 0 : verdict.output].push({
				json,
				...(binary ? { binary: { ...binary } } : {}),
				pairedItem,
			});
		} catch (error) {
			const nodeError = toNodeError(ctx, options.properties, error, itemIndex);
			if (!ctx.continueOnFail()) throw nodeError;
			outputs[tool ? 0 : options.failureOutput].push(errorItem(nodeError, pairedItem));
		}
	}
	return outputs;
}

/**
 * For nodes that read all their items at once (Reconciler, Pattern Report): a failure becomes
 * one error item paired with every input item, on `output`, under continue-on-fail; otherwise
 * the error is thrown.
 */
export function failAll(
	ctx: IExecuteFunctions,
	properties: readonly INodeProperties[],
	error: unknown,
	pairedItem: IPairedItemData[],
	outputCount: number,
	output = 0,
): INodeExecutionData[][] {
	const nodeError = toNodeError(ctx, properties, error);
	if (!ctx.continueOnFail()) throw nodeError;
	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	outputs[isToolExecution(ctx) ? 0 : output].push(errorItem(nodeError, pairedItem));
	return outputs;
}

// ---------------------------------------------------------------------------------------------
// Per-item options and dotted paths

/**
 * Whatever a node builds from its parameters (options, a guard made from them) per item, built
 * once when no parameter is an expression (the common case), so the core's preparation (maps,
 * known orders) runs once rather than per item.
 */
export function optionsPerItem<T>(
	ctx: IExecuteFunctions,
	build: (itemIndex: number) => T,
): (itemIndex: number) => T {
	if (containsExpression(ctx.getNode().parameters)) return build;
	let built: { value: T } | undefined;
	return (itemIndex) => {
		built ??= { value: build(itemIndex) };
		return built.value;
	};
}

/** Paths read per row (ERP order fields): parsed once each, by the one path module. */
const compiledPaths = new Map<string, CompiledPath>();

function compiled(path: string): CompiledPath {
	let result = compiledPaths.get(path);
	if (result === undefined) {
		result = compilePath(path);
		if (compiledPaths.size >= 1_000) compiledPaths.clear();
		compiledPaths.set(path, result);
	}
	return result;
}

/**
 * A field path (`erp.orderRef`, `custom_fields[id=360001].value`) in item data, read by
 * lib/path.ts (own properties only). Throws a PathError for a malformed path: the caller names
 * the parameter it came from.
 */
export function readPath(source: unknown, path: string): unknown {
	return readCompiledPath(source, compiled(path));
}

/**
 * Writes `value` at a path of `copy` (a copy the caller made), creating objects on the way.
 * The path is parsed by lib/path.ts (a malformed one throws its PathError); only dotted names
 * can be written. Returns what blocked the write (a value that is not an object, a selector,
 * a `__proto__`-like name) or null.
 */
export function writePath(copy: IDataObject, path: string, value: unknown): string | null {
	const parsed = compiled(path);
	const keys = parsed.key !== null ? [parsed.key] : parsed.keys;
	// Selectors and blocked names (`__proto__`, `constructor`, `prototype`) are never written.
	if (keys === null) return path;
	let cursor: IDataObject = copy;
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i];
		if (i === keys.length - 1) {
			withField(cursor, key, value);
			break;
		}
		const next = Object.prototype.hasOwnProperty.call(cursor, key) ? cursor[key] : undefined;
		if (next === undefined || next === null) {
			cursor = withField(cursor, key, {})[key] as IDataObject;
		} else if (typeof next === 'object' && !Array.isArray(next)) {
			cursor = next as IDataObject;
		} else {
			return keys.slice(0, i + 1).join('.');
		}
	}
	return null;
}
