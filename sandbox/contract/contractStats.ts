import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { contractNotCheckedMessage } from './specFiles';

/** One sandbox's tally, appended as a JSON line when the sandbox closes. */
export interface ContractStatsLine {
	requestsValidated: number;
	responsesValidated: number;
	outOfContract: number;
	/** Violations still unclaimed when the sandbox closed. */
	violations: number;
	/** Violations a test provoked on purpose and claimed with drainViolations(). */
	drainedViolations?: number;
	/** The sandbox ran without HubSpot's specs, so nothing was validated. */
	unchecked?: boolean;
	/** The test file that ran the sandbox, when known. */
	testPath?: string;
	/** Writer's process and parent: a jest run is the worker's parent, or the process itself in band. */
	pid?: number;
	ppid?: number;
}

export interface ContractTotals {
	sandboxes: number;
	/** Sandboxes that ran without the specs. */
	unchecked: number;
	requestsValidated: number;
	responsesValidated: number;
	outOfContract: number;
	violations: number;
}

export function contractStatsFile(): string {
	return (
		process.env.CONTRACT_STATS_FILE ??
		path.join(os.tmpdir(), 'hubspot-taskflow-contract-stats.jsonl')
	);
}

export function appendContractStats(
	line: ContractStatsLine,
	file: string = contractStatsFile(),
): void {
	const stamped: ContractStatsLine = {
		...line,
		pid: line.pid ?? process.pid,
		ppid: line.ppid ?? process.ppid,
	};
	// One short O_APPEND write per sandbox: lines from parallel jest workers do not interleave.
	appendFileSync(file, `${JSON.stringify(stamped)}\n`);
}

function readLines(file: string): ContractStatsLine[] {
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((text) => text.trim() !== '')
		.map((text) => JSON.parse(text) as ContractStatsLine);
}

/** A line belongs to the jest run whose main process is `runPid` (its workers are that process's children). */
function belongsToRun(line: ContractStatsLine, runPid: number | undefined): boolean {
	return runPid === undefined || line.pid === runPid || line.ppid === runPid;
}

/** Totals the file; with `runPid`, only the lines written by that jest run (runs may share the file). */
export function readContractTotals(
	file: string = contractStatsFile(),
	runPid?: number,
): ContractTotals {
	const totals: ContractTotals = {
		sandboxes: 0,
		unchecked: 0,
		requestsValidated: 0,
		responsesValidated: 0,
		outOfContract: 0,
		violations: 0,
	};
	for (const line of readLines(file)) {
		if (!belongsToRun(line, runPid)) continue;
		totals.sandboxes += 1;
		if (line.unchecked) totals.unchecked += 1;
		totals.requestsValidated += line.requestsValidated ?? 0;
		totals.responsesValidated += line.responsesValidated ?? 0;
		totals.outOfContract += line.outOfContract ?? 0;
		totals.violations += line.violations ?? 0;
	}
	return totals;
}

function isAlive(pid: number | undefined): boolean {
	if (pid === undefined) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Deletes the file when every line in it is this run's or was written by a process that has since
 * exited, so it does not grow run after run; a concurrent run still writing keeps it.
 */
export function removeRunStats(file: string, runPid: number): void {
	const lines = readLines(file);
	const ownOrStale = (line: ContractStatsLine) => belongsToRun(line, runPid) || !isAlive(line.pid);
	if (lines.every(ownOrStale)) rmSync(file, { force: true });
}

export function formatContractTotals(totals: ContractTotals): string {
	return (
		`contract: ${totals.requestsValidated} requests and ${totals.responsesValidated} responses validated ` +
		`against HubSpot's OpenAPI specs, ${totals.violations} violations`
	);
}

/**
 * The run's contract line: the totals, or, when the specs were not found (the folder is absent, or
 * a sandbox of the run went unchecked), that the contract was not checked.
 */
export function formatContractSummary(
	totals: ContractTotals,
	specsFound: boolean,
	specDir: string,
): string {
	if (!specsFound || totals.unchecked > 0) return contractNotCheckedMessage(specDir);
	return formatContractTotals(totals);
}
