/**
 * Long input, the timing half of test/properties/literal-rules.test.ts and the Tagger's 1 MB
 * tests (the tests check the answers; timings live here, where they are reported, not asserted).
 * Each figure is the time of the library's work on a long text divided by the time of a plain
 * `indexOf` scan of the same text, both measured side by side in this process (medians of
 * interleaved rounds), so it means the same on a slower machine. A rule read as a regular
 * expression, or a reader that walks a long text more than a bounded number of times, shows up
 * as a ratio that grows with the text: each row is measured at 10,000 and at 100,000 characters
 * (the 1 MB rows at 100,000 and 1,000,000), and the target is on the growth.
 *
 *   node bench/long-input.js        (needs `npm run build`: the library as it ships, dist/)
 *
 * Used by bench/run.js; prints Markdown when run on its own.
 */
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const { bundleLib } = require('./lib-bundle.js');

const ROOT = path.join(__dirname, '..');
const NOW = '2026-11-27T12:00:00Z';
/** The tests' long input is 100,000 characters; the growth is measured from a tenth of it. */
const SIZES = [10_000, 100_000];

/** The rules test/properties/literal-rules.test.ts tries: catastrophic as regular expressions. */
const EVIL = [
	'(a+)+$',
	'^(a|a)*$',
	'(a|aa)+$',
	'(.*a){12}',
	'([a-z]+)*$',
	'\\',
	'[',
	'.*',
	'$&',
	'^',
];

/** A needle no input holds, so that `indexOf` reads every character. */
const ABSENT = '\u0000never';

