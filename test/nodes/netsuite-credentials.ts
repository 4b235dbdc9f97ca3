/**
 * The credentials helper an n8n server gives the engine (packages/cli/src/credentials-helper.ts
 * in n8n 2.8.4), written out for the package's two NetSuite credentials so a workflow run here
 * signs its requests with the real credential code: `getDecrypted` hands out the stored data,
 * a function `authenticate` is called as is, and `preAuthentication` runs when the expirable
 * field is empty or the last call said 401, its output stored back. Everything else the engine
 * does with credentials (n8n-core's authenticated request, its retry on 401, the errors) is
 * n8n-core's own.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { NetSuiteOAuth2Api } from '../../credentials/NetSuiteOAuth2Api.credentials';
import { NetSuiteTokenApi } from '../../credentials/NetSuiteTokenApi.credentials';
import type { StandInErp } from '../../scripts/stand-in-erp';

const TYPES: Record<string, ICredentialType> = {
	netSuiteTokenApi: new NetSuiteTokenApi(),
	netSuiteOAuth2Api: new NetSuiteOAuth2Api(),
};

export interface CredentialStore {
	/** Stored data by credential type, as the n8n database would hold it decrypted. */
	data: Record<string, ICredentialDataDecryptedObject>;
	/** How many access tokens preAuthentication fetched. */
	preAuthentications: number;
}

export function credentialsHelperFor(data: Record<string, ICredentialDataDecryptedObject>): {
	additionalData: Partial<IWorkflowExecuteAdditionalData>;
	store: CredentialStore;
} {
	const store: CredentialStore = { data: { ...data }, preAuthentications: 0 };
	const typeOf = (name: string) => {
		const type = TYPES[name];
		if (!type) throw new Error(`No credential type ${name} in these tests`);
		return type;
	};
	const credentialsHelper = {
		getParentTypes: () => [],
		getCredentialsProperties: (name: string) => typeOf(name).properties,
		async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, name: string) {
			if (!store.data[name]) throw new Error(`No stored credential of type ${name}`);
			return { ...store.data[name] };
		},
		async authenticate(
			credentials: ICredentialDataDecryptedObject,
			name: string,
			options: IHttpRequestOptions,
		) {
			const type = typeOf(name);
			if (typeof type.authenticate !== 'function') return options;
			return await type.authenticate(credentials, options);
		},
		async preAuthentication(
			helpers: unknown,
			credentials: ICredentialDataDecryptedObject,
			name: string,
			node: INode,
			credentialsExpired: boolean,
		) {
			const type = typeOf(name);
			const expirable = type.properties.find(
				(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
			);
			if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
			if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
			store.preAuthentications++;
			const output = await type.preAuthentication.call(helpers as never, credentials);
			if (output[expirable.name] === undefined || !node.credentials) return undefined;
			store.data[name] = { ...credentials, ...output } as ICredentialDataDecryptedObject;
			return Object.assign(credentials, output);
		},
		async updateCredentials() {},
		async updateCredentialsOauthTokenData() {},
	};
	return {
		additionalData: { credentialsHelper } as unknown as Partial<IWorkflowExecuteAdditionalData>,
		store,
	};
}

/** Token-based auth data for the stand-in (its own secrets unless overridden). */
export function tbaData(erp: StandInErp, overrides: Record<string, string> = {}) {
	return { netSuiteTokenApi: { ...erp.tba, baseUrl: erp.url, ...overrides } };
}

/** OAuth 2.0 M2M data for the stand-in, with the certificate's private key it made. */
export function m2mData(erp: StandInErp, overrides: Record<string, string> = {}) {
	return {
		netSuiteOAuth2Api: {
			accountId: erp.accountId,
			clientId: erp.m2m.clientId,
			certificateId: erp.m2m.certificateId,
			privateKey: String(erp.m2m.privateKey),
			algorithm: 'PS256',
			baseUrl: erp.url,
			accessToken: '',
			...overrides,
		},
	};
}
