import { chunkPositions, matchChunkAnswers } from '../../nodes/shared/transport/batchResults';

describe('chunkPositions', () => {
	it('splits 250 keys into chunks of 100, 100 and 50 in input order', () => {
		const keys = Array.from({ length: 250 }, (_, index) => `id-${index}`);
		const chunks = chunkPositions(keys);
		expect(chunks.map((chunk) => chunk.length)).toEqual([100, 100, 50]);
		expect(chunks.flat()).toEqual(keys.map((_, index) => index));
	});

	it('never puts the same key twice into one chunk', () => {
		const keys = ['a', 'b', 'a', 'c', 'a'];
		const chunks = chunkPositions(keys, 100);
		expect(chunks).toEqual([[0, 1, 3], [2], [4]]);
		for (const chunk of chunks) {
			const chunkKeys = chunk.map((position) => keys[position]);
			expect(new Set(chunkKeys).size).toBe(chunkKeys.length);
		}
	});
});

describe('matchChunkAnswers', () => {
	const byId = (record: { id: string }) => record.id;

	it('puts results back in input order whatever order HubSpot answered in', () => {
		const answers = matchChunkAnswers(
			['3', '1', '2'],
			[{ id: '1' }, { id: '2' }, { id: '3' }],
			[],
			byId,
		);
		expect(answers).toEqual([
			{ kind: 'result', value: { id: '3' } },
			{ kind: 'result', value: { id: '1' } },
			{ kind: 'result', value: { id: '2' } },
		]);
	});

	it('gives a 207 error to every input whose id its context names', () => {
		const notFound = {
			category: 'OBJECT_NOT_FOUND',
			message: 'gone',
			context: { ids: ['9', '7'] },
		};
		const answers = matchChunkAnswers(['7', '8', '9'], [{ id: '8' }], [notFound], byId);
		expect(answers).toEqual([
			{ kind: 'error', error: notFound },
			{ kind: 'result', value: { id: '8' } },
			{ kind: 'error', error: notFound },
		]);
	});

	it('maps unkeyed results by position only when every input succeeded', () => {
		type Unkeyed = { name: string; key?: string };
		const key = (result: Unkeyed) => result.key;
		expect(matchChunkAnswers(['0', '1'], [{ name: 'a' }, { name: 'b' }], [], key)).toEqual([
			{ kind: 'result', value: { name: 'a' } },
			{ kind: 'result', value: { name: 'b' } },
		]);
		const failure = { message: 'one input failed' };
		expect(matchChunkAnswers(['0', '1'], [{ name: 'a' }], [failure], key)).toEqual([
			{ kind: 'missing', unmatchedErrors: [failure] },
			{ kind: 'missing', unmatchedErrors: [failure] },
		]);
	});
});
