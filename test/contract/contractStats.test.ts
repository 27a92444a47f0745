import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	appendContractStats,
	formatContractSummary,
	formatContractTotals,
	readContractTotals,
	removeRunStats,
} from '../../sandbox/contract/contractStats';
import contractStatsTeardown from './globalTeardown';

function printedBy(action: () => void): string {
	const written: string[] = [];
	const write = jest
		.spyOn(process.stdout, 'write')
		.mockImplementation((chunk: string | Uint8Array) => {
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
	let file: string;
	const previous = process.env.CONTRACT_STATS_FILE;
	const previousSpecDir = process.env.HUBSPOT_OPENAPI_DIR;

	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'contract-stats-'));
		file = path.join(dir, 'stats.jsonl');
	});

	afterEach(() => {
		if (previous === undefined) delete process.env.CONTRACT_STATS_FILE;
		else process.env.CONTRACT_STATS_FILE = previous;
		if (previousSpecDir === undefined) delete process.env.HUBSPOT_OPENAPI_DIR;
		else process.env.HUBSPOT_OPENAPI_DIR = previousSpecDir;
		rmSync(dir, { recursive: true, force: true });
	});

	it('totals every appended line, stamped with the writing process', () => {
		appendContractStats(
			{ requestsValidated: 3, responsesValidated: 2, outOfContract: 1, violations: 0 },
			file,
		);
		appendContractStats(
			{
				requestsValidated: 5,
				responsesValidated: 5,
				outOfContract: 0,
				violations: 2,
				testPath: 'x.test.ts',
			},
			file,
		);
		const totals = readContractTotals(file);
		expect(totals).toEqual({
			sandboxes: 2,
			unchecked: 0,
			requestsValidated: 8,
			responsesValidated: 7,
			outOfContract: 1,
			violations: 2,
		});
		expect(formatContractTotals(totals)).toBe(
			"contract: 8 requests and 7 responses validated against HubSpot's OpenAPI specs, 2 violations",
		);
		expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0])).toMatchObject({
			pid: process.pid,
			ppid: process.ppid,
		});
	});

	it("counts only the lines of one jest run: its main process's own and its workers'", () => {
		const runPid = 4242;
		appendContractStats(
			{
				requestsValidated: 1,
				responsesValidated: 1,
				outOfContract: 0,
				violations: 0,
				pid: runPid,
				ppid: 1,
			},
			file,
		);
		appendContractStats(
			{
				requestsValidated: 10,
				responsesValidated: 9,
				outOfContract: 0,
				violations: 1,
				pid: 5000,
				ppid: runPid,
			},
			file,
		);
		appendContractStats(
			{
				requestsValidated: 100,
				responsesValidated: 100,
				outOfContract: 0,
				violations: 0,
				pid: 6000,
				ppid: 7777,
			},
			file,
		);
		expect(readContractTotals(file, runPid)).toMatchObject({
			sandboxes: 2,
			requestsValidated: 11,
			responsesValidated: 10,
			violations: 1,
		});
	});

	it('reads a run with no sandbox as zero, so the summary line still shows', () => {
		expect(readContractTotals(path.join(dir, 'absent.jsonl'))).toMatchObject({
			requestsValidated: 0,
			sandboxes: 0,
		});
	});

	it('keeps the file while another live process has lines in it, removes it once only stale lines remain', () => {
		const live = {
			requestsValidated: 1,
			responsesValidated: 1,
			outOfContract: 0,
			violations: 0,
			pid: process.pid,
			ppid: process.ppid,
		};
		writeFileSync(file, `${JSON.stringify(live)}\n`);
		removeRunStats(file, 999_999_991);
		expect(existsSync(file)).toBe(true);
		writeFileSync(file, `${JSON.stringify({ ...live, pid: 999_999_992, ppid: 999_999_993 })}\n`);
		removeRunStats(file, 999_999_991);
		expect(existsSync(file)).toBe(false);
	});

	it("teardown prints the run's one-line summary and clears the run's lines", () => {
		process.env.CONTRACT_STATS_FILE = file;
		process.env.HUBSPOT_OPENAPI_DIR = dir; // any existing folder stands for the specs here
		appendContractStats({
			requestsValidated: 4,
			responsesValidated: 3,
			outOfContract: 2,
			violations: 1,
		});
		expect(printedBy(contractStatsTeardown)).toBe(
			"contract: 4 requests and 3 responses validated against HubSpot's OpenAPI specs, 1 violations\n",
		);
		expect(existsSync(file)).toBe(false);
	});

	it('says the contract was not checked when the specs were not found or a sandbox ran without them', () => {
		appendContractStats(
			{
				requestsValidated: 0,
				responsesValidated: 0,
				outOfContract: 0,
				violations: 0,
				unchecked: true,
			},
			file,
		);
		const totals = readContractTotals(file);
		expect(totals).toMatchObject({ sandboxes: 1, unchecked: 1 });
		const notChecked =
			"contract: NOT checked — HubSpot's OpenAPI specs not found at /nowhere (set HUBSPOT_OPENAPI_DIR)";
		expect(formatContractSummary(totals, true, '/nowhere')).toBe(notChecked);
		const clean = { ...totals, unchecked: 0, requestsValidated: 4, responsesValidated: 4 };
		expect(formatContractSummary(clean, false, '/nowhere')).toBe(notChecked);
		expect(formatContractSummary(clean, true, '/nowhere')).toBe(
			"contract: 4 requests and 4 responses validated against HubSpot's OpenAPI specs, 0 violations",
		);
	});

	it('teardown says the contract was not checked when the spec folder is absent', () => {
		process.env.CONTRACT_STATS_FILE = file;
		process.env.HUBSPOT_OPENAPI_DIR = path.join(dir, 'no-specs');
		appendContractStats({
			requestsValidated: 0,
			responsesValidated: 0,
			outOfContract: 0,
			violations: 0,
			unchecked: true,
		});
		expect(printedBy(contractStatsTeardown)).toBe(
			`contract: NOT checked — HubSpot's OpenAPI specs not found at ${path.join(dir, 'no-specs')} (set HUBSPOT_OPENAPI_DIR)\n`,
		);
	});
});
