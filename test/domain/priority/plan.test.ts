import {
	compileRuleSet,
	createPrefixFormat,
	defaultHubSpotPriorityMapping,
	parseHubSpotPriorityMapping,
	planTitleChange,
} from '../../../nodes/domain/priority';
import { LEVELS, tableRows } from './support/rows';

describe('parseHubSpotPriorityMapping', () => {
	it('parses LEVEL=VALUE lists with several separators', () => {
		expect([...parseHubSpotPriorityMapping('P1=HIGH, P2=MEDIUM, P3=LOW, P4=LOW', LEVELS)]).toEqual([
			['P1', 'HIGH'],
			['P2', 'MEDIUM'],
			['P3', 'LOW'],
			['P4', 'LOW'],
		]);
		expect([...parseHubSpotPriorityMapping('p1: high;\nP2 -> none', LEVELS)]).toEqual([
			['P1', 'HIGH'],
			['P2', 'NONE'],
		]);
		expect(
			parseHubSpotPriorityMapping('Alta=alta, Média=média, Baixa=baixa', [
				'Alta',
				'Média',
				'Baixa',
			]).get('Média'),
		).toBe('MEDIUM');
	});

	it('gives an empty mapping for blank text', () => {
		expect(parseHubSpotPriorityMapping('', LEVELS).size).toBe(0);
		expect(parseHubSpotPriorityMapping(undefined, LEVELS).size).toBe(0);
	});

	it('names unknown levels, unknown values, malformed entries and conflicts', () => {
		expect(() => parseHubSpotPriorityMapping('P9=HIGH', LEVELS)).toThrow(
			'"P9" in "P9=HIGH" is not one of the priority levels',
		);
		expect(() => parseHubSpotPriorityMapping('P1=URGENT', LEVELS)).toThrow(
			'"URGENT" in "P1=URGENT" is not one of HIGH, MEDIUM, LOW, NONE',
		);
		expect(() => parseHubSpotPriorityMapping('P1 HIGH', LEVELS)).toThrow(
			'"P1 HIGH" is not of the form',
		);
		expect(() => parseHubSpotPriorityMapping('P1=HIGH, p1=LOW', LEVELS)).toThrow(
			'P1 is mapped twice (HIGH and LOW)',
		);
	});

	it('has a default mapping: first HIGH, second MEDIUM, the rest LOW', () => {
		expect([...defaultHubSpotPriorityMapping(LEVELS).values()]).toEqual([
			'HIGH',
			'MEDIUM',
			'LOW',
			'LOW',
		]);
	});
});

describe('planTitleChange', () => {
	const format = createPrefixFormat(undefined, LEVELS);
	const { ruleSet } = compileRuleSet(tableRows(['ligar', 'P2'], ['urgente', 'P1']), LEVELS);
	const mapping = parseHubSpotPriorityMapping('P1=HIGH, P2=MEDIUM, P3=LOW, P4=LOW', LEVELS);

	it('prefixes a title by the rules and says what to write', () => {
		const plan = planTitleChange(
			{ id: '11', title: 'Ligar para Ana' },
			ruleSet,
			undefined,
			format,
			{ removeWhenNone: false },
		);
		expect(plan).toEqual({
			taskId: '11',
			oldTitle: 'Ligar para Ana',
			newTitle: '[P2] Ligar para Ana',
			changed: true,
			titleChanged: true,
			prioritySource: 'rules',
			priority: 'P2',
			matchedKeyword: 'ligar',
			matchedRule: { kind: 'table', index: 0 },
			properties: { hs_task_subject: '[P2] Ligar para Ana' },
		});
	});

	it('writes nothing for a title that already carries the right prefix', () => {
		const plan = planTitleChange(
			{ id: '12', title: '[P2] Ligar para Ana' },
			ruleSet,
			undefined,
			format,
			{ removeWhenNone: true },
		);
		expect(plan.changed).toBe(false);
		expect(plan.newTitle).toBe('[P2] Ligar para Ana');
		expect(plan.properties).toBeUndefined();
	});

	it('lets a given priority win over the rules', () => {
		const plan = planTitleChange({ id: '13', title: '[P2] Ligar' }, ruleSet, 'p4', format, {
			removeWhenNone: false,
		});
		expect(plan).toMatchObject({ newTitle: '[P4] Ligar', priority: 'P4', prioritySource: 'given' });
		expect(() =>
			planTitleChange({ id: '13', title: 'x' }, ruleSet, 'P8', format, { removeWhenNone: false }),
		).toThrow('Task 13: priority "P8" is not one of the priority levels P1, P2, P3, P4');
	});

	it('uses the default priority when nothing matches', () => {
		const plan = planTitleChange({ id: '14', title: 'Enviar fotos' }, ruleSet, undefined, format, {
			removeWhenNone: true,
			defaultPriority: 'P4',
		});
		expect(plan).toMatchObject({
			newTitle: '[P4] Enviar fotos',
			prioritySource: 'default',
			changed: true,
		});
	});

	it('removes a stale prefix when nothing matches and removal is on, else leaves the title', () => {
		const removed = planTitleChange(
			{ id: '15', title: '[P1] Enviar fotos' },
			ruleSet,
			undefined,
			format,
			{ removeWhenNone: true },
		);
		expect(removed).toMatchObject({
			newTitle: 'Enviar fotos',
			changed: true,
			prioritySource: 'none',
		});
		expect(removed.priority).toBeUndefined();
		const kept = planTitleChange(
			{ id: '15', title: '[P1] Enviar fotos' },
			ruleSet,
			undefined,
			format,
			{ removeWhenNone: false },
		);
		expect(kept).toMatchObject({ newTitle: '[P1] Enviar fotos', changed: false });
	});

	it('sets hs_task_priority by the mapping, only when it differs', () => {
		const plan = planTitleChange(
			{ id: '16', title: '[P1] urgente', hubSpotPriority: 'LOW' },
			ruleSet,
			undefined,
			format,
			{
				removeWhenNone: false,
				hubSpotMapping: mapping,
			},
		);
		expect(plan).toMatchObject({
			titleChanged: false,
			changed: true,
			hubSpotPriority: 'HIGH',
			properties: { hs_task_priority: 'HIGH' },
		});
		const same = planTitleChange(
			{ id: '16', title: '[P1] urgente', hubSpotPriority: 'HIGH' },
			ruleSet,
			undefined,
			format,
			{
				removeWhenNone: false,
				hubSpotMapping: mapping,
			},
		);
		expect(same.properties).toBeUndefined();
	});

	it('resets a mapped hs_task_priority to NONE when the prefix is removed', () => {
		const plan = planTitleChange(
			{ id: '17', title: '[P1] Enviar fotos', hubSpotPriority: 'HIGH' },
			ruleSet,
			undefined,
			format,
			{
				removeWhenNone: true,
				hubSpotMapping: mapping,
			},
		);
		expect(plan.properties).toEqual({ hs_task_subject: 'Enviar fotos', hs_task_priority: 'NONE' });
		const already = planTitleChange(
			{ id: '17', title: 'Enviar fotos', hubSpotPriority: null },
			ruleSet,
			undefined,
			format,
			{
				removeWhenNone: true,
				hubSpotMapping: mapping,
			},
		);
		expect(already.changed).toBe(false);
	});

	it('handles a task without a title and no rule set', () => {
		const plan = planTitleChange({ id: '18', title: null }, undefined, undefined, format, {
			removeWhenNone: true,
		});
		expect(plan).toMatchObject({ oldTitle: '', newTitle: '', changed: false });
	});
});