/** The order-reference functions the literal-rules test calls, which the package does not export. */
function orderRefModule() {
	return bundleLib(
		"export { expectedErpRef, orderCore } from './lib/orderRef';\nexport { resolveOptions } from './lib/options';\n",
		['expectedErpRef', 'orderCore', 'resolveOptions'],
	);
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds per call of `work`, called until at least `minMs` have passed. */
function perCall(work, minMs) {
	let calls = 0;
	const start = performance.now();
	let elapsed = 0;
	do {
		work();
		calls++;
		elapsed = performance.now() - start;
	} while (elapsed < minMs);
	return elapsed / calls;
}

/** The work and its scan, warmed up, then in interleaved rounds: medians of each. */
function sideBySide(work, scan, rounds = 7, minMs = 25) {
	for (let i = 0; i < 3; i++) {
		work();
		scan();
	}
	const workMs = [];
	const scanMs = [];
	for (let round = 0; round < rounds; round++) {
		workMs.push(perCall(work, minMs));
		scanMs.push(perCall(scan, minMs));
	}
	const w = median(workMs);
	const s = median(scanMs);
	return { workMs: w, scanMs: s, ratio: w / s };
}

/** Where the scans' answers go, so that no engine can drop them as dead code. */
let sink = 0;
const scanAll = (texts) => () => {
	for (const text of texts) sink += text.indexOf(ABSENT);
};

/**
 * The measurements: [label, [shorter, longer text length], (n) => ({ work, texts })], where
 * `texts` are the long strings `work` is given, for the scan.
 */
function cases(lib) {
	const list = [];
	list.push([
		'Tagger, four errors holding a long message (plain, after "socket hang up", with a NetSuite body, pattern text)',
		SIZES,
		(n) => {
			const a = 'a'.repeat(n);
			const long = `${a}!`;
			const pattern = EVIL.join(' ')
				.repeat(Math.ceil(n / EVIL.join(' ').length))
				.slice(0, n);
			const errors = [
				{ error: { message: long } },
				{ error: { message: `socket hang up ${a}` } },
				{
					error: {
						httpCode: '400',
						message: long,
						description: EVIL.join(' '),
						body: { 'o:errorCode': long },
					},
				},
				{ error: { message: pattern } },
			];
			return {
				work: () => {
					for (const error of errors) tagHandoffError(lib, error);
				},
				texts: [long, `socket hang up ${a}`, long, long, pattern],
			};
		},
	]);
	list.push([
		'Tagger, a huge message with an HTTP status, and one that names a NetSuite code',
		[100_000, 1_000_000],
		(n) => {
			const plain = `Unexpected failure: ${'x'.repeat(n)}`;
			const coded = `DUP_RCRD ${'y'.repeat(n)}`;
			return {
				work: () => {
					tagHandoffError(lib, { error: { message: plain, httpCode: '400' } });
					tagHandoffError(lib, { error: { message: coded, httpCode: '400' } });
				},
				texts: [plain, coded],
			};
		},
	]);
	list.push([
		'literal ID rules: order core and expected ERP ref of a long ID, under each pattern-like rule',
		SIZES,
		(n) => {
			const { expectedErpRef, orderCore, resolveOptions } = orderRefModule();
			const a = 'a'.repeat(n);
			const inputs = EVIL.map((rule) => {
				const idRules = {
					stripPrefixes: [rule],
					stripSuffixes: [rule],
					erpPrefix: rule,
					padLength: 64,
				};
				const options = resolveOptions({ idRules, idMap: {} });
				// The resolved options carry the ID rules (and their prepared form) in one object.
				const rules = options;
				return { rules, plain: `${a}!`, wrapped: `${rule}${a}1${rule}`, prefixed: `${rule}${a}!` };
			});
			return {
				work: () => {
					for (const { rules, plain, wrapped, prefixed } of inputs) {
						orderCore(plain, rules);
						orderCore(wrapped, rules);
						expectedErpRef(prefixed, rules);
					}
				},
				texts: inputs.flatMap(({ plain, wrapped, prefixed }) => [plain, wrapped, prefixed]),
			};
		},
	]);
	list.push([
		'Guard: a payload whose IDs, status and channel are long, under each pattern-like rule',
		SIZES,
		(n) => {
			const long = `${'a'.repeat(n)}!`;
			const payload = {
				returnId: long,
				orderId: long,
				orderRef: long,
				status: long,
				channel: long,
				subsidiary: long,
			};
			const options = EVIL.map((rule) => ({
				now: NOW,
				idRules: { stripPrefixes: [rule], erpPrefix: 'SO-', padLength: 7 },
				statusMap: { [rule]: 'Refunded' },
				subsidiaryMap: { [rule]: 'US Retail' },
			}));
			return {
				work: () => {
					for (const option of options) lib.validateHandoff(payload, option);
				},
				texts: EVIL.flatMap(() => Object.values(payload)),
			};
		},
	]);
	list.push([
		'Reconciler: a return and a credit memo with long order IDs and channels, under each pattern-like rule',
		SIZES,
		(n) => {
			const long = `${'a'.repeat(n)}!`;
			const portal = {
				returnId: 'RA-3',
				orderId: long,
				status: 'refunded',
				refundAmount: '10.00',
				currency: 'USD',
				refundInstructedAt: '2026-11-27T10:00:00Z',
				refundMethod: 'store_credit',
				channel: long,
			};
			const memo = {
				creditMemoId: 'CM-RA-3',
				returnId: 'RA-3',
				orderRef: long,
				postedAmount: '10.00',
				currency: 'USD',
				postedAt: '2026-11-27T10:05:00Z',
				subsidiary: long,
			};
			const options = EVIL.map((rule) => ({
				now: NOW,
				idRules: { stripPrefixes: [rule], erpPrefix: rule, erpSuffix: rule, padLength: 7 },
				subsidiaryMap: { [rule]: rule },
			}));
			return {
				work: () => {
					for (const option of options)
						lib.reconcileReturns({ portal: [portal], erp: [memo] }, option);
				},
				texts: EVIL.flatMap(() => [long, long, long, long]),
			};
		},
	]);
	return list;
}

function tagHandoffError(lib, error) {
	return lib.tagHandoffError(error, { now: NOW });
}

/** How much faster than the text the ratio may grow from the short to the long size: linear work gives 1 or less. */
const GROWTH_TARGET = 3;

function run() {
	const lib = require(path.join(ROOT, 'dist', 'index.js'));
	const rows = [];
	const failed = [];
	for (const [label, sizes, build] of cases(lib)) {
		// A row that cannot run (lib/ renamed a function) is reported, not the end of the bench.
		try {
			const [short, long] = sizes.map((n) => {
				const { work, texts } = build(n);
				return { chars: n, ...sideBySide(work, scanAll(texts)) };
			});
			rows.push({ label, short, long, growth: long.ratio / short.ratio });
		} catch (error) {
			failed.push({ label, error: String(error && error.message ? error.message : error) });
		}
	}
	const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
	const count = (x) => Math.round(x).toLocaleString('en-US');
	const markdown = [
		'## Long input: the library against a plain indexOf scan of the same text (same process, medians)',
		'',
		'| work | chars | work (ms) | scan (ms) | work / scan | chars | work (ms) | scan (ms) | work / scan | growth |',
		'|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
		...rows.map(
			(r) =>
				`| ${r.label} | ${count(r.short.chars)} | ${fmt(r.short.workMs, 3)} | ${fmt(r.short.scanMs, 3)} | ${fmt(r.short.ratio, 1)} | ${count(r.long.chars)} | ${fmt(r.long.workMs, 3)} | ${fmt(r.long.scanMs, 3)} | ${fmt(r.long.ratio, 1)} | ${fmt(r.growth)} |`,
		),
		'',
		'growth = (work / scan at the longer size) ÷ (work / scan at the shorter): 1 when the work is linear in the text, under 1 when it reads a bounded prefix (the Tagger reads 16,384 characters of a string, the readers stop at 200 characters for an ID); a pattern read as a regular expression would make it grow with the text.',
	];
	for (const f of failed) markdown.push('', `Did not run: ${f.label}: ${f.error.split('\n')[0]}`);
	const targets = rows.map((r) => [
		`${r.label}: work / scan at ${count(r.long.chars)} characters ÷ at ${count(r.short.chars)} ≤ ${GROWTH_TARGET} (work / scan ${fmt(r.long.ratio, 1)} at ${count(r.long.chars)})`,
		fmt(r.growth),
		r.growth <= GROWTH_TARGET,
	]);
	for (const f of failed) targets.push([`${f.label}: did not run`, 'n/a', false]);
	return { rows, failed, markdown, targets };
}

module.exports = { run };

if (require.main === module) {
	const result = run();
	process.stdout.write(
		`${result.markdown.join('\n')}\n\n| measure | ratio | target |\n|---|---:|---|\n`,
	);
	for (const [name, value, ok] of result.targets) {
		process.stdout.write(`| ${name} | ${value} | ${ok ? 'met' : '**missed**'} |\n`);
	}
}
