/**
 * Apply Task Prefix's description as n8n reads it, built by the shared operations helper: the
 * operation values saved workflows hold, the subtitle n8n evaluates, and which parameters n8n
 * shows (and resolves with their defaults) for each operation. Plus the dispatcher in the engine.
 */
import type { INodeParameters } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { HubSpotTaskflowApi } from '../../credentials/HubSpotTaskflowApi.credentials';
import { ApplyTaskPrefix } from '../../nodes/ApplyTaskPrefix/ApplyTaskPrefix.node';
import { PriorityLookup } from '../../nodes/PriorityLookup/PriorityLookup.node';
import { NodeTypeRegistry, nodeUnderTest, runNode } from '../../tools/engine';

const nodeTypes = new NodeTypeRegistry([ApplyTaskPrefix, PriorityLookup], [HubSpotTaskflowApi]);
const { description } = new ApplyTaskPrefix();

/** The parameters n8n shows for these values, with the defaults it fills in. */
function shownParameters(values: INodeParameters): INodeParameters {
	return (
		NodeHelpers.getNodeParameters(
			description.properties,
			values,
			true,
			false,
			{ typeVersion: 1 },
			description,
		) ?? {}
	);
}

const RULES_FIELDS = ['rulesSource', 'rulesSpreadsheet', 'rulesRange', 'rulesHeaderRow'];
const RULES_SHARED = ['priorityLevels', 'rulesOptions'];
const PREFIX_FIELDS = ['prefixFormat', 'removePrefixWhenNoPriority', 'setHubSpotPriority'];

describe('Apply Task Prefix description', () => {
	it('offers the three operation values saved workflows hold, by display name', () => {
		const operation = description.properties.find((property) => property.name === 'operation');

		expect(operation).toMatchObject({ type: 'options', noDataExpression: true });
		expect(operation?.default).toBe('updateRecordTasks');
		expect(operation?.options).toEqual([
			expect.objectContaining({ name: 'Re-Prioritize Open Tasks', value: 'reprioritizeOpenTasks' }),
			expect.objectContaining({ name: "Update Record's Tasks", value: 'updateRecordTasks' }),
			expect.objectContaining({ name: 'Update Tasks', value: 'updateTasks' }),
		]);
	});

	it.each([
		['updateTasks', 'Update Tasks'],
		['updateRecordTasks', "Update Record's Tasks"],
		['reprioritizeOpenTasks', 'Re-Prioritize Open Tasks'],
	])(
		'shows the display name of %s under the node, as n8n evaluates the subtitle',
		(value, name) => {
			const node = nodeUnderTest(nodeTypes, {
				type: ApplyTaskPrefix,
				parameters: { operation: value },
			});
			const workflow = new Workflow({
				nodes: [node],
				connections: {},
				nodeTypes,
				active: false,
			});

			expect(
				workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {}),
			).toBe(name);
		},
	);

	it("shows each operation's own fields only for it, the rules and prefix fields where they apply", () => {
		const shown = (values: INodeParameters) => Object.keys(shownParameters(values));

		expect(shown({ operation: 'updateTasks' })).toEqual([
			'operation',
			'taskId',
			'priorityFrom',
			'priority',
			'priorityLevels',
			...PREFIX_FIELDS,
		]);
		expect(shown({ operation: 'updateTasks', priorityFrom: 'rules' })).toEqual([
			'operation',
			'taskId',
			'priorityFrom',
			...RULES_FIELDS,
			...RULES_SHARED,
			...PREFIX_FIELDS,
		]);
		expect(shown({ operation: 'updateRecordTasks' })).toEqual([
			'operation',
			'recordType',
			'recordId',
			...RULES_FIELDS,
			...RULES_SHARED,
			...PREFIX_FIELDS,
		]);
		expect(shown({ operation: 'reprioritizeOpenTasks' })).toEqual([
			'operation',
			'dryRun',
			'outputChanges',
			...RULES_FIELDS,
			...RULES_SHARED,
			...PREFIX_FIELDS,
		]);
		expect(shown({ operation: 'reprioritizeOpenTasks', dryRun: true })).not.toContain(
			'outputChanges',
		);
	});

	it('fills the defaults saved workflows rely on, the same in both nodes that show them', () => {
		const lookup = new PriorityLookup().description;
		const lookupDefaults = NodeHelpers.getNodeParameters(
			lookup.properties,
			{ rulesSource: 'inline' },
			true,
			false,
			{ typeVersion: 1 },
			lookup,
		);
		const prefixFormatOption = lookup.properties
			.find((property) => property.name === 'options')
			?.options?.find((option) => 'name' in option && option.name === 'prefixFormat');

		expect(shownParameters({ operation: 'updateTasks' })).toMatchObject({
			priorityFrom: 'inputItems',
			priority: '={{ $json.priority }}',
			priorityLevels: 'P1, P2, P3, P4',
			prefixFormat: '[{priority}] ',
			removePrefixWhenNoPriority: true,
		});
		expect(shownParameters({ operation: 'updateRecordTasks' })).toMatchObject({
			recordType: 'contact',
			recordId: '',
			rulesSource: 'sheet',
			priorityLevels: 'P1, P2, P3, P4',
		});
		expect(lookupDefaults).toMatchObject({ priorityLevels: 'P1, P2, P3, P4' });
		expect(prefixFormatOption).toMatchObject({ default: '[{priority}] ' });
	});
});

describe('Apply Task Prefix dispatch', () => {
	it('fails the run, naming it, for an operation no module handles', async () => {
		const result = await runNode(
			{ type: ApplyTaskPrefix, parameters: { operation: 'prefixEverything' } },
			{
				nodeTypes,
				credentials: {
					hubSpotTaskflowApi: { accessToken: 'unused', baseUrl: 'http://127.0.0.1:9' },
				},
			},
		);

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Unknown operation "prefixEverything"',
		});
	});
});
