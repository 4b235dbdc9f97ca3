/**
 * Redaction on large hostile strings: `scrubString` (what `redact` runs on every string it
 * copies) against a plain linear scan of the same string (one charCodeAt per character), as a
 * ratio, at 10k and 100k characters. Each input repeats a fragment that starts one of the
 * scanners (a key and separator, an auth scheme, a JWT header, a PEM marker, a quote, a URL
 * authority, a command-line option…) without completing it, the inputs that make a backtracking
 * regular expression quadratic. Linear redaction keeps the ratio flat and time(100k)/time(10k)
 * near 10; a quadratic one shows 100.
 *
 *   node bench/redact.js        (needs a build: npm run build; it measures dist/lib/redact.js)
 *
 * Used by bench/run.js; prints markdown when run on its own.
 */
const { performance } = require('node:perf_hooks');
const { bundleLib } = require('./lib-bundle.js');

const SIZES = [10_000, 100_000];

/** Fragments repeated up to the size; each one opens a scanner and leaves it unfinished. */
const HOSTILE = {
	'key=value pairs': 'a=b&',
	'credential keys without values': 'password=',
	'OAuth code= runs': 'code=',
	'quoted values never closed': 'password:"',
	'escaped quotes': 'secret:\\"\\\\',
	'objects under credential keys': 'credentials:{',
	'auth schemes': 'Bearer ',
	'auth params': 'Authorization: NLAuth a=',
	'tokens after credential words': 'token a/',
	'JWT headers': 'eyJhbGciOiJIUzI1NiJ9-',
	'PEM markers': '-----BEGIN ',
	'URL authorities': 'http://a:b',
	'command-line options': ' -u "',
	'XML elements': '<password>',
	cookies: 'Cookie: a=b;',
	'vendor key prefixes': 'sk_live_',
};

/** A realistic error text with secrets in it, for a figure that is not hostile. */
const REALISTIC =
	'401 - Request failed: Authorization: NLAuth nlauth_account=1234567, nlauth_email=ops@example.com, nlauth_signature=Pa55w0rd!, nlauth_role=3; ' +
	'GET https://svc:s3cret@erp.example.com/services/rest/record/v1/returnAuthorization/10042?api_key=sk_live_51HxYzAbCdEfGhIjKlMnOpQr&limit=5 ' +
	'Invalid Field Value pendingRefund for the following field: status (RA-10042, SO-1042, re_3OqK9v2eZvKYlo2C1XyZabcd). ';

function fill(fragment, size) {
	return fragment.repeat(Math.ceil(size / fragment.length)).slice(0, size);
}

/** The floor: every character read once. */
function linearScan(text) {
	let sum = 0;
	for (let i = 0; i < text.length; i++) sum = (sum + text.charCodeAt(i)) | 0;
	return sum;
}

let sink = 0;

/** Milliseconds per call of `fn`, calls repeated for at least `ms` milliseconds. */
function msPerCall(fn, ms) {
	let calls = 0;
	const started = performance.now();
	let elapsed = 0;
	do {
		const result = fn();
		sink ^= typeof result === 'number' ? result : result.length;
		calls++;
		elapsed = performance.now() - started;
	} while (elapsed < ms);
	return elapsed / calls;
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Redaction and the scan at both sizes, after a warm-up (the first calls pay for compiling),
 * in five interleaved rounds so that a busy machine slows every figure alike; medians.
 */
function measure(scrubString, fragment) {
	const texts = SIZES.map((size) => fill(fragment, size));
	msPerCall(() => scrubString(texts[texts.length - 1]), 300);
	const times = SIZES.map(() => ({ redact: [], scan: [] }));
	for (let round = 0; round < 5; round++) {
		texts.forEach((text, k) => {
			times[k].redact.push(msPerCall(() => scrubString(text), 40));
			times[k].scan.push(msPerCall(() => linearScan(text), 20));
		});
	}
	const row = {};
	SIZES.forEach((size, k) => {
		const redactMs = median(times[k].redact);
		const scanMs = median(times[k].scan);
		row[size] = { redactMs, scanMs, ratio: redactMs / scanMs };
	});
	return row;
}

function run() {
	const { scrubString } = bundleLib("export { scrubString } from './lib/redact';\n", [
		'scrubString',
	]);
	const inputs = { ...HOSTILE, 'realistic error text': REALISTIC };
	const rows = [];
	for (const [name, fragment] of Object.entries(inputs)) {
		const row = { input: name, ...measure(scrubString, fragment) };
		row.growth = row[SIZES[1]].redactMs / row[SIZES[0]].redactMs;
		rows.push(row);
	}
	const worst = rows.reduce((a, b) => (b[SIZES[1]].ratio > a[SIZES[1]].ratio ? b : a));
	const worstGrowth = rows.reduce((a, b) => (b.growth > a.growth ? b : a));
	const markdown = [
		'## Redaction on hostile strings (scrubString against a linear scan of the same string)',
		'',
		'| input | 100k: redact (ms) | 100k: scan (ms) | redact / scan at 100k | time(100k) / time(10k) |',
		'|---|---:|---:|---:|---:|',
		...rows.map((row) => {
			const big = row[SIZES[1]];
			return `| ${row.input} | ${big.redactMs.toFixed(2)} | ${big.scanMs.toFixed(3)} | ${big.ratio.toFixed(0)} | ${row.growth.toFixed(1)} |`;
		}),
		'',
		'Linear time shows as time(100k) / time(10k) near 10 (100 would be quadratic).',
	];
	return {
		rows,
		markdown,
		targets: [
			[
				`redaction time(100k) / time(10k), worst input (${worstGrowth.input})`,
				worstGrowth.growth.toFixed(1),
				worstGrowth.growth <= 20,
			],
			[
				`redaction / linear scan at 100k characters, worst input (${worst.input})`,
				worst[SIZES[1]].ratio.toFixed(0),
				null,
			],
		],
		sink,
	};
}

module.exports = { run };

if (require.main === module) {
	const result = run();
	process.stdout.write(`${result.markdown.join('\n')}\n`);
}
