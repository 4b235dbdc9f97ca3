// Each credential's `test` request, sent the way n8n sends it (n8n-core's authenticated request,
// the credential's own preAuthentication and authenticate) to the stand-in NetSuite: it passes
// with the right secrets and is refused with wrong ones.
import type { ICredentialType, IHttpRequestOptions } from 'n8n-workflow';

import { NetSuiteOAuth2Api } from '../../credentials/NetSuiteOAuth2Api.credentials';
import { NetSuiteTokenApi } from '../../credentials/NetSuiteTokenApi.credentials';
import { startStandInErp, type StandInErp } from '../../scripts/stand-in-erp';
import { n8nRequest } from './n8n-request';

let erp: StandInErp;
beforeAll(async () => {
	erp = await startStandInErp({ orders: [{ tranId: 'SO-0010001' }, { tranId: 'SO-0010002' }] });
});
afterAll(async () => {
	await erp.close();
});

/** The test request as the credential declares it, with the routing node's empty defaults. */
function testRequest(type: ICredentialType): IHttpRequestOptions {
	return {
		qs: {},
		body: {},
		headers: {},
		...(type.test?.request as IHttpRequestOptions),
		returnFullResponse: true,
	};
}

async function status(type: ICredentialType, data: Record<string, string>) {
	try {
		const response = (await n8nRequest(type, data).request(testRequest(type))) as {
			statusCode: number;
			body: { items: unknown[] };
		};
		return { status: response.statusCode, rows: response.body.items.length };
	} catch (error) {
		return { status: Number((error as { httpCode?: string }).httpCode) };
	}
}

it('token-based auth: passes with the right secrets, 401 with a wrong one', async () => {
	const type = new NetSuiteTokenApi();
	const right = { ...erp.tba, baseUrl: erp.url };

	expect(await status(type, right)).toEqual({ status: 200, rows: 1 });
	expect(await status(type, { ...right, consumerSecret: 'wrong' })).toEqual({ status: 401 });
	expect(await status(type, { ...right, accountId: '999999' })).toEqual({ status: 401 });
});

it('OAuth2 M2M: passes with the certificate’s key, fails at the token endpoint without it', async () => {
	const type = new NetSuiteOAuth2Api();
	const right = {
		accountId: erp.accountId,
		clientId: erp.m2m.clientId,
		certificateId: erp.m2m.certificateId,
		privateKey: String(erp.m2m.privateKey),
		algorithm: 'PS256',
		baseUrl: erp.url,
		accessToken: '',
	};

	expect(await status(type, right)).toEqual({ status: 200, rows: 1 });
	expect(await status(type, { ...right, certificateId: 'revoked-certificate' })).toEqual({
		status: 401,
	});
	expect(await status(type, { ...right, clientId: 'another-integration' })).toEqual({
		status: 401,
	});
});
