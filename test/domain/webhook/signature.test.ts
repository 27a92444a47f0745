import { Signature } from '@hubspot/api-client';

import {
	SIGNATURE_MAX_AGE_MS,
	checkTimestamp,
	computeSignatureV1,
	computeSignatureV2,
	computeSignatureV3,
	constantTimeEqual,
	normaliseV3Uri,
	selectSignature,
	signHubSpotRequest,
	verifyHubSpotSignature,
	verifySharedSecret,
} from '../../../nodes/domain/webhook';

// HubSpot's documented example secret and request (validating-requests docs, v1/v2 sections).
const DOCS_SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const DOCS_URI = 'https://www.example.com/webhook_uri';
const DOCS_V1_BODY =
	'[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';

describe('HubSpot published signature vectors', () => {
	it('v1: the docs example body hashes to the documented value', () => {
		expect(computeSignatureV1(DOCS_SECRET, DOCS_V1_BODY)).toBe(
			'232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de',
		);
	});

	it('v2: the docs GET example without a body', () => {
		expect(computeSignatureV2(DOCS_SECRET, 'GET', DOCS_URI, '')).toBe(
			'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e',
		);
	});

	it('v2: the docs POST example with a body', () => {
		expect(
			computeSignatureV2(DOCS_SECRET, 'POST', DOCS_URI, '{"example_field":"example_value"}'),
		).toBe('9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900');
	});

	// The vectors in HubSpot's Python and Ruby client test suites (body with single quotes, as there).
	it.each([
		['1693657560000', 'K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y='],
		['1700000300000', 'RnbPH7+UMKVkbV32P8bz450N4M56aPmcru1+D3kSDtw='],
	])('v3: timestamp %s signs to %s', (timestamp, expected) => {
		const body = "{'example_field':'example_value'}";
		expect(computeSignatureV3(DOCS_SECRET, 'POST', DOCS_URI, body, timestamp)).toBe(expected);
	});

	it('agrees with the official Node client for every version on a plain URL', () => {
		const body = '[{"eventId":7,"objectId":42,"note":"Grüße ✓"}]';
		const uri = 'https://hooks.example.com/webhook/abc/hubspot-taskflow?portal=62515';
		const timestamp = 1790000001000;
		const common = {
			signature: '',
			clientSecret: 's3cret',
			requestBody: body,
			url: uri,
			method: 'POST',
			timestamp,
		};
		expect(computeSignatureV1('s3cret', body)).toBe(Signature.getSignature('POST', 'v1', common));
		expect(computeSignatureV2('s3cret', 'POST', uri, body)).toBe(
			Signature.getSignature('POST', 'v2', common),
		);
		expect(computeSignatureV3('s3cret', 'POST', uri, body, timestamp)).toBe(
			Signature.getSignature('POST', 'v3', common),
		);
	});
});

describe('normaliseV3Uri', () => {
	it('decodes exactly the characters HubSpot lists, in either hex case', () => {
		expect(normaliseV3Uri('https://x.test/p?a=%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B&b=%3a%2f')).toBe(
			"https://x.test/p?a=:/?@!$'()*,;&b=:/",
		);
	});

	it('leaves other encodings, and double encodings, alone', () => {
		expect(normaliseV3Uri('https://x.test/p?q=a%20b%26c%3Dd%253A')).toBe(
			'https://x.test/p?q=a%20b%26c%3Dd%253A',
		);
	});

	it('makes an encoded and a decoded URI sign the same under v3', () => {
		const body = '{}';
		const encoded = computeSignatureV3('k', 'POST', 'https://x.test/h?src=hs%3Aapp%2Fv3', body, 1);
		const decoded = computeSignatureV3('k', 'POST', 'https://x.test/h?src=hs:app/v3', body, 1);
		expect(encoded).toBe(decoded);
	});
});

