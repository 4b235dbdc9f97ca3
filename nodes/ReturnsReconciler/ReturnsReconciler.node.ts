import {
	VersionedNodeType,
	type INodeTypeBaseDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { NodeVersion } from '../shared/nodeVersion';
import { versionDescription } from './v1/description';
import { reconcile } from './v1/execute';
import { versionDescription as versionDescription11 } from './v1_1/description';
import { reconcile as reconcile11 } from './v1_1/execute';

export class ReturnsReconciler extends VersionedNodeType {
	constructor() {
		const baseDescription: INodeTypeBaseDescription = {
			displayName: 'Returns Reconciler',
			name: 'returnsReconciler',
			icon: { light: 'file:returnsReconciler.svg', dark: 'file:returnsReconciler.dark.svg' },
			group: ['transform'],
			subtitle: '={{"SLA " + $parameter["slaWindowMinutes"] + " min"}}',
			description:
				"Match each return's portal, payment, ERP and support records and classify it: Mismatch, Pending, Consistent; refunds and tickets no return explains leave on Unmatched",
			documentationUrl:
				'https://www.npmjs.com/package/n8n-nodes-returns-handoff#returns-reconciler',
			usableAsTool: true,
			defaultVersion: 1.1,
		};
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new NodeVersion(versionDescription(baseDescription), reconcile),
			1.1: new NodeVersion(versionDescription11(baseDescription), reconcile11),
		};
		super(nodeVersions, baseDescription);
	}
}
