/**
 * What the Apply Task Prefix node tests share: one contract-checked sandbox per file (reset, faults
 * and limits cleared before each test), a hook to act between the node's read and its write, and
 * task helpers over the sandbox's store and request log.
 */
import type { Exchange } from '../../sandbox/server';
import { startContractSandbox, type ContractSandbox } from '../../sandbox/contract/contractSandbox';

export interface TaskSandbox {
	/** Filled in by `beforeAll`: read it only inside hooks and tests. */
	readonly sandbox: ContractSandbox;
	/** Runs after each sandbox exchange of the current test (cleared before every test). */
	onExchange(hook: ((exchange: Exchange) => void) | undefined): void;
	createTask(subject: string, status?: string, priority?: string): string;
	titleOf(taskId: string): string | undefined;
	requestsTo(path: string): Exchange[];
	/**
	 * Archives `taskId` through HubSpot's API right after the first request to `afterPath`, and holds
	 * batch updates back a little, so the archive lands between the node's read and its write.
	 */
	archiveTaskAfter(afterPath: string, taskId: string): void;
}

export function useTaskSandbox(): TaskSandbox {
	let sandbox: ContractSandbox | undefined;
	let exchangeHook: ((exchange: Exchange) => void) | undefined;
	const current = (): ContractSandbox => {
		if (!sandbox) throw new Error('the sandbox starts in beforeAll');
		return sandbox;
	};

	beforeAll(async () => {
		sandbox = await startContractSandbox({ onExchange: (exchange) => exchangeHook?.(exchange) });
	});
	beforeEach(() => {
		current().reset();
		current().setFaults(undefined);
		current().setRateLimits(undefined);
		exchangeHook = undefined;
	});
	afterAll(async () => {
		try {
			current().contract.assertClean();
		} finally {
			await current().close();
		}
	});

	return {
		get sandbox() {
			return current();
		},
		onExchange(hook) {
			exchangeHook = hook;
		},
		createTask(subject, status = 'NOT_STARTED', priority) {
			return current().store.create('tasks', {
				hs_task_subject: subject,
				hs_task_status: status,
				hs_timestamp: '2025-03-01T12:00:00.000Z',
				...(priority ? { hs_task_priority: priority } : {}),
			}).id;
		},
		titleOf(taskId) {
			return current().store.get('tasks', taskId)?.properties.hs_task_subject;
		},
		archiveTaskAfter(afterPath, taskId) {
			const sandbox = current();
			sandbox.setFaults({ delayMs: 300, paths: '/crm/v3/objects/tasks/batch/update$' });
			exchangeHook = (exchange) => {
				if (exchange.path !== afterPath) return;
				exchangeHook = undefined;
				void fetch(`${sandbox.url}/crm/v3/objects/tasks/${taskId}`, {
					method: 'DELETE',
					headers: { authorization: `Bearer ${sandbox.token}` },
				});
			};
		},
		requestsTo(path) {
			return current()
				.requestLog()
				.filter((exchange) => exchange.path === path);
		},
	};
}
