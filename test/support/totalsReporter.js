/**
 * Prints jest's totals as one plain line, `tests: N passed, N failed`, after every run, so CI logs
 * show at a glance how much ran (a run that tested nothing shows as 0 passed).
 */
class TotalsReporter {
	onRunComplete(_contexts, results) {
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const skipped = results.numPendingTests + results.numTodoTests;
		const line =
			`tests: ${results.numPassedTests} passed, ${failed} failed` +
			(skipped ? `, ${skipped} skipped` : '');
		process.stdout.write(`\n${line}\n`);
	}
}

module.exports = TotalsReporter;
