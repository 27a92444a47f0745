/**
 * The one write path for nodes: every item plans its CRM actions, all actions of all items are
 * performed together in batches (./performActions), and each result comes back to its item as
 * the shared item loop does it: pairedItem on every output, continueOnFail per action, otherwise
 * one error naming every failed action once all were performed.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { describeAction, type CrmAction } from '../../domain/crm';
import { mapBatch, type ItemLoopContext, type PerItemResult } from '../itemLoop';
import type { HubSpotTransport } from '../transport';
import { performCrmActions, type CrmActionOutcome, type PerformOptions } from './performActions';

export interface CrmExecution extends PerformOptions {
	/** The actions of one item; runs at the item's index, and a throw fails that item before anything is sent. */
	plan: (item: INodeExecutionData, itemIndex: number) => CrmAction[] | Promise<CrmAction[]>;
	/** The output of one performed action; `crmOutcomeJson` by default. */
	emit?: (outcome: CrmActionOutcome, action: CrmAction, itemIndex: number) => PerItemResult;
	/** Names an action in errors; `describeAction` by default. */
	describe?: (action: CrmAction) => string;
}

/** What a performed action did, for the error of an item that failed after it. */
export function describeOutcome(outcome: CrmActionOutcome): string {
	const verb = {
		create: outcome.existing ? 'found (made before)' : 'created',
		update: 'updated',
		archive: 'archived',
		associate: 'associated',
	}[outcome.kind];
	return `${outcome.objectType} ${outcome.id} ${verb}`;
}

/** What an action did: kind, object type, id and, for a create or update, the properties. */
export function crmOutcomeJson(outcome: CrmActionOutcome): IDataObject {
	const json: IDataObject = {
		action: outcome.kind,
		objectType: outcome.objectType,
		id: outcome.id,
	};
	if (outcome.record) json.properties = outcome.record.properties;
	if (outcome.existing) json.existing = true;
	return json;
}

export async function executeCrmActions(
	ctx: ItemLoopContext,
	transport: HubSpotTransport,
	execution: CrmExecution,
): Promise<INodeExecutionData[]> {
	return await mapBatch<CrmAction, CrmActionOutcome>(ctx, {
		collect: execution.plan,
		run: async (actions) => await performCrmActions(transport, actions, execution),
		emit: execution.emit ?? crmOutcomeJson,
		describe: execution.describe ?? describeAction,
		describeDone: (outcome, action) =>
			`${describeOutcome(outcome)}${execution.describe ? ` (${execution.describe(action)})` : ''}`,
	});
}
