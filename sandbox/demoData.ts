/** The demo account's content: owners and teams, contacts, companies, task wording. */
import type { OwnerInput } from './types';

export const DEMO_TEAMS = {
	saoPaulo: { id: '4101', name: 'Vendas São Paulo' },
	emea: { id: '4102', name: 'Sales EMEA' },
	inside: { id: '4103', name: 'Inside Sales' },
};

export const DEMO_OWNERS: OwnerInput[] = [
	{
		id: '80000001',
		userId: 9100001,
		email: 'ana.souza@example.com',
		firstName: 'Ana',
		lastName: 'Souza',
		teams: [{ ...DEMO_TEAMS.saoPaulo, primary: true }],
	},
	{
		id: '80000002',
		userId: 9100002,
		email: 'bruno.lima@example.com',
		firstName: 'Bruno',
		lastName: 'Lima',
		teams: [{ ...DEMO_TEAMS.saoPaulo, primary: true }],
	},
	{
		id: '80000003',
		userId: 9100003,
		email: 'ioana.popescu@example.com',
		firstName: 'Ioana',
		lastName: 'Popescu',
		teams: [{ ...DEMO_TEAMS.emea, primary: true }],
	},
	{
		id: '80000004',
		userId: 9100004,
		email: 'piotr.nowak@example.com',
		firstName: 'Piotr',
		lastName: 'Nowak',
		teams: [{ ...DEMO_TEAMS.emea, primary: true }],
	},
	{
		id: '80000005',
		userId: 9100005,
		email: 'dmitri.ivanov@example.com',
		firstName: 'Dmitri',
		lastName: 'Ivanov',
		teams: [{ ...DEMO_TEAMS.inside, primary: true }],
	},
	{
		id: '80000006',
		userId: 9100006,
		email: 'emily.carter@example.com',
		firstName: 'Emily',
		lastName: 'Carter',
		teams: [
			{ ...DEMO_TEAMS.inside, primary: true },
			{ ...DEMO_TEAMS.emea, primary: false },
		],
	},
];

/** [first, last, phone, mobile, country, owner index] — phones as people type them. */
export const CONTACTS: Array<[string, string, string, string, string, number]> = [
	['João', 'Silva', '+55 11 98765-4321', '', 'Brazil', 0],
	['Maria', 'Oliveira', '(11) 3456-7890', '+55 11 99876-5432', 'Brazil', 0],
	['Pedro', 'Santos', '+5521987654321', '', 'Brazil', 1],
	['Luiza', 'Costa', '011 98765 1234', '', 'Brazil', 1],
	['Rafael', 'Pereira', '+55 (31) 3222-1111', '(31) 99111-2222', 'Brazil', 0],
	['Fernanda', 'Almeida', '55 11 97654-3210', '', 'Brazil', 1],
	['Carlos', 'Ribeiro', '+55 48 3025-0000', '', 'Brazil', 0],
	['Beatriz', 'Gomes', '', '+55 85 98888-7777', 'Brazil', 1],
	['Andrei', 'Ionescu', '+40 721 234 567', '', 'Romania', 2],
	['Elena', 'Dumitrescu', '0721 234 568', '', 'Romania', 2],
	['Mihai', 'Constantin', '0040 21 312 3456', '+40 744 111 222', 'Romania', 2],
	['Ana-Maria', 'Stan', '+40-31-405-0000', '', 'Romania', 3],
	['Radu', 'Munteanu', '(021) 313 1313', '', 'Romania', 2],
	['Katarzyna', 'Kowalska', '+48 512 345 678', '', 'Poland', 3],
	['Tomasz', 'Wiśniewski', '512-345-679', '', 'Poland', 3],
	['Agnieszka', 'Wójcik', '+48 (22) 123 45 67', '+48 600 700 800', 'Poland', 3],
	['Paweł', 'Kamiński', '0048 22 628 1000', '', 'Poland', 2],
	['Magdalena', 'Lewandowska', '22 555 66 77', '', 'Poland', 3],
	['Sergei', 'Smirnov', '+7 916 123-45-67', '', 'Russia', 4],
	['Olga', 'Kuznetsova', '8 (916) 765-43-21', '', 'Russia', 4],
	['Ivan', 'Popov', '+7 (495) 123 45 67', '+7 903 111 22 33', 'Russia', 4],
	['Natalia', 'Vasilieva', '8-800-555-35-35', '', 'Russia', 5],
	['Alexei', 'Petrov', '+7 812 600-00-00', '', 'Russia', 4],
	['Emma', 'Johnson', '+1 (415) 555-0132', '', 'United States', 5],
	['Liam', 'Williams', '415.555.0199', '(415) 555-0100', 'United States', 5],
	['Olivia', 'Brown', '1-212-555-0147', '', 'United States', 5],
	['Noah', 'Jones', '+1 212 555 0188 ext. 12', '', 'United States', 4],
	['Sophie', 'Taylor', '+44 20 7946 0958', '', 'United Kingdom', 5],
	['Oliver', 'Davies', '020 7946 0959', '+44 7700 900123', 'United Kingdom', 3],
	['Gabriel', 'Martins', '+351 912 345 678', '', 'Portugal', 0],
	['Inês', 'Ferreira', '+351 21 123 4567', '', 'Portugal', 1],
	['Lucas', 'Rocha', '+55 11 4004-0001', '', 'Brazil', 0],
	['Juliana', 'Barbosa', '(21) 2555-0000', '', 'Brazil', 1],
	['Vlad', 'Georgescu', '+40 (0)21 555 0000', '', 'Romania', 2],
	['Zofia', 'Zielińska', '+48 58 520 00 00', '', 'Poland', 3],
	['Dmitry', 'Sokolov', '+7-343-222-33-44', '', 'Russia', 4],
	['Ava', 'Miller', '', '', 'United States', 5],
	['Mateus', 'Cardoso', '+55 (11) 2222-3333', '', 'Brazil', 0],
	['Larisa', 'Moldovan', '+40 264 400 000', '', 'Romania', 2],
	['Krzysztof', 'Nowicki', '+48 61 888 99 00', '', 'Poland', 3],
];

