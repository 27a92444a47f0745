/**
 * Log Call changes nothing twice: a redelivered event, two calls from one new number in one run,
 * and the same in two executions at once (as on two queue-mode workers), each number written in
 * another format: one contact, one deal, every call.
 */
import type { IDataObject } from 'n8n-workflow';

import { closeRedisConnections } from '../../nodes/shared/state';
import { useContractSandbox } from '../sandbox/testSandbox';
import { CALL_OWNERS, logCallRunner, ringostat } from './routeCallToOwnerSupport';

const sandbox = useContractSandbox({}, { resetBeforeEach: CALL_OWNERS });
afterAll(async () => await closeRedisConnections());
const { logCalls } = logCallRunner(sandbox);

const all = (type: string) => sandbox.store.all(type);
const linked = (type: string, id: string, to: string) =>
	sandbox.store.associatedIds(type, id, to).sort();

describe('Log Call: nothing twice', () => {
	it('a redelivered event changes nothing', async () => {
		const event = ringostat({ caller: '+380 50 111 2233', connected_with: 'petro_sip' });
		await logCalls([event]);
		const before = ['contacts', 'deals', 'calls', 'tasks'].map((type) => all(type).length);
		const again = await logCalls([event]);
		expect(['contacts', 'deals', 'calls', 'tasks'].map((type) => all(type).length)).toEqual(before);
		expect(
			(again.items(0)[0].json.written as IDataObject[]).every((entry) => entry.existing === true),
		).toBe(true);
	});

	it('two calls from one new number in one run, and another right after: one contact, one deal, three calls', async () => {
		const together = await logCalls([
			ringostat({ caller: '+380 50 222 3344', disposition: 'NO ANSWER' }),
			ringostat({ caller: '0502223344', connected_with: 'olena_sip' }),
		]);
		expect(together.status).toBe('success');
		const after = await logCalls([
			ringostat({ caller: '380502223344', connected_with: 'olena_sip' }),
		]);
		// The missed call made the senior manager its owner, so Olena is a colleague here.
		expect(after.items(0)[0].json.cell).toBe(
			'incoming answered, existing caller, answered by a colleague',
		);
		const contacts = all('contacts').filter(
			(contact) => contact.properties.phone === '+380502223344',
		);
		expect(contacts).toHaveLength(1);
		expect(linked('contacts', contacts[0].id, 'deals')).toHaveLength(1);
		expect(linked('contacts', contacts[0].id, 'calls')).toHaveLength(3);
	});

	it('the same new number in two executions at once (two workers): one contact, one deal, both calls', async () => {
		const runs = await Promise.all([
			logCalls([ringostat({ caller: '+380 50 777 8899', connected_with: 'olena_sip' })]),
			logCalls([ringostat({ caller: '050 777 88 99', connected_with: 'petro_sip' })]),
			logCalls([ringostat({ caller: '380507778899', disposition: 'NO ANSWER' })]),
		]);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success']);
		const contacts = all('contacts').filter(
			(contact) => contact.properties.phone === '+380507778899',
		);
		expect(contacts).toHaveLength(1);
		expect(linked('contacts', contacts[0].id, 'deals')).toHaveLength(1);
		expect(linked('contacts', contacts[0].id, 'calls')).toHaveLength(3);
		expect(all('deals')).toHaveLength(1);
	});
});
