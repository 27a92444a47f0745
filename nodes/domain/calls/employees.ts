/**
 * The employee table: which HubSpot owner each call-tracking employee is, and where a call for
 * that owner can be forwarded. An employee is found by any identifier the event carries (id,
 * extension, SIP login or phone); phones compare in E.164, the rest without case or spaces.
 */
import type { CallEmployee } from './event';

export interface EmployeeEntry {
	ownerId: string;
	/** Any of these identify the employee in call events. */
	ids: string[];
	/** Where Find Owner forwards a call for this owner: an international number or a SIP login. */
	destinations: string[];
}

export type PhoneToE164 = (raw: string) => string | undefined;

function plain(value: string): string {
	return value.replace(/\s+/g, '').toLowerCase();
}

export class EmployeeTable {
	private readonly byId = new Map<string, EmployeeEntry>();
	private readonly byOwner = new Map<string, EmployeeEntry>();

	/**
	 * `toE164` reads an identifier as a phone number when it is one, so "+380 67 000 0001" in the
	 * table matches "380670000001" in an event.
	 */
	constructor(
		entries: EmployeeEntry[],
		private readonly toE164: PhoneToE164,
	) {
		for (const entry of entries) {
			if (!this.byOwner.has(entry.ownerId)) this.byOwner.set(entry.ownerId, entry);
			for (const id of entry.ids) {
				for (const key of this.keysOf(id)) if (!this.byId.has(key)) this.byId.set(key, entry);
			}
		}
	}

	private keysOf(identifier: string): string[] {
		const key = plain(identifier);
		if (key === '') return [];
		const e164 = /\d{6,}/.test(key) ? this.toE164(identifier) : undefined;
		return e164 && e164 !== key ? [key, e164] : [key];
	}

	/** The owner of the employee named by any of its identifiers; undefined when none is known. */
	ownerOf(employee: CallEmployee | undefined): string | undefined {
		if (!employee) return undefined;
		const identifiers = [employee.id, employee.extension, employee.sipLogin, employee.phone];
		for (const identifier of identifiers) {
			if (!identifier) continue;
			for (const key of this.keysOf(identifier)) {
				const entry = this.byId.get(key);
				if (entry) return entry.ownerId;
			}
		}
		return undefined;
	}

	/** Where a call for the owner is forwarded; empty when the owner has no row or no destination. */
	destinationsOf(ownerId: string): string[] {
		return this.byOwner.get(ownerId)?.destinations ?? [];
	}
}
