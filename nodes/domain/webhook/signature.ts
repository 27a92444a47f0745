/**
 * HubSpot request signatures (X-HubSpot-Signature v1/v2, X-HubSpot-Signature-v3).
 *
 * v3: base64 HMAC-SHA256, keyed with the app's client secret, over
 *     method + uri + body + X-HubSpot-Request-Timestamp, where the uri has a fixed set of
 *     percent-encodings decoded first; requests older than 5 minutes are refused.
 * v2: hex SHA-256 of clientSecret + method + uri + body (uri exactly as called).
 * v1: hex SHA-256 of clientSecret + body.
 *
 * The body is always the raw bytes HubSpot sent; re-serialised JSON would not match.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureVersion = 'v1' | 'v2' | 'v3';

/** Raw request body: the exact bytes received (a string is hashed as UTF-8). */
export type RawBody = string | Uint8Array;

/** HubSpot's documented replay window for v3 signatures. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60 * 1000;

export const HEADER_SIGNATURE_V3 = 'x-hubspot-signature-v3';
export const HEADER_REQUEST_TIMESTAMP = 'x-hubspot-request-timestamp';
export const HEADER_SIGNATURE = 'x-hubspot-signature';
export const HEADER_SIGNATURE_VERSION = 'x-hubspot-signature-version';

/** The percent-encodings HubSpot decodes in the request URI before signing with v3. */
const V3_URI_DECODINGS: Readonly<Record<string, string>> = {
	'3A': ':',
	'2F': '/',
	'3F': '?',
	'40': '@',
	'21': '!',
	'24': '$',
	'27': "'",
	'28': '(',
	'29': ')',
	'2A': '*',
	'2C': ',',
	'3B': ';',
};
const V3_URI_ENCODED = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/**
 * The URI as HubSpot signs it for v3: only the listed percent-encodings are decoded (one pass,
 * so `%253A` stays as it is); everything else, e.g. `%20` or `%26`, is left encoded.
 */
export function normaliseV3Uri(uri: string): string {
	return uri.replace(V3_URI_ENCODED, (_match, hex: string) => V3_URI_DECODINGS[hex.toUpperCase()]);
}

function bytes(value: RawBody): Buffer {
	return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
}

/** v1: hex SHA-256 of clientSecret + raw body. */
export function computeSignatureV1(clientSecret: string, body: RawBody): string {
	return createHash('sha256').update(bytes(clientSecret)).update(bytes(body)).digest('hex');
}

/** v2: hex SHA-256 of clientSecret + method + uri + raw body; the uri exactly as called. */
export function computeSignatureV2(
	clientSecret: string,
	method: string,
	uri: string,
	body: RawBody,
): string {
	return createHash('sha256')
		.update(bytes(clientSecret + method.toUpperCase() + uri))
		.update(bytes(body))
		.digest('hex');
}

/**
 * v3: base64 HMAC-SHA256 (key: client secret) of method + uri + raw body + timestamp.
 * The uri is normalised with {@link normaliseV3Uri} here, so callers pass the URL as called.
 */
export function computeSignatureV3(
	clientSecret: string,
	method: string,
	uri: string,
	body: RawBody,
	timestamp: string | number,
): string {
	return createHmac('sha256', clientSecret)
		.update(bytes(method.toUpperCase() + normaliseV3Uri(uri)))
		.update(bytes(body))
		.update(bytes(String(timestamp)))
		.digest('base64');
}

/**
 * Constant-time string equality. Both sides are hashed first so the comparison takes the same
 * time whatever their lengths, and timingSafeEqual never sees buffers of different sizes.
 */
