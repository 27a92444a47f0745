/**
 * `npm run demo:fire -- crm-<name>`: for seed 003's CRM templates, the record change each one
 * polls for, made as a user (or HubSpot's scoring) makes it; then, after the next poll, the
 * record checked in the sandbox and reported `ok` or `WRONG`.
 */
import { TEMPLATE_FILES } from '../../tools/n8n/templates';
import type { ActivityExample } from '../../tools/demo/ready-file';
import { report, SandboxApi, untilPolled, type CrmRecord } from './activity-fire';

/**
 * A lead with a score of 35, made in one write through the sandbox's admin route: HubSpot's
 * scoring sets the score, its API refuses it.
 */
async function scoreToMql(api: SandboxApi): Promise<boolean> {
	const lead = await api.createAsHubSpot('contacts', {
		email: `scored.${Date.now()}@example.org`,
		firstname: 'Marta',
		lifecyclestage: 'lead',
		hubspotscore: '35',
	});
	const stage = await untilPolled(async () => {
		const read = await api.readRecord('contacts', lead.id, ['lifecyclestage']);
		return read.properties.lifecyclestage === 'marketingqualifiedlead'
			? 'marketingqualifiedlead'
			: undefined;
	});
	return report(
		stage !== undefined,
		`contact ${lead.id} (score 35) lifecycle stage: ${stage ?? 'still lead'}`,
	);
}

async function disqualifyCompetitor(api: SandboxApi): Promise<boolean> {
	const contact = await api.createRecord('contacts', {
		email: `rival.${Date.now()}@competitor.example.org`,
		firstname: 'Rival',
		hubspot_owner_id: '80000001',
		lifecyclestage: 'lead',
		hs_lead_status: 'OPEN',
	});
	await api.updateRecord('contacts', contact.id, { contact_type: 'competitor' });
	const properties = ['hubspot_owner_id', 'lifecyclestage', 'hs_lead_status'];
	const after = await untilPolled<CrmRecord>(async () => {
		const read = await api.readRecord('contacts', contact.id, properties);
		return read.properties.hs_lead_status === 'UNQUALIFIED' ? read : undefined;
	});
	const p = after?.properties ?? {};
	const ok = after !== undefined && !p.hubspot_owner_id && p.lifecyclestage === 'other';
	return report(
		ok,
		`contact ${contact.id}: owner ${p.hubspot_owner_id || '(none)'}, lifecycle stage ${p.lifecyclestage ?? '?'}, lead status ${p.hs_lead_status ?? 'still OPEN'}`,
	);
}

async function icpTier(api: SandboxApi): Promise<boolean> {
	const company = await api.createRecord('companies', { name: `Exemplo ${Date.now()}` });
	await api.updateRecord('companies', company.id, { numberofemployees: '1500' });
	const tier = await untilPolled(async () => {
		const read = await api.readRecord('companies', company.id, ['hs_ideal_customer_profile']);
		return read.properties.hs_ideal_customer_profile ?? undefined;
	});
	return report(
		tier === 'tier_1',
		`company ${company.id} (1,500 employees): ICP tier ${tier ?? '(none)'}`,
	);
}

const CRM_SCENARIOS: Record<string, (api: SandboxApi) => Promise<boolean>> = {
	[TEMPLATE_FILES.lifecycleByScore]: scoreToMql,
	[TEMPLATE_FILES.leadDisqualification]: disqualifyCompetitor,
	[TEMPLATE_FILES.icpTier]: icpTier,
};

/** Runs a CRM template's example change, or undefined when the template is not one of them. */
export async function fireCrm(
	example: ActivityExample,
	sandboxUrl: string,
): Promise<boolean | undefined> {
	const scenario = CRM_SCENARIOS[`${example.template}.json`];
	if (!scenario) return undefined;
	console.log(`"${example.workflowName}" (workflows/${example.template}.json)`);
	return await scenario(new SandboxApi(sandboxUrl));
}
