import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';

import { versionDescription } from './description';
import { tagFailedHandoffs } from './execute';

// eslint-disable-next-line @n8n/community-nodes/icon-validation -- the icon is declared once on the versioned node (../ReturnHandoffTagger.node.ts), where n8n resolves it for every version
export class ReturnHandoffTaggerV1 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = versionDescription(baseDescription);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return tagFailedHandoffs.call(this);
	}
}