describe('selectSignature', () => {
	it('prefers v3 whenever its header is present, whatever the legacy headers say', () => {
		const selection = selectSignature({
			'X-HubSpot-Signature-v3': 'abc=',
			'x-hubspot-request-timestamp': '123',
			'x-hubspot-signature': 'def',
			'x-hubspot-signature-version': 'v2',
		});
		expect(selection).toEqual({ version: 'v3', signature: 'abc=', timestamp: '123' });
	});

	it('takes the legacy version from X-HubSpot-Signature-Version', () => {
		expect(
			selectSignature({ 'x-hubspot-signature': 'a', 'x-hubspot-signature-version': 'V2' }),
		).toEqual({
			version: 'v2',
			signature: 'a',
		});
		expect(
			selectSignature({ 'x-hubspot-signature': 'a', 'x-hubspot-signature-version': 'v1' }),
		).toEqual({
			version: 'v1',
			signature: 'a',
		});
	});

	it('treats a legacy signature without a version header as v1', () => {
		expect(selectSignature({ 'x-hubspot-signature': 'a' })).toEqual({
			version: 'v1',
			signature: 'a',
		});
	});

	it('reports no signature, or an unknown declared version', () => {
		expect(selectSignature({})).toEqual({ version: undefined });
		expect(
			selectSignature({ 'x-hubspot-signature': 'a', 'x-hubspot-signature-version': 'v9' }),
		).toEqual({
			version: undefined,
			declaredVersion: 'v9',
		});
	});
});

describe('checkTimestamp: the 5-minute window', () => {
	const now = 1_790_000_000_000;

	it('accepts a timestamp exactly 5 minutes old and refuses one a millisecond older', () => {
		expect(checkTimestamp(String(now - SIGNATURE_MAX_AGE_MS), now)).toBe('ok');
		expect(checkTimestamp(String(now - SIGNATURE_MAX_AGE_MS - 1), now)).toBe('staleTimestamp');
	});

	it('refuses a timestamp more than 5 minutes in the future', () => {
		expect(checkTimestamp(String(now + SIGNATURE_MAX_AGE_MS), now)).toBe('ok');
		expect(checkTimestamp(String(now + SIGNATURE_MAX_AGE_MS + 1), now)).toBe('futureTimestamp');
	});

	it('refuses missing and non-numeric timestamps', () => {
		expect(checkTimestamp(undefined, now)).toBe('missingTimestamp');
		expect(checkTimestamp('', now)).toBe('missingTimestamp');
		expect(checkTimestamp('abc', now)).toBe('invalidTimestamp');
		expect(checkTimestamp('1.79e12', now)).toBe('invalidTimestamp');
		expect(checkTimestamp('-5', now)).toBe('invalidTimestamp');
	});
});

