/**
 * The guide's answers as they land on the record's timeline: a note (or a call's notes) listing
 * each question, the answer given and, where it changed, the value it replaced.
 */
import { createRecord, defaultActivityAssociationType, type CreateRecordAction } from '../crm';
import type { GuideState } from './state';
export interface AnsweredQuestion {
	label: string;
	/** The answer as the rep saw it (an option's label, a formatted date). */
	answer: string;
	/** The value the record held before, as shown; undefined when unchanged. */
	before?: string;
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/** HTML for hs_note_body or hs_call_body: the guide's title, then one line per question. */
export function timelineBody(title: string, answered: AnsweredQuestion[]): string {
	const lines = answered.map((entry) => {
		const answer = entry.answer === '' ? '<em>(left empty)</em>' : escapeHtml(entry.answer);
		const before =
			entry.before === undefined
				? ''
				: ` <em>(was ${entry.before === '' ? 'empty' : escapeHtml(entry.before)})</em>`;
		return `<li><strong>${escapeHtml(entry.label)}</strong>: ${answer}${before}</li>`;
	});
	return `<p><strong>${escapeHtml(title)}</strong></p><ul>${lines.join('')}</ul>`;
}

/**
 * The note (or call) that logs the guide on the record. Keyed by the guide's run, so saving again
 * (a retried execution, a page sent back by HubSpot) never logs it twice.
 */
export function timelineAction(
	state: GuideState,
	guideTitle: string,
	answered: AnsweredQuestion[],
	timestamp: string,
): CreateRecordAction {
	const body = timelineBody(guideTitle, answered);
	const activityType = state.logAs === 'call' ? 'calls' : 'notes';
	const properties: Record<string, string> =
		state.logAs === 'call'
			? {
					hs_call_title: guideTitle,
					hs_call_body: body,
					hs_call_status: 'COMPLETED',
					hs_call_direction: 'OUTBOUND',
					hs_timestamp: timestamp,
				}
			: { hs_note_body: body, hs_timestamp: timestamp };
	return createRecord(activityType, properties, {
		associations: [
			{
				toObjectType: state.objectType,
				toId: state.recordId,
				type: defaultActivityAssociationType(activityType, state.objectType),
			},
		],
		idempotencyKey: `guide:${state.run}:${activityType}`,
	});
}
