/**
 * The request a node makes with `this.helpers.httpRequestWithAuthentication`, run by n8n-core's
 * own code (request-helper-functions: preAuthentication, authenticate, the retry on 401, the
 * NodeApiError it throws) over real HTTP. The one piece n8n keeps outside n8n-core, the
 * credentials helper of the n8n server (packages/cli/src/credentials-helper.ts), is written
 * out below as n8n 2.8.4 has it: a function `authenticate` is called as is; `preAuthentication`
 * runs when the expirable field is empty or the last call said 401, and its output is stored.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import type { NetSuiteRequest } from '../../nodes/shared/netsuite/lookup';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- not re-exported by n8n-core's index
const requestHelpers = require(
	require.resolve(
		'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions',
	),
) as {
	httpRequest(options: IHttpRequestOptions): Promise<unknown>;
	httpRequestWithAuthentication(
		this: unknown,
		credentialsType: string,
		options: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
		additionalData: IWorkflowExecuteAdditionalData,
	): Promise<unknown>;
};

export interface StoredCredential {
	/** What the n8n database holds now (the expirable token included). */
	data: ICredentialDataDecryptedObject;
	/** How many times preAuthentication ran (tokens fetched). */
	preAuthentications: number;
}

export function n8nRequest(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
): { request: NetSuiteRequest; stored: StoredCredential } {
	const stored: StoredCredential = { data: { ...data }, preAuthentications: 0 };
	const node: INode = {
		id: 'guard',
		name: 'Return Handoff Guard',
		type: 'n8n-nodes-returns-handoff.returnHandoffGuard',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type.name]: { id: '1', name: 'NetSuite sandbox' } },
	};
	const expirable = type.properties.find(
		(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
	);
	const credentialsHelper = {
		getParentTypes: () => [],
		async preAuthentication(
			helpers: unknown,
			credentials: ICredentialDataDecryptedObject,
			_typeName: string,
			_node: INode,
			credentialsExpired: boolean,
		) {
			if (!expirable || !type.preAuthentication) return undefined;
			if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
			stored.preAuthentications++;
			const output = await type.preAuthentication.call(helpers as never, credentials);
			if (output[expirable.name] === undefined) return undefined;
			stored.data = { ...credentials, ...output } as ICredentialDataDecryptedObject;
			return Object.assign(credentials, output);
		},
		async authenticate(
			credentials: ICredentialDataDecryptedObject,
			_typeName: string,
			options: IHttpRequestOptions,
		) {
			if (typeof type.authenticate !== 'function') return options;
			return await type.authenticate(credentials, options);
		},
	};
	const context = {
		getCredentials: async () => ({ ...stored.data }),
		getNode: () => node,
		helpers: { httpRequest: requestHelpers.httpRequest },
	};
	const additionalData = { credentialsHelper } as unknown as IWorkflowExecuteAdditionalData;
	const request: NetSuiteRequest = async (options) =>
		await requestHelpers.httpRequestWithAuthentication.call(
			context,
			type.name,
			options,
			{} as Workflow,
			node,
			additionalData,
		);
	return { request, stored };
}
