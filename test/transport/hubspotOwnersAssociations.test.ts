/** Owners with their teams and associations v4 through the transport, against the sandbox. */
import { useContractSandbox } from '../sandbox/testSandbox';
import { hubSpotRequests, sandboxTransport } from './transportSupport';

const sandbox = useContractSandbox({}, { resetBeforeEach: 'startSeed' });

describe('owners', () => {
	it('lists owners across pages with their teams, and finds one by id', async () => {
		for (let index = 0; index < 520; index++) {
			sandbox.store.addOwner({
				email: `rep${index}@example.com`,
				firstName: `Rep`,
				lastName: `${index}`,
				userId: 9000 + index,
				teams: index % 2 === 0 ? [{ id: '77', name: 'Inside Sales', primary: true }] : [],
			});
		}
		const transport = sandboxTransport(sandbox);

		const owners = await transport.listOwners();
		const byEmail = await transport.listOwners({ email: 'rep3@example.com' });
		const first = await transport.getOwner(owners[0].id);
		const unknown = await transport.getOwner('424242');

		expect(owners).toHaveLength(520);
		expect(hubSpotRequests(sandbox, /^\/crm\/v3\/owners$/).length).toBe(3);
		expect(owners[0]).toMatchObject({
			email: 'rep0@example.com',
			userId: 9000,
			teams: [{ id: '77', name: 'Inside Sales', primary: true }],
		});
		expect(byEmail.map((owner) => owner.email)).toEqual(['rep3@example.com']);
		expect(first).toEqual(owners[0]);
		expect(unknown).toBeUndefined();
	});
});

describe('associations v4', () => {
	it('associates tasks to contacts by default and reads them back, single and batched', async () => {
		const contacts = [0, 1, 2].map(
			(index) => sandbox.store.create('contacts', { email: `c${index}@example.com` }).id,
		);
		const tasks = [0, 1, 2].map(
			(index) => sandbox.store.create('tasks', { hs_task_subject: `Task ${index}` }).id,
		);
		const transport = sandboxTransport(sandbox);

		const created = await transport.batchAssociateDefault('tasks', 'contacts', [
			{ fromId: tasks[0], toId: contacts[0] },
			{ fromId: tasks[1], toId: '999999999' },
			{ fromId: tasks[0], toId: contacts[1] },
		]);

		expect(created[0]).toEqual({ ok: true, value: { fromId: tasks[0], toId: contacts[0] } });
		expect(created[2]).toEqual({ ok: true, value: { fromId: tasks[0], toId: contacts[1] } });
		expect(created[1].ok).toBe(false);
		if (!created[1].ok) expect(created[1].error.message).toContain('999999999');

		const listed = await transport.listAssociations('tasks', tasks[0], 'contacts');
		expect(listed.map((entry) => entry.toObjectId).sort()).toEqual(
			[contacts[0], contacts[1]].sort(),
		);
		expect(listed[0].associationTypes[0]).toMatchObject({
			category: 'HUBSPOT_DEFINED',
			typeId: 204,
		});

		const batch = await transport.batchReadAssociations('tasks', 'contacts', [tasks[2], tasks[0]]);
		// A task without associations is an empty list, not an error.
		expect(batch[0]).toEqual({ ok: true, value: [] });
		expect(batch[1].ok && batch[1].value.map((entry) => entry.toObjectId).sort()).toEqual(
			[contacts[0], contacts[1]].sort(),
		);
	});
});
