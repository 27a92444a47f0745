/**
 * One step of a guide per item: the record and HubSpot's property definitions read (definitions
 * and owners cached), the domain's step taken, and, once every page is answered, the record
 * updated in one write and the answers logged on its timeline, keyed by the guide's run.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { updateRecord } from '../domain/crm';
import {
	askGuide,
	encodeState,
	guideProperties,
	guideStep,
	readGuide,
	readRefusal,
	readState,
	retryStep,
	startState,
	STATE_FIELD,
	timelineAction,
	type Choice,
	type GuideDefinition,
	type GuideState,
	type ShowPage,
	type StoredValues,
} from '../domain/guide';
import {
	performCrmActions,
	PROPERTY_DEFINITIONS_TTL_MS,
	propertyDefinitionsOf,
} from '../shared/crm';
import {
	HUBSPOT_RECORD_TYPES,
	ownerName,
	pickedRecord,
	pickedRecordType,
} from '../shared/descriptions';
import { routeItems, type RoutedItem } from '../shared/itemLoop';
import { TimedCache } from '../shared/timedCache';
import { hubSpotTransportFor, type HubSpotTransport } from '../shared/transport';
import { GUIDED_RECORD } from './properties';

/** Owners change rarely; a guide's pages follow each other in seconds. */
const ownersCache = new TimedCache<Choice[]>(32);

const FORM_PAGE = 0;
const DONE = 1;

/** The portal's owners as an owner question offers them, named as the owner pickers name them. */
async function ownerChoices(transport: HubSpotTransport): Promise<Choice[]> {
	return await ownersCache.get(transport.account, PROPERTY_DEFINITIONS_TTL_MS, async () => {
		const owners = await transport.listOwners();
		return owners
			.map((owner) => ({ label: ownerName(owner), value: owner.id }))
			.sort((first, second) => first.label.localeCompare(second.label));
	});
}

function todayIn(ctx: IExecuteFunctions, itemIndex: number): string {
	const zone =
		String(ctx.getNodeParameter('timeZone', itemIndex, '') ?? '').trim() || ctx.getTimezone();
	try {
		// en-CA writes dates as YYYY-MM-DD.
		return new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
	} catch {
		throw new NodeOperationError(ctx.getNode(), `Time Zone: "${zone}" is not a time zone`, {
			itemIndex,
		});
	}
}

function guideOf(ctx: IExecuteFunctions, itemIndex: number): GuideDefinition {
	const reading = readGuide(ctx.getNodeParameter('guide', itemIndex));
	if (!reading.ok) {
		throw new NodeOperationError(ctx.getNode(), `Guide: ${reading.problems.join('; ')}`, {
			itemIndex,
		});
	}
	return reading.guide;
}

/** The state the form carried back, or a new run on the record the parameters pick. */
function stateOf(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): GuideState {
	const carried = item.json[STATE_FIELD];
	if (carried !== undefined && carried !== null && carried !== '') {
		const state = readState(carried);
		if (!state) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The input field "${STATE_FIELD}" does not hold this guide's state: connect the Form page that shows the guide's pages to this node`,
				{ itemIndex },
			);
		}
		// The state comes back from the browser: it may name only the record type this node guides.
		const guidedType =
			HUBSPOT_RECORD_TYPES[pickedRecordType(ctx, itemIndex, GUIDED_RECORD)].apiName;
		if (state.objectType !== guidedType) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The input field "${STATE_FIELD}" names ${state.objectType}, but this guide runs on ${guidedType}`,
				{ itemIndex },
			);
		}
		return state;
	}
	const record = pickedRecord(ctx, itemIndex, GUIDED_RECORD);
	if (!/^\d+$/.test(record.id)) {
		throw new NodeOperationError(ctx.getNode(), `Record ID: "${record.id}" is not a HubSpot ID`, {
			itemIndex,
		});
	}
	const logAs = ctx.getNodeParameter('logAs', itemIndex, 'note');
	if (logAs !== 'note' && logAs !== 'call') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Log On the Timeline As: "${String(logAs)}" is neither note nor call`,
			{
				itemIndex,
			},
		);
	}
	return startState(randomUUID(), record.apiName, record.id, logAs);
}

async function storedValues(
	transport: HubSpotTransport,
	state: GuideState,
	properties: string[],
	itemIndex: number,
	ctx: IExecuteFunctions,
): Promise<StoredValues> {
	const [read] = await transport.batchRead(state.objectType, [state.recordId], { properties });
	if (!read.ok) {
		if (read.error.httpCode === '404') {
			throw new NodeOperationError(
				ctx.getNode(),
				`Record ID: HubSpot has no ${state.objectType} ${state.recordId}`,
				{ itemIndex },
			);
		}
		throw read.error;
	}
	return read.value.properties;
}

function pageItem(step: ShowPage): RoutedItem {
	const { objectType, recordId } = step.state;
	return {
		output: FORM_PAGE,
		json: {
			...step.page,
			[STATE_FIELD]: encodeState(step.state),
			objectType,
			recordId,
		} as unknown as IDataObject,
	};
}

export async function executeGuideStep(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const transport = await hubSpotTransportFor(this);
	return await routeItems(
		this,
		2,
		async (item, itemIndex) => {
			const guide = guideOf(this, itemIndex);
			const state = stateOf(this, item, itemIndex);
			const definitions = await propertyDefinitionsOf(transport, state.objectType);
			const needsOwners = guide.pages.some((page) =>
				page.questions.some((question) => definitions.get(question.property)?.owners),
			);
			const asked = askGuide(guide, definitions, needsOwners ? await ownerChoices(transport) : []);
			if (!asked.ok) {
				throw new NodeOperationError(this.getNode(), `Guide: ${asked.problems.join('; ')}`, {
					itemIndex,
				});
			}
			const stored = await storedValues(transport, state, guideProperties(guide), itemIndex, this);
			const stepInput = {
				guide,
				asked: asked.pages,
				state,
				stored,
				today: todayIn(this, itemIndex),
			};
			const step = guideStep({
				...stepInput,
				submitted: state.showing !== undefined ? item.json : undefined,
			});
			if (step.kind === 'show') return pageItem(step);

			// Every answer is checked; one write changes the record, or nothing does.
			const changed = Object.keys(step.changes);
			if (changed.length > 0) {
				const [update] = await performCrmActions(transport, [
					updateRecord(state.objectType, state.recordId, step.changes),
				]);
				if (!update.ok) {
					if (update.error.httpCode !== '400') throw update.error;
					const labels = new Map(
						[...asked.pages.values()].flat().map((q) => [q.property, q.label]),
					);
					const refusal = readRefusal(
						`${update.error.message} ${String(update.error.description ?? '')}`,
						(property) => labels.get(property),
						changed,
					);
					return pageItem(retryStep({ ...stepInput, state: step.state }, refusal));
				}
			}
			const [logged] = await performCrmActions(transport, [
				timelineAction(step.state, guide.title, step.answered, new Date().toISOString()),
			]);
			if (!logged.ok) throw logged.error;
			return {
				output: DONE,
				json: {
					guide: guide.title,
					objectType: state.objectType,
					recordId: state.recordId,
					changes: step.changes,
					answers: step.state.answers,
					answered: step.answered,
					timeline: {
						objectType: logged.value.objectType,
						id: logged.value.id,
						existing: logged.value.existing === true,
					},
					guideRun: step.state.run,
				} as unknown as IDataObject,
			};
		},
		{ describeItem: (item) => (item.json[STATE_FIELD] ? 'Guide page' : 'Guide start') },
	);
}
