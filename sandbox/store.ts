/**
 * The sandbox's state: CRM objects per type, owners, associations, custom properties, pipelines
 * and spreadsheets. No validation here (values.ts validates API writes); the store keeps ids ordered
 * and unique indexes current so reads stay cheap with tens of thousands of records.
 */
import {
	OBJECT_TYPES,
	OBJECT_TYPE_INFO,
	defaultAssociationTypeId,
	resolveObjectType,
} from './objectTypes';
import type { ObjectType } from './objectTypes';
import { applyCalculatedPhones } from './phone';
import { PipelineRegistry } from './pipelines';
import { standardProperties } from './propertyDefs';
import type { PropertyRegistry } from './propertyDefs';
import { SearchIndex } from './searchIndex';
import type { OwnerInput, OwnerRecord, StoredObject } from './types';

interface TypeTable {
	byId: Map<string, StoredObject>;
	/** numeric ids, ascending (HubSpot's default order) */
	order: number[];
	nextId: number;
	/** unique property -> lower-cased value -> id */
	unique: Map<string, Map<string, string>>;
}

export interface Sheet {
	sheetId: number;
	title: string;
	rows: string[][];
}

export interface Spreadsheet {
	spreadsheetId: string;
	title: string;
	sheets: Sheet[];
}

/** Association key: "<type>:<id>". */
type AssociationMap = Map<string, Map<ObjectType, Map<string, Set<number>>>>;

