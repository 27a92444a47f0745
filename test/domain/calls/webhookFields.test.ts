import { callWebhookFields } from '../../../nodes/domain/calls';
import { secretStrengthProblem } from '../../../nodes/domain/webhook';

describe('callWebhookFields', () => {
	it('puts URL parameters and body fields side by side, the body winning, the secret left out', () => {
		expect(
			callWebhookFields(
				{ secret: 's', caller: '1', call_id: 'q' },
				{ call_id: 'b', disposition: 'ANSWERED' },
				'secret',
			),
		).toEqual({ caller: '1', call_id: 'b', disposition: 'ANSWERED' });
		expect(callWebhookFields({}, { secret: 'in body too' }, 'secret')).toEqual({});
	});

	it('keeps a body that is not an object under "body", and ignores an empty one', () => {
		expect(callWebhookFields({ a: '1' }, 'plain text')).toEqual({ a: '1', body: 'plain text' });
		expect(callWebhookFields({ a: '1' }, [1])).toEqual({ a: '1', body: [1] });
		expect(callWebhookFields(undefined, '')).toEqual({});
		expect(callWebhookFields(null, null)).toEqual({});
	});
});

describe('secretStrengthProblem', () => {
	it('refuses empty, short and repetitive secrets', () => {
		expect(secretStrengthProblem('')).toBe('it is empty');
		expect(secretStrengthProblem('a1b2c3d4e5f6g7h')).toMatch(/15 characters/);
		expect(secretStrengthProblem('abababababababababab')).toMatch(/repeats/);
		expect(secretStrengthProblem('vT9q-3mZx7Lr2Kc8Wp4N')).toBeUndefined();
	});
});
