import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** Type name of the harness's start node; the dot keeps it outside this package's namespace. */
export const HARNESS_START_TYPE = 'harness.start';

/**
 * Stands in for n8n-nodes-base's Manual Trigger, which is not installed here. It has no inputs and
 * hands on the items the harness seeds it with, so the node under test sees them as its input
 * exactly as it would behind a trigger.
 */
export class HarnessStartNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: HARNESS_START_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Starts a test run with the items given to the harness',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}
