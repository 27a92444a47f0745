/**
 * Creates through the shared write path are never made twice, also when HubSpot applied one and
 * its answer was lost ('applied-reset', 'applied-504'): a keyed create writes its key to a
 * unique-value property, and one whose answer was lost is looked up by that key (a read with
 * idProperty) and created again only when absent. Counted from the sandbox's store.
 */
import { createRecord, type CrmAction } from '../../nodes/domain/crm';
import { DEFAULT_IDEMPOTENCY_PROPERTY, performCrmActions } from '../../nodes/shared/crm';
import type { FaultStatus } from '../../sandbox/server';
import { useContractSandbox } from '../sandbox/testSandbox';
import { hubSpotRequests, sandboxTransport } from '../transport/transportSupport';

const sandbox = useContractSandbox({}, { resetBeforeEach: 'startSeed' });

const KEY = DEFAULT_IDEMPOTENCY_PROPERTY;
const LOST_ANSWERS: FaultStatus[] = ['applied-reset', 'applied-504'];
/** Lost answers mixed with failures HubSpot never applied. */
const MIXED_FAULTS: FaultStatus[] = ['applied-reset', 500, 'applied-504', 'reset'];

/** The setup the README asks for: a text property with unique values on the created type. */
async function createKeyProperty(objectType = 'tasks'): Promise<void> {
	const response = await fetch(`${sandbox.url}/crm/v3/properties/${objectType}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${sandbox.token}`, 'content-type': 'application/json' },
		body: JSON.stringify({
			name: KEY,
			label: 'Taskflow idempotency key',
			type: 'string',
			fieldType: 'text',
			groupName: 'taskinformation',
			hasUniqueValue: true,
		}),
	});
	expect(response.status).toBe(201);
}

function task(key: string | undefined, subject = `Task ${key}`): CrmAction {
	return createRecord(
		'tasks',
		{ hs_task_subject: subject, hs_timestamp: '2030-01-01T09:00:00.000Z' },
		key === undefined ? {} : { idempotencyKey: key },
	);
}

function tasksWithKey(key: string) {
	return sandbox.store.all('tasks').filter((record) => record.properties[KEY] === key);
}

function createRequests() {
	return hubSpotRequests(sandbox, /\/batch\/create$/);
}

beforeEach(async () => {
	sandbox.setFaults(undefined);
	await createKeyProperty();
});

describe.each(LOST_ANSWERS)('a keyed create whose answer is lost (%s)', (fault) => {
	it('is found by its key and not created again', async () => {
		sandbox.setFaults({ rate: 1, statuses: [fault], maxFaults: 1, paths: '/batch/create$' });
		const transport = sandboxTransport(sandbox);

		const [result] = await performCrmActions(transport, [task('evt-1')]);

		expect(tasksWithKey('evt-1')).toHaveLength(1);
		const [made] = tasksWithKey('evt-1');
		expect(result).toEqual({
			ok: true,
			value: expect.objectContaining({ kind: 'create', id: made.id }),
		});
		expect(result.ok && result.value.existing).toBeFalsy();
		expect(createRequests().map((exchange) => exchange.fault)).toEqual([fault]);
		expect(hubSpotRequests(sandbox, /\/batch\/read$/)).toHaveLength(1);
	});
});

it('fails a keyed create whose answer is lost on every try, saying a later run settles it', async () => {
	sandbox.setFaults({ rate: 1, statuses: ['reset'], paths: '/batch/create$' });
	const transport = sandboxTransport(sandbox, { retry: { maxRetries: 1 } });

	const [result] = await performCrmActions(transport, [task('evt-5')]);

	expect(result.ok).toBe(false);
	expect(!result.ok && result.error.message).toContain('may or may not exist, after every retry');
	expect(!result.ok && result.error.description).toContain('A later run with key evt-5 finds it');
	// Sent, looked up (absent), sent again: never blindly resent.
	expect(createRequests()).toHaveLength(2);
	expect(hubSpotRequests(sandbox, /\/batch\/read$/)).toHaveLength(1);
	expect(tasksWithKey('evt-5')).toEqual([]);
});

it('answers a key made by an earlier run with that record, marked existing', async () => {
	const transport = sandboxTransport(sandbox);
	const [first] = await performCrmActions(transport, [task('evt-2')]);

	const [again] = await performCrmActions(transport, [task('evt-2'), task('evt-3')]);

	expect(tasksWithKey('evt-2')).toHaveLength(1);
	expect(tasksWithKey('evt-3')).toHaveLength(1);
	expect(again).toEqual({
		ok: true,
		value: expect.objectContaining({ id: first.ok && first.value.id, existing: true }),
	});
	// HubSpot refused the batch holding the duplicate (409); the other create went in after.
	expect(createRequests().map((exchange) => exchange.status)).toEqual([201, 409, 201]);
});

