/**
 * One entry point for the trigger's three verification modes, so the node only gathers the
 * request and acts on the verdict.
 */
import {
	type HeaderBag,
	type RawBody,
	type SignatureVersion,
	type VerificationFailure,
	headerValue,
	SIGNATURE_MAX_AGE_MS,
	verifyHubSpotSignature,
	verifySharedSecret,
} from './signature';

export type VerificationMode = 'hubSpotSignature' | 'sharedSecret' | 'none';
export type SecretLocation = 'header' | 'query';

export interface IncomingRequest {
	method: string;
	/** Public URL HubSpot called, query string included (see publicRequestUri). */
	uri: string;
	body: RawBody;
	headers: HeaderBag;
	query: Record<string, unknown>;
}

export interface VerificationSettings {
	mode: VerificationMode;
	clientSecret?: string;
	webhookSecret?: string;
	secretLocation?: SecretLocation;
	secretName?: string;
	acceptLegacySignatures?: boolean;
	nowMs: number;
}

export type RequestVerdict =
	| { ok: true; method: VerificationMode; signatureVersion?: SignatureVersion }
	| { ok: false; reason: VerificationFailure | 'missingSecret' | 'secretMismatch' };

/** What the mode needs from the credential but did not get; undefined if nothing is missing. */
export function missingSecretFor(
	settings: Pick<VerificationSettings, 'mode' | 'clientSecret' | 'webhookSecret'>,
): 'clientSecret' | 'webhookSecret' | undefined {
	if (settings.mode === 'hubSpotSignature' && !settings.clientSecret) return 'clientSecret';
	if (settings.mode === 'sharedSecret' && !settings.webhookSecret) return 'webhookSecret';
	return undefined;
}

function queryValue(query: Record<string, unknown>, name: string): string | undefined {
	const value = query[name];
	const single = Array.isArray(value) ? value[0] : value;
	return typeof single === 'string' ? single : undefined;
}

export function verifyIncomingRequest(
	request: IncomingRequest,
	settings: VerificationSettings,
): RequestVerdict {
	if (settings.mode === 'none') return { ok: true, method: 'none' };
	if (missingSecretFor(settings) !== undefined) return { ok: false, reason: 'missingSecret' };

	if (settings.mode === 'sharedSecret') {
		const name = (settings.secretName ?? '').trim();
		const provided =
			settings.secretLocation === 'query'
				? queryValue(request.query, name)
				: headerValue(request.headers, name);
		return verifySharedSecret(provided, settings.webhookSecret as string)
			? { ok: true, method: 'sharedSecret' }
			: { ok: false, reason: 'secretMismatch' };
	}

	const result = verifyHubSpotSignature(
		{ method: request.method, uri: request.uri, body: request.body, headers: request.headers },
		settings.clientSecret as string,
		{ nowMs: settings.nowMs, acceptLegacy: settings.acceptLegacySignatures !== false },
	);
	return result.ok
		? { ok: true, method: 'hubSpotSignature', signatureVersion: result.version }
		: { ok: false, reason: result.reason };
}

type RefusalReason = Extract<RequestVerdict, { ok: false }>['reason'];

const REFUSAL_EXPLANATIONS: Record<RefusalReason, string> = {
	missingSignature: 'the request carries no X-HubSpot-Signature header',
	unsupportedVersion: 'the X-HubSpot-Signature-Version is not v1, v2 or v3',
	legacyNotAccepted: 'it is signed v1/v2 and "Accept Legacy Signatures" is off',
	missingTimestamp: 'the v3 signature comes without X-HubSpot-Request-Timestamp',
	invalidTimestamp: 'X-HubSpot-Request-Timestamp is not a time in milliseconds',
	staleTimestamp: `it was signed more than ${SIGNATURE_MAX_AGE_MS / 60_000} minutes ago (a replay, or clocks apart)`,
	futureTimestamp: `it claims to be signed more than ${SIGNATURE_MAX_AGE_MS / 60_000} minutes in the future (clocks apart)`,
	signatureMismatch:
		"the signature does not match: check the credential's client secret, and that n8n knows the public URL HubSpot calls (WEBHOOK_URL)",
	missingSecret: 'the credential has no secret for the chosen verification',
	secretMismatch: 'the shared secret does not match the credential',
};

/** One line for n8n's log, so an operator sees why a delivery was refused without debug logging. */
export function describeRefusal(reason: RefusalReason): string {
	return `${reason}: ${REFUSAL_EXPLANATIONS[reason]}`;
}
