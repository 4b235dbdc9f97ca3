import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	netSuiteBaseUrl,
	requestUrl,
	tokenBasedAuthorization,
	withSignedUrl,
} from './netSuiteSigning';

/**
 * NetSuite token-based authentication: every request is signed with OAuth 1.0a HMAC-SHA256
 * (`realm` = the account ID) from an integration record's consumer key and secret and a user's
 * access token. Oracle accepts no new TBA integrations from release 2027.1; existing ones keep
 * working, and NetSuite OAuth2 (Machine to Machine) is the replacement.
 */
export class NetSuiteTokenApi implements ICredentialType {
	name = 'netSuiteTokenApi';

	displayName = 'NetSuite Token-Based Auth API';

	icon = { light: 'file:netsuite.svg', dark: 'file:netsuite.dark.svg' } as const;

	documentationUrl =
		'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/chapter_1540809676.html';

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
			displayName: 'Consumer Key',
			name: 'consumerKey',
			type: 'string',
			default: '',
			required: true,
			description: 'From the integration record, shown once when it is saved',
		},
		{
			displayName: 'Consumer Secret',
			name: 'consumerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Token ID',
			name: 'tokenId',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'From the access token created for the integration, a user and a role',
		},
		{
			displayName: 'Token Secret',
			name: 'tokenSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
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
	];

	authenticate: IAuthenticate = async (credentials, requestOptions: IHttpRequestOptions) => {
		const accountId = String(credentials.accountId ?? '');
		const url = requestUrl(
			requestOptions,
			netSuiteBaseUrl(accountId, String(credentials.baseUrl ?? '')),
		);
		const authorization = tokenBasedAuthorization(
			{
				accountId,
				consumerKey: String(credentials.consumerKey ?? ''),
				consumerSecret: String(credentials.consumerSecret ?? ''),
				tokenId: String(credentials.tokenId ?? ''),
				tokenSecret: String(credentials.tokenSecret ?? ''),
			},
			requestOptions.method ?? 'GET',
			url,
		);
		// The signature covers this exact URL, query included: send it as built, with nothing
		// left for the HTTP client to merge.
		return withSignedUrl(requestOptions, url, {
			...requestOptions.headers,
			Authorization: authorization,
		});
	};

	// One sales order through SuiteQL: proves the signature and that the token's role may read
	// the sales orders the Guard looks up.
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
