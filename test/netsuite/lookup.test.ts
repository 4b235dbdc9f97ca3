// The Guard's NetSuite lookup against the stand-in NetSuite on loopback, through n8n-core's own
// authenticated-request code and the package's real credentials: what NetSuite is asked, what
// comes back, and each way it fails.
import { generateKeyPairSync } from 'node:crypto';

import { NetSuiteOAuth2Api } from '../../credentials/NetSuiteOAuth2Api.credentials';
import { NetSuiteTokenApi } from '../../credentials/NetSuiteTokenApi.credentials';
import { lookupNetSuiteOrders, type LookupResult } from '../../nodes/shared/netsuite/lookup';
import {
	startStandInErp,
	type StandInErp,
	type StandInOptions,
	type StandInOrder,
} from '../../scripts/stand-in-erp';
import { n8nRequest } from './n8n-request';

const open: StandInErp[] = [];
afterEach(async () => {
	await Promise.all(open.splice(0).map((erp) => erp.close()));
});

async function standIn(options: StandInOptions = {}) {
	const erp = await startStandInErp(options);
	open.push(erp);
	return erp;
}

function tbaRequest(erp: StandInErp, overrides: Record<string, string> = {}) {
	return n8nRequest(new NetSuiteTokenApi(), { ...erp.tba, baseUrl: erp.url, ...overrides });
}

function m2mRequest(erp: StandInErp, overrides: Record<string, string> = {}) {
	return n8nRequest(new NetSuiteOAuth2Api(), {
		accountId: erp.accountId,
		clientId: erp.m2m.clientId,
		certificateId: erp.m2m.certificateId,
		privateKey: String(erp.m2m.privateKey),
		algorithm: 'PS256',
		baseUrl: erp.url,
		accessToken: '',
		...overrides,
	});
}

