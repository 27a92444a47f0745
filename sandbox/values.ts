/**
 * Validation and normalisation of property values written through the API, with HubSpot's error
 * codes (PROPERTY_DOESNT_EXIST, READ_ONLY_VALUE, INVALID_OPTION, INVALID_OWNER_ID, ...).
 */
import { conflict, invalidPropertyValues, validationError } from './errors';
import type { ObjectType } from './objectTypes';
import { OBJECT_TYPE_INFO } from './objectTypes';
import type { PropertyDefinition } from './propertyDefs';
import type { SandboxStore } from './store';

/** property -> normalised value, null meaning "clear" */
export type PropertyChanges = Record<string, string | null>;

interface Problem {
	name: string;
	error: string;
	message: string;
}

/** Epoch milliseconds for a datetime written as epoch ms or ISO 8601; NaN when neither. */
export function parseDateTime(value: string): number {
	if (/^-?\d+$/.test(value)) return Number(value);
	if (/^\d{4}-\d{2}-\d{2}/.test(value)) return Date.parse(value);
	return Number.NaN;
}

function normalizeValue(
	store: SandboxStore,
	def: PropertyDefinition,
	value: string,
): string | Problem {
	switch (def.type) {
		case 'number':
			if (value.trim() === '' || !Number.isFinite(Number(value))) {
				return {
					name: def.name,
					error: 'INVALID_FLOAT',
					message: `${value} is not a valid number`,
				};
			}
			return String(Number(value));
		case 'datetime': {
			const ms = parseDateTime(value);
			if (Number.isNaN(ms)) {
				return {
					name: def.name,
					error: 'INVALID_DATE',
					message: `${value} is not a valid datetime: use epoch milliseconds or ISO 8601`,
				};
			}
			return new Date(ms).toISOString();
		}
		case 'bool':
			if (value !== 'true' && value !== 'false') {
				return {
					name: def.name,
					error: 'INVALID_BOOLEAN',
					message: `${value} is not a valid boolean: use true or false`,
				};
			}
			return value;
		case 'enumeration':
			if (def.ownerReference) {
				if (!store.owner(value))
					return {
						name: def.name,
						error: 'INVALID_OWNER_ID',
						message: `${value} is not a valid owner id`,
					};
				return value;
			}
			// A multiple checkbox holds several options separated by semicolons.
			for (const one of def.fieldType === 'checkbox' ? value.split(';') : [value]) {
				if (def.options.some((o) => o.value === one)) continue;
				const allowed = def.options
					.map((o) => `label: "${o.label}" value: "${o.value}"`)
					.join(', ');
				return {
					name: def.name,
					error: 'INVALID_OPTION',
					message: `${one} was not one of the allowed options: [${allowed}]`,
				};
			}
			return value;
		default:
			return value;
	}
}

/**
 * Checks a `properties` object of a create/update body and returns the normalised changes, or
 * throws HubSpot's 400. Non-string values are coerced as HubSpot does (numbers, booleans).
 */
export function validateProperties(
	store: SandboxStore,
	type: ObjectType,
	input: unknown,
): PropertyChanges {
	if (input === undefined) return {};
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		throw validationError(
			'Invalid input JSON: properties must be an object of property names to string values',
			[{ message: 'properties must be an object', in: 'properties', code: 'INVALID_TYPE' }],
		);
	}
	const changes: PropertyChanges = {};
	const problems: Problem[] = [];
	for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
		const def = store.properties[type].get(name);
		if (!def) {
			problems.push({
				name,
				error: 'PROPERTY_DOESNT_EXIST',
				message: `Property "${name}" does not exist`,
			});
			continue;
		}
		if (def.readOnly) {
			problems.push({
				name,
				error: 'READ_ONLY_VALUE',
				message: `${name} is a read only property; its value cannot be set.`,
			});
			continue;
		}
		if (raw === null || raw === undefined || raw === '') {
			changes[name] = null;
			continue;
		}
		if (typeof raw === 'object') {
			problems.push({
				name,
				error: 'INVALID_TYPE',
				message: `${name} must be a string, not ${Array.isArray(raw) ? 'an array' : 'an object'}`,
			});
			continue;
		}
		const normalized = normalizeValue(store, def, String(raw));
		if (typeof normalized === 'string') changes[name] = normalized;
		else problems.push(normalized);
	}
	if (problems.length > 0) throw invalidPropertyValues(problems);
	return changes;
}

/** Throws 409 CONFLICT when a unique value (a contact's email) already belongs to another record. */
export function assertUniqueValues(
	store: SandboxStore,
	type: ObjectType,
	changes: PropertyChanges,
	selfId?: string,
): void {
	for (const [name, value] of Object.entries(changes)) {
		if (value === null || !store.isUnique(type, name) || name === 'hs_object_id') continue;
		const existing = store.findByUnique(type, name, value);
		if (existing && existing.id !== selfId) {
			if (type === 'contacts' && name === 'email')
				throw conflict(`Contact already exists. Existing ID: ${existing.id}`);
			throw conflict(
				`A ${OBJECT_TYPE_INFO[type].label} with ${name}=${value} already exists. Existing ID: ${existing.id}`,
			);
		}
	}
}

/** Unique values repeated inside one batch also conflict (HubSpot rejects the batch). */
export function assertNoDuplicateUniqueValues(
	store: SandboxStore,
	type: ObjectType,
	batch: PropertyChanges[],
): void {
	const seen = new Map<string, number>();
	batch.forEach((changes, index) => {
		for (const [name, value] of Object.entries(changes)) {
			if (value === null || !store.isUnique(type, name)) continue;
			const key = `${name}\u0000${value.toLowerCase()}`;
			if (seen.has(key)) {
				throw conflict(
					`Duplicate ${name} values in batch input: ${value} (inputs ${seen.get(key)} and ${index})`,
				);
			}
			seen.set(key, index);
		}
	});
}

/** Only non-null changes: what a create stores. */
export function valuesOnly(changes: PropertyChanges): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(changes)) if (value !== null) result[name] = value;
	return result;
}

/** Engagements need a timestamp (for a task, its due date); HubSpot rejects a create without one. */
const REQUIRED_ON_CREATE: Partial<Record<ObjectType, string[]>> = {
	tasks: ['hs_timestamp'],
	calls: ['hs_timestamp'],
	meetings: ['hs_timestamp'],
	notes: ['hs_timestamp'],
};

export function assertRequiredOnCreate(type: ObjectType, changes: PropertyChanges): void {
	const missing = (REQUIRED_ON_CREATE[type] ?? []).filter(
		(name) => changes[name] === undefined || changes[name] === null,
	);
	if (missing.length > 0) {
		throw invalidPropertyValues(
			missing.map((name) => ({ name, error: 'REQUIRED_PROPERTY', message: `${name} is required` })),
		);
	}
}

/** Values HubSpot fills in on create when the input leaves them out. */
export function withCreateDefaults(
	type: ObjectType,
	values: Record<string, string>,
): Record<string, string> {
	if (type === 'tasks') return { hs_task_status: 'NOT_STARTED', hs_task_type: 'TODO', ...values };
	return values;
}
