/**
 * A task prioritised at birth: Priority Lookup (the pack's rules) in front of Create Workflow
 * Activity in one workflow through n8n's engine; the action's Title Prefix reads the priority the
 * lookup found, so the task is created with its prefix and never needs a second write.
 */
import type { INode } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { CreateWorkflowActivity } from '../../nodes/CreateWorkflowActivity/CreateWorkflowActivity.node';
import { PriorityLookup } from '../../nodes/PriorityLookup/PriorityLookup.node';
import {
	HARNESS_START_TYPE,
	NodeTypeRegistry,
	runWorkflow,
	START_NODE_NAME,
} from '../../tools/engine';
import { FILTRO, FRIDAY_4PM, useActivitySandbox } from './createWorkflowActivitySupport';

const { sandbox, tasks, parameters } = useActivitySandbox();
const registry = new NodeTypeRegistry(
	[PriorityLookup, CreateWorkflowActivity],
	[HubSpotTaskflowApi],
);

const TITLE = 'Ligar sobre a renovação do contrato';

function node(
	name: string,
	type: string,
	position: number,
	parameters: INode['parameters'],
): INode {
	return { id: name, name, type, typeVersion: 1, position: [position * 300, 0], parameters };
}

it('Priority Lookup in front: the task is created with its prefix, in one create', async () => {
	const logBefore = sandbox.requestLog().length;
	const result = await runWorkflow(
		{
			nodes: [
				node(START_NODE_NAME, HARNESS_START_TYPE, 0, {}),
				node('Find the priority', registry.typeNameOf(PriorityLookup), 1, {
					rulesSource: 'inline',
					rulesTable: {
						rule: [
							{ keyword: 'contrato', priority: 'P1', matchType: '' },
							{ keyword: 'ligar', priority: 'P3', matchType: '' },
						],
					},
					title: TITLE,
				}),
				node(
					'Follow up',
					registry.typeNameOf(CreateWorkflowActivity),
					2,
					parameters({
						actions: {
							action: [
								{
									...FILTRO,
									title: TITLE,
									titlePrefix: "={{ $json.priority ? '[' + $json.priority + '] ' : '' }}",
								},
							],
						},
					}),
				),
			],
			connections: {
				[START_NODE_NAME]: { main: [[{ node: 'Find the priority', type: 'main', index: 0 }]] },
				'Find the priority': { main: [[{ node: 'Follow up', type: 'main', index: 0 }]] },
			},
		},
		{
			nodeTypes: registry,
			startNodeName: START_NODE_NAME,
			credentials: {
				hubSpotTaskflowApi: { accessToken: sandbox.token, baseUrl: sandbox.url },
			},
			inputItems: [
				{ json: { contactId: '501', occurredAt: FRIDAY_4PM, eventId: 'birth-1' } },
				{ json: { contactId: '502', occurredAt: FRIDAY_4PM, eventId: 'birth-2' } },
			],
		},
	);
	expect(result.status).toBe('success');
	expect(result.itemsOf('Follow up').map((item) => item.json.title)).toEqual([
		`[P1] ${TITLE}`,
		`[P1] ${TITLE}`,
	]);
	expect(tasks().map((task) => task.properties.hs_task_subject)).toEqual([
		`[P1] ${TITLE}`,
		`[P1] ${TITLE}`,
	]);
	// written once: the creates, no title update afterwards
	const writes = sandbox
		.requestLog()
		.slice(logBefore)
		.filter((exchange) => exchange.method !== 'GET' && !exchange.path.endsWith('/batch/read'));
	expect(writes.map((exchange) => exchange.path)).toEqual(['/crm/v3/objects/tasks/batch/create']);
});
