/**
 * Create for Existing Records (seed 003's choice to enrol existing records, not only new ones):
 * the records of a type matching filters are read by search, page by page by key, and each gets
 * the actions' tasks unless it has them already: every create is keyed by workflow, action,
 * record and the fixed event "existing", so a second run creates nothing. Dry Run lists what would
 * be created (looked up by key) and writes nothing.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CreateRecordAction } from '../domain/crm';
import { DEFAULT_IDEMPOTENCY_PROPERTY, performCrmActions } from '../shared/crm';
import { HUBSPOT_RECORD_TYPES, pickedRecordType } from '../shared/descriptions';
import { hubSpotTransportFor, type HubSpotTransport, type SearchFilter } from '../shared/transport';
import { decideForRecord, OWNER_PROPERTY, type Planned } from './createActivities';
import { readItemSettings } from './itemSettings';
import { OwnerChoice } from './ownerChoice';
import { RECORD_PICKER } from './properties';

export const EXISTING_RECORDS_EVENT = 'existing';
const OPERATORS = [
	'EQ',
	'NEQ',
	'GT',
	'GTE',
	'LT',
	'LTE',
	'HAS_PROPERTY',
	'NOT_HAS_PROPERTY',
	'CONTAINS_TOKEN',
];

interface PlannedCreate {
	recordId: string;
	planned: Planned;
	label: string;
	dueMs: number;
	action: CreateRecordAction;
}

function filtersOf(ctx: IExecuteFunctions): SearchFilter[] {
	const raw = ((ctx.getNodeParameter('recordFilters', 0, {}) as IDataObject).filter ??
		[]) as IDataObject[];
	return raw.map((filter, index) => {
		const propertyName = String(filter.propertyName ?? '').trim();
		const operator = String(filter.operator ?? 'EQ');
		if (!/^[a-z0-9_]+$/.test(propertyName)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Filters > Filter ${index + 1} > Property: "${propertyName}" is not a HubSpot property name`,
			);
		}
		if (!OPERATORS.includes(operator)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Filters > Filter ${index + 1} > Operator: "${operator}" is not one of ${OPERATORS.join(', ')}`,
			);
		}
		const needsValue = operator !== 'HAS_PROPERTY' && operator !== 'NOT_HAS_PROPERTY';
		return {
			propertyName,
			operator: operator as SearchFilter['operator'],
			...(needsValue ? { value: String(filter.value ?? '') } : {}),
		};
	});
}

async function existingKeys(
	transport: HubSpotTransport,
	creates: PlannedCreate[],
): Promise<boolean[]> {
	const found: boolean[] = [];
	for (let start = 0; start < creates.length; start += 100) {
		const chunk = creates.slice(start, start + 100);
		const reads = await transport.batchRead(
			'tasks',
			chunk.map((create) => create.action.idempotencyKey as string),
			{ idProperty: DEFAULT_IDEMPOTENCY_PROPERTY, properties: [] },
		);
		found.push(...reads.map((read) => read.ok));
	}
	return found;
}

export async function executeCreateForExistingRecords(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[][]> {
	const nowMs = Date.now();
	const item = this.getInputData()[0] ?? { json: {} };
	const objectType = pickedRecordType(this, 0, RECORD_PICKER);
	const apiName = HUBSPOT_RECORD_TYPES[objectType].apiName;
	const filters = filtersOf(this);
	const maxRecords = Number(this.getNodeParameter('maxRecords', 0, 1_000));
	const dryRun = this.getNodeParameter('dryRun', 0, false) as boolean;
	const transport = await hubSpotTransportFor(this);
	const owners = new OwnerChoice(this, transport);

	const creates: PlannedCreate[] = [];
	const notPermitted: INodeExecutionData[] = [];
	let records = 0;
	read: for await (const page of transport.searchPages(apiName, {
		filterGroups: filters.length > 0 ? [{ filters }] : [],
		properties: [OWNER_PROPERTY],
	})) {
		for (const record of page.records) {
			if (records >= maxRecords) break read;
			records++;
			const settings = readItemSettings(this, item, 0, nowMs, {
				record: { objectType, apiName, id: record.id },
				eventKey: EXISTING_RECORDS_EVENT,
			});
			const decision = await decideForRecord(
				this,
				0,
				settings,
				record.properties[OWNER_PROPERTY] || undefined,
				owners,
				nowMs,
			);
			if (decision.kind === 'refused') {
				notPermitted.push({
					json: { recordId: record.id, objectType, notPermitted: decision.reason },
					pairedItem: { item: 0 },
				});
			} else if (decision.kind === 'planned') {
				for (const { plan, label } of decision.planned.creates) {
					creates.push({
						recordId: record.id,
						planned: decision.planned,
						label,
						dueMs: plan.dueMs,
						action: plan.action,
					});
				}
			}
		}
	}

	const describe = (create: PlannedCreate): IDataObject => ({
		record: { objectType, id: create.recordId },
		action: create.label,
		title: create.action.properties.hs_task_subject,
		dueAt: new Date(create.dueMs).toISOString(),
		ownerId: create.planned.ownerId ?? null,
	});
	if (dryRun) {
		const exists = await existingKeys(transport, creates);
		return [
			creates.map((create, index) => ({
				json: { ...describe(create), wouldCreate: !exists[index] },
				pairedItem: { item: 0 },
			})),
			notPermitted,
		];
	}
	const results = await performCrmActions(
		transport,
		creates.map((create) => create.action),
	);
	const failed = results.flatMap((result, index) =>
		result.ok
			? []
			: [
					`${describe(creates[index]).title} for ${objectType} ${creates[index].recordId}: ${result.error.message}`,
				],
	);
	if (failed.length > 0 && !this.continueOnFail()) {
		throw new NodeOperationError(
			this.getNode(),
			`${failed.length} of ${creates.length} tasks could not be created`,
			{
				description: failed.slice(0, 10).join('\n'),
			},
		);
	}
	const created = results.map((result, index) => ({
		json: result.ok
			? {
					...describe(creates[index]),
					taskId: result.value.id,
					existing: Boolean(result.value.existing),
				}
			: { ...describe(creates[index]), error: result.error.message },
		pairedItem: { item: 0 },
	}));
	return [created, notPermitted];
}
