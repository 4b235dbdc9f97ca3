// End to end in a real n8n: the packed package installed the way n8n installs a community
// package, workflows imported and executed through n8n's CLI. The first run installs n8n into
// .cache/ (about 4 minutes, 2.3 GB); N8N_E2E=0 skips these tests.
// N8N_E2E_TGZ=<file> installs that tarball instead of packing the repo.
import * as n8n from '../../scripts/n8n/env';
import { startStandInErp, type StandInErp } from '../../scripts/stand-in-erp';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const describeE2e = process.env.N8N_E2E === '0' ? describe.skip : describe;
const SETUP_TIMEOUT_MS = 20 * 60 * 1000;
const RUN_TIMEOUT_MS = 3 * 60 * 1000;

const manualTrigger = {
	id: '0c5a1f6e-0000-4000-8000-000000000001',
	name: 'Manual Trigger',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function noOpWorkflow() {
	return {
		name: 'e2e install smoke',
		nodes: [
			manualTrigger,
			{
				id: '0c5a1f6e-0000-4000-8000-000000000002',
				name: 'No Operation',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] },
		},
	};
}

// The shape the Tagger sees in production: an HTTP Request node posting to the ERP, its failures
// routed to the error output.
function erpCallWorkflow(creditMemoUrl: string, returnIds: string[]) {
	return {
		name: 'e2e ERP call',
		nodes: [
			manualTrigger,
			{
				id: '0c5a1f6e-0000-4000-8000-000000000003',
				name: 'Payloads',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode: `return ${JSON.stringify(returnIds)}.map((returnId) => ({ json: { returnId, total: 42.5 } }));`,
				},
			},
			{
				id: '0c5a1f6e-0000-4000-8000-000000000004',
				name: 'Post Credit Memo',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
				onError: 'continueErrorOutput',
				parameters: {
					method: 'POST',
					url: creditMemoUrl,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: {},
				},
			},
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'Payloads', type: 'main', index: 0 }]] },
			Payloads: { main: [[{ node: 'Post Credit Memo', type: 'main', index: 0 }]] },
		},
	};
}

interface HttpError {
	status: number;
	name: string;
	message: string;
}

describeE2e('the package in a real n8n', () => {
	let folder: n8n.UserFolder;
	let ctx: n8n.N8nContext;
	let erp: StandInErp;

	beforeAll(async () => {
		const install = await n8n.ensureN8n();
		const tarball = process.env.N8N_E2E_TGZ || (await n8n.packPackage());
		folder = await n8n.createUserFolder(tarball);
		ctx = await n8n.createContext(install, folder);
		erp = await startStandInErp();
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (erp) await erp.close();
		if (folder) n8n.removeUserFolder(folder.userFolder);
	});

	it('is installed where and how n8n installs a community package', () => {
		expect(folder.packageName).toBe('n8n-nodes-returns-handoff');
		const listed = JSON.parse(readFileSync(join(folder.nodesDir, 'package.json'), 'utf8'));
		expect(listed.dependencies).toEqual({ [folder.packageName as string]: folder.packageVersion });
		const manifest = JSON.parse(
			readFileSync(join(folder.packageDir as string, 'package.json'), 'utf8'),
		);
		expect(manifest.peerDependencies).toBeUndefined();
		expect(manifest.devDependencies).toBeUndefined();
	});

	it(
		'imports and executes a workflow, and the run JSON is readable',
		async () => {
			const run = await n8n.runWorkflow(ctx, noOpWorkflow());

			expect(run.status).toBe('success');
			expect(n8n.outputOf(run, 'No Operation')).toHaveLength(1);
			expect(n8n.executionTimeOf(run, 'No Operation')).toEqual(expect.any(Number));
			expect(n8n.outputOf(run, 'No Operation', 1)).toEqual([]);
		},
		RUN_TIMEOUT_MS,
	);

	it(
		"routes the stand-in ERP's NetSuite errors to the HTTP Request node's error output",
		async () => {
			const run = await n8n.runWorkflow(
				ctx,
				erpCallWorkflow(erp.creditMemoUrl, ['RA-1001', 'RA-1002-DUP', 'RA-1003-STATUS']),
			);

			expect(run.status).toBe('success');
			const posted = n8n.outputOf(run, 'Post Credit Memo', 0);
			const failed = n8n.outputOf(run, 'Post Credit Memo', 1);
			expect(posted.map((item) => item.json.returnId)).toEqual(['RA-1001']);
			expect(failed.map((item) => item.json.returnId)).toEqual(['RA-1002-DUP', 'RA-1003-STATUS']);
			// HTTP Request 4.2 keeps the input item and adds `error`: the HTTP status, and the
			// ERP's body as a JSON string quoted inside the message.
			const [duplicate, badStatus] = failed.map((item) => item.json.error as HttpError);
			expect(duplicate).toMatchObject({ status: 400, name: 'AxiosError' });
			expect(duplicate.message).toContain('DUP_RCRD');
			expect(badStatus.message).toMatch(/o:errorPath[\\":]+status/);
			expect(erp.calls().map((call) => call.scenario)).toEqual(['ok', 'dup', 'status']);
		},
		RUN_TIMEOUT_MS,
	);
});