it('two creates with one key in a run make one record, sent once; the second is answered with it', async () => {
	const transport = sandboxTransport(sandbox);

	const results = await performCrmActions(transport, [
		task('caller:+380502223344', 'First'),
		task('other'),
		task('caller:+380502223344', 'Second'),
	]);

	expect(
		tasksWithKey('caller:+380502223344').map((made) => made.properties.hs_task_subject),
	).toEqual(['First']);
	const [first, , second] = results;
	if (!first.ok || !second.ok) throw new Error('expected both to succeed');
	expect(second.value.id).toBe(first.value.id);
	expect([first.value.existing, second.value.existing]).toEqual([undefined, true]);
	const sent = createRequests().flatMap(
		(exchange) => (exchange.requestBody as { inputs: unknown[] }).inputs,
	);
	expect(sent).toHaveLength(2);
});

it('fails a keyed create naming the key property when the account lacks it', async () => {
	sandbox.reset();
	const transport = sandboxTransport(sandbox);

	const [result] = await performCrmActions(transport, [task('evt-4')]);

	expect(result.ok).toBe(false);
	expect(!result.ok && `${result.error.message} ${result.error.description}`).toContain(KEY);
	expect(createRequests()).toHaveLength(1);
});

it('does not resend an unkeyed create whose answer was lost, and says it may exist', async () => {
	sandbox.setFaults({ rate: 1, statuses: ['applied-504'], maxFaults: 1, paths: '/batch/create$' });
	const transport = sandboxTransport(sandbox);

	const [result] = await performCrmActions(transport, [task(undefined, 'No key')]);

	expect(result.ok).toBe(false);
	expect(!result.ok && result.error.message).toContain(
		"HubSpot's answer to this create of tasks was lost",
	);
	expect(!result.ok && result.error.message).toContain('may or may not exist');
	expect(createRequests()).toHaveLength(1);
	expect(
		sandbox.store.all('tasks').filter((t) => t.properties.hs_task_subject === 'No key'),
	).toHaveLength(1);
});

it('retries an unkeyed create HubSpot refused before applying it (429)', async () => {
	sandbox.setFaults({ rate: 1, statuses: [429], maxFaults: 1, paths: '/batch/create$' });
	const transport = sandboxTransport(sandbox);

	const [result] = await performCrmActions(transport, [task(undefined, 'Refused once')]);

	expect(result.ok).toBe(true);
	expect(createRequests().map((exchange) => exchange.status)).toEqual([429, 201]);
});

describe('1,000 keyed creates under faults', () => {
	const COUNT = 1_000;
	/** Creates per performCrmActions call (what a node's items make), and calls run at once. */
	const BATCH = 10;
	const PARALLEL = 8;

	async function createAll(transport: ReturnType<typeof sandboxTransport>, keys: string[]) {
		const batches: string[][] = [];
		for (let start = 0; start < keys.length; start += BATCH)
			batches.push(keys.slice(start, start + BATCH));
		const results: Awaited<ReturnType<typeof performCrmActions>> = [];
		for (let start = 0; start < batches.length; start += PARALLEL) {
			const answers = await Promise.all(
				batches.slice(start, start + PARALLEL).map(async (batch) =>
					performCrmActions(
						transport,
						batch.map((key) => task(key)),
					),
				),
			);
			for (const answer of answers) results.push(...answer);
		}
		return results;
	}

	it.each([0.1, 0.3])(
		'at a %p fault rate: none duplicated, none lost',
		async (rate) => {
			const before = sandbox.store.all('tasks').length;
			sandbox.setFaults({ rate, statuses: MIXED_FAULTS, paths: '^/crm/', seed: 7 });
			// A few more rounds than the default, so a 30% rate leaves no create to chance.
			const transport = sandboxTransport(sandbox, { retry: { maxRetries: 8 } });
			const keys = Array.from({ length: COUNT }, (_, index) => `bulk-${index}`);

			const results = await createAll(transport, keys);

			// Counted by subject, which names the key whatever the write path does with the key.
			const made = sandbox.store
				.all('tasks')
				.filter((record) => record.properties.hs_task_subject?.startsWith('Task bulk-'));
			const distinct = new Set(made.map((record) => record.properties.hs_task_subject));
			const calls = hubSpotRequests(sandbox).length;
			const faulted = hubSpotRequests(sandbox).filter((exchange) => exchange.fault);
			const faults = faulted.length;
			const lostAnswers = faulted.filter((exchange) =>
				LOST_ANSWERS.includes(exchange.fault!),
			).length;
			console.log(
				`keyed creates at ${rate * 100}% faults: ${COUNT} creates, ${made.length} records, ` +
					`${made.length - distinct.size} duplicated, ${COUNT - distinct.size} lost, ` +
					`${calls} HubSpot calls (${faults} faulted, ${lostAnswers} of them applied with the answer lost) = ` +
					`${(calls / COUNT).toFixed(3)} calls per create`,
			);
			expect(results.filter((result) => !result.ok)).toEqual([]);
			expect(distinct.size).toBe(COUNT);
			expect(made).toHaveLength(COUNT);
			expect(sandbox.store.all('tasks').length - before).toBe(COUNT);
			expect(faults).toBeGreaterThan(0);
			// Every create's answer names the record the store holds for its key.
			const idByKey = new Map(made.map((record) => [record.properties[KEY], record.id]));
			expect(idByKey.size).toBe(COUNT);
			results.forEach((result, index) => {
				expect(result.ok && result.value.id).toBe(idByKey.get(keys[index]));
			});
		},
		30_000,
	);
});
