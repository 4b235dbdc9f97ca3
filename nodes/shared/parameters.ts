/**
 * Reading the shared parameters (descriptions.ts) into library options, per item. Values the
 * core validates (windows, ID rules, map entries) are passed through as given, so the core's
 * OptionsError names the option and items.ts turns it into the parameter's name; only what the
 * core cannot see (JSON text, duplicate keys in the editor, the tag field) is checked here.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { FieldKind } from '../../lib/options';
import { DEFAULT_TAG_FIELD, type MapDefinition } from './descriptions';
import { isExpressionParameter, locateOption, parseJsonParameter } from './items';

function perItem(ctx: IExecuteFunctions, parameter: string, itemIndex: number) {
	return isExpressionParameter(ctx, parameter) ? { itemIndex } : {};
}

/** The tag field: a non-empty name. */
export function readTagField(ctx: IExecuteFunctions, itemIndex: number, name = 'tagField'): string {
	const value = ctx.getNodeParameter(name, itemIndex, DEFAULT_TAG_FIELD) as unknown;
	if (typeof value !== 'string' || value.trim() === '') {
		throw new NodeOperationError(ctx.getNode(), 'The parameter "Tag Field Name" is empty', {
			description: `Enter the name of the field that holds the tag, e.g. "${DEFAULT_TAG_FIELD}".`,
			...perItem(ctx, name, itemIndex),
		});
	}
	return value.trim();
}

/** The reference time; empty means "now" and is left to the core. */
export function readNow(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name = 'options.now',
): string | number | undefined {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === '' || value === null || value === undefined) return undefined;
	// A DateTime from an expression such as {{ $now }} arrives as an object with toISO().
	if (typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return (value as { toISO: () => string }).toISO();
	}
	if (value instanceof Date) return value.toISOString();
	return value as string | number;
}

/**
 * A map from its key/value pairs or its JSON, as the user chose in "Enter Maps As". Undefined
 * when empty, so the core's default (no map) applies. Duplicate keys in the editor are an error:
 * silently keeping one of two subsidiaries would route returns to the wrong entity.
 */
export function readMap(
	ctx: IExecuteFunctions,
	properties: readonly INodeProperties[],
	map: MapDefinition,
	itemIndex: number,
): unknown {
	const mode = ctx.getNodeParameter('mapsInput', itemIndex, 'keyValue') as string;
	if (mode === 'json') {
		const value = parseJsonParameter(ctx, properties, map.name, itemIndex, '{}');
		if (value === undefined) return undefined;
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			return Object.keys(value).length ? value : undefined;
		}
		// Anything else goes to the core, whose OptionsError says what a map must be.
		return value;
	}
	const raw = ctx.getNodeParameter(map.name, itemIndex, {}) as {
		entries?: Array<{ key?: unknown; value?: unknown }>;
	};
	const entries = raw.entries ?? [];
	if (entries.length === 0) return undefined;
	const result: Record<string, unknown> = {};
	for (const entry of entries) {
		const key = typeof entry.key === 'string' ? entry.key.trim() : String(entry.key ?? '');
		if (Object.prototype.hasOwnProperty.call(result, key)) {
			const label = locateOption(properties, map.name)?.label ?? map.displayName;
			throw new NodeOperationError(
				ctx.getNode(),
				`The parameter "${label}" has the ${map.keyLabel.toLowerCase()} "${key}" twice`,
				{
					description: `Keep one entry for "${key}" in "${label}": each ${map.keyLabel.toLowerCase()} maps to one ${map.valueLabel}.`,
					...perItem(ctx, map.name, itemIndex),
				},
			);
		}
		Object.defineProperty(result, key, {
			value: entry.value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return result;
}

/** Field paths per kind, without the empty ones (an emptied field means "the canonical name"). */
export function readFieldPaths(
	ctx: IExecuteFunctions,
	kinds: readonly FieldKind[],
	itemIndex: number,
): IDataObject | undefined {
	const raw = ctx.getNodeParameter('fieldPaths', itemIndex, {}) as IDataObject;
	const result: IDataObject = {};
	for (const kind of kinds) {
		const group = raw[kind] as IDataObject | undefined;
		if (!group) continue;
		const paths: IDataObject = {};
		for (const [field, path] of Object.entries(group)) {
			if (typeof path === 'string' && path.trim() === '') continue;
			paths[field] = typeof path === 'string' ? path.trim() : path;
		}
		if (Object.keys(paths).length) result[kind] = paths;
	}
	return Object.keys(result).length ? result : undefined;
}

/** A collection parameter as given, or undefined when nothing was added to it. */
export function readCollection(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
): IDataObject | undefined {
	const value = ctx.getNodeParameter(name, itemIndex, {}) as IDataObject;
	return value && Object.keys(value).length ? value : undefined;
}

/** An optional parameter (one inside a collection the user may not have added): undefined if absent. */
export function readOptional(ctx: IExecuteFunctions, name: string, itemIndex: number): unknown {
	const value = ctx.getNodeParameter(name, itemIndex, null) as unknown;
	return value === null ? undefined : value;
}
