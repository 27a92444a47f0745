/**
 * The process guide templates in the demo: each guide's link on a record of the demo seed (an
 * open deal, a ticket), to open in a browser and answer as a rep would.
 */
import { buildDemoSeed } from '../../sandbox/seed';
import type { GuideExample } from '../../tools/demo/ready-file';
import { guideFormLink, TEMPLATE_FILES, type Template } from '../../tools/n8n/templates';
import { templateKey } from './examples';

const GUIDED: Record<
	string,
	{ objectType: 'deals' | 'tickets'; label: string; description: string }
> = {
	[TEMPLATE_FILES.dealDiscovery]: {
		objectType: 'deals',
		label: 'dealname',
		description:
			'a discovery call on a deal: need, budget and timing, who decides (new business only)',
	},
	[TEMPLATE_FILES.ticketTriage]: {
		objectType: 'tickets',
		label: 'subject',
		description:
			'ticket triage: category, the problem, priority, an owner for high and urgent tickets',
	},
};

export function guideExamples(templates: Template[], n8nBaseUrl: string): GuideExample[] {
	const seed = buildDemoSeed().objects;
	return templates
		.filter((template) => GUIDED[template.file] !== undefined)
		.map((template) => {
			const guided = GUIDED[template.file];
			const record = (seed[guided.objectType] ?? []).find(
				(candidate) => !String(candidate.properties.dealstage ?? '').startsWith('closed'),
			)!;
			const link = guideFormLink(template);
			return {
				template: templateKey(template),
				workflowId: template.workflow.id,
				workflowName: template.workflow.name,
				url: `${n8nBaseUrl}${link.path}?${link.recordParameter}=${record.id}`,
				record: `${guided.objectType.slice(0, -1)} ${record.id} "${record.properties[guided.label]}"`,
				description: guided.description,
			};
		});
}