/** ISO 8601 for a Date, epoch milliseconds (number or digit string) or a date string. */
export function isoTime(value: string | number | Date = Date.now()): string {
	const date =
		typeof value === 'string' && /^-?\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
	if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${String(value)}`);
	return date.toISOString();
}

export function requireObjectType(raw: string): ObjectType {
	const type = resolveObjectType(raw);
	if (!type) throw new Error(`Unknown object type: ${raw}`);
	return type;
}

/** Where the first id above `value` is in an ascending list of ids. */
function firstAbove(order: number[], value: number): number {
	let low = 0;
	let high = order.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (order[mid] <= value) low = mid + 1;
		else high = mid;
	}
	return low;
}

function insertSorted(order: number[], value: number): void {
	if (order.length === 0 || order[order.length - 1] < value) order.push(value);
	else order.splice(firstAbove(order, value), 0, value);
}

export class SandboxStore {
	private tables = {} as Record<ObjectType, TypeTable>;
	private ownersById = new Map<string, OwnerRecord>();
	private nextOwnerId = 80_000_001;
	private associationMap: AssociationMap = new Map();
	private spreadsheets = new Map<string, Spreadsheet>();
	properties: PropertyRegistry = standardProperties();
	readonly pipelines = new PipelineRegistry();
	/** bumps on every change; lets search cache per state */
	version = 0;
	/** what search sees: every record write goes through it (searchIndex.ts) */
	readonly searchIndex = new SearchIndex(this);

	constructor() {
		this.clear();
	}

	clear(): void {
		for (const type of OBJECT_TYPES) {
			this.tables[type] = {
				byId: new Map(),
				order: [],
				nextId: OBJECT_TYPE_INFO[type].firstId,
				unique: new Map(),
			};
		}
		this.ownersById.clear();
		this.nextOwnerId = 80_000_001;
		this.associationMap.clear();
		this.spreadsheets.clear();
		this.properties = standardProperties();
		this.pipelines.reset();
		this.pipelines.applyTo(this.properties);
		this.searchIndex.clear();
		this.version++;
	}

	// ---- objects ---------------------------------------------------------------------------

	private uniqueProperties(type: ObjectType): string[] {
		const names: string[] = [];
		for (const def of this.properties[type].values()) {
			if (def.hasUniqueValue && def.name !== 'hs_object_id') names.push(def.name);
		}
		return names;
	}

	private indexUnique(type: ObjectType, object: StoredObject, add: boolean): void {
		const table = this.tables[type];
		for (const name of this.uniqueProperties(type)) {
			const value = object.properties[name];
			if (value === undefined) continue;
			let index = table.unique.get(name);
			if (!index) table.unique.set(name, (index = new Map()));
			const key = value.toLowerCase();
			if (add) index.set(key, object.id);
			else if (index.get(key) === object.id) index.delete(key);
		}
	}

	/** Recomputes the properties HubSpot derives from others. */
	private derive(object: StoredObject): void {
		const p = object.properties;
		p.hs_object_id = object.id;
		p.hs_createdate = object.createdAt;
		p.createdate = object.createdAt;
		p.hs_lastmodifieddate = object.updatedAt;
		if (object.objectType === 'contacts') {
			p.lastmodifieddate = object.updatedAt;
			applyCalculatedPhones(p);
		}
		if (object.objectType === 'tasks') {
			const completed = p.hs_task_status === 'COMPLETED';
			p.hs_task_is_completed = completed ? '1' : '0';
			if (completed) p.hs_task_completion_date ??= object.updatedAt;
			else delete p.hs_task_completion_date;
		}
		if (object.objectType === 'deals' && p.dealstage !== undefined) {
			const outcome = this.pipelines.dealOutcome(p.pipeline, p.dealstage);
			p.hs_is_closed = String(outcome?.closed ?? false);
			p.hs_is_closed_won = String(outcome?.won ?? false);
		}
	}

	/**
	 * Creates a record. Properties are taken as given (no validation); createdate/hs_createdate and
	 * hs_lastmodifieddate in the input back-date the record.
	 */
	create(type: ObjectType, properties: Record<string, string>, id?: string): StoredObject {
		const table = this.tables[type];
		let numericId: number;
		if (id !== undefined) {
			numericId = Number(id);
			if (!/^\d+$/.test(id)) throw new Error(`Object ids are numeric strings, got ${id}`);
			if (table.byId.has(id)) throw new Error(`${type} ${id} already exists`);
		} else {
			numericId = table.nextId;
		}
		table.nextId = Math.max(table.nextId, numericId + 1);
		const now = isoTime();
		const given = { ...properties };
		const createdAt = isoTime(given.hs_createdate ?? given.createdate ?? now);
		const updatedAt = isoTime(given.hs_lastmodifieddate ?? given.lastmodifieddate ?? createdAt);
		const object: StoredObject = {
			id: String(numericId),
			objectType: type,
			properties: given,
			createdAt,
			updatedAt,
			archived: false,
		};
		for (const [name, value] of Object.entries(given))
			if (value === '' || value === null || value === undefined) delete given[name];
		this.derive(object);
		this.searchIndex.beforeWrite(type, object.id, undefined);
		table.byId.set(object.id, object);
		insertSorted(table.order, numericId);
		this.indexUnique(type, object, true);
		this.searchIndex.afterWrite(type, object);
		this.version++;
		return object;
	}

	/** Applies changes; null or '' clears a property. */
	update(type: ObjectType, id: string, changes: Record<string, string | null>): StoredObject {
		const object = this.tables[type].byId.get(id);
		if (!object) throw new Error(`${type} ${id} does not exist`);
		this.searchIndex.beforeWrite(type, id, object);
		this.indexUnique(type, object, false);
		for (const [name, value] of Object.entries(changes)) {
			if (value === null || value === '') delete object.properties[name];
			else object.properties[name] = value;
		}
		object.updatedAt = isoTime(Math.max(Date.now(), Date.parse(object.updatedAt) + 1));
		this.derive(object);
		this.indexUnique(type, object, true);
		this.searchIndex.afterWrite(type, object);
		this.version++;
		return object;
	}

	archive(type: ObjectType, id: string): boolean {
		const object = this.tables[type].byId.get(id);
		if (!object || object.archived) return false;
		this.searchIndex.beforeWrite(type, id, object);
		this.indexUnique(type, object, false);
		object.archived = true;
		object.archivedAt = isoTime();
		this.searchIndex.afterWrite(type, object);
		this.version++;
		return true;
	}

	get(type: ObjectType, id: string): StoredObject | undefined {
		return this.tables[type].byId.get(id);
	}

	/** A live (not archived) record. */
	active(type: ObjectType, id: string): StoredObject | undefined {
		const object = this.tables[type].byId.get(id);
		return object && !object.archived ? object : undefined;
	}

	findByUnique(type: ObjectType, property: string, value: string): StoredObject | undefined {
		if (property === 'hs_object_id') return this.active(type, value);
		const id = this.tables[type].unique.get(property)?.get(value.toLowerCase());
		if (id !== undefined) return this.active(type, id);
		// A property made unique after records were written is not indexed: scan.
		for (const object of this.iterate(type, false))
			if (object.properties[property] === value) return object;
		return undefined;
	}

	isUnique(type: ObjectType, property: string): boolean {
		return property === 'hs_object_id' || this.uniqueProperties(type).includes(property);
	}

	/** Records in ascending id order: live ones, archived ones, or both ('any'). */
	*iterate(type: ObjectType, archived: boolean | 'any', afterId?: number): Generator<StoredObject> {
		const table = this.tables[type];
		const start = afterId === undefined ? 0 : firstAbove(table.order, afterId);
		for (let i = start; i < table.order.length; i++) {
			const object = table.byId.get(String(table.order[i]));
			if (object && (archived === 'any' || object.archived === archived)) yield object;
		}
	}

	all(type: ObjectType): StoredObject[] {
		return [...this.iterate(type, false)];
	}

	count(type: ObjectType): number {
		return this.tables[type].byId.size;
	}

	// ---- associations ----------------------------------------------------------------------

	private link(
		fromType: ObjectType,
		fromId: string,
		toType: ObjectType,
		toId: string,
		typeIds: number[],
	): void {
		const key = `${fromType}:${fromId}`;
		let byType = this.associationMap.get(key);
		if (!byType) this.associationMap.set(key, (byType = new Map()));
		let targets = byType.get(toType);
		if (!targets) byType.set(toType, (targets = new Map()));
		let types = targets.get(toId);
		if (!types) targets.set(toId, (types = new Set()));
		for (const typeId of typeIds) types.add(typeId);
	}

	/** Associates both ways with HubSpot's default type ids (plus `typeIds` one way, if given). */
	associate(
		fromType: ObjectType,
		fromId: string,
		toType: ObjectType,
		toId: string,
		typeIds?: number[],
	): void {
		const forward = defaultAssociationTypeId(fromType, toType);
		const backward = defaultAssociationTypeId(toType, fromType);
		this.link(fromType, fromId, toType, toId, typeIds ?? (forward !== undefined ? [forward] : []));
		this.link(toType, toId, fromType, fromId, backward !== undefined ? [backward] : []);
		this.version++;
	}

	unassociate(fromType: ObjectType, fromId: string, toType: ObjectType, toId: string): boolean {
		const removed =
			this.associationMap.get(`${fromType}:${fromId}`)?.get(toType)?.delete(toId) ?? false;
		this.associationMap.get(`${toType}:${toId}`)?.get(fromType)?.delete(fromId);
		if (removed) this.version++;
		return removed;
	}

	/** Associated ids of one type, in the order they were linked, with their type ids. */
	associations(
		fromType: ObjectType,
		fromId: string,
		toType: ObjectType,
	): Array<{ toId: string; typeIds: number[] }> {
		const targets = this.associationMap.get(`${fromType}:${fromId}`)?.get(toType);
		if (!targets) return [];
		const result: Array<{ toId: string; typeIds: number[] }> = [];
		for (const [toId, typeIds] of targets) {
			if (this.active(toType, toId)) result.push({ toId, typeIds: [...typeIds] });
		}
		return result;
	}

	// ---- owners ----------------------------------------------------------------------------

	addOwner(input: OwnerInput): OwnerRecord {
		const id = input.id ?? String(this.nextOwnerId);
		// An owner belongs to any number of teams; HubSpot marks at most one of them primary.
		if ((input.teams ?? []).filter((team) => team.primary).length > 1)
			throw new Error(`Owner ${input.email} has more than one primary team`);
		this.nextOwnerId = Math.max(this.nextOwnerId, Number(id) + 1);
		const userId = input.userId ?? 9_000_000 + this.ownersById.size + 1;
		const now = isoTime();
		const owner: OwnerRecord = {
			id,
			email: input.email,
			firstName: input.firstName ?? '',
			lastName: input.lastName ?? '',
			userId,
			userIdIncludingInactive: userId,
			type: 'PERSON',
			teams: input.teams ?? [],
			archived: input.archived ?? false,
			createdAt: now,
			updatedAt: now,
		};
		this.ownersById.set(id, owner);
		this.version++;
		return owner;
	}

	owner(id: string): OwnerRecord | undefined {
		return this.ownersById.get(id);
	}

	owners(): OwnerRecord[] {
		return [...this.ownersById.values()].sort((a, b) => Number(a.id) - Number(b.id));
	}

	// ---- spreadsheets ----------------------------------------------------------------------

	setSheet(
		spreadsheetId: string,
		sheetTitle: string,
		rows: string[][],
		spreadsheetTitle?: string,
	): void {
		let spreadsheet = this.spreadsheets.get(spreadsheetId);
		if (!spreadsheet) {
			spreadsheet = { spreadsheetId, title: spreadsheetTitle ?? spreadsheetId, sheets: [] };
			this.spreadsheets.set(spreadsheetId, spreadsheet);
		} else if (spreadsheetTitle) {
			spreadsheet.title = spreadsheetTitle;
		}
		const copy = rows.map((row) => row.map((cell) => String(cell ?? '')));
		const existing = spreadsheet.sheets.find((s) => s.title === sheetTitle);
		if (existing) existing.rows = copy;
		else
			spreadsheet.sheets.push({
				sheetId: spreadsheet.sheets.length === 0 ? 0 : stableSheetId(spreadsheetId, sheetTitle),
				title: sheetTitle,
				rows: copy,
			});
	}

	spreadsheet(spreadsheetId: string): Spreadsheet | undefined {
		return this.spreadsheets.get(spreadsheetId);
	}
}

/** Google's sheet ids are arbitrary positive int32s; derive one from the names so it is stable. */
function stableSheetId(spreadsheetId: string, title: string): number {
	let hash = 7;
	for (const ch of `${spreadsheetId}/${title}`)
		hash = (hash * 31 + ch.charCodeAt(0)) % 2_000_000_000;
	return hash + 1;
}
