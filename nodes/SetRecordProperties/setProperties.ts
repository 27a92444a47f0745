/**
 * Each item's values checked against HubSpot's property definitions (a wrong one fails its item,
 * naming it, before anything is sent), then every record updated in batches through the one
 * write path: one request per 100 records, each record changed in one write.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { propertyValue, updateRecord, type UpdateRecordAction } from '../domain/crm';
import { performCrmActions, propertyDefinitionsOf } from '../shared/crm';
import { pickedRecord } from '../shared/descriptions';
import { mapBatch, type BatchResult } from '../shared/itemLoop';
import { hubSpotTransportFor, type HubSpotTransport } from '../shared/transport';
import { UPDATED_RECORD } from './properties';

interface PropertyEntry {
	name?: unknown;
	value?: unknown;
}

async function updateOf(
	ctx: IExecuteFunctions,
	transport: HubSpotTransport,
	itemIndex: number,
): Promise<UpdateRecordAction> {
	const fail = (message: string) => new NodeOperationError(ctx.getNode(), message, { itemIndex });
	const record = pickedRecord(ctx, itemIndex, UPDATED_RECORD);
	if (!/^\d+$/.test(record.id)) throw fail(`Record ID: "${record.id}" is not a HubSpot ID`);
	const entries = (ctx.getNodeParameter('properties.property', itemIndex, []) ??
		[]) as PropertyEntry[];
	if (entries.length === 0) throw fail('Properties: add at least one property to write');
	const definitions = await propertyDefinitionsOf(transport, record.apiName);
	const values: Record<string, string> = {};
	const problems: string[] = [];
	for (const entry of entries) {
		const name = String(entry.name ?? '').trim();
		const definition = definitions.get(name);
		if (!definition) {
			problems.push(`"${name}": HubSpot has no such ${record.objectType} property`);
			continue;
		}
		if (name in values) problems.push(`"${name}": given twice`);
		const reading = propertyValue(definition, entry.value);
		if (reading.ok) values[name] = reading.value;
		else problems.push(`"${name}": ${reading.problem}`);
	}
	if (problems.length > 0) throw fail(`Properties: ${problems.join('; ')}`);
	return updateRecord(record.apiName, record.id, values);
}

/**
 * HubSpot refuses a batch that names one record twice, so updates of a record named again by a
 * later item go in a later round, in item order: the last item's values stay, as one by one.
 */
function rounds(updates: UpdateRecordAction[]): number[][] {
	const rounds: number[][] = [];
	const seen = new Map<string, number>();
	updates.forEach((update, position) => {
		const key = `${update.objectType}:${update.id}`;
		const round = (seen.get(key) ?? -1) + 1;
		seen.set(key, round);
		(rounds[round] ??= []).push(position);
	});
	return rounds;
}

export async function executeSetProperties(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const transport = await hubSpotTransportFor(this);
	const output = await mapBatch<UpdateRecordAction, Record<string, unknown>>(this, {
		collect: async (_item, itemIndex) => [await updateOf(this, transport, itemIndex)],
		run: async (updates) => {
			const results = new Array<BatchResult<Record<string, unknown>>>(updates.length);
			for (const round of rounds(updates)) {
				const answers = await performCrmActions(
					transport,
					round.map((position) => updates[position]),
				);
				answers.forEach((answer, index) => {
					results[round[index]] = answer.ok
						? { ok: true, value: { ...(answer.value.record?.properties ?? {}) } }
						: answer;
				});
			}
			return results;
		},
		emit: (properties, update) => ({
			objectType: update.objectType,
			id: update.id,
			written: update.properties,
			properties,
		}),
		describe: (update) => `${update.objectType} ${update.id}`,
		describeDone: (_value, update) => `${update.objectType} ${update.id} updated`,
	});
	return [output];
}
