/**
 * A value a workflow writes to a HubSpot property, checked against HubSpot's definition of it and
 * put the way HubSpot stores it, so a wrong value fails its item before anything is sent.
 */

/** What the pack needs of HubSpot's property definition (GET /crm/v3/properties/{objectType}). */
export interface PropertyDefinition {
	name: string;
	label: string;
	/** HubSpot's data type: string, number, date, datetime, enumeration, bool. */
	type: string;
	/** HubSpot's field type: text, textarea, select, radio, checkbox, booleancheckbox, date, ... */
	fieldType: string;
	options: Array<{ label: string; value: string; hidden?: boolean }>;
	/** Calculated or read-only: nothing can write it. */
	readOnly: boolean;
	/** The owner property: its values are owner IDs, not options. */
	owners?: boolean;
}

export type ValueReading = { ok: true; value: string } | { ok: false; problem: string };

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);
const SHOWN_OPTIONS = 10;

function optionValue(definition: PropertyDefinition, given: string): string | undefined {
	const lower = given.toLowerCase();
	return (
		definition.options.find((option) => option.value === given)?.value ??
		definition.options.find((option) => option.label.toLowerCase() === lower)?.value ??
		definition.options.find((option) => option.value.toLowerCase() === lower)?.value
	);
}

function timestamp(text: string): number {
	if (/^-?\d+$/.test(text)) return Number(text);
	return /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
}

/**
 * `raw` as HubSpot stores it in the property ('' clears it), or why it cannot be: an option by
 * its value or its label (any case), several separated by ";" for a multiple checkbox; owner
 * IDs; numbers; booleans as true/false, yes/no or 1/0; dates and datetimes as ISO or epoch ms.
 */
export function propertyValue(definition: PropertyDefinition, raw: unknown): ValueReading {
	const fail = (problem: string): ValueReading => ({ ok: false, problem });
	if (definition.readOnly) return fail('HubSpot computes this property; it cannot be written');
	if (raw === null || raw === undefined || raw === '') return { ok: true, value: '' };
	if (typeof raw === 'object') return fail('must be text, a number or a boolean, not an object');
	const text = String(raw).trim();
	switch (definition.type) {
		case 'enumeration': {
			if (definition.owners) {
				return /^\d+$/.test(text)
					? { ok: true, value: text }
					: fail(`"${text}" is not an owner ID`);
			}
			const parts =
				definition.fieldType === 'checkbox' ? text.split(';').map((p) => p.trim()) : [text];
			const values = parts.map((part) => optionValue(definition, part));
			const unknown = parts.filter((_part, index) => values[index] === undefined);
			if (unknown.length === 0) return { ok: true, value: values.join(';') };
			const allowed = definition.options.slice(0, SHOWN_OPTIONS).map((option) => option.value);
			const more = definition.options.length > SHOWN_OPTIONS ? ', ...' : '';
			return fail(
				`"${unknown.join('", "')}" is not one of its options (${allowed.join(', ')}${more})`,
			);
		}
		case 'number': {
			const number = Number(text);
			return Number.isFinite(number)
				? { ok: true, value: String(number) }
				: fail(`"${text}" is not a number`);
		}
		case 'bool': {
			const lower = text.toLowerCase();
			if (TRUE.has(lower)) return { ok: true, value: 'true' };
			if (FALSE.has(lower)) return { ok: true, value: 'false' };
			return fail(`"${text}" is not true or false`);
		}
		case 'date':
		case 'datetime': {
			const ms = timestamp(text);
			if (!Number.isFinite(ms))
				return fail(`"${text}" is not a date (ISO 8601 or epoch milliseconds)`);
			const iso = new Date(ms).toISOString();
			return { ok: true, value: definition.type === 'date' ? iso.slice(0, 10) : iso };
		}
		default:
			return { ok: true, value: text };
	}
}
