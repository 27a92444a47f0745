import './environment';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IRun,
	IWorkflowBase,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, UnexpectedError, Workflow } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { TestCredentialsHelper } from './credentials-helper';
import type { TestCredentials } from './credentials-helper';
import type { NodeTypeRegistry } from './node-types';

export interface WorkflowDefinition {
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
}

export interface RunWorkflowOptions {
	nodeTypes: NodeTypeRegistry;
	/** Test data per credential type, or a helper already holding it (to share between runs). */
	credentials?: TestCredentials | TestCredentialsHelper;
	/** Items the start node receives; one empty item by default, as a Manual Trigger gives. */
	inputItems?: INodeExecutionData[];
	/** All of the start node's input at once (a trigger's items per output); wins over inputItems. */
	startNodeOutputs?: INodeExecutionData[][];
	/** Name of the node the run starts from; defaults to n8n's own choice of start node. */
	startNodeName?: string;
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	/** Cancels the execution when it aborts, as stopping it in n8n does. */
	cancelSignal?: AbortSignal;
}

/** One item as n8n stored it in the run data of a node. */
export interface OutputItem {
	json: IDataObject;
	pairedItem: INodeExecutionData['pairedItem'];
	error?: INodeExecutionData['error'];
	binary?: INodeExecutionData['binary'];
}

/** One execution of one node (a node runs more than once in loops). */
export interface NodeRun {
	status: ExecutionStatus | undefined;
	/** Items per output, in output order; empty when the node failed. */
	outputs: OutputItem[][];
	error?: ExecutionError;
}

export interface WorkflowRunResult {
	status: ExecutionStatus;
	/** The error that stopped the run, as n8n records it (e.g. a NodeApiError). */
	error?: ExecutionError;
	runsByNode: Record<string, NodeRun[]>;
	executionOrder: string[];
	staticData: IDataObject;
	run: IRun;
	/** Items a node put on one output in one run; throws if the node never ran. */
	itemsOf(nodeName: string, options?: { output?: number; runIndex?: number }): OutputItem[];
}

let executionCounter = 0;

function toOutputItem(item: INodeExecutionData): OutputItem {
	const outputItem: OutputItem = { json: item.json, pairedItem: item.pairedItem };
	if (item.error !== undefined) outputItem.error = item.error;
	if (item.binary !== undefined) outputItem.binary = item.binary;
	return outputItem;
}

function collectRuns(run: IRun): Record<string, NodeRun[]> {
	const runsByNode: Record<string, NodeRun[]> = {};
	for (const [nodeName, taskRuns] of Object.entries(run.data.resultData.runData)) {
		runsByNode[nodeName] = taskRuns.map((task) => ({
			status: task.executionStatus,
			outputs: (task.data?.main ?? []).map((items) => (items ?? []).map(toOutputItem)),
			error: task.error,
		}));
	}
	return runsByNode;
}

/**
 * Gives every node the credentials it declares and the test has data for, the way a user picks
 * them in the editor; n8n-core refuses `getCredentials` for a node that has none selected.
 */
function selectTestCredentials(
	node: INode,
	registry: NodeTypeRegistry,
	helper: TestCredentialsHelper,
): INode {
	const declared =
		registry.getByNameAndVersion(node.type, node.typeVersion).description.credentials ?? [];
	const selected = { ...node.credentials };
	for (const { name } of declared) {
		if (selected[name] === undefined && helper.hasCredentials(name)) {
			selected[name] = { id: `test-${name}`, name: `${name} (test)` };
		}
	}
	return Object.keys(selected).length > 0 ? { ...node, credentials: selected } : node;
}

export function asCredentialsHelper(
	credentials: TestCredentials | TestCredentialsHelper | undefined,
	registry: NodeTypeRegistry,
): TestCredentialsHelper {
	if (credentials instanceof TestCredentialsHelper) return credentials;
	return new TestCredentialsHelper(registry.credentialClasses, credentials ?? {});
}

export function buildWorkflow(
	definition: WorkflowDefinition,
	registry: NodeTypeRegistry,
	helper: TestCredentialsHelper,
	staticData?: IDataObject,
): Workflow {
	// n8n's Workflow writes parameter defaults into the nodes it is given; keep the caller's intact.
	const nodes = structuredClone(definition.nodes).map((node) =>
		selectTestCredentials(node, registry, helper),
	);
	return new Workflow({
		id: 'taskflow-test-workflow',
		name: 'Taskflow node test',
		nodes,
		connections: structuredClone(definition.connections),
		nodeTypes: registry,
		active: false,
		settings: definition.settings ?? { executionOrder: 'v1' },
		staticData: staticData === undefined ? undefined : structuredClone(staticData),
	});
}

function workflowRecord(workflow: Workflow, definition: WorkflowDefinition): IWorkflowBase {
	const now = new Date();
	return {
		id: workflow.id,
		name: workflow.name ?? '',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes: Object.values(workflow.nodes),
		connections: definition.connections,
		settings: workflow.settings,
	};
}

/** Plain copy of the workflow's static data without n8n's change marker. */
export function plainStaticData(workflow: Workflow): IDataObject {
	const copy = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	delete copy.__dataChanged;
	return copy;
}

/**
 * Runs a workflow through n8n-core's WorkflowExecute exactly as an execution does: n8n resolves
 * parameters and expressions, fetches credentials through the helper, applies continueOnFail /
 * onError, and records pairedItem; this function only seeds the start node and reads the result.
 */
export async function runWorkflow(
	definition: WorkflowDefinition,
	options: RunWorkflowOptions,
): Promise<WorkflowRunResult> {
	const registry = options.nodeTypes;
	const credentialsHelper = asCredentialsHelper(options.credentials, registry);
	const workflow = buildWorkflow(definition, registry, credentialsHelper, options.staticData);
	const startNode =
		options.startNodeName === undefined
			? workflow.getStartNode()
			: workflow.getNode(options.startNodeName);
	if (startNode === null || startNode === undefined) {
		throw new UnexpectedError(
			`No start node found (asked for "${options.startNodeName ?? 'any'}")`,
		);
	}

	const mode = options.mode ?? 'manual';
	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks(
		mode,
		executionId,
		workflowRecord(workflow, definition),
	);
	const executionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executionOrder.push(nodeName);
	});

	const additionalData = createAdditionalData({
		credentialsHelper,
		hooks,
		executionId,
		workflowId: workflow.id,
	});
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: options.startNodeOutputs ?? [options.inputItems ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	});

	const execution = new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);
	const cancel = () => execution.cancel();
	if (options.cancelSignal?.aborted) cancel();
	options.cancelSignal?.addEventListener('abort', cancel, { once: true });
	const run = await execution.finally(() =>
		options.cancelSignal?.removeEventListener('abort', cancel),
	);
	const runsByNode = collectRuns(run);

	return {
		status: run.status,
		error: run.data.resultData.error,
		runsByNode,
		executionOrder,
		staticData: plainStaticData(workflow),
		run,
		itemsOf(nodeName, { output = 0, runIndex = 0 } = {}) {
			const nodeRun = runsByNode[nodeName]?.[runIndex];
			if (nodeRun === undefined) {
				const ran = Object.keys(runsByNode).join(', ') || 'none';
				throw new UnexpectedError(
					`Node "${nodeName}" has no run ${runIndex} (nodes that ran: ${ran})`,
				);
			}
			return nodeRun.outputs[output] ?? [];
		},
	};
}
