/**
 * The matcher workload: 1,000 keyword rules (single words and phrases, Portuguese and English,
 * mostly "contains", some "whole word") and 100,000 task titles from the same vocabulary with
 * accents, mixed case, names and numbers. Deterministic.
 */
import { normaliseForMatching, type RawRuleRow } from '../../nodes/domain/priority';
import { seededRandom } from '../../sandbox/seededRandom';

const PORTUGUESE = `contrato renovação proposta orçamento ligação reunião cobrança fatura boleto nota fiscal
	pagamento atrasado cancelamento rescisão reclamação suporte implantação treinamento visita cliente
	diretoria jurídico assinatura desconto negociação pedido entrega frete estoque produto serviço
	plano anual mensal licença acesso sistema integração relatório apresentação demonstração material
	catálogo pesquisa satisfação indicação parceria evento feira webinar convite aniversário natal brinde
	cartão agradecimento lembrete retorno acompanhamento cadastro atualização documento certidão
	auditoria garantia devolução troca reembolso crédito débito limite aprovação análise revisão
	urgente prioritário importante pendente atrasado vencido próximo semana mês trimestre ano meta
	comissão vendedor gerente coordenador equipe filial matriz unidade região sul norte nordeste
	café almoço jantar viagem hotel passagem reembolso despesa adiantamento caução aluguel imóvel`;
const ENGLISH = `contract renewal proposal quote call meeting invoice billing payment overdue cancellation
	termination complaint support onboarding training visit customer board legal signature discount
	negotiation order delivery shipping stock product service plan annual monthly license access
	system integration report presentation demo deck catalog survey feedback referral partnership
	event conference webinar invite birthday holiday gift card thanks reminder follow review update
	record document certificate audit warranty return exchange refund credit debit limit approval
	analysis urgent priority important pending late due next week month quarter year target
	commission rep manager team branch headquarters region north south east west lunch dinner
	travel hotel flight expense advance deposit rent lease upgrade upsell pricing escalation churn`;

const WORDS = [
	...new Set(`${PORTUGUESE} ${ENGLISH}`.split(/\s+/).filter((word) => word.length >= 3)),
];
const NAMES = [
	'Ana',
	'João',
	'Conceição',
	'Luís',
	'Inês',
	'Tomás',
	'Emily',
	'James',
	'Sophie',
	'Henry',
].concat(['Souza', 'Gonçalves', 'Araújo', 'Ribeiro', 'Carter', 'Walker', 'Müller', 'Łukasz']);
const CONNECTORS = [
	'de',
	'do',
	'da',
	'para',
	'com',
	'sobre',
	'and',
	'for',
	'with',
	'about',
	'the',
	'-',
	':',
	'/',
];
const LEVELS = ['P1', 'P2', 'P3', 'P4'];

export interface MatcherWorkload {
	levels: string[];
	rules: RawRuleRow[];
	titles: string[];
}

export function buildMatcherWorkload(
	ruleCount = 1_000,
	titleCount = 100_000,
	seed = 11,
): MatcherWorkload {
	const draw = seededRandom(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(draw() * list.length)];

	// A third single words (some cut to a stem, as managers write "renova"), the rest phrases.
	const seen = new Set<string>();
	const rules: RawRuleRow[] = [];
	while (rules.length < ruleCount) {
		const roll = draw();
		let keyword: string;
		if (roll < 0.2) keyword = pick(WORDS);
		else if (roll < 0.33) {
			const word = pick(WORDS);
			keyword = word.slice(0, Math.max(4, word.length - 2));
		} else if (roll < 0.9) keyword = `${pick(WORDS)} ${pick(WORDS)}`;
		else keyword = `${pick(WORDS)} ${pick(CONNECTORS)} ${pick(WORDS)}`;
		const key = normaliseForMatching(keyword);
		if (seen.has(key)) continue;
		seen.add(key);
		rules.push({
			keyword,
			priority: pick(LEVELS),
			matchType: draw() < 0.2 ? 'wholeWord' : 'contains',
			location: { kind: 'table', index: rules.length },
		});
	}

	const titles: string[] = [];
	for (let i = 0; i < titleCount; i++) {
		const parts: string[] = [];
		const length = 3 + Math.floor(draw() * 6);
		for (let w = 0; w < length; w++) {
			const roll = draw();
			let word =
				roll < 0.7
					? pick(WORDS)
					: roll < 0.85
						? pick(CONNECTORS)
						: roll < 0.95
							? pick(NAMES)
							: String(Math.floor(draw() * 100_000));
			if (draw() < 0.15) word = word[0].toUpperCase() + word.slice(1);
			else if (draw() < 0.03) word = word.toUpperCase();
			if (draw() < 0.1) word = word.normalize('NFD').replace(/\p{M}/gu, ''); // typed without accents
			parts.push(word);
		}
		titles.push(parts.join(' '));
	}
	return { levels: LEVELS, rules, titles };
}
