import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { FORMAT_NAMES, isFormatName } from '../../../lib/formats';
import type { ReconcileOptions } from '../../../lib/options';
import { CURRENCY_NAMES, FORMAT_LABELS } from '../../shared/descriptions';
import { locateOption } from '../../shared/items';
import { readMap, readOptional } from '../../shared/parameters';
import { KINDS } from '../v1/description';
import { baseOptions, reconcileWith } from '../v1/execute';
import { FORMAT_PARAMETERS, properties } from './description';

/** Version 1.1: version 1's run, with each input read in its format. */
export function reconcile(this: IExecuteFunctions): INodeExecutionData[][] {
	return reconcileWith(this, properties, reconcileOptions);
}

function reconcileOptions(ctx: IExecuteFunctions): ReconcileOptions {
	const options: Record<string, unknown> = {
		...baseOptions(ctx, properties),
		formats: Object.fromEntries(KINDS.map((kind) => [kind, readFormat(ctx, kind)])),
		currencyNames: readMap(ctx, properties, CURRENCY_NAMES, 0),
		localCurrency: readLocalCurrency(ctx),
	};
	for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
	return options as ReconcileOptions;
}

/**
 * An input's format. The editor offers only the known ones; an expression can return anything,
 * and a wrong name must stop the run naming the parameter rather than read records wrongly.
 */
function readFormat(ctx: IExecuteFunctions, kind: (typeof KINDS)[number]): string {
	const parameter = FORMAT_PARAMETERS[kind];
	const value = ctx.getNodeParameter(parameter, 0, 'canonical') as unknown;
	if (isFormatName(kind, value)) return value;
	const label = locateOption(properties, parameter)?.label ?? parameter;
	const known = FORMAT_NAMES[kind].map(
		(name) => `${name} (${(FORMAT_LABELS[kind] as Record<string, { name: string }>)[name].name})`,
	);
	throw new NodeOperationError(
		ctx.getNode(),
		`Invalid parameter "${label}": ${JSON.stringify(value)} is not a format`,
		{ description: `Change "${label}" to one of: ${known.join(', ')}.` },
	);
}

/** Empty means none: the ERP records then have to carry their currency. */
function readLocalCurrency(ctx: IExecuteFunctions): unknown {
	const value = readOptional(ctx, 'options.localCurrency', 0);
	return typeof value === 'string' && value.trim() === '' ? undefined : value;
}
