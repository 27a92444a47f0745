/** Values a workflow writes, checked against HubSpot's property definitions and put as HubSpot stores them. */
import { propertyValue, type PropertyDefinition } from '../../../nodes/domain/crm';

const define = (partial: Partial<PropertyDefinition>): PropertyDefinition => ({
	name: 'p',
	label: 'P',
	type: 'string',
	fieldType: 'text',
	options: [],
	readOnly: false,
	...partial,
});

const STATUS = define({
	type: 'enumeration',
	fieldType: 'select',
	options: [
		{ label: 'Unqualified', value: 'UNQUALIFIED' },
		{ label: 'Open', value: 'OPEN' },
	],
});

describe('propertyValue', () => {
	it('an option by its value, its label or either in another case; anything else names the options', () => {
		expect(propertyValue(STATUS, 'UNQUALIFIED')).toEqual({ ok: true, value: 'UNQUALIFIED' });
		expect(propertyValue(STATUS, 'unqualified')).toEqual({ ok: true, value: 'UNQUALIFIED' });
		expect(propertyValue(STATUS, ' Open ')).toEqual({ ok: true, value: 'OPEN' });
		expect(propertyValue(STATUS, 'Closed')).toEqual({
			ok: false,
			problem: '"Closed" is not one of its options (UNQUALIFIED, OPEN)',
		});
	});

	it('a multiple checkbox takes several, separated by semicolons', () => {
		const checkbox = { ...STATUS, fieldType: 'checkbox' };
		expect(propertyValue(checkbox, 'Open; unqualified')).toEqual({
			ok: true,
			value: 'OPEN;UNQUALIFIED',
		});
		expect(propertyValue(checkbox, 'Open;x').ok).toBe(false);
	});

	it('empty clears; the owner takes an ID; read-only and objects are refused', () => {
		const owner = define({ type: 'enumeration', owners: true });
		expect(propertyValue(owner, '')).toEqual({ ok: true, value: '' });
		expect(propertyValue(owner, null)).toEqual({ ok: true, value: '' });
		expect(propertyValue(owner, 80000001)).toEqual({ ok: true, value: '80000001' });
		expect(propertyValue(owner, 'Ana').ok).toBe(false);
		expect(propertyValue(define({ readOnly: true }), 'x')).toEqual({
			ok: false,
			problem: 'HubSpot computes this property; it cannot be written',
		});
		expect(propertyValue(define({}), { a: 1 }).ok).toBe(false);
	});

	it('numbers, booleans, dates and datetimes as HubSpot stores them', () => {
		expect(propertyValue(define({ type: 'number' }), '31.50')).toEqual({ ok: true, value: '31.5' });
		expect(propertyValue(define({ type: 'number' }), 'thirty').ok).toBe(false);
		expect(propertyValue(define({ type: 'bool' }), 'Yes')).toEqual({ ok: true, value: 'true' });
		expect(propertyValue(define({ type: 'bool' }), 0)).toEqual({ ok: true, value: 'false' });
		expect(propertyValue(define({ type: 'bool' }), 'maybe').ok).toBe(false);
		expect(propertyValue(define({ type: 'date' }), '2027-01-05T10:00:00Z')).toEqual({
			ok: true,
			value: '2027-01-05',
		});
		expect(propertyValue(define({ type: 'datetime' }), String(Date.UTC(2027, 0, 5)))).toEqual({
			ok: true,
			value: '2027-01-05T00:00:00.000Z',
		});
		expect(propertyValue(define({ type: 'datetime' }), 'soon').ok).toBe(false);
	});
});
