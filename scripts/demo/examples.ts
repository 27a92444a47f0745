/**
 * Ready-made requests for each webhook template, on records of the demo seed, with the titles the
 * sandbox's rules sheet gives them: the demo prints them as curl lines (signed with X-HubSpot-
 * Signature v2, which has no timestamp and so never expires) and demo:fire sends them signed v3.
 */
import {
	compileRuleSet,
	createPrefixFormat,
	planTitleChange,
	rowsFromSheetValues,
	type CompiledRuleSet,
	type PrefixFormat,
} from '../../nodes/domain/priority';
import { signHubSpotRequest } from '../../nodes/domain/webhook/signature';
import {
	ACTIVITY_TEMPLATE_PREFIX,
	CRM_TEMPLATE_PREFIX,
	nodeNamed,
	RINGOSTAT_TEMPLATE_PREFIX,
	TEMPLATE_FILES,
	TEMPLATE_NODES,
	triggerWebhookPath,
	type Template,
} from '../../tools/n8n/templates';
import { buildDemoSeed, DEMO_RULES_SPREADSHEET_ID } from '../../sandbox/seed';
import { loadSheetFiles } from '../../sandbox/sheets';
import { SandboxStore } from '../../sandbox/store';

const TRIGGER_TYPE_SUFFIX = '.hubSpotTaskflowTrigger';
/** What demo:fire names the task it creates for a polling template (the rules make it P1). */
const POLL_EXAMPLE_TITLE = 'Ligar para o cliente sobre a renovação do contrato';
const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
/** as the templates set them */
const LEVELS = ['P1', 'P2', 'P3', 'P4'];
const PREFIX_TEMPLATE = '[{priority}] ';

import type {
	ActivityExample,
	ExpectedTitle,
	ManualRunExample,
	PollExample,
	WebhookExample,
} from '../../tools/demo/ready-file';
export type { ActivityExample, ExpectedTitle, ManualRunExample, PollExample, WebhookExample };

export function templateKey(template: Template): string {
	return template.file.replace(/\.json$/, '');
}

/** A priority template started by a HubSpot webhook (the Ringostat templates have their own examples). */
export function hasWebhookTrigger(template: Template): boolean {
	return (
		!template.file.startsWith(RINGOSTAT_TEMPLATE_PREFIX) &&
		template.workflow.nodes.some((node) => node.type.endsWith(TRIGGER_TYPE_SUFFIX))
	);
}

