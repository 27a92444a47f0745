import './environment';

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import { Container } from '@n8n/di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type {
	CronExpression,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	TriggerTime,
	Workflow,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { isSubMinuteCron, toCronExpression, UnexpectedError, UserError } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import type { TestCredentials, TestCredentialsHelper } from './credentials-helper';
import type { NodeTypeRegistry } from './node-types';
import { nodeUnderTest } from './run-node';
import type { NodeUnderTest } from './run-node';
import { asCredentialsHelper, buildWorkflow, plainStaticData, runWorkflow } from './run-workflow';
import type { WorkflowDefinition, WorkflowRunResult } from './run-workflow';

export interface PollHarnessOptions {
	nodeTypes: NodeTypeRegistry;
	credentials?: TestCredentials | TestCredentialsHelper;
	node: NodeUnderTest;
	/** Workflow static data as saved in n8n's database before the workflow is activated. */
	staticData?: IDataObject;
	/** Nodes after the trigger (with their connections, from the trigger on) that each execution runs. */
	followedBy?: { nodes: INode[]; connections: IConnections };
}

export interface PollOptions {
	/**
	 * `trigger`: one tick of the active workflow's schedule. `manual`: the editor's "Fetch Test
	 * Event" / "Execute workflow" with this trigger, a manual execution of the whole workflow.
	 */
	mode?: 'trigger' | 'manual';
	/**
	 * The poll n8n runs once while activating the workflow: what it emits starts an execution as
	 * usual, but an error it throws fails the activation, so `poll()` rejects with it.
	 */
	atActivation?: boolean;
	/** Cancels the execution the poll starts, as stopping it in n8n does. */
	cancelSignal?: AbortSignal;
}

export interface PollOutcome {
	/**
	 * What `poll()` returned (per output); null when it returned null, threw or was skipped. In
	 * manual mode, the node's output as the run recorded it (WorkflowExecute adds `pairedItem`).
	 */
	items: INodeExecutionData[][] | null;
	/** The error n8n recorded: reported through `__emitError` (trigger) or the run's error (manual). */
	error?: Error;
	/** The execution n8n started with the items, run through WorkflowExecute. */
	execution?: WorkflowRunResult;
}

/** One polling trigger of an active workflow, polled on demand instead of on its schedule. */
export interface PollHarness {
	readonly node: INode;
	/** The schedule n8n registers for the node's Poll Times. */
	readonly cronExpressions: CronExpression[];
	poll(options?: PollOptions): Promise<PollOutcome>;
	/** Static data of the active workflow in memory, where polls read and write it. */
	staticData(): IDataObject;
	/** Static data in n8n's database: written when a poll emits, not when it returns null or throws. */
	savedStaticData(): IDataObject;
	/**
	 * n8n restarts: the workflow is activated again ('init') from the database, so what was only in
	 * memory is lost. n8n then polls at once, which `poll({ atActivation: true })` does here.
	 */
	restart(): void;
	/** Deactivates the workflow; a poll still in flight is discarded as n8n discards it. */
	close(): Promise<void>;
}

/** What one trigger poll handed to n8n, gathered from the callbacks n8n gives the PollContext. */
interface PollRecord {
	items: INodeExecutionData[][] | null;
	error?: Error;
	execution?: Promise<WorkflowRunResult>;
	cancelSignal?: AbortSignal;
}

interface Activation {
	workflow: Workflow;
	/** One tick; `testingTrigger` is the poll of the activation itself. */
	executePoll: (testingTrigger: boolean) => Promise<void>;
	cronExpressions: CronExpression[];
}

class ActivePollHarness implements PollHarness {
	readonly node: INode;
	private saved: IDataObject;
	private active: Activation;
	private closed = false;
	private readonly credentialsHelper: TestCredentialsHelper;
	/** Ties n8n's `__emit` / `__emitError` calls to the poll they come from, even when polls overlap. */
	private readonly records = new AsyncLocalStorage<PollRecord>();

	constructor(private readonly options: PollHarnessOptions) {
		this.node = nodeUnderTest(options.nodeTypes, options.node);
		this.credentialsHelper = asCredentialsHelper(options.credentials, options.nodeTypes);
		this.saved = structuredClone(options.staticData ?? {});
		this.active = this.activate('activate');
	}

	get cronExpressions(): CronExpression[] {
		return [...this.active.cronExpressions];
	}

	async poll(options: PollOptions = {}): Promise<PollOutcome> {
		if (this.closed) throw new UnexpectedError('The poll harness is closed');
		if (options.mode === 'manual') return await this.pollManually(options.cancelSignal);

		const record: PollRecord = { items: null, cancelSignal: options.cancelSignal };
		await this.records.run(
			record,
			async () => await this.active.executePoll(options.atActivation === true),
		);
		const execution = record.execution === undefined ? undefined : await record.execution;
		return { items: record.items, error: record.error, execution };
	}

	staticData(): IDataObject {
		return plainStaticData(this.active.workflow);
	}

	savedStaticData(): IDataObject {
		return structuredClone(this.saved);
	}

	restart(): void {
		if (this.closed) throw new UnexpectedError('The poll harness is closed');
		this.active = this.activate('init');
	}

	async close(): Promise<void> {
		this.closed = true;
	}

