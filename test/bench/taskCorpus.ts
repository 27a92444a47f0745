/**
 * The account the global update runs over: a keyword sheet of ~110 rules in Portuguese and English
 * (the seed's managers' table, in spirit) and task titles drawn from the same vocabulary, some
 * already carrying the right prefix from an earlier run, some a stale or stacked one, most none.
 * Deterministic: the same seed number gives the same account.
 */
import {
	compileRuleSet,
	createPrefixFormat,
	DEFAULT_PRIORITY_LEVELS,
	rowsFromSheetValues,
} from '../../nodes/domain/priority';
import type { SeedData } from '../../sandbox/types';
import { seededRandom } from '../../sandbox/seededRandom';

export const RULES_SPREADSHEET_ID = 'bench-priority-rules';
export const RULES_SHEET = 'Rules';

const LEVELS = [...DEFAULT_PRIORITY_LEVELS];

/** keyword, priority, match type ('' = the default, contains). */
const RULES: Array<[string, string, string]> = [
	...['contrato', 'renovação', 'cancelamento', 'rescisão', 'urgente', 'reclamação', 'jurídico']
		.concat(['pagamento atrasado', 'proposta final', 'assinatura', 'diretoria', 'inadimplência'])
		.concat(['contract', 'renewal', 'cancellation', 'urgent', 'escalation', 'complaint'])
		.concat(['overdue payment', 'final proposal', 'signature', 'legal review', 'churn risk'])
		.map((keyword): [string, string, string] => [keyword, 'P1', '']),
	['vip', 'P1', 'whole word'],
	['ceo', 'P1', 'whole word'],
	...['proposta', 'ligação', 'retornar', 'orçamento', 'negociação', 'demonstração', 'reunião']
		.concat(['follow-up', 'fechamento', 'desconto', 'upgrade', 'implantação', 'treinamento'])
		.concat(['pedido', 'cobrança', 'nota fiscal', 'boleto', 'visita', 'contraproposta'])
		.concat(['proposal', 'call back', 'quote', 'negotiation', 'meeting', 'follow up'])
		.concat(['closing', 'discount', 'upsell', 'onboarding', 'training', 'purchase order'])
		.concat(['invoice', 'site visit', 'pricing'])
		.map((keyword): [string, string, string] => [keyword, 'P2', '']),
	['ligar', 'P2', 'whole word'],
	['call', 'P2', 'whole word'],
	['demo', 'P2', 'whole word'],
	['NF[- ]?\\d{3,}', 'P2', 'regex'],
	['ticket #\\d+', 'P2', 'regex'],
	...['e-mail', 'enviar material', 'apresentação', 'case de sucesso', 'pesquisa', 'feedback']
		.concat(['indicação', 'webinar', 'evento', 'whatsapp', 'mensagem', 'atualizar cadastro'])
		.concat(['acompanhamento', 'check-in', 'material', 'send deck', 'presentation'])
		.concat(['case study', 'survey', 'referral', 'event', 'linkedin', 'update record'])
		.concat(['check in', 'questionnaire'])
		.map((keyword): [string, string, string] => [keyword, 'P3', '']),
	['email', 'P3', 'whole word'],
	...['newsletter', 'aniversário', 'parabéns', 'agradecimento', 'natal', 'brinde', 'cartão']
		.concat(['conteúdo', 'lembrete', 'café', 'almoço', 'blog', 'birthday', 'congratulations'])
		.concat(['thank you', 'christmas', 'gift', 'content', 'reminder', 'coffee', 'lunch'])
		.map((keyword): [string, string, string] => [keyword, 'P4', '']),
	['post', 'P4', 'whole word'],
	['card', 'P4', 'whole word'],
	['teste', 'P4', 'exact'],
	['test', 'P4', 'exact'],
];

export function rulesSheetRows(): string[][] {
	return [['Keyword', 'Priority', 'Match Type'], ...RULES.map((rule) => [...rule])];
}

const PEOPLE = ['Ana Souza', 'João Pereira', 'Mariana Lima', 'Luís Gonçalves', 'Beatriz Araújo']
	.concat(['Tomás Ribeiro', 'Conceição Alves', 'Rafael Costa', 'Inês Martins', 'Paulo Sá'])
	.concat(['Emily Carter', 'James Walker', 'Olivia Brown', 'Michael Green', 'Sophie Turner'])
	.concat(['Daniel Hughes', 'Grace Miller', 'Henry Clarke']);
const COMPANIES = [
	'Padaria Pão Quente',
	'Construtora Horizonte',
	'Agência Ipê',
	'Lusitânia Têxteis',
]
	.concat(['Clínica São Lucas', 'Açaí & Cia', 'Northwind Ltd', 'Acme Corp', 'Blue Harbor Inc'])
	.concat(['Greenfield Foods', 'Atlas Logistics']);
const PT_TOPICS = [
	'renovação do contrato',
	'proposta comercial',
	'orçamento revisado',
	'nota fiscal NF-20931',
]
	.concat(['dúvidas sobre o plano', 'status do projeto', 'agenda da semana', 'cobrança em aberto'])
	.concat([
		'treinamento da equipe',
		'pesquisa de satisfação',
		'convite para o webinar',
		'cartão de natal',
	])
	.concat([
		'cancelamento solicitado',
		'reclamação no suporte',
		'implantação fase 2',
		'material de apoio',
	])
	.concat([
		'próximos passos',
		'documentação pendente',
		'acesso ao sistema',
		'aniversário do cliente',
	]);
