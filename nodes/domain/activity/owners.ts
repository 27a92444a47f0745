/**
 * Who gets the task: the record's owner, a fixed owner, the next member of a team in turn, or the
 * member with the fewest open tasks; and whether a record's owner may get activities at all (the
 * seed's "creation permission": all, or only reps in chosen groups).
 */
export interface TeamMember {
	ownerId: string;
}

/** The member whose turn `turn` is (1 for the first call, as the state store's counter counts). */
export function memberInTurn<T extends TeamMember>(
	members: readonly T[],
	turn: number,
): T | undefined {
	if (members.length === 0) return undefined;
	const sorted = [...members].sort(
		(a, b) => Number(a.ownerId) - Number(b.ownerId) || a.ownerId.localeCompare(b.ownerId),
	);
	return sorted[(((turn - 1) % sorted.length) + sorted.length) % sorted.length];
}

/** The member with the fewest open tasks; ties go to the lowest owner id, so the choice is stable. */
export function leastLoaded<T extends TeamMember>(
	members: readonly T[],
	openTasks: ReadonlyMap<string, number>,
): T | undefined {
	let best: T | undefined;
	for (const member of members) {
		const load = openTasks.get(member.ownerId) ?? 0;
		const bestLoad = best ? (openTasks.get(best.ownerId) ?? 0) : Infinity;
		if (
			load < bestLoad ||
			(load === bestLoad && best && Number(member.ownerId) < Number(best.ownerId))
		)
			best = member;
	}
	return best;
}

export type Permission = { kind: 'all' } | { kind: 'teams'; teamIds: readonly string[] };

/** Undefined when allowed, else the reason the record is left alone. */
export function refusal(
	permission: Permission,
	owner: { id: string; teamIds: readonly string[] } | undefined,
): string | undefined {
	if (permission.kind === 'all') return undefined;
	if (!owner)
		return 'the record has no owner, and only records of owners in the chosen teams get activities';
	const allowed = new Set(permission.teamIds);
	if (owner.teamIds.some((teamId) => allowed.has(teamId))) return undefined;
	return `owner ${owner.id} is in none of the chosen teams (${permission.teamIds.join(', ')})`;
}
