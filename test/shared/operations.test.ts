/** The operations helper's own rules; Apply Task Prefix's description tests show what it builds. */
import type { INodeExecutionData } from 'n8n-workflow';

import { nodeOperations, type OperationModule } from '../../nodes/shared/operations';

function operationModule(value: string, name: string): OperationModule {
	return {
		operation: { value, name, action: `Do ${name}`, description: name },
		description: [
			{
				displayName: 'Shown When Set',
				name: `${value}Field`,
				type: 'string',
				default: '',
				displayOptions: { show: { mode: ['set'] } },
			},
		],
		execute: async (): Promise<INodeExecutionData[]> => [{ json: { ran: value } }],
	};
}

describe('nodeOperations', () => {
	it("adds the operation to each field's own display condition, keeping that condition", () => {
		const { properties } = nodeOperations(
			[operationModule('second', 'B'), operationModule('first', 'A')],
			{
				defaultOperation: 'first',
			},
		);

		expect(properties.map((property) => [property.name, property.displayOptions?.show])).toEqual([
			['operation', undefined],
			['secondField', { operation: ['second'], mode: ['set'] }],
			['firstField', { operation: ['first'], mode: ['set'] }],
		]);
		expect(properties[0].options?.map((option) => 'value' in option && option.value)).toEqual([
			'first',
			'second',
		]);
	});

	it('refuses two modules with one value, and a default no module has', () => {
		expect(() =>
			nodeOperations([operationModule('same', 'A'), operationModule('same', 'B')], {
				defaultOperation: 'same',
			}),
		).toThrow('Two operation modules share one operation value');
		expect(() =>
			nodeOperations([operationModule('first', 'A')], { defaultOperation: 'missing' }),
		).toThrow('The default operation "missing" has no module');
	});
});
