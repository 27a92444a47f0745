/**
 * A call event as the call matrix reads it, whatever the provider: Ringostat's call-data names by
 * default (`readRingostatCall`), any other provider's fields mapped by the node into the same shape.
 */

export type CallDirection = 'incoming' | 'outgoing';

/** The employee who answered (incoming) or made (outgoing) the call, as the provider names them. */
export interface CallEmployee {
	id?: string;
	extension?: string;
	sipLogin?: string;
	phone?: string;
	name?: string;
}

export const UTM_FIELDS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
export type UtmField = (typeof UTM_FIELDS)[number];

export interface CallEvent {
	/** The provider's id of the call: a redelivered event carries the same one. */
	callId: string;
	direction: CallDirection;
	answered: boolean;
	/** The customer's number in E.164: the caller on an incoming call, the dialled number on an outgoing one. */
	customerNumber: string;
	/** The company's number in E.164 when known: the tracking number called, or the line that dialled. */
	companyNumber?: string;
	employee?: CallEmployee;
	startedAtMs: number;
	/** The whole call, ringing included, in seconds. */
	durationSeconds?: number;
	/** The conversation alone (Ringostat's billsec), in seconds. */
	talkSeconds?: number;
	recordingUrl?: string;
	utm: Partial<Record<UtmField, string>>;
	/** The Google Analytics client id of the visit that led to the call. */
	googleClientId?: string;
	landingPage?: string;
}

/** Ringostat's dispositions of an answered call; anything else (NO ANSWER, BUSY, FAILED, ...) is missed. */
const ANSWERED_DISPOSITIONS = new Set(['ANSWERED', 'PROPER', 'ANSWER']);

export function isAnsweredDisposition(disposition: string): boolean {
	return ANSWERED_DISPOSITIONS.has(disposition.trim().toUpperCase());
}

/** Ringostat's call types: "in" / "incoming" / "callback" are incoming, "out" / "outgoing" outgoing. */
export function directionOf(callType: string): CallDirection | undefined {
	const type = callType.trim().toLowerCase();
	if (['in', 'incoming', 'inbound', 'callback'].includes(type)) return 'incoming';
	if (['out', 'outgoing', 'outbound'].includes(type)) return 'outgoing';
	return undefined;
}
