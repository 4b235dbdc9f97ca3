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
				'Explain a return from its portal, payment, ERP and support records: state mismatch, pending or consistent, with symptom and cause (e.g. id_linkage_failure, wrong_subsidiary); routes it to Mismatch, Pending, Consistent or Unmatched',
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
