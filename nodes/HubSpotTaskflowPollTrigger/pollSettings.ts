/**
 * The poll trigger's settings, read and checked before anything is sent: each problem is a
 * NodeOperationError naming its field, which the editor shows on "Fetch Test Event".
 */
import type { IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	changeDatesOf,
	checkPollSettings,
	DEFAULT_MAX_CHANGES_PER_POLL,
	DEFAULT_OVERLAP_SECONDS,
	defaultPropertiesOf,
	epochMsOf,
	isWatchedObjectType,
	propertyListOf,
	unknownProperties,
	type PollScope,
	type TriggerOn,
	type WatchedObjectType,
} from '../domain/poll';
import type { HubSpotTransport } from '../shared/transport';

export interface PollSettings {
	scope: PollScope;
	objectType: WatchedObjectType;
	triggerOn: TriggerOn;
	/** The date the search filters and sorts by: creation or modification. */
	dateProperty: string;
	createdProperty: string;
	modifiedProperty: string;
	/** What each item carries. */
	outputProperties: string[];
	watchedProperties: string[];
	includeAssociations: boolean;
	overlapMs: number;
	maxChangesPerPoll: number;
}

const WATCHED_FIELD = 'Only When These Properties Change';
const PROPERTIES_FIELD = 'Properties';

export function readPollSettings(ctx: IPollFunctions, nowMs: number): PollSettings {
	const node = ctx.getNode();
	const objectType = ctx.getNodeParameter('objectType', 'tasks') as string;
	if (!isWatchedObjectType(objectType)) {
		throw new NodeOperationError(
			node,
			`Object Type: choose one of the listed types, got "${objectType}"`,
		);
	}
	const triggerOn = ctx.getNodeParameter('triggerOn', 'createdOrUpdated') as TriggerOn;
	const watched =
		triggerOn === 'createdOrUpdated'
			? propertyListOf(ctx.getNodeParameter('watchedProperties', ''))
			: [];
	const named = propertyListOf(ctx.getNodeParameter('properties', ''));
	const startFrom = ctx.getNodeParameter('startFrom', 'now') as string;
	const startDate = startFrom === 'date' ? ctx.getNodeParameter('startDate', '') : undefined;
	const options = ctx.getNodeParameter('options', {}) as {
		overlapSeconds?: number;
		maxChangesPerPoll?: number;
	};
	const overlapSeconds = options.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
	const maxChangesPerPoll = options.maxChangesPerPoll ?? DEFAULT_MAX_CHANGES_PER_POLL;
	const problems = checkPollSettings(
		{
			overlapSeconds,
			maxChangesPerPoll,
			startFrom,
			startDate,
			propertyLists: { [WATCHED_FIELD]: watched, [PROPERTIES_FIELD]: named },
		},
		nowMs,
	);
	if (problems.length > 0) {
		throw new NodeOperationError(
			node,
			problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
		);
	}
	const dates = changeDatesOf(objectType);
	return {
		scope: {
			objectType,
			triggerOn,
			startFrom:
				startFrom === 'date'
					? { kind: 'date', fromMs: epochMsOf(String(startDate)) as number }
					: { kind: 'now' },
		},
		objectType,
		triggerOn,
		dateProperty: triggerOn === 'created' ? dates.created : dates.modified,
		createdProperty: dates.created,
		modifiedProperty: dates.modified,
		outputProperties: named.length > 0 ? named : defaultPropertiesOf(objectType),
		watchedProperties: watched,
		includeAssociations: ctx.getNodeParameter('includeAssociations', false) as boolean,
		overlapMs: Number(overlapSeconds) * 1000,
		maxChangesPerPoll: Number(maxChangesPerPoll),
	};
}

/** What the named properties were checked for, so that a change to them is checked again. */
export function namedPropertiesKey(settings: PollSettings): string {
	return `${settings.objectType}:${settings.watchedProperties.join(',')}|${settings.outputProperties.join(',')}`;
}

/** An unknown property named in a field is a clear error, not an item without the value. */
export async function assertPropertiesExist(
	ctx: IPollFunctions,
	transport: HubSpotTransport,
	settings: PollSettings,
): Promise<void> {
	const known = await transport.propertyNames(settings.objectType);
	const problems = [
		[WATCHED_FIELD, unknownProperties(settings.watchedProperties, known)],
		[PROPERTIES_FIELD, unknownProperties(settings.outputProperties, known)],
	] as const;
	const messages = problems
		.filter(([, unknown]) => unknown.length > 0)
		.map(
			([field, unknown]) =>
				`${field}: HubSpot has no ${settings.objectType} ${unknown.length === 1 ? 'property' : 'properties'} ${unknown.map((name) => `"${name}"`).join(', ')}`,
		);
	if (messages.length > 0) {
		throw new NodeOperationError(ctx.getNode(), messages.join('; '), {
			description: `Use internal names, as Settings > Properties in HubSpot shows them for ${settings.objectType}.`,
		});
	}
}
