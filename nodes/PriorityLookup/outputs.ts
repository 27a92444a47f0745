/**
 * The node's outputs as an expression over its parameters (n8n's idiom for configurable outputs,
 * as in its Switch node): one output, or "Matched" and "No Match" when unmatched items are sent
 * to a second output. n8n evaluates the function's source text, so it must stay self-contained.
 */
import type { INodeOutputConfiguration, INodeParameters } from 'n8n-workflow';

export const UNMATCHED_PARAMETER = 'unmatchedItems';

export type UnmatchedItems = 'keep' | 'secondOutput';

export const MATCHED_OUTPUT = 0;
export const UNMATCHED_OUTPUT = 1;

export const configuredOutputs = (parameters: INodeParameters): INodeOutputConfiguration[] =>
	parameters.unmatchedItems === 'secondOutput'
		? [
				{ type: 'main', displayName: 'Matched' },
				{ type: 'main', displayName: 'No Match' },
			]
		: [{ type: 'main' }];