const EN_TOPICS = ['contract renewal', 'pricing questions', 'purchase order 7741', 'project status']
	.concat(['quarterly review', 'onboarding kickoff', 'invoice dispute', 'case study draft'])
	.concat([
		'next steps',
		'open questions',
		'support ticket #4410',
		'holiday gift',
		'churn risk review',
	])
	.concat(['access request', 'feature request', 'meeting notes', 'thank you note']);
const PT_TEMPLATES = ['Ligar para {person} sobre {topic}', 'Enviar {topic} para {company}']
	.concat(['{topic} - {company}', 'Retornar {person} ({company})', 'Verificar {topic}'])
	.concat(['Follow-up: {topic} com {person}', 'Reunião com {company}: {topic}', 'Tarefa: {topic}'])
	.concat(['E-mail para {person}: {topic}', 'Preparar {topic}']);
const EN_TEMPLATES = [
	'Call {person} about {topic}',
	'Send {topic} to {company}',
	'{topic} - {company}',
]
	.concat(['Check {topic}', 'Follow up with {person} on {topic}', 'Prepare {topic} for {company}'])
	.concat(['Email {person} re: {topic}', 'Review {topic}']);

export interface AccountShape {
	openTasks: number;
	completedTasks: number;
	/** Share of open tasks that already carry the right prefix (an earlier run's work). */
	alreadyPrefixed: number;
	/** Share of open tasks with a wrong or stacked prefix (the rules changed since). */
	stalePrefixed: number;
}

export interface BenchAccount {
	seed: SeedData;
	/** Open tasks whose title the update must change, by the domain's own rules. */
	expectedChanges: number;
	expectedMatched: number;
	/** Per seeded task, in seed order: the title the rules call for; undefined for completed ones. */
	expectedTitles: Array<string | undefined>;
}

const OPEN_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'DEFERRED'];

export function buildAccount(shape: AccountShape, seedNumber = 7): BenchAccount {
	const draw = seededRandom(seedNumber);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(draw() * list.length)];
	const { ruleSet } = compileRuleSet(rowsFromSheetValues(rulesSheetRows()), LEVELS);
	const format = createPrefixFormat(undefined, LEVELS);

	const bareTitle = (): string => {
		const portuguese = draw() < 0.6;
		return pick(portuguese ? PT_TEMPLATES : EN_TEMPLATES)
			.replace('{person}', pick(PEOPLE))
			.replace('{company}', pick(COMPANIES))
			.replace('{topic}', pick(portuguese ? PT_TOPICS : EN_TOPICS));
	};

	let expectedChanges = 0;
	let expectedMatched = 0;
	const tasks: Array<{ properties: Record<string, string>; expected?: string }> = [];
	const baseTime = Date.parse('2025-03-03T09:00:00.000Z');
	for (let n = 0; n < shape.openTasks; n++) {
		const bare = bareTitle();
		const priority = ruleSet.match(bare)?.priority;
		if (priority) expectedMatched++;
		const roll = draw();
		let title = bare;
		if (roll < shape.alreadyPrefixed) {
			title = format.apply(bare, priority, { removeWhenNone: true });
		} else if (roll < shape.alreadyPrefixed + shape.stalePrefixed) {
			const stale = LEVELS.filter((level) => level !== priority);
			title = `${format.render(pick(stale))}${draw() < 0.3 ? format.render(pick(LEVELS)) : ''}${bare}`;
		}
		const expected = format.apply(bare, priority, { removeWhenNone: true });
		if (title !== expected) expectedChanges++;
		tasks.push({
			expected,
			properties: {
				hs_task_subject: title,
				hs_task_status: pick(OPEN_STATUSES),
				hs_task_type: pick(['CALL', 'EMAIL', 'TODO']),
				hs_timestamp: new Date(baseTime + n * 60_000).toISOString(),
			},
		});
	}
	for (let n = 0; n < shape.completedTasks; n++) {
		tasks.push({
			properties: {
				hs_task_subject: bareTitle(),
				hs_task_status: 'COMPLETED',
				hs_task_type: pick(['CALL', 'EMAIL', 'TODO']),
				hs_timestamp: new Date(baseTime - (n + 1) * 60_000).toISOString(),
			},
		});
	}
	// Completed and open tasks interleaved by id, as they are in a real account.
	for (let i = tasks.length - 1; i > 0; i--) {
		const j = Math.floor(draw() * (i + 1));
		[tasks[i], tasks[j]] = [tasks[j], tasks[i]];
	}
	return {
		seed: {
			objects: { tasks: tasks.map(({ properties }) => ({ properties })) },
			sheets: {
				[RULES_SPREADSHEET_ID]: {
					title: 'Priority rules',
					sheets: { [RULES_SHEET]: rulesSheetRows() },
				},
			},
		},
		expectedChanges,
		expectedMatched,
		expectedTitles: tasks.map((task) => task.expected),
	};
}
