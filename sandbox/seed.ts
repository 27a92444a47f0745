/**
 * Seeds: applySeed loads SeedData into a store; buildDemoSeed is the 'demo' account — owners in
 * three teams, contacts with phones typed every which way (Brazil, Romania, Poland, Russia, US,
 * UK), companies, open and closed deals, a second deal pipeline, tickets, 300 tasks in Portuguese
 * and English, a few calls, meetings and notes. Content is the same on every run (seeded draw); dates are relative to now.
 */
import { OBJECT_TYPE_INFO, resolveObjectType } from './objectTypes';
import type { ObjectType } from './objectTypes';
import { DEFAULT_DEAL_PIPELINE, PIPELINE_OBJECT_TYPES } from './pipelines';
import { customProperty } from './propertyDefs';
import type { SandboxStore } from './store';
import type { PipelineInput, SeedData } from './types';
import {
	COMPANIES,
	CONTACTS,
	DEMO_OWNERS,
	DEMO_TASK_COUNT,
	EN_TITLES,
	PRIORITIES,
	PT_TITLES,
	STATUSES,
	TASK_TYPES,
} from './demoData';
import { seededRandom } from './seededRandom';

const DEAL_STAGES = DEFAULT_DEAL_PIPELINE.stages.map((stage) => stage.id);

/** A second deal pipeline, with numeric ids as HubSpot gives pipelines an account creates. */
export const DEMO_RENEWALS_PIPELINE: PipelineInput = {
	id: '75830001',
	label: 'Renewals',
	stages: [
		{ id: '75830002', label: 'Renewal due', metadata: { isClosed: 'false', probability: '0.5' } },
		{ id: '75830003', label: 'Renewed', metadata: { isClosed: 'true', probability: '1.0' } },
		{ id: '75830004', label: 'Churned', metadata: { isClosed: 'true', probability: '0.0' } },
	],
};

export function applySeed(store: SandboxStore, seed: SeedData): void {
	for (const owner of seed.owners ?? []) store.addOwner(owner);
	for (const type of PIPELINE_OBJECT_TYPES)
		for (const pipeline of seed.pipelines?.[type] ?? []) store.pipelines.add(type, pipeline);
	store.pipelines.applyTo(store.properties);
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
		if (!store.get(from, a.fromId) || !store.get(to, a.toId))
			throw new Error(
				`Seed association to a missing record: ${a.fromType} ${a.fromId} -> ${a.toType} ${a.toId}`,
			);
		store.associate(from, a.fromId, to, a.toId);
	}
	for (const [spreadsheetId, spreadsheet] of Object.entries(seed.sheets ?? {})) {
		for (const [title, rows] of Object.entries(spreadsheet.sheets))
			store.setSheet(spreadsheetId, title, rows, spreadsheet.title);
	}
}

function seedType(raw: string): ObjectType {
	const type = resolveObjectType(raw);
	if (!type) throw new Error(`Seed names an unknown object type: ${raw}`);
	return type;
}

const DAY = 86_400_000;

function ids(type: ObjectType, count: number): string[] {
	return Array.from({ length: count }, (_, i) => String(OBJECT_TYPE_INFO[type].firstId + i));
}

function ascii(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/ł/g, 'l')
		.toLowerCase();
}

const IDEMPOTENCY_KEY = {
	name: 'taskflow_idempotency_key',
	label: 'Taskflow idempotency key',
	type: 'string' as const,
	fieldType: 'text',
	hasUniqueValue: true,
};

const CONTACT_TYPE = {
	name: 'contact_type',
	label: 'Contact type',
	type: 'enumeration' as const,
	fieldType: 'select',
	options: [
		{ label: 'Customer', value: 'customer' },
		{ label: 'Partner', value: 'partner' },
		{ label: 'Competitor', value: 'competitor' },
	],
};

