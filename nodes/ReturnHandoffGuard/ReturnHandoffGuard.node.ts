import {
	VersionedNodeType,
	type INodeTypeBaseDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { NodeVersion } from '../shared/nodeVersion';
import { versionDescription } from './v1/description';
import { guardHandoffs } from './v1/execute';
import { versionDescription as versionDescriptionV11 } from './v1_1/description';
import { guardHandoffs as guardHandoffsV11 } from './v1_1/execute';

export class ReturnHandoffGuard extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Return Handoff Guard',
			name: 'returnHandoffGuard',
			icon: { light: 'file:returnHandoffGuard.svg', dark: 'file:returnHandoffGuard.dark.svg' },
			group: ['transform'],
			subtitle:
				'={{$parameter["mode"] === "normalize" ? "Validate and normalize" : "Validate only"}}',
			description:
				'Check a return or refund payload before the ERP call: verdict pass or blocked, with problem codes (e.g. unmapped_status), symptom and cause; routes it to Pass or Blocked',
			documentationUrl:
				'https://www.npmjs.com/package/n8n-nodes-returns-handoff#return-handoff-guard',
			usableAsTool: true,
			defaultVersion: 1.1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new NodeVersion(versionDescription(baseDescription), guardHandoffs),
			1.1: new NodeVersion(versionDescriptionV11(baseDescription), guardHandoffsV11),
		};
		super(nodeVersions, baseDescription);
	}
}