describe('verifyHubSpotSignature', () => {
	const secret = 'client-secret-123';
	const uri = 'https://n8n.example.com/webhook/5f0c/hubspot-taskflow?portal=1';
	const body = Buffer.from('[{"eventId":1,"objectId":2,"subscriptionType":"contact.creation"}]');
	const now = 1_790_000_000_000;

	function signed(version: 'v1' | 'v2' | 'v3', timestamp = now) {
		return signHubSpotRequest({
			version,
			clientSecret: secret,
			method: 'POST',
			uri,
			body,
			timestamp,
		});
	}

	it.each(['v1', 'v2', 'v3'] as const)('accepts a correctly signed %s request', (version) => {
		const result = verifyHubSpotSignature(
			{ method: 'POST', uri, body, headers: signed(version) },
			secret,
			{
				nowMs: now,
			},
		);
		expect(result).toEqual({ ok: true, version });
	});

	it('refuses a v3 request whose body, URI, method, timestamp or secret was changed', () => {
		const headers = signed('v3');
		const base = { method: 'POST', uri, body, headers };
		const verify = (request: typeof base, key = secret) =>
			verifyHubSpotSignature(request, key, { nowMs: now });

		expect(verify({ ...base, body: Buffer.from(body.toString().replace('2', '3')) })).toMatchObject(
			{
				ok: false,
				reason: 'signatureMismatch',
			},
		);
		expect(verify({ ...base, uri: uri.replace('portal=1', 'portal=2') })).toMatchObject({
			reason: 'signatureMismatch',
		});
		expect(verify({ ...base, uri: uri.replace('https:', 'http:') })).toMatchObject({
			reason: 'signatureMismatch',
		});
		expect(verify({ ...base, method: 'PUT' })).toMatchObject({ reason: 'signatureMismatch' });
		expect(
			verify({ ...base, headers: { ...headers, 'X-HubSpot-Request-Timestamp': String(now - 1) } }),
		).toMatchObject({ reason: 'signatureMismatch' });
		expect(verify(base, 'another-secret')).toMatchObject({ reason: 'signatureMismatch' });
	});

	it('refuses re-serialised JSON: only the raw bytes verify', () => {
		const pretty = JSON.stringify(JSON.parse(body.toString()), null, 2);
		const result = verifyHubSpotSignature(
			{ method: 'POST', uri, body: pretty, headers: signed('v3') },
			secret,
			{
				nowMs: now,
			},
		);
		expect(result).toMatchObject({ ok: false, reason: 'signatureMismatch' });
	});

	it('refuses a correctly signed v3 request once it is older than 5 minutes', () => {
		const old = now - SIGNATURE_MAX_AGE_MS - 1;
		const result = verifyHubSpotSignature(
			{ method: 'POST', uri, body, headers: signed('v3', old) },
			secret,
			{
				nowMs: now,
			},
		);
		expect(result).toEqual({ ok: false, reason: 'staleTimestamp', version: 'v3' });

		const atBoundary = now - SIGNATURE_MAX_AGE_MS;
		expect(
			verifyHubSpotSignature(
				{ method: 'POST', uri, body, headers: signed('v3', atBoundary) },
				secret,
				{
					nowMs: now,
				},
			),
		).toEqual({ ok: true, version: 'v3' });
	});

	it('refuses v2 when the URI changed and v1 when the body changed', () => {
		expect(
			verifyHubSpotSignature(
				{ method: 'POST', uri: `${uri}&x=1`, body, headers: signed('v2') },
				secret,
				{
					nowMs: now,
				},
			),
		).toMatchObject({ ok: false, reason: 'signatureMismatch', version: 'v2' });
		expect(
			verifyHubSpotSignature(
				{ method: 'POST', uri, body: `${body.toString()} `, headers: signed('v1') },
				secret,
				{
					nowMs: now,
				},
			),
		).toMatchObject({ ok: false, reason: 'signatureMismatch', version: 'v1' });
	});

	it('never falls back to v1/v2 when a v3 signature is present but wrong', () => {
		const headers = {
			...signed('v1'),
			'X-HubSpot-Signature-v3': 'forged=',
			'X-HubSpot-Request-Timestamp': String(now),
		};
		const result = verifyHubSpotSignature({ method: 'POST', uri, body, headers }, secret, {
			nowMs: now,
		});
		expect(result).toEqual({ ok: false, reason: 'signatureMismatch', version: 'v3' });
	});

	it('refuses legacy signatures when told to, and requests with no signature at all', () => {
		expect(
			verifyHubSpotSignature({ method: 'POST', uri, body, headers: signed('v2') }, secret, {
				nowMs: now,
				acceptLegacy: false,
			}),
		).toEqual({ ok: false, reason: 'legacyNotAccepted', version: 'v2' });
		expect(
			verifyHubSpotSignature({ method: 'POST', uri, body, headers: {} }, secret, { nowMs: now }),
		).toEqual({
			ok: false,
			reason: 'missingSignature',
		});
	});

	it('refuses a v3 signature without its timestamp header', () => {
		const { 'X-HubSpot-Signature-v3': signature } = signed('v3');
		const result = verifyHubSpotSignature(
			{ method: 'POST', uri, body, headers: { 'x-hubspot-signature-v3': signature } },
			secret,
			{ nowMs: now },
		);
		expect(result).toEqual({ ok: false, reason: 'missingTimestamp', version: 'v3' });
	});

	it('accepts an uppercase hex legacy signature', () => {
		const headers = signed('v2');
		headers['X-HubSpot-Signature'] = headers['X-HubSpot-Signature'].toUpperCase();
		expect(
			verifyHubSpotSignature({ method: 'POST', uri, body, headers }, secret, { nowMs: now }),
		).toEqual({
			ok: true,
			version: 'v2',
		});
	});
});

describe('constant-time comparisons', () => {
	it('compares strings of any lengths without throwing', () => {
		expect(constantTimeEqual('abc', 'abc')).toBe(true);
		expect(constantTimeEqual('abc', 'abd')).toBe(false);
		expect(constantTimeEqual('abc', 'abcd')).toBe(false);
		expect(constantTimeEqual('', 'x')).toBe(false);
	});

	it('checks a shared secret, refusing missing or empty values', () => {
		expect(verifySharedSecret('s3cret-value', 's3cret-value')).toBe(true);
		expect(verifySharedSecret('s3cret-valuE', 's3cret-value')).toBe(false);
		expect(verifySharedSecret(undefined, 's3cret-value')).toBe(false);
		expect(verifySharedSecret('', '')).toBe(false);
	});
});
