/**
 * One poll: read the records changed since the watermark (less the overlap), drop what was read
 * before, the pack's own writes and changes to properties nobody watches, and emit the rest, one
 * item per record and change. State is saved only once everything was read, so a poll that fails
 * (HubSpot 5xx, a timeout) leaves the watermark where it was and the next one reads it all again.
 * n8n keeps node static data in memory between polls and saves it with each emit (with its
 * durable poll cursors, in the same transaction as the execution it starts).
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { PackWrite } from '../shared/state';
import {
	advancedCursor,
	changeKey,
	createdInWindow,
	creationKey,
	cursorFor,
	epochMsOf,
	fingerprintOf,
	FingerprintMemory,
	searchFromMs,
	SeenChanges,
	ASSOCIATED_RECORD_TYPES,
	type ChangeKind,
} from '../domain/poll';
import {
	hubSpotTransportFor,
	sortBy,
	type HubSpotRecord,
	type HubSpotTransport,
} from '../shared/transport';

import {
	assertPropertiesExist,
	namedPropertiesKey,
	readPollSettings,
	type PollSettings,
} from './pollSettings';

/** Changes inside one overlap window are few; the bound only stops a runaway. */
const MAX_SEEN_CHANGES = 100_000;
const MAX_FINGERPRINTS = 20_000;

interface ReadChange {
	record: HubSpotRecord;
	atMs: number;
	createdMs: number | undefined;
}

interface PollState {
	cursor?: unknown;
	seen?: unknown;
	fingerprints?: unknown;
	checkedProperties?: string;
}

/**
 * Reads until the maximum of changes not seen before: the overlap's repeats cost a search, not a
 * place in the poll.
 */
async function readChanges(
	transport: HubSpotTransport,
	settings: PollSettings,
	fromMs: number,
	seen: SeenChanges,
): Promise<{ changes: ReadChange[]; complete: boolean }> {
	const changes: ReadChange[] = [];
	let unseen = 0;
	const properties = [
		...settings.outputProperties,
		...settings.watchedProperties,
		settings.createdProperty,
		settings.modifiedProperty,
	];
	for await (const page of transport.changedRecords(settings.objectType, {
		dateProperty: settings.dateProperty,
		fromMs,
		properties: [...new Set(properties)],
	})) {
		for (const { record, atMs } of page.records) {
			const key = changeKey(
				{ id: record.id, createdMs: undefined, modifiedMs: atMs },
				settings.triggerOn,
			);
			if (!seen.has(key)) unseen++;
			changes.push({
				record,
				atMs,
				createdMs:
					epochMsOf(record.properties[settings.createdProperty]) ?? epochMsOf(record.createdAt),
			});
		}
		// Pages end on a date boundary the next poll reads again from, so stopping here loses nothing.
		if (unseen >= settings.maxChangesPerPoll) return { changes, complete: false };
	}
	return { changes, complete: true };
}

async function ownWritesAmong(
	transport: HubSpotTransport,
	settings: PollSettings,
	changes: ReadChange[],
): Promise<PackWrite[]> {
	if (!transport.ownWrites || settings.triggerOn === 'created') return changes.map(() => false);
	try {
		return await transport.ownWrites.madeByPack(
			changes.map(({ record, atMs }) => ({
				objectType: settings.objectType,
				id: record.id,
				modifiedMs: atMs,
			})),
		);
	} catch {
		// Redis unavailable: emit them; the pack's nodes find nothing to write for their own changes.
		return changes.map(() => false);
	}
}

/**
 * A version the pack wrote is its own echo, not news: unless the poll watches properties and the
 * pack set none of them. Then a watched change in that version was someone else's, made before
 * the pack's write (e.g. an e-mail opened just before the rotation template gave the contact an
 * owner), and it still counts when the watched values changed.
 */
function isOwnEcho(write: PackWrite, watched: string[]): boolean {
	if (!write) return false;
	if (watched.length === 0 || !write.properties) return true;
	return write.properties.some((property) => watched.includes(property));
}

async function associatedIds(
	transport: HubSpotTransport,
	objectType: string,
	recordIds: string[],
): Promise<Map<string, Record<string, string[]>>> {
	const byRecord = new Map<string, Record<string, string[]>>(recordIds.map((id) => [id, {}]));
	for (const toType of ASSOCIATED_RECORD_TYPES.filter((type) => type !== objectType)) {
		const answers = await transport.batchReadAssociations(objectType, toType, recordIds);
		answers.forEach((answer, index) => {
			if (!answer.ok) throw answer.error;
			byRecord.get(recordIds[index])![toType] = answer.value.map(
				(associated) => associated.toObjectId,
			);
		});
	}
	return byRecord;
}

function itemOf(
	settings: PollSettings,
	change: ReadChange,
	kind: ChangeKind,
	associations: Record<string, string[]> | undefined,
): INodeExecutionData {
	const { record } = change;
	const properties: IDataObject = {};
	for (const name of settings.outputProperties) properties[name] = record.properties[name] ?? null;
	return {
		json: {
			objectType: settings.objectType,
			id: record.id,
			change: kind,
			changedAt: new Date(change.atMs).toISOString(),
			createdAt: change.createdMs === undefined ? null : new Date(change.createdMs).toISOString(),
			properties,
			...(associations ? { associations } : {}),
		},
	};
}

