/**
 * The global update template over tasks seeded in the sandbox, run as n8n's editor runs it: from
 * one of its triggers, through the whole workflow or up to one node (Execute step). Keeps the
 * seeded tasks so that their titles now can be held against the titles they should end with.
 */
import type { Sandbox } from '../../../sandbox/server';
import type { N8nInstance } from '../../../tools/n8n/n8n-instance';
import type { ExecutionDetail } from '../../../tools/n8n/rest-client';
import {
	seedGlobalUpdateTasks,
	taskTitles,
	type SeededTask,
} from '../../../tools/n8n/sandbox-tasks';

export interface GlobalUpdateRun {
	execution: ExecutionDetail;
	seconds: number;
}

export class GlobalUpdateRuns {
	private constructor(
		private readonly n8n: N8nInstance,
		private readonly sandbox: Sandbox,
		private readonly workflowId: string,
		readonly seeded: SeededTask[],
	) {}

	/** Seeds `open` open and `completed` completed tasks for the workflow to go over. */
	static seed(
		n8n: N8nInstance,
		sandbox: Sandbox,
		workflowId: string,
		tasks: { open: number; completed: number },
	): GlobalUpdateRuns {
		const seeded = seedGlobalUpdateTasks(sandbox, tasks.open, tasks.completed);
		return new GlobalUpdateRuns(n8n, sandbox, workflowId, seeded);
	}

	/** The seeded tasks' titles in the sandbox now, in seeding order. */
	titles(): Array<string | undefined> {
		const titles = taskTitles(
			this.sandbox,
			this.seeded.map((task) => task.id),
		);
		return this.seeded.map((task) => titles[task.id]);
	}

	/** The titles the seeded tasks should have after an update, in seeding order. */
	expectedTitles(): string[] {
		return this.seeded.map((task) => task.expected);
	}

	/** The new title of each seeded task an update should retitle, by task id. */
	expectedChanges(): Map<string, string> {
		const changing = this.seeded.filter((task) => task.title !== task.expected);
		return new Map(changing.map((task) => [task.id, task.expected]));
	}

	/** Runs the workflow from `trigger`, up to `destinationNode` only if one is given. */
	async run(
		trigger: string,
		destinationNode?: string,
		timeoutMs = 120_000,
	): Promise<GlobalUpdateRun> {
		const started = Date.now();
		const executionId = await this.n8n.rest.runManually(this.workflowId, {
			trigger,
			destinationNode,
		});
		const execution = await this.n8n.waitForExecution(this.workflowId, executionId, timeoutMs);
		return { execution, seconds: (Date.now() - started) / 1000 };
	}
}
