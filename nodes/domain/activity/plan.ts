/**
 * One follow-up task for one event, decided without I/O: its due instant (complete within N units
 * after the event, or N units before a date such as a meeting's start), its reminder, title,
 * notes, type, priority, queue and owner, the record it belongs to and the key that makes its
 * create happen once. The shared write path performs the returned action.
 */
import {
	createRecord,
	defaultTaskAssociationType,
	type AssociationTarget,
	type CreateRecordAction,
} from '../crm';
import { ACTIVITY_KEY_PREFIX } from './goals';
import { deadlineFrom, ScheduleError, type BusinessCalendar, type DurationUnit } from '../schedule';

/** The seed's rule: an activity is given at least 30 minutes to be completed. */
export const MIN_COMPLETE_WITHIN_MS = 30 * 60_000;

export const TASK_TYPES = [
	'TODO',
	'CALL',
	'EMAIL',
	'LINKED_IN',
	'MEETING',
	'LINKED_IN_CONNECT',
	'LINKED_IN_MESSAGE',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TASK_PRIORITIES = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export interface Span {
	amount: number;
	unit: DurationUnit;
}

export type DeadlineRule =
	/** Complete within a span after the event. */
	| { kind: 'after'; within: Span; eventMs: number }
	/** A span before a date on the item or the record (e.g. 120 minutes before the meeting). */
	| { kind: 'before'; before: Span; anchorMs: number; ifPast: 'error' | 'skip' };

export interface ActivityAction {
	/** How messages name the action, e.g. `Action 2 ("Confirmação de Reunião")`. */
	label: string;
	taskType: TaskType;
	title: string;
	notes?: string;
	priority?: TaskPriority;
	/** Written in front of the title (e.g. `[P1] ` from the priority rules). */
	titlePrefix?: string;
	queueId?: string;
	deadline: DeadlineRule;
	/** Notify this long before the due time; none when undefined. */
	notifyBefore?: Span;
}

export interface ActivityContext {
	nowMs: number;
	calendar: BusinessCalendar;
	businessTimeOnly: boolean;
	ownerId?: string;
	/** The record the task is for; the task is associated with it (and the extra ones) on creation. */
	record: { objectType: string; id: string };
	extraAssociations?: AssociationTarget[];
	/** Names the event, so a redelivery finds the task made the first time. */
	idempotencyKey: string;
}

export type ActivityPlan =
	| { kind: 'create'; action: CreateRecordAction; dueMs: number; reminderMs?: number }
	| { kind: 'skip'; reason: string };

export class ActivityError extends Error {
	constructor(
		/** The field as the editor names it. */
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'ActivityError';
	}
}

function spanText({ amount, unit }: Span): string {
	return `${amount} ${amount === 1 ? unit.replace(/s$/, '') : unit}`;
}

function dueOf(action: ActivityAction, context: ActivityContext): number | { skip: string } {
	const outcome = outcomeOf(() => scheduledDue(action, context));
	if (outcome instanceof ScheduleError) {
		throw new ActivityError(outcome.field, `${action.label}: ${outcome.message}`);
	}
	if (outcome instanceof Error) throw outcome;
	return outcome;
}

/** The value, or what was thrown as a value, so that a schedule error can name the action. */
function outcomeOf<T>(compute: () => T): T | Error {
	try {
		return compute();
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

function scheduledDue(action: ActivityAction, context: ActivityContext): number | { skip: string } {
	const { calendar, businessTimeOnly } = context;
	const rule = action.deadline;
	if (rule.kind === 'after') {
		const dueMs = deadlineFrom({
			fromMs: rule.eventMs,
			...rule.within,
			calendar,
			businessTimeOnly,
		});
		// The limit is the user's span; business hours may stretch it, never shrink it.
		const spanMs =
			deadlineFrom({ fromMs: rule.eventMs, ...rule.within, calendar, businessTimeOnly: false }) -
			rule.eventMs;
		if (spanMs < MIN_COMPLETE_WITHIN_MS) {
			throw new ActivityError(
				'Complete Within',
				`${action.label}: ${spanText(rule.within)} is less than the 30 minutes an activity is given at least`,
			);
		}
		return dueMs;
	}
	const dueMs = deadlineFrom({
		fromMs: rule.anchorMs,
		...rule.before,
		calendar,
		businessTimeOnly,
		direction: 'before',
	});
	if (dueMs <= context.nowMs) {
		const when = new Date(dueMs).toISOString();
		if (rule.ifPast === 'skip') return { skip: `${action.label}: its due time ${when} has passed` };
		throw new ActivityError(
			'Before',
			`${action.label}: its due time ${when} (${spanText(rule.before)} before ${new Date(rule.anchorMs).toISOString()}) has passed`,
		);
	}
	return dueMs;
}

export function planActivity(action: ActivityAction, context: ActivityContext): ActivityPlan {
	const title = `${action.titlePrefix ?? ''}${action.title}`.trim();
	if (title === '') throw new ActivityError('Title', `${action.label}: the title is empty`);
	const due = dueOf(action, context);
	if (typeof due !== 'number') return { kind: 'skip', reason: due.skip };

	let reminderMs: number | undefined;
	if (action.notifyBefore && action.notifyBefore.amount > 0) {
		const at = deadlineFrom({
			fromMs: due,
			...action.notifyBefore,
			calendar: context.calendar,
			businessTimeOnly: context.businessTimeOnly,
			direction: 'before',
		});
		// A reminder already past would fire at once: leave it out.
		if (at > context.nowMs) reminderMs = at;
	}
	const properties: Record<string, string> = {
		hs_task_subject: title,
		hs_task_type: action.taskType,
		hs_task_status: 'NOT_STARTED',
		hs_timestamp: new Date(due).toISOString(),
	};
	if (action.notes) properties.hs_task_body = action.notes;
	if (action.priority) properties.hs_task_priority = action.priority;
	if (action.queueId) properties.hs_queue_membership_ids = action.queueId;
	if (context.ownerId) properties.hubspot_owner_id = context.ownerId;
	if (reminderMs !== undefined) properties.hs_task_reminders = String(reminderMs);
	const associations: AssociationTarget[] = [
		{ toObjectType: context.record.objectType, toId: context.record.id },
		...(context.extraAssociations ?? []),
	].map((target) => ({
		...target,
		type: target.type ?? defaultTaskAssociationType(target.toObjectType),
	}));
	return {
		kind: 'create',
		action: createRecord('tasks', properties, {
			associations,
			idempotencyKey: context.idempotencyKey,
		}),
		dueMs: due,
		...(reminderMs !== undefined ? { reminderMs } : {}),
	};
}

/** The key of one action's task for one record and event: the same delivery, the same key. */
export function activityKey(parts: {
	workflow: string;
	action: number;
	objectType: string;
	recordId: string;
	event: string;
}): string {
	return `${ACTIVITY_KEY_PREFIX}${parts.workflow}:${parts.action}:${parts.objectType}:${parts.recordId}:${parts.event}`;
}
