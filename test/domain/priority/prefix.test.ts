import { createPrefixFormat } from '../../../nodes/domain/priority';
import { LEVELS } from './support/rows';

describe('prefix format', () => {
	const format = createPrefixFormat(undefined, LEVELS);

	it('renders the default "[P1] " prefix', () => {
		expect(format.template).toBe('[{priority}] ');
		expect(format.render('P1')).toBe('[P1] ');
		expect(format.render('p2')).toBe('[P2] ');
		expect(() => format.render('P7')).toThrow(
			'Priority "P7" is not one of the levels P1, P2, P3, P4',
		);
	});

	it('replaces an existing prefix instead of stacking one more', () => {
		expect(format.apply('Ligar para João', 'P1')).toBe('[P1] Ligar para João');
		expect(format.apply('[P3] Ligar para João', 'P1')).toBe('[P1] Ligar para João');
		expect(format.apply('[P1] Ligar para João', 'P1')).toBe('[P1] Ligar para João');
	});

	it('removes stacked prefixes left by older runs', () => {
		expect(format.apply('[P2] [P3] [P2] Ligar', 'P1')).toBe('[P1] Ligar');
		expect(format.strip('[P2] [P3]Ligar')).toEqual({ rest: 'Ligar', priority: 'P2' });
		expect(format.apply('[P4][P2] Ligar', undefined, { removeWhenNone: true })).toBe('Ligar');
	});

	it('keeps the rest of the title byte for byte', () => {
		const rest = '  Ligação\u00a0 (urgente) [P1] \t😀 ';
		expect(format.strip(`[P3] ${rest}`).rest).toBe(rest);
		expect(format.apply(`[P3] ${rest}`, 'P2')).toBe(`[P2] ${rest}`);
	});

	it('leaves lookalikes that are not prefixes of this format alone', () => {
		expect(format.strip('[P9] Ligar')).toEqual({ rest: '[P9] Ligar' });
		expect(format.strip('[p1] Ligar')).toEqual({ rest: '[p1] Ligar' });
		expect(format.strip('Ligar [P1] ')).toEqual({ rest: 'Ligar [P1] ' });
		expect(format.strip('')).toEqual({ rest: '' });
	});

	it('without a priority leaves the title as it is, or removes the prefix when asked', () => {
		expect(format.apply('[P2] Ligar', undefined)).toBe('[P2] Ligar');
		expect(format.apply('[P2] Ligar', '')).toBe('[P2] Ligar');
		expect(format.apply('[P2] Ligar', undefined, { removeWhenNone: true })).toBe('Ligar');
		expect(format.apply('Ligar', undefined, { removeWhenNone: true })).toBe('Ligar');
	});

	it('reads the longest level first', () => {
		const many = createPrefixFormat('{priority} ', ['P1', 'P10', 'P2']);
		expect(many.strip('P10 revisão')).toEqual({ rest: 'revisão', priority: 'P10' });
		expect(many.strip('P1 P10 revisão')).toEqual({ rest: 'revisão', priority: 'P1' });
	});

	it.each([
		['{priority} - ', 'P1 - Ligar', 'P2 - P3 - Ligar'],
		['({priority}) ', '(P1) Ligar', '(P2) (P3) Ligar'],
		['{priority}| ', 'P1| Ligar', 'P2| P3| Ligar'],
	])('supports the custom template %j', (template, rendered, stacked) => {
		const custom = createPrefixFormat(template, LEVELS);
		expect(custom.apply('Ligar', 'P1')).toBe(rendered);
		expect(custom.apply(stacked, 'P1')).toBe(rendered);
		expect(custom.strip(stacked)).toEqual({ rest: 'Ligar', priority: 'P2' });
	});

	it('treats regex metacharacters in the template and levels literally', () => {
		const custom = createPrefixFormat('*{priority}.*$ ', ['P1', 'P+', 'a|b']);
		expect(custom.apply('*P+.*$ *a|b.*$ Ligar', 'P1')).toBe('*P1.*$ Ligar');
		expect(custom.strip('xP1.*$ Ligar')).toEqual({ rest: 'xP1.*$ Ligar' });
		expect(custom.strip('*P1x*$ Ligar')).toEqual({ rest: '*P1x*$ Ligar' });
		expect(custom.strip('*a.*$ Ligar')).toEqual({ rest: '*a.*$ Ligar' });
	});

	it('tolerates a missing space of the template but never eats more spaces', () => {
		expect(format.strip('[P1]Ligar')).toEqual({ rest: 'Ligar', priority: 'P1' });
		expect(format.strip('[P1]   Ligar')).toEqual({ rest: '  Ligar', priority: 'P1' });
		const dash = createPrefixFormat('{priority} - ', LEVELS);
		expect(dash.strip('P1-Ligar')).toEqual({ rest: 'Ligar', priority: 'P1' });
	});

	it('refuses templates without exactly one {priority} or without a separator', () => {
		expect(() => createPrefixFormat('[P] ', LEVELS)).toThrow(
			'must contain {priority} exactly once',
		);
		expect(() => createPrefixFormat('{priority}{priority} ', LEVELS)).toThrow('exactly once');
		expect(() => createPrefixFormat('{priority}', LEVELS)).toThrow('needs a separator');
		expect(() => createPrefixFormat(undefined, [])).toThrow('no priority levels');
	});

	it('uses the default template for an empty one', () => {
		expect(createPrefixFormat('', LEVELS).render('P3')).toBe('[P3] ');
	});
});
