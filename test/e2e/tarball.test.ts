// The packed tarball, unpacked where neither zod nor n8n can be resolved: the library must load
// and run from its bundle alone, the way a Code node or a plain Node.js service would use it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as n8n from '../../scripts/n8n/env';

const SCRIPT = `
const lib = require('./package/dist/index.js');
const options = { now: '2026-11-27T06:00:00Z', amountUnits: { processor: 'minor' } };
const portal = [{ returnId: 'RA-10042', orderId: '#1042', status: 'refunded', refundAmount: '89.00',
	currency: 'USD', refundInstructedAt: '2026-11-25T09:12:00-05:00', refundMethod: 'original_payment',
	channel: 'web-us', lines: [{ sku: 'TRAIL-RUN-42', quantity: 1, category: 'footwear', amount: '89.00' }] }];
const processor = [{ refundId: 're_3PqL2x', returnId: 'RA-10042', amount: 8900, currency: 'usd',
	status: 'succeeded', method: 'original_payment', disbursedAt: 1764080100 }];
const { cases } = lib.reconcileReturns({ portal, processor, erp: [], support: [] }, options);
const guard = lib.validateHandoff({ orderId: '#1042', status: 'approved', refundAmount: '89.00', currency: 'USD' });
const tag = lib.tagHandoffError({ error: { message: 'socket hang up', code: 'ECONNRESET' } });
const summary = lib.summarizePatterns([cases[0].tag, tag]);
let optionError = null;
try { lib.reconcileReturns({}, { slaWindowMinutes: -1 }); } catch (error) { optionError = error.message; }
let zod = 'not resolvable';
try { require.resolve('zod'); zod = 'resolvable'; } catch {}
process.stdout.write(JSON.stringify({
	exports: Object.keys(lib).sort(),
	reconcile: [cases[0].tag.symptom, cases[0].tag.cause],
	guard: [guard.verdict, guard.problems.map((p) => p.code)],
	tagger: [tag.symptom, tag.cause, tag.retryable],
	summaryTotal: summary.total,
	optionError,
	zod,
}));
`;

describe('the packed tarball on its own', () => {
	let dir: string;
	let result: Record<string, unknown>;
	let manifest: Record<string, unknown>;

	beforeAll(
		async () => {
			const tarball = process.env.N8N_E2E_TGZ || (await n8n.packPackage());
			dir = mkdtempSync(join(tmpdir(), 'rh-tarball-'));
			execFileSync('tar', ['-xzf', tarball, '-C', dir]);
			manifest = JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8'));
			const stdout = execFileSync(process.execPath, ['-e', SCRIPT], { cwd: dir, encoding: 'utf8' });
			result = JSON.parse(stdout);
		},
		10 * 60 * 1000,
	);

	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('declares no runtime dependencies and ships only dist/', () => {
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.files).toEqual(['dist']);
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it('loads where zod cannot be resolved, so the bundled zod is the one used', () => {
		expect(result.zod).toBe('not resolvable');
		expect(result.exports).toEqual(
			expect.arrayContaining([
				'reconcileReturns',
				'validateHandoff',
				'tagHandoffError',
				'summarizePatterns',
			]),
		);
	});

	it('runs the four functions', () => {
		// A refunded return the ERP has not posted two days on: past the 4-hour SLA window, not yet
		// past the 3 days after which it counts as missing.
		expect(result.reconcile).toEqual(['timing_latency', 'overdue']);
		// No return ID, and the order only in the portal's form (`#1042`; the ERP expects `1042`).
		expect(result.guard).toEqual(['blocked', ['return_id_missing', 'order_ref_format']]);
		expect(result.tagger).toEqual(['missing_handoff', 'transport_failed', true]);
		expect(result.summaryTotal).toBe(2);
	});

	it('names a wrong option with the bundled zod', () => {
		expect(result.optionError).toMatch(/^slaWindowMinutes: /);
	});
});