export function buildDemoSeed(
	now = Date.now(),
): Required<Pick<SeedData, 'owners' | 'objects' | 'associations'>> & SeedData {
	const draw = seededRandom(42);
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
			associations.push({
				fromType: 'contacts',
				fromId: contactIds[i],
				toType: 'companies',
				toId: company,
			});
		}
		return { id: contactIds[i], properties };
	});

	const dealIds = ids('deals', 14);
	const deals = dealIds.map((id, i) => {
		const contactIndex = (i * 3) % CONTACTS.length;
		const stage = DEAL_STAGES[i % DEAL_STAGES.length];
		associations.push({
			fromType: 'deals',
			fromId: id,
			toType: 'contacts',
			toId: contactIds[contactIndex],
		});
		const company = companyByCountry.get(CONTACTS[contactIndex][4]);
		if (company)
			associations.push({ fromType: 'deals', fromId: id, toType: 'companies', toId: company });
		return {
			id,
			properties: {
				dealname: `${CONTACTS[contactIndex][1]} - ${pick(['Licenças anuais', 'Annual licences', 'Implantação', 'Onboarding package', 'Renewal'])}`,
				amount: String(1000 * (2 + Math.floor(draw() * 48))),
				dealstage: stage,
				pipeline: 'default',
				closedate: new Date(
					now + (stage.startsWith('closed') ? -1 : 1) * (5 + i * 3) * DAY,
				).toISOString(),
				hubspot_owner_id: ownerId(CONTACTS[contactIndex][5]),
			},
		};
	});

	const ticketIds = ids('tickets', 6);
	const tickets = ticketIds.map((id, i) => {
		associations.push({
			fromType: 'tickets',
			fromId: id,
			toType: 'contacts',
			toId: contactIds[(i * 7) % CONTACTS.length],
		});
		return {
			id,
			properties: {
				subject: pick([
					'Erro ao emitir nota fiscal',
					'Cannot log in',
					'Dúvida sobre cobrança',
					'Export fails',
					'Integração parada',
					'Invoice shows wrong VAT',
				]),
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
		const portuguese =
			country === 'Brazil' || country === 'Portugal' ? draw() < 0.85 : draw() < 0.2;
		const template = pick(portuguese ? PT_TITLES : EN_TITLES);
		const company = companyByCountry.get(country);
		const companyName = company ? COMPANIES[companyIds.indexOf(company)][0] : 'Example Corp';
		const status = pick(STATUSES);
		const priority = pick(PRIORITIES);
		const properties: Record<string, string> = {
			hs_task_subject: template
				.replace('{name}', `${first} ${last}`)
				.replace('{company}', companyName),
			hs_task_status: status,
			hs_task_type: pick(TASK_TYPES),
			hs_timestamp: new Date(now + Math.round((draw() * 60 - 30) * DAY)).toISOString(),
			hubspot_owner_id: ownerId(owner),
			hs_task_body: portuguese ? 'Anotações do último contato.' : 'Notes from the last touchpoint.',
			hs_createdate: new Date(now - (40 - (i % 40)) * DAY).toISOString(),
		};
		if (priority) properties.hs_task_priority = priority;
		const roll = draw();
		if (roll < 0.8)
			associations.push({
				fromType: 'tasks',
				fromId: id,
				toType: 'contacts',
				toId: contactIds[contactIndex],
			});
		if (roll < 0.25)
			associations.push({
				fromType: 'tasks',
				fromId: id,
				toType: 'deals',
				toId: dealIds[i % dealIds.length],
			});
		else if (roll > 0.9)
			associations.push({
				fromType: 'tasks',
				fromId: id,
				toType: 'tickets',
				toId: ticketIds[i % ticketIds.length],
			});
		return { id, properties };
	});

	const calls = ids('calls', 5).map((id, i) => {
		associations.push({
			fromType: 'calls',
			fromId: id,
			toType: 'contacts',
			toId: contactIds[i * 5],
		});
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
		associations.push({
			fromType: 'meetings',
			fromId: id,
			toType: 'contacts',
			toId: contactIds[i * 4 + 1],
		});
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

	const notes = ids('notes', 4).map((id, i) => {
		const contactIndex = i * 7 + 2;
		associations.push({
			fromType: 'notes',
			fromId: id,
			toType: 'contacts',
			toId: contactIds[contactIndex],
		});
		if (i < 2)
			associations.push({ fromType: 'notes', fromId: id, toType: 'deals', toId: dealIds[i] });
		return {
			id,
			properties: {
				hs_note_body: [
					'<p>Cliente pediu proposta revisada até sexta.</p>',
					'<p>Asked for the security questionnaire before signing.</p>',
					'<p>Prefere contato por WhatsApp à tarde.</p>',
					'<p>Budget approved for next quarter.</p>',
				][i],
				hs_timestamp: new Date(now - (i + 2) * DAY).toISOString(),
				hubspot_owner_id: ownerId(CONTACTS[contactIndex][5]),
			},
		};
	});

	return {
		owners: DEMO_OWNERS,
		pipelines: { deals: [DEMO_RENEWALS_PIPELINE] },
		// The key property the README asks for once per portal (the pack's keyed creates need it;
		// Route Call to Owner keys its contacts, deals and calls too).
		properties: {
			...Object.fromEntries(
				['tasks', 'contacts', 'deals', 'calls', 'notes'].map((type) => [type, [IDEMPOTENCY_KEY]]),
			),
			// The portal's own "contact type" the lead disqualification template watches.
			contacts: [IDEMPOTENCY_KEY, CONTACT_TYPE],
		},
		objects: { companies, contacts, deals, tickets, tasks, calls, meetings, notes },
		associations,
	};
}

export { DEMO_OWNERS, DEMO_RULES_SPREADSHEET_ID, DEMO_TASK_COUNT, DEMO_TEAMS } from './demoData';
