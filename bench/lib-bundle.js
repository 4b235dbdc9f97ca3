'use strict';
// Library functions the package does not export (the order-reference rules, the redactor),
// bundled from lib/ on the fly for a benchmark: the package ships one bundle, dist/index.js, and
// no dist/lib code.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

/**
 * `exportsSource` is TypeScript re-exporting from ./lib (`export { x } from './lib/y';`);
 * `names` are the functions that must come out (esbuild drops a re-export it cannot resolve in
 * TypeScript, taking it for a type, so a rename in lib/ is named here instead of failing later).
 */
function bundleLib(exportsSource, names) {
	// A private folder: .cache/ is shared by every checkout on the machine.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rh-bench-'));
	const outfile = path.join(dir, 'lib.js');
	try {
		require('esbuild').buildSync({
			stdin: { contents: exportsSource, resolveDir: ROOT, loader: 'ts' },
			outfile,
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			logLevel: 'silent',
		});
		const module = require(outfile);
		const missing = names.filter((name) => typeof module[name] !== 'function');
		if (missing.length > 0) throw new Error(`lib/ no longer exports ${missing.join(', ')}`);
		return module;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { bundleLib };
