import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { appendContractStats, contractStatsFile, formatContractTotals, readContractTotals } from './contractStats';
import contractStatsSetup from './globalSetup';
import contractStatsTeardown from './globalTeardown';

function printedBy(action: () => void): string {
	const written: string[] = [];
	const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
		written.push(String(chunk));
		return true;
	});
	try {
		action();
	} finally {
		write.mockRestore();
	}
	return written.join('');
}

describe('contract stats across sandboxes', () => {
	let dir: string;
	const previous = process.env.CONTRACT_STATS_FILE;

	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'contract-stats-'));
	});

	afterEach(() => {
		if (previous === undefined) delete process.env.CONTRACT_STATS_FILE;
		else process.env.CONTRACT_STATS_FILE = previous;
		rmSync(dir, { recursive: true, force: true });
	});

	it('totals every appended line', () => {
		const file = path.join(dir, 'stats.jsonl');
		appendContractStats({ requestsValidated: 3, responsesValidated: 2, outOfContract: 1, violations: 0 }, file);
		appendContractStats({ requestsValidated: 5, responsesValidated: 5, outOfContract: 0, violations: 2, testPath: 'x.test.ts' }, file);
		const totals = readContractTotals(file);
		expect(totals).toEqual({ sandboxes: 2, requestsValidated: 8, responsesValidated: 7, outOfContract: 1, violations: 2 });
		expect(formatContractTotals(totals)).toBe(
			"contract: 8 requests and 7 responses validated against HubSpot's OpenAPI specs, 2 violations",
		);
	});

	it('reads a run with no sandbox as zero, so the summary line still shows', () => {
		expect(readContractTotals(path.join(dir, 'absent.jsonl'))).toMatchObject({ requestsValidated: 0, sandboxes: 0 });
	});

	it('global setup keeps an explicit file and starts it empty; teardown prints the one-line summary', () => {
		const file = path.join(dir, 'run.jsonl');
		process.env.CONTRACT_STATS_FILE = file;
		appendContractStats({ requestsValidated: 9, responsesValidated: 9, outOfContract: 0, violations: 0 });
		contractStatsSetup();
		expect(contractStatsFile()).toBe(file);
		expect(existsSync(file)).toBe(false);
		appendContractStats({ requestsValidated: 4, responsesValidated: 3, outOfContract: 2, violations: 1 });
		expect(printedBy(contractStatsTeardown)).toBe("contract: 4 requests and 3 responses validated against HubSpot's OpenAPI specs, 1 violations\n");
		expect(existsSync(file)).toBe(true); // an explicitly named file is the caller's to keep
	});

	it('global setup gives each run its own file when none is named', () => {
		delete process.env.CONTRACT_STATS_FILE;
		contractStatsSetup();
		expect(contractStatsFile()).toBe(path.join(os.tmpdir(), `hubspot-taskflow-contract-stats-${process.pid}.jsonl`));
		expect(printedBy(contractStatsTeardown)).toContain('contract: 0 requests and 0 responses');
		expect(existsSync(contractStatsFile())).toBe(false);
	});
});
