/**
 * The build steps tsc does not do. tsc has already type-checked the sources and written the
 * declarations; here esbuild bundles each entry point (the library index, every node file and
 * every credential file) with zod inside it, so the installed package needs nothing at run time
 * and n8n's own zod can never stand in for ours. Only n8n-workflow stays external: it is the peer n8n provides.
 */
const { src, dest, series } = require('gulp');
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const DIST = path.join(__dirname, 'dist');

function nodeEntryPoints() {
	const nodesDir = path.join(__dirname, 'nodes');
	if (!fs.existsSync(nodesDir)) return [];
	return fs
		.readdirSync(nodesDir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => path.join('nodes', entry.name, `${entry.name}.node.ts`))
		.filter((file) => fs.existsSync(path.join(__dirname, file)));
}

function credentialEntryPoints() {
	const credentialsDir = path.join(__dirname, 'credentials');
	if (!fs.existsSync(credentialsDir)) return [];
	return fs
		.readdirSync(credentialsDir)
		.filter((name) => name.endsWith('.credentials.ts'))
		.map((name) => path.join('credentials', name));
}

async function bundle() {
	const entryPoints = ['index.ts', ...nodeEntryPoints(), ...credentialEntryPoints()];
	await esbuild.build({
		entryPoints,
		outbase: '.',
		outdir: DIST,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['n8n-workflow'],
		allowOverwrite: true,
		legalComments: 'inline',
		logLevel: 'warning',
	});
	// The per-file JavaScript tsc wrote is now inside the bundles; only the bundles and the
	// declarations ship.
	const keep = new Set(entryPoints.map((file) => path.join(DIST, file.replace(/\.ts$/, '.js'))));
	removeUnbundledJs(DIST, keep);
}

function removeUnbundledJs(dir, keep) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) removeUnbundledJs(full, keep);
		else if (entry.name.endsWith('.js') && !keep.has(full)) fs.rmSync(full);
	}
}

function copyNodeAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.png', 'nodes/**/*.node.json', 'credentials/**/*.svg'], {
		base: '.',
		encoding: false,
		allowEmpty: true,
	}).pipe(dest(DIST));
}

exports.build = series(bundle, copyNodeAssets);
exports.default = exports.build;
