import {
	VersionedNodeType,
	type INodeTypeBaseDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { NodeVersion } from '../shared/nodeVersion';
import { versionDescription } from './v1/description';
import { reportPatterns } from './v1/execute';

export class HandoffPatternReport extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Handoff Pattern Report',
			name: 'handoffPatternReport',
			icon: { light: 'file:handoffPatternReport.svg', dark: 'file:handoffPatternReport.dark.svg' },
			group: ['transform'],
			subtitle:
				'={{$parameter["rememberDays"] > 0 ? "Remember " + $parameter["rememberDays"] + " days" : "This run only"}}',
			description:
				'Summarize handoff tags: counts by symptom and boundary, structural vs one-time patterns (the same symptom and cause 3+ times by default), lag statistics, as Markdown and an HTML report',
			documentationUrl:
				'https://www.npmjs.com/package/n8n-nodes-returns-handoff#handoff-pattern-report',
			usableAsTool: true,
			defaultVersion: 1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new NodeVersion(versionDescription(baseDescription), reportPatterns),
		};
		super(nodeVersions, baseDescription);
	}
}
