/**
 * A node's operations from its operation modules (ARCHITECTURE.md, habit 1): the `operation`
 * options field, the subtitle, every module's fields shown only for its operation, and the
 * `execute` that dispatches by operation. Operation values are stable: saved workflows hold them.
 */
import type {
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from './descriptions/displayOptions';

export const OPERATION_PARAMETER = 'operation';

export interface OperationMetadata {
	/** Stable camelCase, stored in saved workflows. */
	value: string;
	/** Display name, in the options list and the node's subtitle. */
	name: string;
	/** The action as n8n's node panel lists it, e.g. 'Prefix tasks by ID'. */
	action: string;
	description: string;
}

/** What one `actions/<operation>.operation.ts` exports. */
export interface OperationModule {
	operation: OperationMetadata;
	/** The operation's own fields; shown only for it by `nodeOperations`. */
	description: INodeProperties[];
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export interface NodeOperations {
	/** The `operation` options field. */
	operationProperty: INodeProperties;
	/** The operation's display name under the node, not its stored value. */
	subtitle: string;
	/** The operation field, then each module's fields shown only for its operation. */
	properties: INodeProperties[];
	/** For the node's `execute`: runs the chosen operation's module, its items on output 0. */
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

/** displayOptions that show a field only for the given operations. */
export function showForOperations(...operations: OperationModule[]): IDisplayOptions {
	return { show: { [OPERATION_PARAMETER]: operations.map((module) => module.operation.value) } };
}

/** The subtitle expression: a map from operation value to display name, looked up by n8n. */
function subtitleOf(operations: OperationMetadata[]): string {
	const entries = operations.map(
		(operation) => `${JSON.stringify(operation.value)}: ${JSON.stringify(operation.name)}`,
	);
	return `={{ {${entries.join(', ')}}[$parameter["${OPERATION_PARAMETER}"]] }}`;
}

export function nodeOperations(
	modules: OperationModule[],
	{ defaultOperation }: { defaultOperation: string },
): NodeOperations {
	const byValue = new Map(modules.map((module) => [module.operation.value, module]));
	if (byValue.size !== modules.length) {
		throw new Error('Two operation modules share one operation value');
	}
	if (!byValue.has(defaultOperation)) {
		throw new Error(`The default operation "${defaultOperation}" has no module`);
	}
	// Sorted by display name, as n8n lists options.
	const sorted = [...modules].sort((first, second) =>
		first.operation.name.localeCompare(second.operation.name),
	);
	const operationProperty: INodeProperties = {
		displayName: 'Operation',
		name: OPERATION_PARAMETER,
		type: 'options',
		noDataExpression: true,
		default: defaultOperation,
		options: sorted.map(({ operation }) => ({
			name: operation.name,
			value: operation.value,
			description: operation.description,
			action: operation.action,
		})),
	};
	return {
		operationProperty,
		subtitle: subtitleOf(sorted.map((module) => module.operation)),
		properties: [
			operationProperty,
			...modules.flatMap((module) =>
				module.description.map((property) =>
					withDisplayOptions(property, showForOperations(module)),
				),
			),
		],
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const value = this.getNodeParameter(OPERATION_PARAMETER, 0) as string;
			const module = byValue.get(value);
			if (!module) {
				throw new NodeOperationError(this.getNode(), `Unknown operation "${value}"`);
			}
			return [await module.execute.call(this)];
		},
	};
}
