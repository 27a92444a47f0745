/**
 * Priority Lookup's failures through n8n's engine: bad rules (fail, or skip with warnings) and
 * per-item errors under continueOnFail, the error output and a plain run.
 */
import { PriorityLookup } from '../../nodes/PriorityLookup/PriorityLookup.node';
import { NodeTypeRegistry, runNode } from '../../tools/engine';
import {
	CREDENTIAL_CLASSES,
	inlineRulesParameters as inlineParameters,
	titleItems as titles,
} from '../shared/rulesTestSupport';

const nodeTypes = new NodeTypeRegistry([PriorityLookup], CREDENTIAL_CLASSES);

describe('Priority Lookup with bad rules', () => {
	const badTable = {
		rule: [
			{ keyword: 'contrato', priority: 'P1' },
			{ keyword: '', priority: 'P2' },
			{ keyword: 'ligar', priority: 'P9' },
			{ keyword: '(unclosed', priority: 'P2', matchType: 'regex' },
		],
	};

	it('fails the node naming the row and column of each bad rule', async () => {
		const result = await runNode(
			{ type: PriorityLookup, parameters: { rulesSource: 'inline', rulesTable: badTable } },
			{ nodeTypes, inputItems: titles('contrato') },
		);

		expect(result.status).toBe('error');
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/^3 bad priority rules: /);
		expect(result.error?.message).toContain('rules table index 1, column keyword');
		expect(result.error?.message).toContain('rules table index 2, column priority');
		expect(result.error?.message).toContain('rules table index 3, column keyword');
		expect(result.error?.message).toContain('(in the rules table)');
		expect(result.error?.description).toContain('Skip Bad Rules');
	});

	it('with Skip Bad Rules, leaves them out and shows each as a warning hint', async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: {
					rulesSource: 'inline',
					rulesTable: badTable,
					rulesOptions: { skipBadRows: true },
				},
			},
			{ nodeTypes, inputItems: titles('contrato', 'ligar') },
		);

		expect(result.status).toBe('success');
		expect(result.items().map((item) => item.json.priority)).toEqual(['P1', null]);
		const hints = result.run.data.resultData.runData['Priority Lookup'][0].hints ?? [];
		expect(hints).toHaveLength(3);
		expect(hints).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					type: 'warning',
					location: 'outputPane',
					message: expect.stringContaining(
						'Skipped a bad rule in the rules table: rules table index 2, column priority',
					),
				}),
			]),
		);
	});

	it('refuses a default priority that is not a level', async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: inlineParameters({ rulesOptions: { defaultPriority: 'P7' } }),
			},
			{ nodeTypes, inputItems: titles('x') },
		);

		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'Default priority "P7" is not one of the priority levels (P1, P2, P3, P4)',
		);
	});
});

describe('Priority Lookup per-item errors', () => {
	const input = [
		{ json: { title: 'Contrato' } },
		{ json: { title: { text: 'not a string' } } },
		{ json: { title: 'ligacao' } },
	];

	it('with continueOnFail, keeps the input json plus the error for a bad title and goes on', async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: inlineParameters({ title: '={{ $json.title }}' }),
				continueOnFail: true,
			},
			{ nodeTypes, inputItems: input },
		);

		expect(result.status).toBe('success');
		expect(result.items()).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ priority: 'P1' }),
				pairedItem: { item: 0 },
			}),
			{
				json: {
					title: { text: 'not a string' },
					error: 'The title must be text, not object',
					details: {
						itemIndex: 1,
						description: 'Check the Title expression: it should give the task title of each item',
					},
				},
				pairedItem: { item: 1 },
			},
			expect.objectContaining({
				json: expect.objectContaining({ priority: 'P2' }),
				pairedItem: { item: 2 },
			}),
		]);
	});

	it("with onError 'continueErrorOutput' and a No Match output, the failed item goes to the third output", async () => {
		const result = await runNode(
			{
				type: PriorityLookup,
				parameters: inlineParameters({
					title: '={{ $json.title }}',
					unmatchedItems: 'secondOutput',
				}),
				onError: 'continueErrorOutput',
			},
			{ nodeTypes, inputItems: [...input, { json: { title: 'nothing here' } }] },
		);

		expect(result.status).toBe('success');
		expect(result.items(0).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(result.items(1).map((item) => item.pairedItem)).toEqual([{ item: 3 }]);
		// n8n merged the input json back in on the error output.
		expect(result.items(2)).toEqual([
			{
				json: {
					title: { text: 'not a string' },
					error: 'The title must be text, not object',
					details: expect.objectContaining({ itemIndex: 1 }),
				},
				pairedItem: { item: 1 },
			},
		]);
	});

	it('without continueOnFail, fails the run with the item index', async () => {
		const result = await runNode(
			{ type: PriorityLookup, parameters: inlineParameters({ title: '={{ $json.missing }}' }) },
			{ nodeTypes, inputItems: input },
		);

		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({
			name: 'NodeOperationError',
			message: 'The title is empty for this item',
			context: { itemIndex: 0 },
		});
	});
});
