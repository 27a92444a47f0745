/**
 * Priority Lookup through n8n's engine with rules from the node's table and from the items:
 * matching (accents, case, ties), default priority and the No Match output.
 */
import { PriorityLookup } from '../../nodes/PriorityLookup/PriorityLookup.node';
import { NodeTypeRegistry, runNode } from '../../tools/engine';
import {
	CREDENTIAL_CLASSES,
	inlineRulesParameters as inlineParameters,
	titleItems as titles,
} from '../shared/rulesTestSupport';

const nodeTypes = new NodeTypeRegistry([PriorityLookup], CREDENTIAL_CLASSES);

describe('Priority Lookup with the rules table', () => {
	it('adds the best match to each item: accents and case ignored, highest priority, then longest keyword', async () => {
		const result = await runNode(
			{ type: PriorityLookup, parameters: inlineParameters() },
			{
				nodeTypes,
				inputItems: titles(
					'LIGACAO para cliente',
					'Ligação sobre CONTRATO NOVO',
					'Agendar demonstração',
					'Agendar demo amanhã',
					'[VIP] almoço',
					'Enviar newsletter',
				),
			},
		);

		expect(result.status).toBe('success');
		expect(result.items()).toEqual([
			{
				json: {
					title: 'LIGACAO para cliente',
					priority: 'P2',
					priorityRank: 2,
					matchedKeyword: 'ligação',
					matchedRule: 0,
					matchedRuleSource: 'table',
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					title: 'Ligação sobre CONTRATO NOVO',
					priority: 'P1',
					priorityRank: 1,
					matchedKeyword: 'contrato novo',
					matchedRule: 2,
					matchedRuleSource: 'table',
				},
				pairedItem: { item: 1 },
			},
			{
				// "demo" is a whole-word rule: "demonstração" does not match it.
				json: {
					title: 'Agendar demonstração',
					priority: null,
					priorityRank: null,
					matchedKeyword: null,
					matchedRule: null,
					matchedRuleSource: null,
				},
				pairedItem: { item: 2 },
			},
			expect.objectContaining({
				json: expect.objectContaining({ priority: 'P3', matchedKeyword: 'demo', matchedRule: 3 }),
				pairedItem: { item: 3 },
			}),
			expect.objectContaining({
				json: expect.objectContaining({
					priority: 'P1',
					matchedKeyword: '^\\[vip\\]',
					matchedRule: 4,
				}),
				pairedItem: { item: 4 },
			}),
			expect.objectContaining({
				json: expect.objectContaining({ priority: null, matchedRule: null }),
				pairedItem: { item: 5 },
			}),
		]);
	});

	it('ignores a priority prefix already on the title, in the configured format', async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: inlineParameters({ options: { prefixFormat: '{priority} - ' } }),
			},
			{ nodeTypes, inputItems: titles('P1 - Ligar de volta', 'P1 - contrato assinado') },
		);

		expect(result.items().map((item) => item.json.priority)).toEqual([null, 'P1']);
	});

	it('gives unmatched items the default priority with its rank', async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: inlineParameters({ rulesOptions: { defaultPriority: 'p4' } }),
			},
			{ nodeTypes, inputItems: titles('Enviar newsletter') },
		);

		expect(result.items()[0].json).toMatchObject({
			priority: 'P4',
			priorityRank: 4,
			matchedKeyword: null,
			matchedRule: null,
		});
	});

	it('sends unmatched items to the second output when asked, pairing each with its input', async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: inlineParameters({ unmatchedItems: 'secondOutput' }),
			},
			{ nodeTypes, inputItems: titles('Enviar newsletter', 'Revisar contrato', 'Almoço') },
		);

		expect(result.status).toBe('success');
		expect(result.items(0)).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ title: 'Revisar contrato', priority: 'P1' }),
				pairedItem: { item: 1 },
			}),
		]);
		expect(result.items(1)).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ title: 'Enviar newsletter', priority: null }),
				pairedItem: { item: 0 },
			}),
			expect.objectContaining({
				json: expect.objectContaining({ title: 'Almoço' }),
				pairedItem: { item: 2 },
			}),
		]);
	});

	it('honours case- and accent-sensitive options', async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: inlineParameters({
					rulesOptions: { accentSensitive: true, caseSensitive: true },
				}),
			},
			{ nodeTypes, inputItems: titles('ligacao', 'Ligação', 'ligação') },
		);

		expect(result.items().map((item) => item.json.priority)).toEqual([null, null, 'P2']);
	});

	it('reads the title from a HubSpot task by default', async () => {
		const result = await runNode(
			{ type: PriorityLookup, parameters: inlineParameters() },
			{
				nodeTypes,
				inputItems: [
					{ json: { id: '1', properties: { hs_task_subject: 'Contrato para assinar' } } },
					{ json: { id: '2', hs_task_subject: 'Ligação de retorno' } },
				],
			},
		);

		expect(result.items().map((item) => [item.json.id, item.json.priority])).toEqual([
			['1', 'P1'],
			['2', 'P2'],
		]);
	});
});

describe('Priority Lookup with rules from a field of the items', () => {
	it('reads the rules once from the first item and matches every item', async () => {
		const rules = [
			{ keyword: 'Orçamento', priority: 'HIGH' },
			{ Keyword: 'follow-up', Priority: 'low', 'Match Type': 'contains' },
		];
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: {
					rulesSource: 'field',
					rulesField: 'config.rules',
					priorityLevels: 'HIGH > MEDIUM > LOW',
					title: '={{ $json.subject }}',
				},
			},
			{
				nodeTypes,
				inputItems: [
					{ json: { subject: 'orcamento revisado', config: { rules } } },
					{ json: { subject: 'Follow-up da reunião' } },
				],
			},
		);

		expect(result.status).toBe('success');
		expect(result.items().map((item) => item.json)).toEqual([
			expect.objectContaining({
				priority: 'HIGH',
				priorityRank: 1,
				matchedRule: 0,
				matchedRuleSource: 'field',
			}),
			expect.objectContaining({
				priority: 'LOW',
				priorityRank: 3,
				matchedKeyword: 'follow-up',
				matchedRule: 1,
			}),
		]);
	});

	it('fails naming the field when the first item does not carry a list of rules', async () => {
		const result = await runNode(
			{ type: PriorityLookup, parameters: { rulesSource: 'field', rulesField: 'rules' } },
			{ nodeTypes, inputItems: [{ json: { rules: 'not json', title: 'x' } }] },
		);

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'Field "rules" holds text that is not a JSON list of rules',
		});
	});
});
