/**
 * The poll harness runs a polling trigger through n8n-core's PollContext and PollTriggerExecutor
 * as an active workflow does: static data lives in memory across polls and reaches the database
 * only when a poll emits; errors are reported, not thrown; emitted items start an execution.
 */
import { NodeOperationError } from 'n8n-workflow';

import { PriorityLookup } from '../../nodes/PriorityLookup/PriorityLookup.node';
import { NodeTypeRegistry, nodeUnderTest, startPollHarness } from '../../tools/engine';
import type { PollHarness, PollHarnessOptions } from '../../tools/engine';
import { CREDENTIAL_CLASSES, inlineRulesParameters } from '../shared/rulesTestSupport';
import { PollFixture } from './fixtures/PollFixture.node';

const nodeTypes = new NodeTypeRegistry([PollFixture, PriorityLookup], CREDENTIAL_CLASSES);
const BASE_URL = 'http://127.0.0.1:9';
const credentials = { hubSpotTaskflowApi: { accessToken: 'poll-token', baseUrl: BASE_URL } };

const harnesses: PollHarness[] = [];
afterEach(async () => {
	await Promise.all(harnesses.splice(0).map(async (harness) => await harness.close()));
});

function startPolling(
	steps: string,
	options: Partial<PollHarnessOptions> = {},
	parameters: Record<string, unknown> = {},
): PollHarness {
	const harness = startPollHarness({
		nodeTypes,
		credentials,
		node: { type: PollFixture, parameters: { steps, ...parameters } },
		...options,
	});
	harnesses.push(harness);
	return harness;
}

/** The fixture's item for poll `poll`, as n8n hands it on. */
function polled(poll: number, mode: string, activation: string, title = 'Polled task') {
	return [[{ json: { poll, title, mode, activation, baseUrl: BASE_URL } }]];
}

describe('Poll harness', () => {
	it('keeps static data in memory across polls, saves it when a poll emits, and loses the rest on restart', async () => {
		const trigger = startPolling('none,emit,none,emit');

		const first = await trigger.poll();
		expect(first).toEqual({ items: null, error: undefined, execution: undefined });
		expect(trigger.staticData()).toEqual({ 'node:Poll': { polls: 1 } });
		expect(trigger.savedStaticData()).toEqual({});

		const second = await trigger.poll();
		expect(second.items).toEqual(polled(2, 'trigger', 'activate'));
		expect(trigger.savedStaticData()).toEqual({ 'node:Poll': { polls: 2, lastEmitted: 2 } });

		await trigger.poll();
		expect(trigger.staticData()).toEqual({ 'node:Poll': { polls: 3, lastEmitted: 2 } });
		expect(trigger.savedStaticData()).toEqual({ 'node:Poll': { polls: 2, lastEmitted: 2 } });

		trigger.restart();
		expect(trigger.staticData()).toEqual({ 'node:Poll': { polls: 2, lastEmitted: 2 } });
		// Poll 3 again, then 4, which n8n now runs under the 'init' activation of its startup.
		expect((await trigger.poll()).items).toBeNull();
		expect((await trigger.poll()).items).toEqual(polled(4, 'trigger', 'init'));
		expect(trigger.savedStaticData()).toEqual({ 'node:Poll': { polls: 4, lastEmitted: 4 } });
	});

	it('reports an error thrown by poll() without throwing; memory keeps what the node wrote first', async () => {
		const trigger = startPolling('fail,emit');

		const failed = await trigger.poll();
		expect(failed.items).toBeNull();
		expect(failed.execution).toBeUndefined();
		expect(failed.error).toBeInstanceOf(NodeOperationError);
		expect(failed.error?.message).toBe('Poll 1 failed');
		expect(trigger.staticData()).toEqual({ 'node:Poll': { polls: 1 } });
		expect(trigger.savedStaticData()).toEqual({});

		const next = await trigger.poll();
		expect(next.error).toBeUndefined();
		expect(trigger.savedStaticData()).toEqual({ 'node:Poll': { polls: 2, lastEmitted: 2 } });
	});

	it('fails the activation when the poll n8n runs while activating throws', async () => {
		const trigger = startPolling('fail');
		await expect(trigger.poll({ atActivation: true })).rejects.toThrow('Poll 1 failed');
	});

	it('fetches a test event in manual mode from the saved static data, saving nothing', async () => {
		const saved = { 'node:Poll': { polls: 6 } };
		const trigger = startPolling('emit,none', { staticData: saved });

		const manual = await trigger.poll({ mode: 'manual' });
		// The node's output as the run recorded it: WorkflowExecute adds the pairedItem.
		const [[item]] = polled(7, 'manual', 'manual');
		expect(manual.items).toEqual([[{ ...item, pairedItem: { item: 0 } }]]);
		expect(manual.execution?.run.mode).toBe('manual');
		expect(trigger.staticData()).toEqual(saved);
		expect(trigger.savedStaticData()).toEqual(saved);

		expect((await trigger.poll()).items).toEqual(polled(7, 'trigger', 'activate'));
		const nothing = await trigger.poll({ mode: 'manual' });
		expect(nothing.items).toBeNull();
		expect(nothing.error).toBeUndefined();

		// In the editor a failing poll is the run's error, shown on the node.
		const failing = await startPolling('fail').poll({ mode: 'manual' });
		expect(failing.items).toBeNull();
		expect(failing.execution?.status).toBe('error');
		expect(failing.error?.message).toBe('Poll 1 failed');
	});

	it('runs the nodes after the trigger with the emitted items', async () => {
		const trigger = startPolling(
			'emit,none',
			{
				followedBy: {
					nodes: [
						nodeUnderTest(nodeTypes, {
							type: PriorityLookup,
							name: 'Priority',
							parameters: inlineRulesParameters(),
						}),
					],
					connections: {
						Poll: { main: [[{ node: 'Priority', type: 'main', index: 0 }]] },
					},
				},
			},
			{ title: 'Contrato novo para o cliente' },
		);

		const { execution } = await trigger.poll();
		expect(execution?.status).toBe('success');
		expect(execution?.run.mode).toBe('trigger');
		expect(execution?.executionOrder).toEqual(['Poll', 'Priority']);
		expect(execution?.itemsOf('Priority')).toEqual([
			{
				json: expect.objectContaining({ poll: 1, priority: 'P1', matchedKeyword: 'contrato novo' }),
				pairedItem: { item: 0 },
			},
		]);

		expect((await trigger.poll()).execution).toBeUndefined();
	});

	it('schedules from the Poll Times n8n adds to polling nodes, refusing sub-minute ones', () => {
		expect(startPolling('none').cronExpressions).toEqual([
			expect.stringMatching(/^\d+ \* \* \* \* \*$/),
		]);
		expect(() =>
			startPolling(
				'none',
				{},
				{ pollTimes: { item: [{ mode: 'custom', cronExpression: '* * * * * *' }] } },
			),
		).toThrow('The polling interval is too short');
	});
});
