'use strict';
// Progress lines for the scripts: each on stderr with the script's tag (`[demo] …`), so stdout
// stays for what a script produces (a report, a table, JSON).

/** A function that writes `[tag] message` lines to stderr. */
function logger(tag) {
	return (message) => process.stderr.write(`[${tag}] ${message}\n`);
}

/** `12.3 s` (or `12 s` with digits 0). */
function seconds(ms, digits = 1) {
	return `${(ms / 1000).toFixed(digits)} s`;
}

/** The last `lines` lines of a text, for error messages that quote a command's output. */
function tail(text, lines = 40) {
	return String(text || '')
		.trimEnd()
		.split('\n')
		.slice(-lines)
		.join('\n');
}

module.exports = { logger, seconds, tail };