/** A sleep that only records what it was asked to wait. */
function recordedSleep() {
	const waits: number[] = [];
	return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const orderNumber = (n: number) => `SO-${String(n).padStart(7, '0')}`;

function salesOrders(count: number): StandInOrder[] {
	return Array.from({ length: count }, (_, index) => ({
		tranId: orderNumber(30000 + index),
		status: index % 10 === 0 ? 'H' : 'B',
		subsidiary: index % 4 === 0 ? 'Canada Retail' : 'US Retail',
	}));
}

const suiteqlCalls = (erp: StandInErp) =>
	erp.calls().filter((call) => call.path === '/services/rest/query/v1/suiteql');

function found(result: LookupResult) {
	if (result.kind !== 'found') throw new Error(`expected orders, got ${JSON.stringify(result)}`);
	return result;
}

it('looks 2,500 distinct refs up in ⌈2,500 / 1,000⌉ signed SuiteQL queries', async () => {
	const erp = await standIn({ orders: salesOrders(3000) });
	const refs = Array.from({ length: 2500 }, (_, index) => orderNumber(30000 + index * 1));
	const unknown = ['SO-0099998', 'SO-0099999'];
	const { sleep, waits } = recordedSleep();

	const result = found(
		await lookupNetSuiteOrders([...refs, ...refs.slice(0, 700), ...unknown], {
			request: tbaRequest(erp).request,
			sleep,
		}),
	);

	expect(result).toMatchObject({ queries: 3, pages: 3, requests: 3 });
	expect(result.found.size).toBe(2500);
	for (const ref of unknown) expect(result.found.has(ref)).toBe(false);
	expect(result.found.get('SO-0030000')).toEqual({
		orderRef: 'SO-0030000',
		id: expect.any(String),
		status: 'H',
		statusLabel: 'Closed',
		subsidiary: 'Canada Retail',
	});
	expect(result.found.get('SO-0030001')).toMatchObject({
		status: 'B',
		statusLabel: 'Pending Fulfillment',
		subsidiary: 'US Retail',
	});
	const calls = suiteqlCalls(erp);
	expect(calls.map((call) => [call.status, call.auth, call.suiteql?.refs])).toEqual([
		[200, 'tba', 1000],
		[200, 'tba', 1000],
		[200, 'tba', 502],
	]);
	expect(waits).toEqual([]);
});

it('follows hasMore through the pages of one query', async () => {
	const erp = await standIn({ orders: salesOrders(1000) });
	const refs = salesOrders(1000).map((order) => order.tranId);

	const result = found(
		await lookupNetSuiteOrders(refs, {
			request: tbaRequest(erp).request,
			sleep: async () => {},
			pageSize: 300,
		}),
	);

	expect(result.found.size).toBe(1000);
	expect(result).toMatchObject({ queries: 1, pages: 4 });
	expect(suiteqlCalls(erp).map((call) => call.query)).toEqual([
		'?limit=300&offset=0',
		'?limit=300&offset=300',
		'?limit=300&offset=600',
		'?limit=300&offset=900',
	]);
});

it("sends a ref only as a literal: x' OR '1'='1 finds nothing and breaks nothing", async () => {
	const erp = await standIn({
		orders: [
			{ tranId: 'SO-0010001' },
			{ tranId: "SO-O'NEIL-7" },
			{ tranId: 'SO-0010003', status: 'H' },
		],
	});

	const result = found(
		await lookupNetSuiteOrders(
			["x' OR '1'='1", "SO-O'NEIL-7", "') OR 1=1 --", 'SO-0010001\n', 'SO-0010001'],
			{ request: tbaRequest(erp).request, sleep: async () => {} },
		),
	);

	expect([...result.found.keys()].sort()).toEqual(['SO-0010001', "SO-O'NEIL-7"]);
	const [call] = suiteqlCalls(erp);
	expect(call.status).toBe(200);
	// The ref with a line break is never sent; the other four are, each as one literal.
	expect(call.suiteql?.refs).toBe(4);
});

it('fetches one M2M token, keeps it, and fetches another when NetSuite says it expired', async () => {
	let now = Date.now();
	const erp = await standIn({
		orders: salesOrders(10),
		tokenLifetimeSeconds: 60,
		clock: () => now,
	});
	const { request, stored } = m2mRequest(erp);
	const refs = salesOrders(10).map((order) => order.tranId);

	found(await lookupNetSuiteOrders(refs, { request, sleep: async () => {} }));
	found(await lookupNetSuiteOrders(refs, { request, sleep: async () => {} }));
	expect(stored.preAuthentications).toBe(1);
	const firstToken = stored.data.accessToken;

	now += 120_000;
	const later = found(await lookupNetSuiteOrders(refs, { request, sleep: async () => {} }));

	expect(later.found.size).toBe(10);
	expect(stored.preAuthentications).toBe(2);
	expect(stored.data.accessToken).not.toBe(firstToken);
	const calls = erp.calls();
	expect(calls.filter((call) => call.auth === 'assertion').map((call) => call.status)).toEqual([
		200, 200,
	]);
	expect(suiteqlCalls(erp).map((call) => [call.auth, call.status, call.authFailure])).toEqual([
		['bearer', 200, undefined],
		['bearer', 200, undefined],
		['bearer', 401, 'token expired'],
		['bearer', 200, undefined],
	]);
});

it('signs the assertion RS256 too', async () => {
	const erp = await standIn({ orders: salesOrders(3) });

	const result = await lookupNetSuiteOrders(['SO-0030001'], {
		request: m2mRequest(erp, { algorithm: 'RS256' }).request,
		sleep: async () => {},
	});

	expect(found(result).found.size).toBe(1);
});

describe('failures', () => {
	it("a wrong token secret is an auth failure carrying NetSuite's code", async () => {
		const erp = await standIn();
		const { sleep, waits } = recordedSleep();

		const result = await lookupNetSuiteOrders(['SO-0010001'], {
			request: tbaRequest(erp, { tokenSecret: 'not the secret' }).request,
			sleep,
		});

		expect(result).toMatchObject({ kind: 'auth', status: 401, code: 'INVALID_LOGIN' });
		expect(waits).toEqual([]);
		// n8n-core itself sends a request once more after a 401; the lookup adds no retry.
		expect(suiteqlCalls(erp).map((call) => call.authFailure)).toEqual(['signature', 'signature']);
	});

	it('an M2M key NetSuite does not have is an auth failure at the token endpoint', async () => {
		const erp = await standIn();
		const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

		const result = await lookupNetSuiteOrders(['SO-0010001'], {
			request: m2mRequest(erp, {
				privateKey: stranger.export({ type: 'pkcs8', format: 'pem' }).toString(),
			}).request,
			sleep: async () => {},
		});

		expect(result).toMatchObject({ kind: 'auth', status: 401, code: 'invalid_client' });
		expect(suiteqlCalls(erp)).toHaveLength(0);
	});

	it.each(['ratelimit', 'requestLimit', 'tooManyRequests', 'serverError', 'unavailable'] as const)(
		'retries %s with backoff, and succeeds when NetSuite recovers',
		async (answer) => {
			const erp = await standIn({ faults: [{ path: 'suiteql', answer, times: 2 }] });
			const { sleep, waits } = recordedSleep();

			const result = found(
				await lookupNetSuiteOrders(['SO-0010001'], { request: tbaRequest(erp).request, sleep }),
			);

			expect(result.found.has('SO-0010001')).toBe(true);
			expect(result.requests).toBe(3);
			expect(waits).toHaveLength(2);
			expect(waits).toEqual([1000, 2000]);
		},
	);

	it.each([
		['ratelimit', 429, 'SSS_REQUEST_LIMIT_EXCEEDED'],
		['unavailable', 503, null],
		['reset', null, null],
	] as const)(
		'gives up on %s after the bounded retries: unavailable',
		async (answer, status, code) => {
			const erp = await standIn({ faults: [{ path: 'suiteql', answer }] });
			const { sleep, waits } = recordedSleep();

			const result = await lookupNetSuiteOrders(['SO-0010001'], {
				request: tbaRequest(erp).request,
				sleep,
				maxAttempts: 4,
				maxDelayMs: 3000,
			});

			expect(result).toMatchObject({ kind: 'unavailable', attempts: 4, lastStatus: status, code });
			expect(suiteqlCalls(erp)).toHaveLength(4);
			expect(waits).toHaveLength(3);
			for (const wait of waits) expect(wait).toBeLessThanOrEqual(3000);
		},
	);

	it('a slow NetSuite is waited for, not failed', async () => {
		const erp = await standIn({ faults: [{ path: 'suiteql', answer: 'latency', latencyMs: 300 }] });

		const result = await lookupNetSuiteOrders(['SO-0010001'], {
			request: tbaRequest(erp).request,
			sleep: async () => {},
		});

		expect(found(result).found.size).toBe(1);
	});

	it('any other client error is a rejection, not retried', async () => {
		const erp = await standIn({ faults: [{ path: 'suiteql', answer: 'status' }] });

		const result = await lookupNetSuiteOrders(['SO-0010001'], {
			request: tbaRequest(erp).request,
			sleep: async () => {},
		});

		expect(result).toMatchObject({ kind: 'rejected', status: 400, code: 'INVALID_FLD_VALUE' });
		expect(suiteqlCalls(erp)).toHaveLength(1);
	});

	it('no refs, no request', async () => {
		const erp = await standIn();

		const result = found(
			await lookupNetSuiteOrders([], { request: tbaRequest(erp).request, sleep: async () => {} }),
		);

		expect(result).toMatchObject({ queries: 0, pages: 0, requests: 0 });
		expect(erp.calls()).toHaveLength(0);
	});
});
