import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	GRANT_ENDPOINT_PATH,
	clientAssertion,
	netSuiteBaseUrl,
	requestUrl,
	tokenRequestBody,
	withSignedUrl,
	type JwtAlgorithm,
} from './netSuiteSigning';

/**
 * NetSuite OAuth 2.0 machine to machine (client credentials): the credential signs a JWT client
 * assertion with the certificate's private key, trades it at the account's token endpoint for
 * an access token, and sends that as a bearer token. n8n keeps the token in the hidden
 * expirable field and asks for a new one when NetSuite answers 401 (tokens last 60 minutes).
 * n8n's generic OAuth2 credential cannot build the assertion, hence this one.
 */
export class NetSuiteOAuth2Api implements ICredentialType {
	name = 'netSuiteOAuth2Api';

	displayName = 'NetSuite OAuth2 (Machine to Machine) API';

	icon = { light: 'file:netsuite.svg', dark: 'file:netsuite.dark.svg' } as const;

	documentationUrl =
		'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_162686838198.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '123456_SB1',
			description:
				'Setup > Company > Company Information > Account ID. A sandbox ends in _SB1, _SB2…',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The consumer key of the integration record that has the client credentials grant enabled',
		},
		{
			displayName: 'Certificate ID',
			name: 'certificateId',
			type: 'string',
			default: '',
			required: true,
			description:
				'Setup > Integration > OAuth 2.0 Client Credentials (M2M) Setup: the ID NetSuite gave the uploaded certificate',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----…',
			description:
				'PEM private key of the certificate uploaded to NetSuite (RSA, at least 3072 bits)',
		},
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'PS256 (RSA-PSS)', value: 'PS256' },
				{ name: 'RS256 (RSA PKCS#1 v1.5)', value: 'RS256' },
			],
			default: 'PS256',
			description:
				"How the client assertion is signed. NetSuite's current documentation lists PS256; RS256 is for accounts that still accept it.",
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://123456-sb1.suitetalk.api.netsuite.com',
			description:
				"Leave empty to use the account's own REST host. Set it to reach NetSuite through a proxy, or a stand-in in tests.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const tokenUrl = `${netSuiteBaseUrl(String(credentials.accountId ?? ''), String(credentials.baseUrl ?? ''))}${GRANT_ENDPOINT_PATH}`;
		const assertion = clientAssertion({
			clientId: String(credentials.clientId ?? ''),
			certificateId: String(credentials.certificateId ?? ''),
			privateKey: String(credentials.privateKey ?? ''),
			algorithm: (credentials.algorithm === 'RS256' ? 'RS256' : 'PS256') as JwtAlgorithm,
			tokenUrl,
		});
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: tokenUrl,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: tokenRequestBody(assertion),
		})) as IDataObject | string;
		const token = (typeof answer === 'string' ? JSON.parse(answer) : answer) as IDataObject;
		if (typeof token.access_token !== 'string' || token.access_token === '') {
			throw new Error(`NetSuite's token endpoint ${tokenUrl} answered without an access_token`);
		}
		return { accessToken: token.access_token };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const url = requestUrl(
			requestOptions,
			netSuiteBaseUrl(String(credentials.accountId ?? ''), String(credentials.baseUrl ?? '')),
		);
		return withSignedUrl(requestOptions, url, {
			...requestOptions.headers,
			Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
		});
	}

	// One sales order through SuiteQL: proves the token and that the role may read the sales
	// orders the Guard looks up.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '/services/rest/query/v1/suiteql',
			qs: { limit: 1 },
			headers: { Prefer: 'transient' },
			body: { q: "SELECT id FROM transaction WHERE type = 'SalesOrd'" },
		},
	};
}
