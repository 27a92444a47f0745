/**
 * The change feed against the sandbox over HTTP: records changed since a time, oldest first, each
 * once, past the 10,000-result cap, through a bulk import's single millisecond, and without
 * skipping a record when others change while the pages are read.
 */
import type { ChangedRecord } from '../../nodes/shared/transport';
import { sandboxTransport, useTransportSandbox } from './transportSupport';

const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);

describe('changedRecords', () => {
	const sandbox = useTransportSandbox();

	function seed(count: number, modifiedMs: (index: number) => number): string[] {
		return Array.from({ length: count }, (_, index) => {
			const at = new Date(modifiedMs(index)).toISOString();
			return sandbox.store.create('tasks', {
				hs_task_subject: `Task ${index}`,
				hs_timestamp: '0',
				hs_createdate: at,
				hs_lastmodifieddate: at,
			}).id;
		});
	}

	async function readAll(fromMs: number, onPage?: (page: ChangedRecord[]) => Promise<void>) {
		const transport = sandboxTransport(sandbox);
		const read: ChangedRecord[] = [];
		let searches = 0;
		for await (const page of transport.changedRecords('tasks', {
			dateProperty: 'hs_lastmodifieddate',
			fromMs,
			properties: ['hs_task_subject'],
		})) {
			read.push(...page.records);
			searches = page.searchCalls;
			await onPage?.(page.records);
		}
		return { read, searches, transport };
	}

	test('reads records changed at or after the time, oldest first, one search per 200', async () => {
		seed(10, (index) => T0 - 1_000 + index); // before the time
		const wanted = seed(450, (index) => T0 + index * 7);
		const { read, searches, transport } = await readAll(T0);
		expect(read.map(({ record }) => record.id)).toEqual(wanted);
		expect(read.every(({ atMs }, index) => index === 0 || atMs >= read[index - 1].atMs)).toBe(true);
		expect(read[0].record.properties.hs_task_subject).toBe('Task 0');
		expect(searches).toBe(3);
		expect(transport.counters.searchCalls).toBe(3);
	});

	test('one search when nothing changed', async () => {
		seed(5, (index) => T0 - 10_000 + index);
		const { read, searches } = await readAll(T0);
		expect(read).toEqual([]);
		expect(searches).toBe(0);
		expect(
			sandbox.requestLog().filter((exchange) => exchange.path.endsWith('/search')),
		).toHaveLength(1);
	});

	test("passes HubSpot's 10,000-result cap: 10,500 changes, each read once", async () => {
		const wanted = seed(10_500, (index) => T0 + index);
		const { read, searches } = await readAll(T0);
		expect(read).toHaveLength(10_500);
		expect(new Set(read.map(({ record }) => record.id))).toEqual(new Set(wanted));
		expect(searches).toBeLessThanOrEqual(Math.ceil(10_500 / 199) + 1);
	}, 60_000);

	test('a bulk import of 450 records in one millisecond is read once each, and the feed goes on after it', async () => {
		const before = seed(150, (index) => T0 - 150 + index);
		const tie = seed(450, () => T0);
		const after = seed(30, (index) => T0 + 1 + index);
		const { read } = await readAll(T0 - 150);
		const ids = read.map(({ record }) => record.id);
		expect(ids).toHaveLength(630);
		expect(new Set(ids)).toEqual(new Set([...before, ...tie, ...after]));
		expect(ids.slice(-30)).toEqual(after);
	});

	test('a record changed while the pages are read is not skipped, nor any record after it', async () => {
		const ids = seed(600, (index) => T0 + index * 10);
		let changedOne = false;
		const { read } = await readAll(T0, async () => {
			if (changedOne) return;
			changedOne = true;
			// Ten records of the first page change now: they move to the end of the order.
			await sandboxTransport(sandbox).batchUpdate(
				'tasks',
				ids.slice(0, 10).map((id) => ({ id, properties: { hs_task_subject: 'Changed' } })),
			);
		});
		const readIds = new Set(read.map(({ record }) => record.id));
		expect(ids.every((id) => readIds.has(id))).toBe(true);
		// The ten were read twice: before and after their change, each change once.
		expect(
			read.filter(({ record }) => record.properties.hs_task_subject === 'Changed'),
		).toHaveLength(10);
		expect(read).toHaveLength(610);
	});
});
