/**
 * What the call matrix's steps write: the HubSpot call's properties, the tasks' titles and notes,
 * and the source data (UTM, Google client id, landing page) a new caller's contact and deal carry.
 * Plain text in English; the node writes it as given.
 */
import { UTM_FIELDS, type CallEmployee, type CallEvent } from './event';
import type { TaskReason } from './matrix';

/** HubSpot's default call outcomes (hs_call_disposition), by their fixed ids. */
export const CALL_OUTCOME = {
	connected: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
	noAnswer: '73a0d17f-1163-4015-bdd5-ec830791da20',
} as const;

export function employeeLabel(employee: CallEmployee | undefined): string {
	if (!employee) return 'no employee named in the event';
	const name = employee.name?.trim();
	const ids = [
		employee.extension && `ext. ${employee.extension}`,
		employee.sipLogin && `SIP ${employee.sipLogin}`,
		employee.phone,
		employee.id && `id ${employee.id}`,
	].filter(Boolean);
	if (ids.length === 0) return name || 'an unnamed employee';
	return name ? `${name} (${ids.join(', ')})` : ids.join(', ');
}

function seconds(value: number | undefined): string | undefined {
	return value === undefined ? undefined : `${Math.round(value)} s`;
}

/** The call's details, one per line, for a call's or a task's notes. */
export function callDetails(event: CallEvent): string {
	const utm = UTM_FIELDS.flatMap((field) =>
		event.utm[field] ? [`utm_${field}=${event.utm[field]}`] : [],
	);
	const lines = [
		`Call ${event.callId}: ${event.direction}, ${event.answered ? 'answered' : 'not answered'}, ${new Date(event.startedAtMs).toISOString()}`,
		`Customer: ${event.customerNumber}${event.companyNumber ? `; company line: ${event.companyNumber}` : ''}`,
		`Employee: ${employeeLabel(event.employee)}`,
		...(event.talkSeconds !== undefined || event.durationSeconds !== undefined
			? [
					`Talk: ${seconds(event.talkSeconds) ?? '-'}; whole call: ${seconds(event.durationSeconds) ?? '-'}`,
				]
			: []),
		...(event.recordingUrl ? [`Recording: ${event.recordingUrl}`] : []),
		...(utm.length > 0 ? [`Source: ${utm.join(', ')}`] : []),
		...(event.landingPage ? [`Landing page: ${event.landingPage}`] : []),
		...(event.googleClientId ? [`Google client id: ${event.googleClientId}`] : []),
	];
	return lines.join('\n');
}

/** The HubSpot call object for the event. */
export function callProperties(
	event: CallEvent,
	ownerId: string | undefined,
): Record<string, string> {
	const incoming = event.direction === 'incoming';
	const [from, to] = incoming
		? [event.customerNumber, event.companyNumber]
		: [event.companyNumber, event.customerNumber];
	const talk = event.talkSeconds ?? (event.answered ? event.durationSeconds : 0);
	const properties: Record<string, string> = {
		hs_timestamp: new Date(event.startedAtMs).toISOString(),
		hs_call_title: `${incoming ? 'Incoming' : 'Outgoing'} call ${incoming ? 'from' : 'to'} ${event.customerNumber}`,
		hs_call_body: callDetails(event),
		hs_call_direction: incoming ? 'INBOUND' : 'OUTBOUND',
		hs_call_status: event.answered ? 'COMPLETED' : 'NO_ANSWER',
		hs_call_disposition: event.answered ? CALL_OUTCOME.connected : CALL_OUTCOME.noAnswer,
		hs_call_duration: String(Math.max(0, Math.round((talk ?? 0) * 1000))),
	};
	if (from) properties.hs_call_from_number = from;
	if (to) properties.hs_call_to_number = to;
	if (event.recordingUrl) properties.hs_call_recording_url = event.recordingUrl;
	if (ownerId) properties.hubspot_owner_id = ownerId;
	return properties;
}

const TASK_TITLES: Record<TaskReason, (event: CallEvent) => string> = {
	callBackNewCaller: (event) =>
		`Call back ${event.customerNumber}: missed call from a new caller; then hand the deal to a rep`,
	callBackCustomer: (event) => `Call back ${event.customerNumber}: missed call`,
	colleagueAnswered: (event) =>
		`${event.customerNumber} called and ${employeeLabel(event.employee)} answered: check what was said`,
	unknownEmployee: (event) =>
		`Check the employee table: a call with ${event.customerNumber} was ${event.direction === 'incoming' ? 'answered' : 'made'} by ${employeeLabel(event.employee)}, who is not in it`,
	recording: (event) =>
		`${event.direction === 'incoming' ? 'Incoming' : 'Outgoing'} call ${event.direction === 'incoming' ? 'from' : 'to'} ${event.customerNumber}: recording`,
};

/** Title and notes of a task the matrix asks for. */
export function callTaskText(
	reason: TaskReason,
	event: CallEvent,
): { title: string; notes: string } {
	return { title: TASK_TITLES[reason](event), notes: callDetails(event) };
}
