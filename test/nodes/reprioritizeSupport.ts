/**
 * What the global-update tests under trouble share: the node run through n8n's engine against the
 * sandbox, tasks seeded straight into the sandbox's store (fast enough for tens of thousands), the
 * title each must end with, and what users do meanwhile.
 */
import path from 'node:path';

import type { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Exchange } from '../../sandbox/server';
import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { ApplyTaskPrefix } from '../../nodes/ApplyTaskPrefix/ApplyTaskPrefix.node';
import { NodeTypeRegistry, runNode, type NodeSettings } from '../../tools/engine';
import type { TaskSandbox } from './applyTaskPrefixSupport';

const nodeTypes = new NodeTypeRegistry([ApplyTaskPrefix], [HubSpotTaskflowApi]);

export const GLOBAL_UPDATE: INodeParameters = {
	operation: 'reprioritizeOpenTasks',
	rulesSource: 'inline',
	rulesTable: { rule: [{ keyword: 'contrato', priority: 'P1', matchType: '' }] },
};

export interface SeededTask {
	id: string;
	expected: string;
}

/**
 * `count` open tasks; even ones need a new title (`Enviar contrato n` gets `[P1] `), odd ones are
 * already right (`[P1] Revisar contrato n`), so every page of 200 fills exactly one batch of 100.
 */
export function seedOpenTasks(taskSandbox: TaskSandbox, count: number): SeededTask[] {
	const statuses = ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'DEFERRED'];
	return Array.from({ length: count }, (_, n) => {
		const title = n % 2 === 0 ? `Enviar contrato ${n}` : `[P1] Revisar contrato ${n}`;
		return {
			id: taskSandbox.createTask(title, statuses[n % statuses.length]),
			expected: n % 2 === 0 ? `[P1] Enviar contrato ${n}` : title,
		};
	});
}

export async function runGlobalUpdate(
	taskSandbox: TaskSandbox,
	parameters: INodeParameters = {},
	settings: NodeSettings = {},
) {
	const result = await runNode(
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
	return { result, returnedAt: Date.now() };
}

export function onlyItemOf(result: Awaited<ReturnType<typeof runNode>>): IDataObject {
	const items = result.items();
	expect(items).toHaveLength(1);
	expect(items[0].pairedItem).toEqual({ item: 0 });
	return items[0].json;
}

export function isOpen(taskSandbox: TaskSandbox, taskId: string): boolean {
	const task = taskSandbox.sandbox.store.get('tasks', taskId);
	return task !== undefined && !task.archived && task.properties.hs_task_status !== 'COMPLETED';
}

/** Marks the requests a user makes meanwhile, so the node's own traffic can be told apart. */
export const USER_HEADER = 'x-acting-user';

export function byUser(exchange: Exchange): boolean {
	return exchange.requestHeaders[USER_HEADER] !== undefined;
}

/**
 * What users do while the node runs, through HubSpot's API: delete some tasks (one batch call, at
 * most 100 ids) and complete others (one batch call, or with `oneByOne` one call each, e.g. to keep
 * clear of faults injected on batch updates).
 */
export async function userDeletesAndCompletes(
	taskSandbox: TaskSandbox,
	deleted: string[],
	completed: string[],
	{ oneByOne = false } = {},
): Promise<void> {
	const { url, token } = taskSandbox.sandbox;
	const send = async (method: string, path: string, body: object) => {
		const answer = await fetch(`${url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': 'application/json',
				[USER_HEADER]: 'yes',
			},
			body: JSON.stringify(body),
		});
		await answer.arrayBuffer();
	};
	await Promise.all([
		deleted.length === 0
			? undefined
			: send('POST', '/crm/v3/objects/tasks/batch/archive', {
					inputs: deleted.map((id) => ({ id })),
				}),
		completed.length === 0 || oneByOne
			? undefined
			: send('POST', '/crm/v3/objects/tasks/batch/update', {
					inputs: completed.map((id) => ({ id, properties: { hs_task_status: 'COMPLETED' } })),
				}),
		...(oneByOne ? completed : []).map(
			async (id) =>
				await send('PATCH', `/crm/v3/objects/tasks/${id}`, {
					properties: { hs_task_status: 'COMPLETED' },
				}),
		),
	]);
}

export async function pause(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The logger nodes get as `this.logger`: n8n-core's own copy of @n8n/backend-common's Logger. */
export function n8nCoreLogger(): Logger {
	const fromN8nCore = require.resolve('@n8n/backend-common', {
		paths: [path.dirname(require.resolve('n8n-core'))],
	});
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy n8n-core loaded, not ours
	const { Logger: LoggerOfN8nCore } = require(fromN8nCore) as { Logger: typeof Logger };
	return Container.get(LoggerOfN8nCore);
}
