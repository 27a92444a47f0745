/** Converts the generated client's model instances (with Date fields) into plain JSON shapes. */
import type { AssociatedRecord, HubSpotOwner, HubSpotRecord } from './types';

interface ClientRecord {
	id: string;
	properties: Record<string, string | null>;
	createdAt: Date | string;
	updatedAt: Date | string;
	archived?: boolean;
}

interface ClientOwner {
	id: string;
	email?: string;
	firstName?: string;
	lastName?: string;
	userId?: number;
	archived: boolean;
	teams?: Array<{ id: string; name: string; primary: boolean }>;
}

interface ClientAssociated {
	toObjectId: string | number;
	associationTypes: Array<{ category: string; typeId: number; label?: string | null }>;
}

function isoString(value: Date | string | undefined): string {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
	return value ?? '';
}

export function toRecord(record: ClientRecord): HubSpotRecord {
	return {
		id: String(record.id),
		properties: { ...record.properties },
		createdAt: isoString(record.createdAt),
		updatedAt: isoString(record.updatedAt),
		archived: record.archived ?? false,
	};
}

export function toOwner(owner: ClientOwner): HubSpotOwner {
	return {
		id: String(owner.id),
		email: owner.email ?? null,
		firstName: owner.firstName ?? null,
		lastName: owner.lastName ?? null,
		userId: owner.userId ?? null,
		archived: owner.archived,
		teams: (owner.teams ?? []).map((team) => ({
			id: String(team.id),
			name: team.name,
			primary: team.primary,
		})),
	};
}

export function toAssociated(associated: ClientAssociated): AssociatedRecord {
	return {
		toObjectId: String(associated.toObjectId),
		associationTypes: associated.associationTypes.map((type) => ({
			category: type.category as AssociatedRecord['associationTypes'][number]['category'],
			typeId: type.typeId,
			label: type.label ?? null,
		})),
	};
}