	private get workflowDefinition(): WorkflowDefinition {
		const { followedBy } = this.options;
		return {
			nodes: [this.node, ...(followedBy?.nodes ?? [])],
			connections: followedBy?.connections ?? {},
		};
	}

	/**
	 * What n8n 2.40.7 does when it activates a workflow with a polling trigger, with its default
	 * settings (durable poll cursors off): one Workflow object built from the database, one
	 * PollContext from TriggerExecutionContextFactory.getExecutePollFunctions reused by every
	 * tick, the schedule read from `pollTimes`, and n8n-core's own PollTriggerExecutor per tick.
	 */
	private activate(activationMode: WorkflowActivateMode): Activation {
		const workflow = buildWorkflow(
			this.workflowDefinition,
			this.options.nodeTypes,
			this.credentialsHelper,
			this.saved,
		);
		const node = workflow.getNode(this.node.name)!;
		const additionalData = createAdditionalData({
			credentialsHelper: this.credentialsHelper,
			executionId: randomUUID(),
			workflowId: workflow.id,
		});
		// With durable cursors off no poll cursor row exists, so the staging scope holds no cursor
		// and the node's static data is the workflow's own; reading it outside a poll is n8n's error.
		const pollScope = new AsyncLocalStorage<true>();
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			'trigger',
			activationMode,
			(data) => this.emitted(workflow, data),
			(error) => this.reported(error),
			async () => {}, // __commitCursor: no cursor is ever staged
			async (poll) => await pollScope.run(true, poll),
			() => {
				if (pollScope.getStore() === undefined) {
					throw new UnexpectedError(
						'Poll node read its static data outside of a poll; __runPoll was not entered',
					);
				}
				return workflow.getStaticData('node', node);
			},
		);

		const pollTimes = context.getNodeParameter('pollTimes') as { item?: TriggerTime[] };
		const cronExpressions = (pollTimes.item ?? []).map(toCronExpression);
		if (cronExpressions.some(isSubMinuteCron))
			throw new UserError('The polling interval is too short. It has to be at least a minute.');

		const activation: Activation = { workflow, cronExpressions, executePoll: async () => {} };
		const isCurrent = () => !this.closed && this.active === activation;
		activation.executePoll = Container.get(PollTriggerExecutor).create(
			workflow,
			node,
			context,
			isCurrent,
		);
		return activation;
	}

	private currentRecord(): PollRecord {
		const record = this.records.getStore();
		if (record === undefined)
			throw new UnexpectedError('The poll node called n8n back outside of a poll');
		return record;
	}

	/** `__emit`: n8n saves the static data if it changed, then starts an execution with the items. */
	private emitted(workflow: Workflow, data: INodeExecutionData[][]): void {
		const record = this.currentRecord();
		// WorkflowStaticDataService.saveStaticData writes only changed data, then marks it clean.
		if (workflow.staticData.__dataChanged === true) {
			this.saved = plainStaticData(workflow);
			workflow.staticData.__dataChanged = false;
		}
		record.items = data;
		record.execution = this.execute(data, record.cancelSignal);
	}

	/** `__emitError`: n8n records a failed execution (and runs the error workflow); no rethrow. */
	private reported(error: Error): void {
		this.currentRecord().error = error;
	}

	/** WorkflowExecutionService.runWorkflow: the trigger's items on the stack, static data from the database. */
	private async execute(
		data: INodeExecutionData[][],
		cancelSignal: AbortSignal | undefined,
	): Promise<WorkflowRunResult> {
		const startedWith = this.saved;
		const execution = await runWorkflow(this.workflowDefinition, {
			nodeTypes: this.options.nodeTypes,
			credentials: this.credentialsHelper,
			startNodeName: this.node.name,
			startNodeOutputs: data,
			mode: 'trigger',
			staticData: startedWith,
			cancelSignal,
		});
		// The execution saves what its nodes changed when it ends; the active workflow's memory
		// does not see it, so the next emit writes the memory's version over it.
		if (!isDeepStrictEqual(execution.staticData, startedWith)) this.saved = execution.staticData;
		return execution;
	}

	/**
	 * A manual execution with this trigger: WorkflowExecute itself builds the PollContext (mode and
	 * activation 'manual'), on a workflow loaded from the database; it saves no static data.
	 */
	private async pollManually(cancelSignal: AbortSignal | undefined): Promise<PollOutcome> {
		const execution = await runWorkflow(this.workflowDefinition, {
			nodeTypes: this.options.nodeTypes,
			credentials: this.credentialsHelper,
			startNodeName: this.node.name,
			mode: 'manual',
			staticData: this.saved,
			cancelSignal,
		});
		const output = execution.run.data.resultData.runData[this.node.name]?.[0]?.data?.main;
		const items = output === undefined ? null : output.map((outputItems) => outputItems ?? []);
		return { items, error: execution.error, execution };
	}
}

/**
 * Activates a workflow whose trigger is the polling node `options.node`, the way n8n does, and
 * lets the test run its ticks one by one through n8n-core's PollContext and PollTriggerExecutor.
 * n8n's first poll comes right at activation; a test that wants it calls `poll({ atActivation: true })`.
 */
export function startPollHarness(options: PollHarnessOptions): PollHarness {
	return new ActivePollHarness(options);
}
