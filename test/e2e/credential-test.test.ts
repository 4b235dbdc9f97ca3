// The NetSuite credentials' `test` through n8n's own credential-test path: a started n8n 2.8.4
// (`n8n start`), an owner logged in over REST, each credential saved with `POST
// /rest/credentials` and tested with `POST /rest/credentials/test`, as the editor's "Retry"
// button does. n8n runs the credential's test request with its own credentials helper (the
// signing, the M2M token fetch) against the stand-in NetSuite, which checks the signature and
// the JWT assertion for real.
import path from 'node:path';

import * as n8n from '../../scripts/n8n/env';
import { login, setUpOwner, startN8n, waitForReady } from '../../scripts/n8n/server';
import { startStandInErp, type StandInErp } from '../../scripts/stand-in-erp';
import {
	N8N_LABEL,
	SETUP_TIMEOUT_MS,
	describeE2e,
	installN8nWithPackage,
	removeN8nUserFolder,
	type N8nUnderTest,
} from './n8n-under-test';

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Credential',
	lastName: 'Test',
	password: 'Credential-test-2026',
};

interface TestAnswer {
	status: string;
	message: string;
}

describeE2e(`NetSuite credential tests in ${N8N_LABEL} (POST /rest/credentials/test)`, () => {
	let under: N8nUnderTest | undefined;
	let erp: StandInErp | undefined;
	let server: ReturnType<typeof startN8n> | undefined;
	let cookie = '';

	beforeAll(async () => {
		under = await installN8nWithPackage();
		erp = await startStandInErp({ orders: [{ tranId: 'SO-0010001' }] });
		const port = await n8n.freePort(5800 + Math.floor(Math.random() * 500));
		server = startN8n(under.ctx, {
			port,
			logFile: path.join(under.folder.userFolder, 'n8n.log'),
		});
		await waitForReady(server);
		await setUpOwner(server.url, OWNER);
		cookie = await login(server.url, OWNER);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (server) await server.stop();
		if (erp) await erp.close();
		removeN8nUserFolder(under);
	});

	async function rest(method: string, route: string, body: unknown) {
		const response = await fetch(`${server?.url}/rest${route}`, {
			method,
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify(body),
		});
		const json = (await response.json()) as { data: unknown };
		if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
		return json.data;
	}

	/** Saves a credential, then tests it the way the editor does. */
	async function saveAndTest(type: string, name: string, data: Record<string, string>) {
		const saved = (await rest('POST', '/credentials', { name, type, data })) as { id: string };
		return (await rest('POST', '/credentials/test', {
			credentials: { id: saved.id, name, type, data },
		})) as TestAnswer;
	}

	it('token-based auth: passes with the right secrets, fails with a wrong one', async () => {
		const stand = erp as StandInErp;
		const right = { ...stand.tba, baseUrl: stand.url };
		const good = await saveAndTest('netSuiteTokenApi', 'NetSuite TBA', right);
		erp?.clearCalls();
		const bad = await saveAndTest('netSuiteTokenApi', 'NetSuite TBA (wrong secret)', {
			...right,
			tokenSecret: 'not the token secret',
		});

		expect(good.status).toBe('OK');
		expect(bad.status).toBe('Error');
		// Refused by the stand-in's own signature check, not by anything before it.
		expect(erp?.calls().map((call) => [call.status, call.authFailure])).toContainEqual([
			401,
			'signature',
		]);
	});

	it('OAuth 2.0 M2M: passes with the certificate’s key, fails with another certificate ID', async () => {
		const stand = erp as StandInErp;
		const right = {
			accountId: stand.accountId,
			clientId: stand.m2m.clientId,
			certificateId: stand.m2m.certificateId,
			privateKey: String(stand.m2m.privateKey),
			algorithm: 'PS256',
			baseUrl: stand.url,
		};
		erp?.clearCalls();
		const good = await saveAndTest('netSuiteOAuth2Api', 'NetSuite M2M', right);
		const tokenCalls = erp?.calls().filter((call) => call.path.endsWith('/token')) ?? [];
		const bad = await saveAndTest('netSuiteOAuth2Api', 'NetSuite M2M (wrong certificate)', {
			...right,
			certificateId: 'a-revoked-certificate',
		});

		expect(good.status).toBe('OK');
		expect(tokenCalls.map((call) => call.status)).toContain(200);
		expect(bad.status).toBe('Error');
	});
});