/** JSON with every non-ASCII character as \uXXXX: the same bytes in any terminal encoding. */
function asciiJson(value: unknown): string {
	return JSON.stringify(value).replace(
		/[\u007f-\uffff]/g,
		(character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}

interface SeedTask {
	id: string;
	title: string;
	open: boolean;
}

/** The title the rules sheet gives a task, as Apply Task Prefix computes it. */
class TitlePlanner {
	private readonly ruleSet: CompiledRuleSet;
	private readonly format: PrefixFormat;

	constructor() {
		const store = new SandboxStore();
		loadSheetFiles(store);
		const sheet = store
			.spreadsheet(DEMO_RULES_SPREADSHEET_ID)
			?.sheets.find((s) => s.title === 'Rules');
		if (!sheet) throw new Error(`the sandbox has no sheet ${DEMO_RULES_SPREADSHEET_ID}/Rules`);
		this.ruleSet = compileRuleSet(
			rowsFromSheetValues(sheet.rows, { headerRow: 1 }),
			LEVELS,
		).ruleSet;
		this.format = createPrefixFormat(PREFIX_TEMPLATE, LEVELS);
	}

	expected(task: SeedTask): ExpectedTitle {
		const plan = planTitleChange(
			{ id: task.id, title: task.title },
			this.ruleSet,
			undefined,
			this.format,
			{
				removeWhenNone: true,
			},
		);
		return { taskId: task.id, before: task.title, after: plan.newTitle };
	}
}

/** Deals with their open tasks, and all tasks, from the (fixed) demo seed. */
function seedRecords(): {
	tasks: SeedTask[];
	dealTasks: Map<string, { name: string; taskIds: string[] }>;
} {
	const seed = buildDemoSeed();
	const tasks = (seed.objects.tasks ?? []).map((task) => ({
		id: String(task.id),
		title: task.properties.hs_task_subject,
		open: task.properties.hs_task_status !== 'COMPLETED',
	}));
	const dealTasks = new Map(
		(seed.objects.deals ?? []).map((deal) => [
			String(deal.id),
			{ name: deal.properties.dealname, taskIds: [] as string[] },
		]),
	);
	for (const link of seed.associations) {
		if (link.fromType === 'tasks' && link.toType === 'deals')
			dealTasks.get(link.toId)?.taskIds.push(link.fromId);
	}
	return { tasks, dealTasks };
}

export function webhookExamples(templates: Template[], n8nBaseUrl: string): WebhookExample[] {
	const planner = new TitlePlanner();
	const { tasks, dealTasks } = seedRecords();
	const taskById = new Map(tasks.map((task) => [task.id, task]));
	const changes = (expected: ExpectedTitle) => expected.before !== expected.after;

	// a deal with several open tasks, at least two of which the rules re-title
	const deal = [...dealTasks].find(([, { taskIds }]) => {
		const open = taskIds.map((id) => taskById.get(id)).filter((task) => task?.open);
		return (
			open.length >= 2 && open.filter((task) => task && changes(planner.expected(task))).length >= 2
		);
	});
	if (!deal) throw new Error('the demo seed has no deal with two open tasks the rules re-title');
	const [dealId, { name: dealName, taskIds }] = deal;
	const dealExpected = taskIds
		.map((id) => taskById.get(id) as SeedTask)
		.filter((task) => task.open)
		.map((task) => planner.expected(task));
	// a task of no example deal that the rules re-title
	const single = tasks.find(
		(task) => task.open && !taskIds.includes(task.id) && changes(planner.expected(task)),
	) as SeedTask;

	return templates.filter(hasWebhookTrigger).map((template) => {
		const base = {
			template: templateKey(template),
			workflowId: template.workflow.id,
			workflowName: template.workflow.name,
			url: `${n8nBaseUrl.replace(/\/$/, '')}/webhook/${triggerWebhookPath(template)}`,
		};
		if (template.file === TEMPLATE_FILES.newTask) {
			return {
				...base,
				body: asciiJson({ objectType: 'deal', hs_object_id: dealId }),
				description: `a new task on deal ${dealId} "${dealName}": its open tasks get their prefixes`,
				expected: dealExpected,
			};
		}
		// the task events template, and any later one: a task with its title, as HubSpot sends it
		return {
			...base,
			body: asciiJson({ hs_object_id: single.id, hs_task_subject: single.title }),
			description: `task ${single.id} created or renamed: Priority Lookup finds its priority`,
			expected: template.file === TEMPLATE_FILES.taskEvents ? [planner.expected(single)] : [],
		};
	});
}

export function manualRunExamples(templates: Template[]): ManualRunExample[] {
	return templates
		.filter((template) => !hasWebhookTrigger(template))
		.flatMap((template) => {
			const trigger = template.workflow.nodes.find((node) => node.type === MANUAL_TRIGGER_TYPE);
			return trigger
				? [
						{
							template: templateKey(template),
							workflowId: template.workflow.id,
							workflowName: template.workflow.name,
							trigger: trigger.name,
						},
					]
				: [];
		});
}

/** The polling priority template: demo:fire creates a task over the sandbox's API and waits for a poll. */
export function pollExamples(templates: Template[]): PollExample[] {
	const planner = new TitlePlanner();
	const { after } = planner.expected({ id: '', title: POLL_EXAMPLE_TITLE, open: true });
	return templates
		.filter((template) => template.file === TEMPLATE_FILES.polling)
		.map((template) => ({
			template: templateKey(template),
			workflowId: template.workflow.id,
			workflowName: template.workflow.name,
			description:
				'polls the sandbox every minute: a task created or renamed there gets its prefix from the next poll',
			title: POLL_EXAMPLE_TITLE,
			expectedTitle: after,
		}));
}

/** The team whose owners a template hands records out to, in turn. */
export function handOutTeamId(template: Template): string {
	return String(nodeNamed(template, TEMPLATE_NODES.handOut).parameters.teamId);
}

/** What each activity template does after the change its trigger reads, and what demo:fire does. */
const ACTIVITY_DESCRIPTIONS: Record<string, (template: Template) => string> = {
	[TEMPLATE_FILES.leadReceived]: () =>
		'a contact created gets "Realizar Filtro 1", due within 30 business minutes; create one and wait for the poll',
	[TEMPLATE_FILES.leadDiscarded]: () =>
		'a contact whose lead status becomes UNQUALIFIED gets "Recuperar Lead", due in 3 months; discard one and wait for the poll',
	[TEMPLATE_FILES.meetingBooked]: () =>
		'a meeting booked with a contact gives the contact "Confirmação de Reunião: <title>", due 120 minutes before it; book one and wait for the poll',
	[TEMPLATE_FILES.emailOpened]: () =>
		'a contact who opens a sales email gets "Ligar: <firstname> abriu o e-mail" within 30 business minutes;' +
		" the open date is set as HubSpot's email tracking sets it (the sandbox's admin route), then the poll is waited for",
	[TEMPLATE_FILES.dealWon]: () =>
		"a deal moved to closedwon has its open tasks from Create Workflow Activity completed, a rep's own tasks left open; win one and wait for the poll",
	[TEMPLATE_FILES.contactRotation]: (template) =>
		`a contact created without an owner gets the next owner of team ${handOutTeamId(template)} in turn and "Primeiro contato: <firstname>"; create one and wait for the poll`,
};

/** What demo:fire does for each, as the demo prints it. */
const CRM_DESCRIPTIONS: Record<string, string> = {
	[TEMPLATE_FILES.lifecycleByScore]:
		"a lead whose HubSpot score reaches 35 becomes a Marketing Qualified Lead; one is made as HubSpot's scoring sets it, then the poll is waited for",
	[TEMPLATE_FILES.leadDisqualification]:
		'a contact marked as competitor loses its owner and becomes Other and Unqualified in one write; mark one and wait for the poll',
	[TEMPLATE_FILES.icpTier]:
		'a company growing to 1,500 employees gets ICP Tier 1; grow one and wait for the poll',
};

/** Activity and CRM templates: demo:fire changes a record over the sandbox's API and checks the outcome. */
export function activityExamples(templates: Template[]): ActivityExample[] {
	return templates
		.filter((template) =>
			[ACTIVITY_TEMPLATE_PREFIX, CRM_TEMPLATE_PREFIX].some((prefix) =>
				template.file.startsWith(prefix),
			),
		)
		.map((template) => ({
			template: templateKey(template),
			workflowId: template.workflow.id,
			workflowName: template.workflow.name,
			description: `polls the sandbox every minute: ${
				ACTIVITY_DESCRIPTIONS[template.file]?.(template) ??
				CRM_DESCRIPTIONS[template.file] ??
				'a record changed there starts it at the next poll; see what demo:fire does'
			}`,
		}));
}

/** Single-quoted for sh/bash/zsh. */
function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** A curl command line signed with X-HubSpot-Signature v2: no timestamp, valid as long as the URL and secret are. */
export function curlLine(example: WebhookExample, clientSecret: string): string {
	const headers = {
		'Content-Type': 'application/json',
		...signHubSpotRequest({
			version: 'v2',
			clientSecret,
			method: 'POST',
			uri: example.url,
			body: example.body,
		}),
	};
	return [
		'curl -sS -X POST',
		shellQuote(example.url),
		...Object.entries(headers).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
		`--data-raw ${shellQuote(example.body)}`,
	].join(' ');
}
