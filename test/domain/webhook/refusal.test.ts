import { signHubSpotRequest } from '../../../nodes/domain/webhook/signature';
import {
	describeRefusal,
	verifyIncomingRequest,
} from '../../../nodes/domain/webhook/verifyRequest';

const SECRET = 'client-secret';
const URI = 'https://n8n.example.com/webhook/abc';
const BODY = '[{"eventId":1}]';
const NOW = Date.parse('2026-12-07T00:00:00Z');

function verdictFor(headers: Record<string, string>, acceptLegacySignatures = true) {
	return verifyIncomingRequest(
		{ method: 'POST', uri: URI, body: BODY, headers, query: {} },
		{ mode: 'hubSpotSignature', clientSecret: SECRET, acceptLegacySignatures, nowMs: NOW },
	);
}

const signedAt = (timestamp: number) =>
	signHubSpotRequest({
		version: 'v3',
		clientSecret: SECRET,
		method: 'POST',
		uri: URI,
		body: BODY,
		timestamp,
	});

describe('describeRefusal: the line n8n logs when the trigger refuses a delivery', () => {
	it.each([
		[
			'a delivery signed six minutes ago',
			signedAt(NOW - 6 * 60_000),
			/^staleTimestamp: it was signed more than 5 minutes ago/,
		],
		[
			'a delivery signed in the future',
			signedAt(NOW + 6 * 60_000),
			/^futureTimestamp: .*5 minutes in the future/,
		],
		['an unsigned delivery', {}, /^missingSignature: .*X-HubSpot-Signature/],
		[
			'a body signed with another secret',
			signHubSpotRequest({
				version: 'v3',
				clientSecret: 'other',
				method: 'POST',
				uri: URI,
				body: BODY,
				timestamp: NOW,
			}),
			/^signatureMismatch: .*client secret.*WEBHOOK_URL/,
		],
	])('%s is explained', (_name, headers, expected) => {
		const verdict = verdictFor(headers as Record<string, string>);
		expect(verdict.ok).toBe(false);
		if (verdict.ok) return;
		expect(describeRefusal(verdict.reason)).toMatch(expected);
	});

	it('explains the refusal of a legacy signature when those are off', () => {
		const headers = signHubSpotRequest({
			version: 'v2',
			clientSecret: SECRET,
			method: 'POST',
			uri: URI,
			body: BODY,
		});
		const verdict = verdictFor(headers as Record<string, string>, false);
		expect(verdict).toMatchObject({ ok: false, reason: 'legacyNotAccepted' });
		if (!verdict.ok)
			expect(describeRefusal(verdict.reason)).toContain('"Accept Legacy Signatures" is off');
	});
});