/** The editor's "Fetch Test Event": the latest change, whatever the watermark, saving nothing. */
async function latestChange(
	transport: HubSpotTransport,
	settings: PollSettings,
): Promise<INodeExecutionData[][] | null> {
	const answer = await transport.request(
		`search of the latest changed ${settings.objectType}`,
		async (apis) =>
			await apis.objects.searchApi.doSearch(settings.objectType, {
				filterGroups: [],
				properties: [
					...new Set([
						...settings.outputProperties,
						settings.createdProperty,
						settings.dateProperty,
					]),
				],
				sorts: sortBy(settings.dateProperty, 'DESCENDING'),
				limit: 1,
				after: '0',
			}),
		{ search: true },
	);
	const latest = answer.results[0];
	if (!latest) return null;
	const record: HubSpotRecord = {
		id: latest.id,
		properties: latest.properties,
		createdAt: latest.createdAt.toISOString(),
		updatedAt: latest.updatedAt.toISOString(),
		archived: Boolean(latest.archived),
	};
	const change: ReadChange = {
		record,
		atMs: epochMsOf(record.properties[settings.dateProperty]) ?? Date.parse(record.updatedAt),
		createdMs:
			epochMsOf(record.properties[settings.createdProperty]) ?? Date.parse(record.createdAt),
	};
	const associations = settings.includeAssociations
		? (await associatedIds(transport, settings.objectType, [record.id])).get(record.id)
		: undefined;
	const kind: ChangeKind = settings.triggerOn === 'created' ? 'created' : 'updated';
	return [[itemOf(settings, change, kind, associations)]];
}

export async function pollChanges(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const pollStartedMs = Date.now();
	const settings = readPollSettings(ctx, pollStartedMs);
	const transport = await hubSpotTransportFor(ctx);
	const state = ctx.getWorkflowStaticData('node') as PollState;

	if (ctx.getMode() === 'manual') {
		await assertPropertiesExist(ctx, transport, settings);
		return await latestChange(transport, settings);
	}
	const propertiesKey = namedPropertiesKey(settings);
	if (state.checkedProperties !== propertiesKey) {
		await assertPropertiesExist(ctx, transport, settings);
	}

	const { cursor } = cursorFor(state.cursor, settings.scope, pollStartedMs);
	const fromMs = searchFromMs(cursor, settings.overlapMs);
	const seen = new SeenChanges(state.seen, MAX_SEEN_CHANGES);
	seen.forgetBefore(fromMs);
	const { changes, complete } = await readChanges(transport, settings, fromMs, seen);
	const own = await ownWritesAmong(transport, settings, changes);
	const fingerprints =
		settings.watchedProperties.length > 0
			? new FingerprintMemory(state.fingerprints, MAX_FINGERPRINTS)
			: undefined;
	const emitted: Array<{ change: ReadChange; kind: ChangeKind }> = [];
	let readThroughMs: number | undefined;
	changes.forEach((change, index) => {
		readThroughMs = Math.max(readThroughMs ?? change.atMs, change.atMs);
		const read = { id: change.record.id, createdMs: change.createdMs, modifiedMs: change.atMs };
		const key = changeKey(read, settings.triggerOn);
		if (seen.has(key)) return;
		seen.add(key, change.atMs);
		const created =
			settings.triggerOn === 'created' ||
			(createdInWindow(read, fromMs) && !seen.has(creationKey(read)));
		if (created && change.createdMs !== undefined) seen.add(creationKey(read), change.createdMs);
		const fingerprint =
			fingerprints && fingerprintOf(change.record.properties, settings.watchedProperties);
		const watchedUnchanged =
			fingerprint !== undefined && !fingerprints!.changed(read.id, fingerprint);
		if (fingerprint !== undefined) fingerprints!.remember(read.id, fingerprint);
		if (isOwnEcho(own[index], settings.watchedProperties)) return;
		if (!created && watchedUnchanged) return;
		emitted.push({ change, kind: created ? 'created' : 'updated' });
	});

	const associations =
		settings.includeAssociations && emitted.length > 0
			? await associatedIds(
					transport,
					settings.objectType,
					emitted.map(({ change }) => change.record.id),
				)
			: undefined;

	// Everything was read: only now does the state move.
	state.cursor = advancedCursor(cursor, {
		readThroughMs,
		complete,
		pollStartedMs,
	}) as unknown as IDataObject;
	state.seen = seen.toJSON();
	if (fingerprints) state.fingerprints = fingerprints.toJSON();
	state.checkedProperties = propertiesKey;
	if (emitted.length === 0) return null;
	return [
		emitted.map(({ change, kind }) =>
			itemOf(settings, change, kind, associations?.get(change.record.id)),
		),
	];
}
