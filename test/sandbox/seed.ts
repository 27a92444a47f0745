/**
 * Seeds: applySeed loads SeedData into a store; buildDemoSeed is the 'demo' account — owners in
 * three teams, contacts with phones typed every which way (Brazil, Romania, Poland, Russia, US,
 * UK), companies, open and closed deals, tickets, 300 tasks in Portuguese and English, a few
 * calls and meetings. Content is the same on every run (seeded draw); dates are relative to now.
 */
import { OBJECT_TYPE_INFO, resolveObjectType } from './objectTypes';
import type { ObjectType } from './objectTypes';
import { customProperty } from './propertyDefs';
import type { SandboxStore } from './store';
import type { OwnerInput, SeedData } from './types';

export function applySeed(store: SandboxStore, seed: SeedData): void {
	for (const owner of seed.owners ?? []) store.addOwner(owner);
	for (const [rawType, definitions] of Object.entries(seed.properties ?? {})) {
		const type = seedType(rawType);
		for (const def of definitions ?? []) store.properties[type].set(def.name, customProperty(def));
	}
	for (const [rawType, records] of Object.entries(seed.objects ?? {})) {
		const type = seedType(rawType);
		for (const record of records ?? []) store.create(type, record.properties, record.id);
	}
	for (const a of seed.associations ?? []) {
		const from = seedType(a.fromType);
		const to = seedType(a.toType);
		if (!store.get(from, a.fromId) || !store.get(to, a.toId)) throw new Error(`Seed association to a missing record: ${a.fromType} ${a.fromId} -> ${a.toType} ${a.toId}`);
		store.associate(from, a.fromId, to, a.toId);
	}
	for (const [spreadsheetId, spreadsheet] of Object.entries(seed.sheets ?? {})) {
		for (const [title, rows] of Object.entries(spreadsheet.sheets)) store.setSheet(spreadsheetId, title, rows, spreadsheet.title);
	}
}

function seedType(raw: string): ObjectType {
	const type = resolveObjectType(raw);
	if (!type) throw new Error(`Seed names an unknown object type: ${raw}`);
	return type;
}

function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const DAY = 86_400_000;

export const DEMO_TEAMS = {
	saoPaulo: { id: '4101', name: 'Vendas São Paulo' },
	emea: { id: '4102', name: 'Sales EMEA' },
	inside: { id: '4103', name: 'Inside Sales' },
};

export const DEMO_OWNERS: OwnerInput[] = [
	{ id: '80000001', userId: 9100001, email: 'ana.souza@example.com', firstName: 'Ana', lastName: 'Souza', teams: [{ ...DEMO_TEAMS.saoPaulo, primary: true }] },
	{ id: '80000002', userId: 9100002, email: 'bruno.lima@example.com', firstName: 'Bruno', lastName: 'Lima', teams: [{ ...DEMO_TEAMS.saoPaulo, primary: true }] },
	{ id: '80000003', userId: 9100003, email: 'ioana.popescu@example.com', firstName: 'Ioana', lastName: 'Popescu', teams: [{ ...DEMO_TEAMS.emea, primary: true }] },
	{ id: '80000004', userId: 9100004, email: 'piotr.nowak@example.com', firstName: 'Piotr', lastName: 'Nowak', teams: [{ ...DEMO_TEAMS.emea, primary: true }] },
	{ id: '80000005', userId: 9100005, email: 'dmitri.ivanov@example.com', firstName: 'Dmitri', lastName: 'Ivanov', teams: [{ ...DEMO_TEAMS.inside, primary: true }] },
	{
		id: '80000006',
		userId: 9100006,
		email: 'emily.carter@example.com',
		firstName: 'Emily',
		lastName: 'Carter',
		teams: [{ ...DEMO_TEAMS.inside, primary: true }, { ...DEMO_TEAMS.emea, primary: false }],
	},
];

