'use strict';
// Our package as n8n gets it: packed with `npm pack` into <repo>/.cache/pack, then installed into
// an n8n user folder the way n8n 2.x's community-packages service installs one (read from n8n
// 2.8.4's CommunityPackagesService): unpacked into .n8n/nodes/node_modules/<name>, the
// package.json's dev, peer and optional dependencies deleted, `npm install` run inside it with
// the arguments below (so only runtime `dependencies` are installed, with no install scripts),
// and the package listed in .n8n/nodes/package.json. n8n-workflow, a peer dependency, therefore
// resolves to n8n's own copy. A plain `npm install <tgz>` is not the same: it also installs the
// peer and its native dependencies.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { CACHE_DIR, REPO_ROOT, readJson, writeJson, withDirLock } = require('../lib/files.js');
const { logger, seconds } = require('../lib/log.js');
const { MINUTE, describeFailure, run, runNpm } = require('../lib/process.js');

const log = logger('n8n-env');

/** The arguments n8n 2.8.4's CommunityPackagesService passes to `npm install` in the package. */
const N8N_COMMUNITY_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

// What the tarball is built from: a tarball newer than all of these is still current.
const PACKAGE_SOURCES = [
	'index.ts',
	'lib',
	'nodes',
	'credentials',
	'package.json',
	'gulpfile.js',
	'tsconfig.json',
	'tsconfig.build.json',
];

function newestMtimeMs(target) {
	let stat;
	try {
		stat = fs.statSync(target);
	} catch {
		return 0;
	}
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of fs.readdirSync(target)) {
		newest = Math.max(newest, newestMtimeMs(path.join(target, entry)));
	}
	return newest;
}

function expectedTarballName() {
	const { name, version } = readJson(path.join(REPO_ROOT, 'package.json'));
	return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/**
 * Packs the repo with `npm pack` (its prepack script builds dist/) into <repo>/.cache/pack. A
 * tarball newer than every source is reused, so several test files can each ask for one and
 * only the first pays for the build; `force` packs anyway.
 * @param {{force?: boolean}} [options]
 * @returns {Promise<string>} the tarball's absolute path
 */
async function packPackage({ force = false } = {}) {
	const destination = path.join(CACHE_DIR, 'pack');
	return withDirLock(
		destination,
		async () => {
			const existing = path.join(destination, expectedTarballName());
			const sourcesChanged = Math.max(
				...PACKAGE_SOURCES.map((source) => newestMtimeMs(path.join(REPO_ROOT, source))),
			);
			if (!force && fs.existsSync(existing) && fs.statSync(existing).mtimeMs > sourcesChanged) {
				log(`reusing ${existing}: no source changed since it was packed`);
				return existing;
			}
			fs.mkdirSync(destination, { recursive: true });
			log('packing the package (npm pack runs the build)');
			// The repo's .npmrc sets ignore-scripts=true, which would skip prepack and pack no dist/.
			const result = await runNpm(
				['pack', '--json', '--ignore-scripts=false', '--pack-destination', destination],
				{ cwd: REPO_ROOT, timeoutMs: 10 * MINUTE },
			);
			if (result.code !== 0) throw describeFailure('npm pack', result);
			// The build's own output may come first; npm's JSON is the last thing printed.
			const jsonStart = result.stdout.lastIndexOf('\n[\n');
			const [packed] = JSON.parse(result.stdout.slice(jsonStart === -1 ? 0 : jsonStart));
			const files = packed.files.map((file) => file.path);
			if (!files.some((file) => file.startsWith('dist/'))) {
				throw new Error(`the tarball holds no dist/ (did the build run?): ${files.join(', ')}`);
			}
			log(`packed ${packed.filename} (${files.length} files) in ${seconds(result.ms)}`);
			return path.join(destination, packed.filename);
		},
		{ log },
	);
}

/**
 * Makes a fresh n8n user folder under the OS temp dir and installs the tarball into it the way
 * n8n 2.x's community-packages service does (see the top of this file).
 * @param {string|null} tgzPath  null for a user folder with no community package
 * @param {{nodeBin?: string, userFolder?: string}} [options]  userFolder: use (and keep) this
 *   folder instead of a fresh temporary one; an earlier install of the package there is replaced.
 * @returns {Promise<{userFolder: string, nodesDir: string, packageDir: string|null,
 *   packageName: string|null, packageVersion: string|null}>}
 */
async function createUserFolder(tgzPath, { nodeBin, userFolder: chosen } = {}) {
	const userFolder = chosen
		? path.resolve(chosen)
		: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
	const nodesManifest = { name: 'installed-nodes', private: true, dependencies: {} };
	const folder = {
		userFolder,
		nodesDir,
		packageDir: null,
		packageName: null,
		packageVersion: null,
	};
	if (tgzPath) {
		const tarball = path.resolve(tgzPath);
		const peek = await run('tar', ['-xzOf', tarball, 'package/package.json']);
		if (peek.code !== 0)
			throw describeFailure(`reading package/package.json from ${tarball}`, peek);
		const { name } = JSON.parse(peek.stdout);
		const packageDir = path.join(nodesDir, 'node_modules', ...name.split('/'));
		// A kept user folder (the demo's) gets the new build, not a mix of two.
		fs.rmSync(packageDir, { recursive: true, force: true });
		fs.mkdirSync(packageDir, { recursive: true });
		const untar = await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		if (untar.code !== 0) throw describeFailure(`tar -xzf ${tarball}`, untar);

		const manifestPath = path.join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } =
			readJson(manifestPath);
		writeJson(manifestPath, manifest);
		const install = await runNpm(['install', ...N8N_COMMUNITY_INSTALL_ARGS], {
			cwd: packageDir,
			nodeBin,
			timeoutMs: 10 * MINUTE,
		});
		if (install.code !== 0) throw describeFailure(`npm install in ${packageDir}`, install);
		nodesManifest.dependencies[manifest.name] = manifest.version;
		Object.assign(folder, {
			packageDir,
			packageName: manifest.name,
			packageVersion: manifest.version,
		});
	}
	writeJson(path.join(nodesDir, 'package.json'), nodesManifest);
	return folder;
}

/** Deletes a user folder createUserFolder made under the OS temp dir (never a chosen one). */
function removeUserFolder(userFolder) {
	if (userFolder && path.basename(userFolder).startsWith('n8n-e2e-')) {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

module.exports = { packPackage, createUserFolder, removeUserFolder };
