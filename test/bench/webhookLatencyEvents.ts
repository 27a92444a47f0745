/**
 * The events of the webhook latency measurement: one record (deal or contact) with one open,
 * unprefixed task each, put straight into the sandbox's store; the signed "Send a webhook" calls
 * sent at a steady rate; and the sandbox's exchanges matched back to their event, so each event
 * knows when n8n's three HubSpot calls for it arrived and when the batch update that wrote its
 * title was answered.
 */
import { deliverJson, type DeliveryTarget } from '../../tools/n8n/hubspot-deliveries';
import { createTask, createWebhookRecord } from '../../tools/n8n/sandbox-tasks';
import type { Exchange, Sandbox } from '../../sandbox/server';

/** Milliseconds on the epoch scale with sub-millisecond resolution, comparable to Exchange.at. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Titles the sandbox's rules sheet (sandbox/sheets/priority-rules) gives a prefix. */
const TITLE_KINDS: Array<{ title: (n: number) => string; prefix: string }> = [
	{ title: (n) => `Enviar contrato ${n}`, prefix: '[P1] ' },
	{ title: (n) => `Ligacao de retorno ${n}`, prefix: '[P2] ' },
	{ title: (n) => `Enviar proposta revisada ${n}`, prefix: '[P2] ' },
	{ title: (n) => `Urgent: call back about the invoice ${n}`, prefix: '[P1] ' },
	{ title: (n) => `Send the newsletter draft ${n}`, prefix: '[P4] ' },
	{ title: (n) => `Ligação sobre o orçamento ${n}`, prefix: '[P2] ' },
];

const RECORD_TYPES = [
	{ objectType: 'deal', apiName: 'deals' },
	{ objectType: 'contact', apiName: 'contacts' },
] as const;

/** What the sender stamps on an event: when its POST went out and how n8n answered it. */
export interface DeliveredEvent {
	/** when the POST was handed to fetch */
	sentAt?: number;
	/** when the trigger's answer had been read */
	answeredAt?: number;
	answerStatus?: number;
	deliveryError?: string;
}

export interface LatencyEvent extends DeliveredEvent {
	index: number;
	/** what the webhook body says: `deal` or `contact` */
	objectType: string;
	/** HubSpot's plural name, as in the association URL n8n calls */
	apiName: string;
	recordId: string;
	taskId: string;
	title: string;
	expectedTitle: string;
	/** arrival of the first association read, task batch read and batch update naming this event */
	associationReadAt?: number;
	taskReadAt?: number;
	updateArrivedAt?: number;
	/** when the sandbox had answered the batch update that wrote this task's title */
	writtenAt?: number;
	writtenTitle?: string;
}

/** `count` records with one open task each; ids continue from earlier calls. */
export function seedEvents(sandbox: Sandbox, count: number, firstNumber = 0): LatencyEvent[] {
	return Array.from({ length: count }, (_, offset) => {
		const n = firstNumber + offset;
		const { objectType, apiName } = RECORD_TYPES[n % RECORD_TYPES.length];
		const recordId = createWebhookRecord(sandbox, objectType, n);
		const kind = TITLE_KINDS[n % TITLE_KINDS.length];
		const title = kind.title(n);
		const taskId = createTask(sandbox, title);
		sandbox.store.associate(apiName, recordId, 'tasks', taskId);
		return {
			index: offset,
			objectType,
			apiName,
			recordId,
			taskId,
			title,
			expectedTitle: `${kind.prefix}${title}`,
		};
	});
}

const ASSOCIATION_READ = /^\/crm\/v4\/associations\/([^/]+)\/tasks\/batch\/read$/;
const TASK_READ = '/crm/v3/objects/tasks/batch/read';
const TASK_UPDATE = '/crm/v3/objects/tasks/batch/update';

function inputIds(exchange: Exchange): string[] {
	const inputs = (exchange.requestBody as { inputs?: Array<{ id?: unknown }> } | undefined)?.inputs;
	return Array.isArray(inputs) ? inputs.map((input) => String(input.id)) : [];
}

/**
 * Stamps events from the sandbox's `onExchange` hook, which runs when a response has been sent.
 * Only events handed to `watch` are stamped; traffic of other events (the warm-up) is counted.
 */
export class ExchangeWatcher {
	private readonly byRecord = new Map<string, LatencyEvent>();
	private readonly byTask = new Map<string, LatencyEvent>();
	private waiting = 0;
	private allWritten: (() => void) | undefined;
	readonly traffic = { hubSpotCalls: 0, rateLimited: 0, failed: 0, otherPaths: new Set<string>() };
	/** arrival of every HubSpot call since `watch`, in order of arrival */
	readonly callArrivals: number[] = [];
	/** calls outside HubSpot's API (the rules sheet, its token) since `watch` */
	otherCalls = 0;

