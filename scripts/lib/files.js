'use strict';
// Where the scripts keep things, and the small file helpers they share: tolerant reads, JSON
// writes, and a lock directory that serializes work on one folder across processes.

const fs = require('node:fs');
const path = require('node:path');

const { isAlive, sleep } = require('./process.js');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Git-ignored: n8n installs, the packed tarball, the demo's user folder, logs. */
const CACHE_DIR = path.join(REPO_ROOT, '.cache');

/** The file's text, or '' when it cannot be read. */
function readText(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/** The file's JSON, or null when it cannot be read. */
function readJson(file) {
	const text = readText(file);
	return text ? JSON.parse(text) : null;
}

function writeJson(file, value) {
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Serializes work on one directory across processes (jest runs test files in parallel workers):
 * whoever makes `<dir>.lock` works, the others wait for it to go away. A lock whose owner has
 * died is taken over.
 * @param {string} dir
 * @param {() => Promise<T>} work
 * @param {{log?: (message: string) => void}} [options]  says so once when this process waits
 * @returns {Promise<T>}
 * @template T
 */
async function withDirLock(dir, work, { log } = {}) {
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
			if (!announced && log) {
				log(`waiting for another process (pid ${owner || '?'}) working in ${dir}`);
			}
			announced = true;
			await sleep(2000);
		}
	}
	try {
		return await work();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

module.exports = { REPO_ROOT, CACHE_DIR, readText, readJson, writeJson, withDirLock };
