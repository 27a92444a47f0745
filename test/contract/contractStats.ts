import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One sandbox's tally, appended as a JSON line when the sandbox closes. */
export interface ContractStatsLine {
	requestsValidated: number;
	responsesValidated: number;
	outOfContract: number;
	violations: number;
	/** The test file that ran the sandbox, when known. */
	testPath?: string;
}

export interface ContractTotals {
	sandboxes: number;
	requestsValidated: number;
	responsesValidated: number;
	outOfContract: number;
	violations: number;
}

export function contractStatsFile(): string {
	return process.env.CONTRACT_STATS_FILE ?? path.join(os.tmpdir(), 'hubspot-taskflow-contract-stats.jsonl');
}

export function appendContractStats(line: ContractStatsLine, file: string = contractStatsFile()): void {
	// appendFileSync of one short line is atomic enough across jest workers (O_APPEND).
	appendFileSync(file, `${JSON.stringify(line)}\n`);
}

export function readContractTotals(file: string = contractStatsFile()): ContractTotals {
	const totals: ContractTotals = { sandboxes: 0, requestsValidated: 0, responsesValidated: 0, outOfContract: 0, violations: 0 };
	if (!existsSync(file)) return totals;
	for (const text of readFileSync(file, 'utf8').split('\n')) {
		if (!text.trim()) continue;
		const line = JSON.parse(text) as Partial<ContractStatsLine>;
		totals.sandboxes += 1;
		totals.requestsValidated += line.requestsValidated ?? 0;
		totals.responsesValidated += line.responsesValidated ?? 0;
		totals.outOfContract += line.outOfContract ?? 0;
		totals.violations += line.violations ?? 0;
	}
	return totals;
}

export function formatContractTotals(totals: ContractTotals): string {
	return (
		`contract: ${totals.requestsValidated} requests and ${totals.responsesValidated} responses validated ` +
		`against HubSpot's OpenAPI specs, ${totals.violations} violations`
	);
}
