import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

type Run = (this: IExecuteFunctions) => INodeExecutionData[][] | Promise<INodeExecutionData[][]>;

/**
 * One version of a node: its description and the execute function that delegates to the core.
 * Every node's v1 is this shape, so it is written once; a later version that needs more (a
 * method, a loadOptions) gets a class of its own. n8n calls `execute` with the execution
 * context as `this`, so it is a property closing over `run`, not a method.
 */
export class NodeVersion implements INodeType {
	readonly execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	constructor(
		readonly description: INodeTypeDescription,
		run: Run,
	) {
		this.execute = async function (this: IExecuteFunctions) {
			return await run.call(this);
		};
	}
}