	watch(events: LatencyEvent[]): void {
		this.byRecord.clear();
		this.byTask.clear();
		for (const event of events) {
			this.byRecord.set(`${event.apiName}:${event.recordId}`, event);
			this.byTask.set(event.taskId, event);
		}
		this.waiting = events.length;
		this.traffic.hubSpotCalls = 0;
		this.traffic.rateLimited = 0;
		this.traffic.failed = 0;
		this.traffic.otherPaths.clear();
		this.callArrivals.length = 0;
		this.otherCalls = 0;
	}

	readonly onExchange = (exchange: Exchange): void => {
		const answeredAt = nowMs();
		if (!exchange.path.startsWith('/crm/')) {
			this.otherCalls++; // the rules sheet and its token
			return;
		}
		this.traffic.hubSpotCalls++;
		this.callArrivals.push(exchange.at);
		if (exchange.status === 429) this.traffic.rateLimited++;
		if (exchange.status >= 300 || exchange.status === 0) {
			this.traffic.failed++;
			return;
		}
		const association = ASSOCIATION_READ.exec(exchange.path);
		if (association) {
			for (const id of inputIds(exchange)) {
				const event = this.byRecord.get(`${association[1]}:${id}`);
				if (event) event.associationReadAt ??= exchange.at;
			}
		} else if (exchange.path === TASK_READ) {
			for (const id of inputIds(exchange)) {
				const event = this.byTask.get(id);
				if (event) event.taskReadAt ??= exchange.at;
			}
		} else if (exchange.path === TASK_UPDATE) {
			const inputs = (
				exchange.requestBody as {
					inputs: Array<{ id: string; properties?: Record<string, string> }>;
				}
			).inputs;
			for (const input of inputs) {
				const event = this.byTask.get(String(input.id));
				if (!event || event.writtenAt !== undefined) continue;
				event.updateArrivedAt = exchange.at;
				event.writtenAt = answeredAt;
				event.writtenTitle = input.properties?.hs_task_subject;
				this.waiting--;
			}
			if (this.waiting === 0) this.allWritten?.();
		} else {
			this.traffic.otherPaths.add(`${exchange.method} ${exchange.path}`);
		}
	};

	/** Resolves when every watched event's task was written, or after `timeoutMs`. */
	async untilAllWritten(timeoutMs: number): Promise<void> {
		if (this.waiting === 0) return;
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			new Promise<void>((resolve) => (this.allWritten = resolve)),
			new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
		]);
		clearTimeout(timer);
		this.allWritten = undefined;
	}
}

export interface SendingSummary {
	/** the rate asked for */
	ratePerSecond: number;
	/** events over the time from the first to the last send */
	achievedPerSecond: number;
	seconds: number;
}

/** The body of a record's "Send a webhook" call as priority-on-new-task.json's setup has it. */
export function recordWebhookBody(event: LatencyEvent): unknown {
	return { objectType: event.objectType, hs_object_id: event.recordId };
}

/**
 * Sends each event's signed webhook (`bodyOf` the event) at `ratePerSecond`, on a fixed schedule:
 * a slow answer never delays the next send. Resolves when every answer has been read.
 */
export async function sendAtSteadyRate<Event extends DeliveredEvent>(
	target: DeliveryTarget,
	events: Event[],
	ratePerSecond: number,
	bodyOf: (event: Event) => unknown,
): Promise<SendingSummary> {
	const intervalMs = 1000 / ratePerSecond;
	const startAt = nowMs() + 20;
	const answers: Array<Promise<void>> = [];
	for (const [position, event] of events.entries()) {
		const wait = startAt + position * intervalMs - nowMs();
		if (wait > 1) await sleep(wait);
		event.sentAt = nowMs();
		answers.push(
			deliverJson(target, bodyOf(event)).then(
				(delivery) => {
					event.answeredAt = nowMs();
					event.answerStatus = delivery.status;
				},
				(error: unknown) => {
					event.answeredAt = nowMs();
					event.deliveryError = error instanceof Error ? error.message : String(error);
				},
			),
		);
	}
	await Promise.all(answers);
	const first = events[0]?.sentAt ?? 0;
	const last = events[events.length - 1]?.sentAt ?? first;
	const seconds = (last - first) / 1000;
	return {
		ratePerSecond,
		achievedPerSecond: seconds > 0 ? (events.length - 1) / seconds : 0,
		seconds,
	};
}
