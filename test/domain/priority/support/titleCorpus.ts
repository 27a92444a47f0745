/**
 * Deterministic, realistic rule tables and task titles (Portuguese and English sales tasks, as
 * in a used-car marketplace's HubSpot) for the matcher comparison and the benchmark.
 */
import type { MatchType, RawRuleRow } from '../../../../nodes/domain/priority';
import { normaliseForMatching } from '../../../../nodes/domain/priority';
export { seededRandom } from '../../../../sandbox/seededRandom';
import { seededRandom } from '../../../../sandbox/seededRandom';

const ACTIONS = [
	'Ligar para',
	'Ligação com',
	'Retornar ligação de',
	'Enviar proposta para',
	'Enviar e-mail para',
	'Reunião com',
	'Follow-up com',
	'Agendar vistoria com',
	'Agendar test drive com',
	'Cobrar documentação de',
	'Confirmar pagamento de',
	'Negociar preço com',
	'Call',
	'Email',
	'Follow up with',
	'Send quote to',
	'Schedule meeting with',
	'Check in with',
	'Renewal call with',
	'Demo for',
	'Visita técnica',
	'Transferência de veículo',
	'Análise de crédito',
	'Aprovação de financiamento',
	'Revisão do contrato',
];
const PEOPLE = [
	'João',
	'Maria',
	'José',
	'Ana',
	'Carlos',
	'Fernanda',
	'Lucas',
	'Juliana',
	'Pedro',
	'Camila',
	'Diego',
	'Beatriz',
	'Rafael',
	'Letícia',
	'Gustavo',
	'Mariana',
	'John',
	'Sarah',
	'Michael',
	'Emily',
	'Conceição',
];
const TOPICS = [
	'sobre proposta',
	'sobre o Onix 2019',
	'sobre o HB20',
	'sobre financiamento',
	'sobre a vistoria',
	'pagamento atrasado',
	'documentação pendente',
	'urgente',
	'contrato assinado',
	'segunda via do boleto',
	'about the Corolla',
	'about pricing',
	'overdue invoice',
	'contract renewal',
	'trade-in offer',
	'cliente VIP',
	'reclamação',
	'garantia estendida',
	'laudo cautelar',
	'placa Mercosul',
	'transferência do DUT',
	'IPVA 2024',
	'troca de óleo',
	'recall',
	'desconto à vista',
];
const CITIES = [
	'São Paulo',
	'Rio de Janeiro',
	'Belo Horizonte',
	'Curitiba',
	'Porto Alegre',
	'Brasília',
	'Goiânia',
];
const EXTRA_WORDS = [
	'ligação',
	'ligar',
	'retorno',
	'proposta',
	'reunião',
	'contrato',
	'pagamento',
	'atrasado',
	'urgente',
	'financiamento',
	'vistoria',
	'carro',
	'veículo',
	'documentação',
	'transferência',
	'test',
	'drive',
	'call',
	'email',
	'meeting',
	'deal',
	'quote',
	'renewal',
	'overdue',
	'invoice',
	'crédito',
	'aprovação',
	'boleto',
	'garantia',
	'laudo',
	'placa',
	'seguro',
	'sinal',
	'entrega',
	'retirada',
	'avaliação',
	'troca',
	'desconto',
	'cotação',
	'comprador',
	'vendedor',
	'anúncio',
	'fotos',
	'preço',
	'negociação',
	'visita',
	'agendamento',
	'cancelamento',
	'reembolso',
	'chargeback',
	'fraude',
	'multa',
	'licenciamento',
	'quitação',
	'alienação',
	'onix',
	'hb20',
	'corolla',
	'civic',
	'compass',
	'gol',
	'polo',
	'kwid',
	'strada',
	'hilux',
	'renegade',
];

function pick<T>(random: () => number, list: readonly T[]): T {
	return list[Math.floor(random() * list.length)];
}

/** `count` task titles, some already carrying a "[P2] " style prefix from an earlier run. */
export function makeTitles(count: number, seed = 42): string[] {
	const random = seededRandom(seed);
	const titles: string[] = [];
	for (let i = 0; i < count; i++) {
		let title = `${pick(random, ACTIONS)} ${pick(random, PEOPLE)}`;
		if (random() < 0.8) title += ` ${pick(random, TOPICS)}`;
		if (random() < 0.3) title += ` - ${pick(random, CITIES)}`;
		if (random() < 0.3) title += ` #${Math.floor(random() * 100000)}`;
		if (random() < 0.15) title = `[P${1 + Math.floor(random() * 4)}] ${title}`;
		titles.push(title);
	}
	return titles;
}

/**
 * `count` distinct rules: single words, two- and three-word phrases from the same vocabulary,
 * mostly contains, some whole word and exact; priorities P1..P4.
 */
export function makeRuleRows(
	count: number,
	seed = 7,
	opts: { regexRules?: number } = {},
): RawRuleRow[] {
	const random = seededRandom(seed);
	const words = [
		...EXTRA_WORDS,
		...PEOPLE.map((p) => p.toLowerCase()),
		...TOPICS.flatMap((t) => t.split(' ')),
		...ACTIONS.flatMap((a) => a.split(' ')),
	].filter((w) => w.length > 2);
	const seen = new Set<string>();
	const rows: RawRuleRow[] = [];
	let guard = 0;
	while (rows.length < count && guard++ < count * 100) {
		const size = random() < 0.35 ? 1 : random() < 0.7 ? 2 : 3;
		const parts: string[] = [];
		for (let i = 0; i < size; i++) parts.push(pick(random, words));
		let keyword = parts.join(' ');
		if (random() < 0.1) keyword = keyword.toUpperCase();
		const roll = random();
		const matchType: MatchType = roll < 0.85 ? 'contains' : roll < 0.97 ? 'wholeWord' : 'exact';
		const key = `${matchType}:${normaliseForMatching(keyword)}`;
		if (seen.has(key)) continue;
		seen.add(key);
		rows.push({
			keyword,
			priority: `P${1 + Math.floor(random() * 4)}`,
			matchType,
			location: { kind: 'table', index: rows.length },
		});
	}
	for (let i = 0; i < (opts.regexRules ?? 0); i++) {
		rows.push({
			keyword: `${pick(random, EXTRA_WORDS)}\\s+\\S+\\s+${pick(random, EXTRA_WORDS)}`,
			priority: `P${1 + Math.floor(random() * 4)}`,
			matchType: 'regex',
			location: { kind: 'table', index: rows.length },
		});
	}
	return rows;
}
