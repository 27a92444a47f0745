/**
 * Apply Task Prefix, Re-prioritize Open Tasks (the global update), through n8n's engine against
 * the sandbox: past the 10,000-result search cap, completed tasks untouched, only changed titles
 * written in batches of 100, a re-run writing nothing, dry-run, HubSpot's real limits, and a task
 * that fails in a batch.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { ApplyTaskPrefix } from '../../nodes/ApplyTaskPrefix/ApplyTaskPrefix.node';
import { useTaskSandbox } from './applyTaskPrefixSupport';
import { NodeTypeRegistry, runNode, type NodeSettings } from '../../tools/engine';

const nodeTypes = new NodeTypeRegistry([ApplyTaskPrefix], [HubSpotTaskflowApi]);

const taskSandbox = useTaskSandbox();
const { createTask, titleOf, requestsTo } = taskSandbox;

const GLOBAL_UPDATE: INodeParameters = {
	operation: 'reprioritizeOpenTasks',
	rulesSource: 'inline',
	rulesTable: {
		rule: [
			{ keyword: 'contrato', priority: 'P1', matchType: '' },
			{ keyword: 'ligar', priority: 'P2', matchType: 'wholeWord' },
		],
	},
};

interface SearchBody {
	after?: string;
	filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string }> }>;
}

/** Five kinds of title, cycling, and what each must become. */
const KINDS: Array<{ title: (n: number) => string; expected: (n: number) => string }> = [
	{ title: (n) => `Enviar contrato ${n}`, expected: (n) => `[P1] Enviar contrato ${n}` },
	{ title: (n) => `[P3] Ligar para cliente ${n}`, expected: (n) => `[P2] Ligar para cliente ${n}` },
	{ title: (n) => `[P1] Revisar contrato ${n}`, expected: (n) => `[P1] Revisar contrato ${n}` },
	{ title: (n) => `[P2] Almoço ${n}`, expected: (n) => `Almoço ${n}` },
	{ title: (n) => `Reunião ${n}`, expected: (n) => `Reunião ${n}` },
];
/** Kinds 0, 1 and 3 change; 0, 1 and 2 match a rule. */
function changes(n: number): boolean {
	return [0, 1, 3].includes(n % KINDS.length);
}

function seedOpenTasks(count: number): Array<{ id: string; expected: string }> {
	const statuses = ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'DEFERRED'];
	return Array.from({ length: count }, (_, n) => {
		const kind = KINDS[n % KINDS.length];
		return {
			id: createTask(kind.title(n), statuses[n % statuses.length]),
			expected: kind.expected(n),
		};
	});
}

function updateBatchSizes(): number[] {
	return requestsTo('/crm/v3/objects/tasks/batch/update').map(
		(exchange) => (exchange.requestBody as { inputs: unknown[] }).inputs.length,
	);
}

async function runGlobalUpdate(parameters: INodeParameters = {}, settings: NodeSettings = {}) {
	return await runNode(
		{ type: ApplyTaskPrefix, parameters: { ...GLOBAL_UPDATE, ...parameters }, ...settings },
		{
			nodeTypes,
			credentials: {
				hubSpotTaskflowApi: {
					accessToken: taskSandbox.sandbox.token,
					baseUrl: taskSandbox.sandbox.url,
				},
			},
		},
	);
}

function summaryOf(result: Awaited<ReturnType<typeof runGlobalUpdate>>): IDataObject {
	expect(result.status).toBe('success');
	const items = result.items();
	expect(items).toHaveLength(1);
	expect(items[0].pairedItem).toEqual({ item: 0 });
	return items[0].json;
}