/** [first, last, phone, mobile, country, owner index] — phones as people type them. */
const CONTACTS: Array<[string, string, string, string, string, number]> = [
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

const COMPANIES: Array<[string, string, string]> = [
	['Acme Logística Ltda', 'acmelogistica.com.br', 'Brazil'],
	['Carpați Software SRL', 'carpati-software.ro', 'Romania'],
	['Wisła Foods Sp. z o.o.', 'wislafoods.pl', 'Poland'],
	['Volga Trade OOO', 'volgatrade.ru', 'Russia'],
	['Bay Area Analytics Inc', 'bayareaanalytics.com', 'United States'],
	['Thames Consulting Ltd', 'thamesconsulting.co.uk', 'United Kingdom'],
];

const PT_TITLES = [
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

const EN_TITLES = [
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

const STATUSES = ['NOT_STARTED', 'NOT_STARTED', 'NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'COMPLETED', 'DEFERRED'];
const PRIORITIES = ['NONE', 'NONE', 'LOW', 'MEDIUM', 'HIGH', ''];
const TASK_TYPES = ['TODO', 'TODO', 'CALL', 'EMAIL'];
const DEAL_STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'];

export const DEMO_TASK_COUNT = 300;
export const DEMO_RULES_SPREADSHEET_ID = 'priority-rules';

function ids(type: ObjectType, count: number): string[] {
	return Array.from({ length: count }, (_, i) => String(OBJECT_TYPE_INFO[type].firstId + i));
}

function ascii(text: string): string {
	return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').toLowerCase();
}

export function buildDemoSeed(now = Date.now()): Required<Pick<SeedData, 'owners' | 'objects' | 'associations'>> & SeedData {
	const draw = random(42);
	const pick = <T>(list: T[]): T => list[Math.floor(draw() * list.length)];
	const ownerId = (index: number) => DEMO_OWNERS[index].id as string;

	const companyIds = ids('companies', COMPANIES.length);
	const companies = COMPANIES.map(([name, domain, country], i) => ({
		id: companyIds[i],
		properties: { name, domain, country, hubspot_owner_id: ownerId(i % DEMO_OWNERS.length) },
	}));
	const companyByCountry = new Map(COMPANIES.map(([, , country], i) => [country, companyIds[i]]));

	const contactIds = ids('contacts', CONTACTS.length);
	const associations: NonNullable<SeedData['associations']> = [];
	const contacts = CONTACTS.map(([first, last, phone, mobile, country, owner], i) => {
		const properties: Record<string, string> = {
			firstname: first,
			lastname: last,
			email: `${ascii(first)}.${ascii(last)}@example.org`,
			country,
			hubspot_owner_id: ownerId(owner),
			lifecyclestage: pick(['lead', 'salesqualifiedlead', 'opportunity', 'customer']),
		};
		if (phone) properties.phone = phone;
		if (mobile) properties.mobilephone = mobile;
		const company = companyByCountry.get(country);
		if (company) {
			properties.company = COMPANIES[companyIds.indexOf(company)][0];
			associations.push({ fromType: 'contacts', fromId: contactIds[i], toType: 'companies', toId: company });
		}
		return { id: contactIds[i], properties };
	});

	const dealIds = ids('deals', 14);
	const deals = dealIds.map((id, i) => {
		const contactIndex = (i * 3) % CONTACTS.length;
		const stage = DEAL_STAGES[i % DEAL_STAGES.length];
		associations.push({ fromType: 'deals', fromId: id, toType: 'contacts', toId: contactIds[contactIndex] });
		const company = companyByCountry.get(CONTACTS[contactIndex][4]);
		if (company) associations.push({ fromType: 'deals', fromId: id, toType: 'companies', toId: company });
		return {
			id,
			properties: {
				dealname: `${CONTACTS[contactIndex][1]} - ${pick(['Licenças anuais', 'Annual licences', 'Implantação', 'Onboarding package', 'Renewal'])}`,
				amount: String(1000 * (2 + Math.floor(draw() * 48))),
				dealstage: stage,
				pipeline: 'default',
				closedate: new Date(now + (stage.startsWith('closed') ? -1 : 1) * (5 + i * 3) * DAY).toISOString(),
				hubspot_owner_id: ownerId(CONTACTS[contactIndex][5]),
			},
		};
	});

	const ticketIds = ids('tickets', 6);
	const tickets = ticketIds.map((id, i) => {
		associations.push({ fromType: 'tickets', fromId: id, toType: 'contacts', toId: contactIds[(i * 7) % CONTACTS.length] });
		return {
			id,
			properties: {
				subject: pick(['Erro ao emitir nota fiscal', 'Cannot log in', 'Dúvida sobre cobrança', 'Export fails', 'Integração parada', 'Invoice shows wrong VAT']),
				content: 'Reported by the customer by phone.',
				hs_pipeline: '0',
				hs_pipeline_stage: String(1 + (i % 4)),
				hs_ticket_priority: pick(['LOW', 'MEDIUM', 'HIGH']),
				hubspot_owner_id: ownerId(i % DEMO_OWNERS.length),
			},
		};
	});

	const taskIds = ids('tasks', DEMO_TASK_COUNT);
	const tasks = taskIds.map((id, i) => {
		const contactIndex = Math.floor(draw() * CONTACTS.length);
		const [first, last, , , country, owner] = CONTACTS[contactIndex];
		const portuguese = country === 'Brazil' || country === 'Portugal' ? draw() < 0.85 : draw() < 0.2;
		const template = pick(portuguese ? PT_TITLES : EN_TITLES);
		const company = companyByCountry.get(country);
		const companyName = company ? COMPANIES[companyIds.indexOf(company)][0] : 'Example Corp';
		const status = pick(STATUSES);
		const priority = pick(PRIORITIES);
		const properties: Record<string, string> = {
			hs_task_subject: template.replace('{name}', `${first} ${last}`).replace('{company}', companyName),
			hs_task_status: status,
			hs_task_type: pick(TASK_TYPES),
			hs_timestamp: new Date(now + Math.round((draw() * 60 - 30) * DAY)).toISOString(),
			hubspot_owner_id: ownerId(owner),
			hs_task_body: portuguese ? 'Anotações do último contato.' : 'Notes from the last touchpoint.',
			hs_createdate: new Date(now - (40 - (i % 40)) * DAY).toISOString(),
		};
		if (priority) properties.hs_task_priority = priority;
		const roll = draw();
		if (roll < 0.8) associations.push({ fromType: 'tasks', fromId: id, toType: 'contacts', toId: contactIds[contactIndex] });
		if (roll < 0.25) associations.push({ fromType: 'tasks', fromId: id, toType: 'deals', toId: dealIds[i % dealIds.length] });
		else if (roll > 0.9) associations.push({ fromType: 'tasks', fromId: id, toType: 'tickets', toId: ticketIds[i % ticketIds.length] });
		return { id, properties };
	});

	const calls = ids('calls', 5).map((id, i) => {
		associations.push({ fromType: 'calls', fromId: id, toType: 'contacts', toId: contactIds[i * 5] });
		return {
			id,
			properties: {
				hs_call_title: `Call with ${CONTACTS[i * 5][0]} ${CONTACTS[i * 5][1]}`,
				hs_call_direction: i % 2 === 0 ? 'INBOUND' : 'OUTBOUND',
				hs_call_status: i === 3 ? 'NO_ANSWER' : 'COMPLETED',
				hs_call_duration: String(i === 3 ? 0 : 60_000 * (i + 1)),
				hs_call_from_number: CONTACTS[i * 5][2] || '+1 415 555 0100',
				hs_timestamp: new Date(now - (i + 1) * DAY).toISOString(),
				hubspot_owner_id: ownerId(CONTACTS[i * 5][5]),
			},
		};
	});

	const meetings = ids('meetings', 3).map((id, i) => {
		associations.push({ fromType: 'meetings', fromId: id, toType: 'contacts', toId: contactIds[i * 4 + 1] });
		const start = now + (i - 1) * 2 * DAY;
		return {
			id,
			properties: {
				hs_meeting_title: ['Reunião de kickoff', 'Quarterly business review', 'Demo do produto'][i],
				hs_meeting_start_time: new Date(start).toISOString(),
				hs_meeting_end_time: new Date(start + 3_600_000).toISOString(),
				hs_meeting_outcome: i === 0 ? 'COMPLETED' : 'SCHEDULED',
				hs_timestamp: new Date(start).toISOString(),
				hubspot_owner_id: ownerId(CONTACTS[i * 4 + 1][5]),
			},
		};
	});

	return { owners: DEMO_OWNERS, objects: { companies, contacts, deals, tickets, tasks, calls, meetings }, associations };
}
