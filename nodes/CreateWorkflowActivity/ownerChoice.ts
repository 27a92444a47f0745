/**
 * Who gets each task, and whether a record may get tasks at all: owners and their teams are read
 * once per execution; the round-robin turn is the state store's atomic counter (Redis when set, so
 * concurrent executions and queue-mode workers never hand out the same turn); least loaded counts
 * each member's open tasks with one search, then counts what this execution assigns.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { leastLoaded, memberInTurn, refusal, type Permission } from '../domain/activity';
import { stateStoreFor, type CacheValue, type StateStore } from '../shared/state';
import {
	HUBSPOT_CREDENTIAL_TYPE,
	type HubSpotOwner,
	type HubSpotTeam,
	type HubSpotTaskflowCredentialData,
	type HubSpotTransport,
} from '../shared/transport';

const OWNERS_CACHE_KEY = 'owners';
/** A team change reaches the rotation within this time. */
const OWNERS_CACHED_MS = 5 * 60_000;
/** Longer than HubSpot retries a workflow webhook (3 days). */
const TURN_REMEMBERED_MS = 4 * 24 * 3_600_000;

export type OwnerMode = 'recordOwner' | 'fixed' | 'roundRobin' | 'leastLoaded';

export class OwnerChoice {
	private owners?: Map<string, HubSpotOwner>;
	private store?: StateStore;
	private readonly openTasks = new Map<string, number>();
	private ownersFromCache = false;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly transport: HubSpotTransport,
	) {}

	private async directory(): Promise<Map<string, HubSpotOwner>> {
		this.owners ??= new Map((await this.cachedOwners()).map((owner) => [owner.id, owner]));
		return this.owners;
	}

	/**
	 * The directory, read from HubSpot if the one in hand came from the cache and `isStale` says
	 * it lacks what was asked for (a team or owner added minutes ago): at most once per execution.
	 */
	private async directoryWhere(
		isStale: (owners: Map<string, HubSpotOwner>) => boolean,
	): Promise<Map<string, HubSpotOwner>> {
		const owners = await this.directory();
		if (!this.ownersFromCache || !isStale(owners)) return owners;
		this.owners = new Map((await this.cachedOwners(true)).map((owner) => [owner.id, owner]));
		return this.owners;
	}

	/**
	 * Owners and their teams change rarely and cost a call: kept a few minutes in the state store
	 * (shared by every process with Redis), so a burst of events reads them once.
	 */
	private async cachedOwners(fresh = false): Promise<HubSpotOwner[]> {
		const store = await this.stateStore();
		const cached = fresh
			? undefined
			: await store.cache.get(OWNERS_CACHE_KEY).catch(() => undefined);
		this.ownersFromCache = Array.isArray(cached);
		if (Array.isArray(cached)) return cached as unknown as HubSpotOwner[];
		const owners = await this.transport.listOwners();
		await store.cache
			.set(OWNERS_CACHE_KEY, owners as unknown as CacheValue, OWNERS_CACHED_MS)
			.catch(() => undefined);
		return owners;
	}

	/** The owner's HubSpot teams (none for an owner HubSpot does not list). */
	async teamsOf(ownerId: string): Promise<HubSpotTeam[]> {
		return (await this.directory()).get(ownerId)?.teams ?? [];
	}

	private async stateStore(): Promise<StateStore> {
		if (!this.store) {
			const credentials =
				await this.ctx.getCredentials<HubSpotTaskflowCredentialData>(HUBSPOT_CREDENTIAL_TYPE);
			this.store = stateStoreFor(this.ctx, { credentialRedisUrl: credentials.redisUrl });
		}
		return this.store;
	}

	private async members(teamId: string, itemIndex: number): Promise<HubSpotOwner[]> {
		if (teamId === '')
			throw new NodeOperationError(this.ctx.getNode(), 'Team: choose a team', { itemIndex });
		const inTeam = (owners: Map<string, HubSpotOwner>) =>
			[...owners.values()].filter((owner) => owner.teams.some((team) => team.id === teamId));
		const members = inTeam(await this.directoryWhere((owners) => inTeam(owners).length === 0));
		if (members.length === 0) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				`Team: team ${teamId} has no active members in HubSpot`,
				{
					itemIndex,
				},
			);
		}
		return members;
	}

	/** Undefined when the record may get tasks, else why not. */
	async refusalFor(
		permission: Permission,
		recordOwnerId: string | undefined,
	): Promise<string | undefined> {
		if (permission.kind === 'all') return undefined;
		const owner = recordOwnerId ? (await this.directory()).get(recordOwnerId) : undefined;
		return refusal(
			permission,
			owner
				? { id: owner.id, teamIds: owner.teams.map((team) => team.id) }
				: recordOwnerId
					? { id: recordOwnerId, teamIds: [] }
					: undefined,
		);
	}

	async ownerFor(
		mode: OwnerMode,
		choice: {
			recordOwnerId?: string;
			fixedOwnerId?: string;
			teamId: string;
			/** Names the event and record: handled again, it keeps its turn. */
			occasion: string;
		},
		itemIndex: number,
	): Promise<string | undefined> {
		switch (mode) {
			case 'recordOwner':
				return choice.recordOwnerId;
			case 'fixed': {
				const ownerId = choice.fixedOwnerId;
				const known = ownerId
					? (await this.directoryWhere((owners) => !owners.has(ownerId))).has(ownerId)
					: false;
				if (!ownerId || !known) {
					throw new NodeOperationError(
						this.ctx.getNode(),
						`Owner: owner "${ownerId ?? ''}" was not found in HubSpot`,
						{
							itemIndex,
						},
					);
				}
				return ownerId;
			}
			case 'roundRobin': {
				const members = await this.members(choice.teamId, itemIndex);
				// One turn per event: a retried or redelivered event gets the member it got first,
				// so its task and its record's owner agree and no later event loses its turn.
				const turn = await (
					await this.stateStore()
				).incrementOnce(`rotation:${choice.teamId}`, choice.occasion, TURN_REMEMBERED_MS);
				return memberInTurn(
					members.map((owner) => ({ ownerId: owner.id })),
					turn,
				)?.ownerId;
			}
			case 'leastLoaded': {
				const members = await this.members(choice.teamId, itemIndex);
				for (const member of members) {
					if (!this.openTasks.has(member.id))
						this.openTasks.set(member.id, await this.openTaskCount(member.id));
				}
				const chosen = leastLoaded(
					members.map((owner) => ({ ownerId: owner.id })),
					this.openTasks,
				)?.ownerId;
				if (chosen) this.openTasks.set(chosen, (this.openTasks.get(chosen) ?? 0) + 1);
				return chosen;
			}
		}
	}

	private async openTaskCount(ownerId: string): Promise<number> {
		const answer = await this.transport.request(
			`count of open tasks of owner ${ownerId}`,
			async (apis) =>
				await apis.objects.searchApi.doSearch('tasks', {
					filterGroups: [
						{
							filters: [
								{ propertyName: 'hubspot_owner_id', operator: 'EQ' as never, value: ownerId },
								{ propertyName: 'hs_task_status', operator: 'NEQ' as never, value: 'COMPLETED' },
							],
						},
					],
					properties: [],
					sorts: [],
					limit: 1,
					after: '0',
				}),
			{ search: true },
		);
		return answer.total;
	}
}
