import {
	VersionedNodeType,
	type INodeTypeBaseDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { NodeVersion } from '../shared/nodeVersion';
import { versionDescription } from './v1/description';
import { tagFailedHandoffs } from './v1/execute';

export class ReturnHandoffTagger extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Return Handoff Tagger',
			name: 'returnHandoffTagger',
			icon: { light: 'file:returnHandoffTagger.svg', dark: 'file:returnHandoffTagger.dark.svg' },
			group: ['transform'],
			subtitle: '={{"Tag in " + $parameter["tagField"]}}',
			description:
				'Classify a failed ERP call for a return or refund: symptom, cause, fix and whether to retry (e.g. duplicate_posting, already_posted); routes it to Retry, Fix or Unclassified',
			documentationUrl:
				'https://www.npmjs.com/package/n8n-nodes-returns-handoff#return-handoff-tagger',
			usableAsTool: true,
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new NodeVersion(versionDescription(baseDescription), tagFailedHandoffs),
		};
		super(nodeVersions, baseDescription);
	}
}
