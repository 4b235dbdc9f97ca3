// The stand-in ERP answers as NetSuite does, and each test picks the answer with its payload.
import { startStandInErp, type StandInErp } from '../../scripts/stand-in-erp';

let erp: StandInErp;

beforeAll(async () => {
	erp = await startStandInErp();
});

afterAll(async () => {
	await erp.close();
});

interface CallLog {
	count: number;
	calls: Array<{ scenario: string }>;
}

async function callLog() {
	return (await (await fetch(`${erp.url}/__calls`)).json()) as CallLog;
}

async function post(body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(erp.creditMemoUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, location: response.headers.get('location'), text };
}

function errorCode(text: string) {
	return JSON.parse(text)['o:errorDetails'][0]['o:errorCode'];
}

it('creates a credit memo for a good payload', async () => {
	const created = await post({ returnId: 'RA-1001', total: 42.5 });

	expect(created.status).toBe(200);
	expect(JSON.parse(created.text)).toMatchObject({ id: expect.any(String), returnId: 'RA-1001' });
	expect(created.location).toMatch(/\/services\/rest\/record\/v1\/creditMemo\/\d+$/);
});

it.each([
	[{ returnId: 'RA-1001-BADREF' }, 400, 'INVALID_KEY_OR_REF'],
	[{ returnId: 'RA-1001-dup' }, 400, 'DUP_RCRD'],
	[{ memo: 'ratelimit' }, 429, 'SSS_REQUEST_LIMIT_EXCEEDED'],
	[{ memo: 'stand-in:auth' }, 401, 'INVALID_LOGIN'],
	[{ externalId: 'X-STATUS' }, 400, 'INVALID_FLD_VALUE'],
	[{ returnId: 'RA-7-subsidiary' }, 400, 'INVALID_FLD_VALUE'],
	[{ returnId: 'RA-7-amount' }, 400, 'INVALID_FLD_VALUE'],
	[{ returnId: 'RA-7-unknown' }, 400, 'USER_ERROR'],
])('answers %j with %i %s', async (body, status, code) => {
	const answer = await post(body);

	expect(answer.status).toBe(status);
	expect(errorCode(answer.text)).toBe(code);
});

it('names the field a field error is about', async () => {
	const details = JSON.parse((await post({ returnId: 'RA-8-STATUS' })).text)['o:errorDetails'];

	expect(details[0]['o:errorPath']).toBe('status');
});

it('answers 503 with no error code, and lets a header pick the scenario', async () => {
	const answer = await post({ returnId: 'RA-9' }, { 'X-Stand-In-Scenario': 'unavailable' });

	expect(answer.status).toBe(503);
	expect(JSON.parse(answer.text)['o:errorDetails']).toBeUndefined();
});

it('drops the connection for the reset scenario', async () => {
	await expect(post({ returnId: 'RA-10-RESET' })).rejects.toThrow();
});

it('counts what it received, so a test can prove nothing was sent', async () => {
	await fetch(`${erp.url}/__calls`, { method: 'DELETE' });
	expect((await callLog()).count).toBe(0);

	await post({ returnId: 'RA-11' });
	await post('not json');

	const listed = await callLog();
	expect(listed.count).toBe(2);
	expect(listed.calls.map((call) => call.scenario)).toEqual(['ok', 'invalid_content']);
	expect(erp.calls()).toHaveLength(2);
});