export function constantTimeEqual(actual: string, expected: string): boolean {
	const a = createHash('sha256').update(actual, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

export type HeaderBag = Record<string, string | string[] | undefined>;

/** Case-insensitive single header value; the first one when a header is repeated. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		const single = Array.isArray(value) ? value[0] : value;
		return single === undefined ? undefined : single.trim();
	}
	return undefined;
}

export type SignatureSelection =
	| { version: 'v3'; signature: string; timestamp: string | undefined }
	| { version: 'v1' | 'v2'; signature: string }
	| { version: undefined; declaredVersion?: string };

/**
 * Which signature applies: v3 whenever its header is present (a bad v3 never falls back to an
 * older version); otherwise X-HubSpot-Signature with the version X-HubSpot-Signature-Version
 * names (v1 when that header is absent, as in HubSpot's original scheme).
 */
export function selectSignature(headers: HeaderBag): SignatureSelection {
	const v3 = headerValue(headers, HEADER_SIGNATURE_V3);
	if (v3) {
		return {
			version: 'v3',
			signature: v3,
			timestamp: headerValue(headers, HEADER_REQUEST_TIMESTAMP),
		};
	}
	const legacy = headerValue(headers, HEADER_SIGNATURE);
	if (!legacy) return { version: undefined };
	const declared = (headerValue(headers, HEADER_SIGNATURE_VERSION) ?? 'v1').toLowerCase();
	if (declared === 'v1' || declared === 'v2') return { version: declared, signature: legacy };
	return { version: undefined, declaredVersion: declared };
}

export type VerificationFailure =
	| 'missingSignature'
	| 'unsupportedVersion'
	| 'legacyNotAccepted'
	| 'missingTimestamp'
	| 'invalidTimestamp'
	| 'staleTimestamp'
	| 'futureTimestamp'
	| 'signatureMismatch';

export type VerificationResult =
	| { ok: true; version: SignatureVersion }
	| { ok: false; reason: VerificationFailure; version?: SignatureVersion };

export interface SignedRequest {
	method: string;
	/** The full public URL HubSpot called, query string included. */
	uri: string;
	body: RawBody;
	headers: HeaderBag;
}

export interface VerifyOptions {
	nowMs: number;
	/** Default {@link SIGNATURE_MAX_AGE_MS}. */
	maxAgeMs?: number;
	/** Accept v1/v2 when no v3 header is present. v1/v2 carry no timestamp. Default true. */
	acceptLegacy?: boolean;
}

export type TimestampCheck = 'ok' | Extract<VerificationFailure, `${string}Timestamp`>;

/**
 * HubSpot refuses requests older than 5 minutes; exactly 5 minutes still passes, as in
 * HubSpot's own client libraries. A timestamp more than the same span in the future is
 * refused too, so a clock-skewed or forged future timestamp cannot extend the window.
 */
export function checkTimestamp(
	timestamp: string | undefined,
	nowMs: number,
	maxAgeMs = SIGNATURE_MAX_AGE_MS,
): TimestampCheck {
	if (timestamp === undefined || timestamp === '') return 'missingTimestamp';
	if (!/^\d{1,16}$/.test(timestamp)) return 'invalidTimestamp';
	const age = nowMs - Number(timestamp);
	if (age > maxAgeMs) return 'staleTimestamp';
	if (-age > maxAgeMs) return 'futureTimestamp';
	return 'ok';
}

export function verifyHubSpotSignature(
	request: SignedRequest,
	clientSecret: string,
	options: VerifyOptions,
): VerificationResult {
	const selection = selectSignature(request.headers);
	if (selection.version === undefined) {
		return {
			ok: false,
			reason: selection.declaredVersion === undefined ? 'missingSignature' : 'unsupportedVersion',
		};
	}
	const { version } = selection;

	if (version === 'v3') {
		const timestampCheck = checkTimestamp(selection.timestamp, options.nowMs, options.maxAgeMs);
		if (timestampCheck !== 'ok') return { ok: false, reason: timestampCheck, version };
		const expected = computeSignatureV3(
			clientSecret,
			request.method,
			request.uri,
			request.body,
			selection.timestamp as string,
		);
		return constantTimeEqual(selection.signature, expected)
			? { ok: true, version }
			: { ok: false, reason: 'signatureMismatch', version };
	}

	if (options.acceptLegacy === false) return { ok: false, reason: 'legacyNotAccepted', version };
	const expected =
		version === 'v2'
			? computeSignatureV2(clientSecret, request.method, request.uri, request.body)
			: computeSignatureV1(clientSecret, request.body);
	// Hex digests: HubSpot sends lowercase, but the case carries no meaning.
	return constantTimeEqual(selection.signature.toLowerCase(), expected)
		? { ok: true, version }
		: { ok: false, reason: 'signatureMismatch', version };
}

export interface SignOptions {
	version: SignatureVersion;
	clientSecret: string;
	method: string;
	uri: string;
	body: RawBody;
	/** v3 only; defaults to `Date.now()`. */
	timestamp?: string | number;
}

/**
 * The headers HubSpot would send for a request, as a plain record. Lets tests and tools sign
 * requests with exactly the computation the verifier uses.
 */
export function signHubSpotRequest(options: SignOptions): Record<string, string> {
	const { version, clientSecret, method, uri, body } = options;
	if (version === 'v3') {
		const timestamp = String(options.timestamp ?? Date.now());
		return {
			'X-HubSpot-Signature-v3': computeSignatureV3(clientSecret, method, uri, body, timestamp),
			'X-HubSpot-Request-Timestamp': timestamp,
		};
	}
	const signature =
		version === 'v2'
			? computeSignatureV2(clientSecret, method, uri, body)
			: computeSignatureV1(clientSecret, body);
	return { 'X-HubSpot-Signature': signature, 'X-HubSpot-Signature-Version': version };
}

/** Shared-secret check for a workflow webhook's API-key style authentication. */
export function verifySharedSecret(provided: string | undefined, expected: string): boolean {
	if (provided === undefined || provided === '' || expected === '') return false;
	return constantTimeEqual(provided, expected);
}
