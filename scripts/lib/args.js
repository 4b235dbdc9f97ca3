'use strict';
// The one command-line parser of the scripts and benchmarks: `--name=value`, `--name value` and
// `--flag`, named positionals where a script takes them, and an unknown option is an error that
// lists the known ones. Built on node:util's parseArgs (strict), which also refuses a value
// option given no value and a flag given one.

const util = require('node:util');

/**
 * @typedef {{type: 'flag'|'string'|'number', default?: unknown, help?: string,
 *   placeholder?: string}} OptionSpec
 * @typedef {{name: string, type?: 'string'|'number', default?: unknown, help?: string,
 *   variadic?: boolean}} PositionalSpec  variadic (the last one only): every remaining argument
 * @typedef {{usage?: string, options?: Record<string, OptionSpec>,
 *   positionals?: PositionalSpec[]}} ArgsSpec
 */

class ArgsError extends Error {}

function camelCase(name) {
	return name.replace(/-([a-z0-9])/g, (_, letter) => letter.toUpperCase());
}

function describeOption(name, spec) {
	return spec.type === 'flag' ? `--${name}` : `--${name} <${spec.placeholder || spec.type}>`;
}

/** The known options and positionals, one per line, for errors and `--help`. */
function usageOf(spec) {
	const lines = [];
	if (spec.usage) lines.push(spec.usage);
	const entries = [
		...Object.entries(spec.options || {}).map(([name, option]) => [
			describeOption(name, option),
			option,
		]),
		...(spec.positionals || []).map((positional) => [
			`<${positional.name}>${positional.variadic ? '...' : ''}`,
			positional,
		]),
		['--help', { help: 'this list' }],
	];
	for (const [label, entry] of entries) {
		const fallback = entry.default === undefined ? '' : `(default: ${entry.default})`;
		const text = [entry.help, fallback].filter(Boolean).join(' ');
		lines.push(`  ${label.padEnd(26)} ${text}`.trimEnd());
	}
	return lines.join('\n');
}

function convert(label, type, text) {
	if (type !== 'number') return text;
	const value = Number(text);
	if (text.trim() === '' || !Number.isFinite(value)) {
		throw new ArgsError(`${label} wants a number, got "${text}"`);
	}
	return value;
}

/**
 * Parses `argv` (process.argv.slice(2)) against `spec`. Returns each option and positional under
 * its camel-cased name (`--no-execute` → `noExecute`), a flag as true/false, `help: true` when
 * `--help` was given. Throws ArgsError for an unknown option, a missing or unwanted value, a
 * number that is not one, or more positionals than the spec names.
 * @param {string[]} argv
 * @param {ArgsSpec} spec
 * @returns {Record<string, any>}
 */
function parseArgs(argv, spec) {
	const options = { help: { type: 'boolean' } };
	for (const [name, option] of Object.entries(spec.options || {})) {
		options[name] = { type: option.type === 'flag' ? 'boolean' : 'string' };
	}
	const positionals = spec.positionals || [];
	let parsed;
	try {
		parsed = util.parseArgs({
			args: argv,
			options,
			strict: true,
			allowPositionals: positionals.length > 0,
		});
	} catch (error) {
		const known = Object.entries(spec.options || {})
			.map(([name, option]) => describeOption(name, option))
			.concat('--help')
			.join(', ');
		const reason =
			error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
				? `unknown option ${/'([^']+)'/.exec(error.message)?.[1] ?? ''}`.trimEnd()
				: error.message;
		throw new ArgsError(`${reason}\nknown options: ${known}`);
	}
	const variadic = positionals.length > 0 && positionals[positionals.length - 1].variadic;
	if (!variadic && parsed.positionals.length > positionals.length) {
		const extra = parsed.positionals.slice(positionals.length).join(' ');
		throw new ArgsError(`unexpected argument(s): ${extra}\n${usageOf(spec)}`);
	}
	const result = { help: parsed.values.help === true };
	for (const [name, option] of Object.entries(spec.options || {})) {
		const given = parsed.values[name];
		result[camelCase(name)] =
			option.type === 'flag'
				? given === true
				: given === undefined
					? option.default
					: convert(`--${name}`, option.type, given);
	}
	positionals.forEach((positional, index) => {
		if (positional.variadic) {
			result[camelCase(positional.name)] = parsed.positionals
				.slice(index)
				.map((text) => convert(`<${positional.name}>`, positional.type, text));
			return;
		}
		const given = parsed.positionals[index];
		result[camelCase(positional.name)] =
			given === undefined
				? positional.default
				: convert(`<${positional.name}>`, positional.type, given);
	});
	return result;
}

/**
 * parseArgs for a script's entry point: prints the known options and exits 0 on `--help`, and
 * prints the error and exits 2 on a bad command line.
 * @param {ArgsSpec} spec
 * @param {string[]} [argv]
 */
function parseArgsOrExit(spec, argv = process.argv.slice(2)) {
	try {
		const args = parseArgs(argv, spec);
		if (args.help) {
			process.stdout.write(`${usageOf(spec)}\n`);
			process.exit(0);
		}
		return args;
	} catch (error) {
		if (!(error instanceof ArgsError)) throw error;
		process.stderr.write(`${error.message}\n`);
		process.exit(2);
	}
}

module.exports = { parseArgs, parseArgsOrExit, usageOf, ArgsError };
