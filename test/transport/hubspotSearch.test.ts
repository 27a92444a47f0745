/**
 * Search past HubSpot's 10,000-result cap, page by page, and the pacing that keeps concurrent
 * searches under the per-second search limit.
 */
import { useContractSandbox } from '../sandbox/testSandbox';
import { hubSpotRequests, sandboxTransport } from './transportSupport';

const sandbox = useContractSandbox({}, { resetBeforeEach: 'startSeed' });

describe('searchPages', () => {
	it('yields every one of 10,450 open tasks once, in id order, reading each page by key', async () => {
		const openIds: string[] = [];
		for (let index = 0; index < 10_450; index++) {
			openIds.push(
				sandbox.store.create('tasks', {
					hs_task_subject: `Open ${index}`,
					hs_task_status: 'NOT_STARTED',
				}).id,
			);
			// Closed tasks interleaved: they must never show up.
			if (index % 100 === 0)
				sandbox.store.create('tasks', {
					hs_task_subject: `Done ${index}`,
					hs_task_status: 'COMPLETED',
				});
		}
		// HubSpot's 5 searches a second would make 53 pages take 12 s; the pacing has its own test below.
		sandbox.setRateLimits({ searchPerSecond: 100, enabled: true });
		const transport = sandboxTransport(sandbox, { rateLimit: { searchPerSecond: 80 } });

		const seen: string[] = [];
		let largestPage = 0;
		let lastPage;
		for await (const page of transport.searchPages('tasks', {
			filterGroups: [
				{ filters: [{ propertyName: 'hs_task_status', operator: 'EQ', value: 'NOT_STARTED' }] },
			],
			properties: ['hs_task_subject'],
		})) {
			largestPage = Math.max(largestPage, page.records.length);
			for (const record of page.records) seen.push(record.id);
			lastPage = page;
		}

		expect(seen).toEqual(openIds);
		expect(largestPage).toBe(200);
		expect(lastPage).toMatchObject({
			total: 10_450,
			searchCalls: 53,
			lastId: openIds[openIds.length - 1],
		});
		const searches = hubSpotRequests(sandbox, /\/search$/);
		expect(searches).toHaveLength(53);
		expect(searches.every((exchange) => exchange.status === 200)).toBe(true);
		type SearchBody = {
			filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string }> }>;
		};
		const keyed = searches.filter((exchange) =>
			(exchange.requestBody as SearchBody).filterGroups.some((group) =>
				group.filters.some(
					(filter) => filter.propertyName === 'hs_object_id' && filter.operator === 'GT',
				),
			),
		);
		// Every page after the first is read by key, never by an offset.
		expect(keyed).toHaveLength(52);
		expect(transport.callStats()).toMatchObject({
			calls: 53,
			searchCalls: 53,
			retries: 0,
			rateLimited: 0,
		});
	});

	it('paces parallel searches of one token to the search limit, so none is answered 429', async () => {
		for (let index = 0; index < 30; index++)
			sandbox.store.create('tasks', { hs_task_subject: `Task ${index}` });
		sandbox.setRateLimits({ searchPerSecond: 5, enabled: true });
		const transport = sandboxTransport(sandbox);

		const collect = async () => {
			const ids: string[] = [];
			for await (const page of transport.searchPages('tasks', {}, { pageSize: 10 }))
				ids.push(...page.records.map((r) => r.id));
			return ids;
		};
		const runs = await Promise.all([collect(), collect(), collect(), collect()]);

		for (const ids of runs) expect(ids).toHaveLength(30);
		expect(
			hubSpotRequests(sandbox, /\/search$/).filter((exchange) => exchange.status === 429),
		).toHaveLength(0);
		const stats = transport.callStats();
		expect(stats.searchCalls).toBe(hubSpotRequests(sandbox, /\/search$/).length);
		expect(stats.rateLimited).toBe(0);
	});
});