export const COMPANIES: Array<[string, string, string]> = [
	['Acme Logística Ltda', 'acmelogistica.com.br', 'Brazil'],
	['Carpați Software SRL', 'carpati-software.ro', 'Romania'],
	['Wisła Foods Sp. z o.o.', 'wislafoods.pl', 'Poland'],
	['Volga Trade OOO', 'volgatrade.ru', 'Russia'],
	['Bay Area Analytics Inc', 'bayareaanalytics.com', 'United States'],
	['Thames Consulting Ltd', 'thamesconsulting.co.uk', 'United Kingdom'],
];

export const PT_TITLES = [
	'Ligar para {name} sobre a proposta',
	'Enviar proposta comercial para {company}',
	'Retorno: dúvidas sobre o contrato',
	'URGENTE: renovação do contrato {company}',
	'Follow-up da reunião com {name}',
	'Preparar orçamento para {company}',
	'Lembrete: enviar newsletter do mês',
	'Cobrança pendente - {company}',
	'Agendar demo com {name}',
	'Revisar contrato assinado de {company}',
	'Confirmar dados de faturamento',
	'Retornar ligação de {name}',
	'Atualizar cadastro de {name}',
];

export const EN_TITLES = [
	'Call {name} about the proposal',
	'Send pricing proposal to {company}',
	'Urgent: contract renewal for {company}',
	'Follow-up after demo with {name}',
	'Reminder: update CRM notes',
	'Invoice overdue - {company}',
	'Schedule demo with {name}',
	'Call back {name} ASAP',
	'Review signed contract',
	'Check in with {name}',
	'[VIP] Quarterly review with {company}',
	'Prepare onboarding checklist for {company}',
	'Send meeting recap to {name}',
];

export const STATUSES = [
	'NOT_STARTED',
	'NOT_STARTED',
	'NOT_STARTED',
	'IN_PROGRESS',
	'WAITING',
	'COMPLETED',
	'COMPLETED',
	'DEFERRED',
];
export const PRIORITIES = ['NONE', 'NONE', 'LOW', 'MEDIUM', 'HIGH', ''];
export const TASK_TYPES = ['TODO', 'TODO', 'CALL', 'EMAIL'];
export const DEMO_TASK_COUNT = 300;
export const DEMO_RULES_SPREADSHEET_ID = 'priority-rules';
