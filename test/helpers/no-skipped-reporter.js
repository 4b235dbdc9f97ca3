/**
 * A jest reporter that fails the run when any test was skipped or left as a todo: a skipped
 * test proves nothing, and jest counts it as a pass (exit code 0). `describe.skip`, `it.skip`,
 * `it.todo`, a stray `.only` (which skips the rest of its file) and the end-to-end suites'
 * N8N_E2E=0 switch all show up here. Registered next to the default reporter in jest.config.js.
 *
 * A run filtered by test name (`jest -t …`) reports every test it filtered out as skipped; that
 * is a deliberate partial run on a developer's machine, so the check stands aside. `.ci/run`
 * checks the counts again from jest's JSON, with no exception.
 */
class NoSkippedReporter {
	constructor(globalConfig) {
		this.filtered = Boolean(globalConfig.testNamePattern);
		this.error = undefined;
	}

	onRunComplete(_contexts, results) {
		if (this.filtered) return;
		const pending = results.numPendingTests ?? 0;
		const todo = results.numTodoTests ?? 0;
		if (pending === 0 && todo === 0) return;
		const names = [];
		for (const file of results.testResults) {
			for (const test of file.testResults) {
				if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
					names.push(`  ${test.status}: ${test.fullName} (${file.testFilePath})`);
				}
			}
		}
		const shown = names.slice(0, 20);
		if (names.length > shown.length) shown.push(`  … and ${names.length - shown.length} more`);
		this.error = new Error(
			`${pending} skipped and ${todo} todo test(s): a skipped test proves nothing, so this run fails.\n${shown.join('\n')}`,
		);
		process.stderr.write(`\n${this.error.message}\n`);
	}

	/** jest fails the run (exit code 1) when a reporter answers with an error here. */
	getLastError() {
		return this.error;
	}
}

module.exports = NoSkippedReporter;