describe('Re-prioritize Open Tasks', () => {
	it('updates every open task past the 10,000 search cap, leaves completed ones, and a re-run writes nothing', async () => {
		// Many thousands of requests: HubSpot's 10-second window is off here; the next test keeps it.
		taskSandbox.sandbox.setRateLimits({ enabled: false });
		const open = seedOpenTasks(10_250);
		const completed = Array.from({ length: 300 }, (_, n) =>
			createTask(`Enviar contrato antigo ${n}`, 'COMPLETED'),
		);
		const expectedChanged = open.filter((_, n) => changes(n)).length;

		const first = summaryOf(await runGlobalUpdate());
		expect(first).toMatchObject({
			scanned: 10_250,
			changed: expectedChanged,
			unchanged: 10_250 - expectedChanged,
			failed: 0,
			dryRun: false,
			// Kinds 0, 1 and 2 match a rule.
			matched: open.filter((_, n) => n % KINDS.length <= 2).length,
		});
		expect(first).not.toHaveProperty('changes');
		for (const task of open) expect(titleOf(task.id)).toBe(task.expected);
		for (const taskId of completed) expect(titleOf(taskId)).toMatch(/^Enviar contrato antigo/);

		const searches = requestsTo('/crm/v3/objects/tasks/search');
		// 200 a page, every page read by key (hs_object_id above the last one read), never by an
		// offset, which is how one query's 10,000-result cap is passed.
		expect(searches.length).toBe(Math.ceil(10_250 / 200));
		const keyed = searches.filter((exchange) =>
			(exchange.requestBody as SearchBody).filterGroups.some((group) =>
				group.filters.some(
					(filter) => filter.propertyName === 'hs_object_id' && filter.operator === 'GT',
				),
			),
		);
		expect(keyed.length).toBe(searches.length - 1);
		expect(
			searches.every((exchange) =>
				['0', undefined].includes((exchange.requestBody as SearchBody).after),
			),
		).toBe(true);
		const sizes = updateBatchSizes();
		expect(sizes.every((size) => size <= 100)).toBe(true);
		expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(expectedChanged);
		expect(sizes.length).toBe(Math.ceil(expectedChanged / 100));
		expect(first.apiCalls).toBe(searches.length + sizes.length);
		expect(first.searchCalls).toBe(searches.length);

		const updatesBefore = updateBatchSizes().length;
		const second = summaryOf(await runGlobalUpdate());
		expect(second).toMatchObject({ scanned: 10_250, changed: 0, unchanged: 10_250, failed: 0 });
		expect(updateBatchSizes().length).toBe(updatesBefore);
	}, 90_000);

	it("stays inside HubSpot's real limits: searches and batch writes overlap without a 429", async () => {
		const open = seedOpenTasks(1_500);

		const summary = summaryOf(await runGlobalUpdate({ outputChanges: true }));

		const changedCount = open.filter((_, n) => changes(n)).length;
		expect(summary).toMatchObject({ scanned: 1_500, changed: changedCount, failed: 0 });
		expect(taskSandbox.sandbox.requestLog().filter((exchange) => exchange.status === 429)).toEqual(
			[],
		);
		const changeList = summary.changes as IDataObject[];
		expect(changeList).toHaveLength(changedCount);
		expect(changeList).toContainEqual({
			taskId: open[1].id,
			oldTitle: '[P3] Ligar para cliente 1',
			newTitle: '[P2] Ligar para cliente 1',
			priority: 'P2',
		});
		// Writes start while pages are still being read (a batch fills every ~2 pages).
		const log = taskSandbox.sandbox.requestLog();
		const firstWrite = log.findIndex((exchange) => exchange.path.endsWith('/batch/update'));
		const lastSearch = log
			.map((exchange) => exchange.path)
			.lastIndexOf('/crm/v3/objects/tasks/search');
		expect(firstWrite).toBeGreaterThan(-1);
		expect(firstWrite).toBeLessThan(lastSearch);
		for (const task of open) expect(titleOf(task.id)).toBe(task.expected);
	});

	it('dry run lists what would change and writes nothing', async () => {
		const open = seedOpenTasks(10);
		createTask('Enviar contrato fechado', 'COMPLETED');

		const summary = summaryOf(await runGlobalUpdate({ dryRun: true, setHubSpotPriority: true }));

		expect(summary).toMatchObject({
			scanned: 10,
			changed: 8,
			unchanged: 2,
			dryRun: true,
			failed: 0,
			apiCalls: 1,
			searchCalls: 1,
		});
		const changeList = summary.changes as IDataObject[];
		// With the mapping every task gets a HubSpot priority too; only the "Reunião" ones (no rule,
		// no prefix, no HubSpot priority yet) are already right.
		expect(changeList).toHaveLength(8);
		expect(changeList.map((change) => change.taskId)).not.toContain(open[4].id);
		expect(changeList).toContainEqual(
			expect.objectContaining({
				taskId: open[2].id,
				newTitle: '[P1] Revisar contrato 2',
				hubSpotPriority: 'HIGH',
			}),
		);
		expect(changeList[0]).toEqual({
			taskId: open[0].id,
			oldTitle: 'Enviar contrato 0',
			newTitle: '[P1] Enviar contrato 0',
			priority: 'P1',
			hubSpotPriority: 'HIGH',
		});
		expect(updateBatchSizes()).toEqual([]);
		expect(titleOf(open[0].id)).toBe('Enviar contrato 0');
	});

	describe('a task archived between its page being read and its batch being written', () => {
		function archiveAfterFirstPage(taskId: string): void {
			taskSandbox.archiveTaskAfter('/crm/v3/objects/tasks/search', taskId);
		}

		it('with continueOnFail, counts and lists it; the rest are written', async () => {
			const open = seedOpenTasks(20);
			archiveAfterFirstPage(open[5].id);

			const summary = summaryOf(await runGlobalUpdate({}, { continueOnFail: true }));

			expect(summary).toMatchObject({ scanned: 20, failed: 1 });
			expect(summary.failures).toEqual([
				{ taskId: open[5].id, error: expect.any(String) as unknown },
			]);
			expect(summary.changed).toBe(open.filter((_, n) => changes(n)).length - 1);
			expect(titleOf(open[0].id)).toBe(open[0].expected);
		});

		it('without continueOnFail, fails the node naming the task', async () => {
			const open = seedOpenTasks(20);
			archiveAfterFirstPage(open[5].id);

			const result = await runGlobalUpdate();

			expect(result.status).toBe('error');
			expect(result.error?.message).toContain(open[5].id);
			expect(titleOf(open[6].id)).toBe(open[6].expected);
		});
	});
});
