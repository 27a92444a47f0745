import type {
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { TestCredentials, TestCredentialsHelper } from './credentials-helper';
import type { NodeClass, NodeTypeRegistry } from './node-types';
import type { NodeRun, OutputItem, WorkflowRunResult } from './run-workflow';
import { runWorkflow } from './run-workflow';
import { HARNESS_START_TYPE } from './start-node';

/** Per-node settings from the editor's Settings tab that change how n8n runs a node. */
export type NodeSettings = Pick<
	INode,
	| 'continueOnFail'
	| 'onError'
	| 'retryOnFail'
	| 'maxTries'
	| 'waitBetweenTries'
	| 'alwaysOutputData'
	| 'executeOnce'
	| 'disabled'
>;

export interface NodeUnderTest extends NodeSettings {
	/** A registered class, or the type name (bare description name or `<package>.<name>`). */
	type: NodeClass | string;
	/** Defaults to the newest version the node type offers. */
	typeVersion?: number;
	parameters?: INodeParameters;
	/** Defaults to the node type's default name. */
	name?: string;
	credentials?: INode['credentials'];
	webhookId?: string;
}

export interface RunNodeOptions {
	nodeTypes: NodeTypeRegistry;
	credentials?: TestCredentials | TestCredentialsHelper;
	/** What the start node hands the node under test; one empty item by default. */
	inputItems?: INodeExecutionData[];
	/** Cancels the execution when it aborts, as stopping it in n8n does. */
	cancelSignal?: AbortSignal;
}

export interface SingleNodeRunResult extends WorkflowRunResult {
	nodeName: string;
	/** The node under test's run, undefined if it never ran. */
	nodeRun: NodeRun | undefined;
	/** Items the node under test put on `output` (the first output by default). */
	items(output?: number): OutputItem[];
}

export const START_NODE_NAME = 'Start';

export function newestVersionOf(description: INodeTypeDescription): number {
	const { version } = description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** Builds the INode n8n stores for a node placed on the canvas with the given settings. */
export function nodeUnderTest(registry: NodeTypeRegistry, spec: NodeUnderTest): INode {
	const typeName = typeof spec.type === 'string' ? spec.type : registry.typeNameOf(spec.type);
	const nodeType = registry.getByName(typeName);
	const typeVersion =
		spec.typeVersion ??
		('nodeVersions' in nodeType ? nodeType.currentVersion : newestVersionOf(nodeType.description));
	const description = registry.getByNameAndVersion(typeName, typeVersion).description;
	const { type: _type, typeVersion: _version, name, parameters, ...settings } = spec;
	return {
		id: `node-${typeName}`,
		name: name ?? description.defaults.name ?? description.displayName,
		type: typeName,
		typeVersion,
		position: [200, 0],
		parameters: parameters ?? {},
		...settings,
	};
}

/**
 * Runs one node behind the harness start node (a Manual Trigger stand-in) that feeds it
 * `inputItems`, through n8n's real engine. Settings such as `continueOnFail` or
 * `onError: 'continueErrorOutput'` are applied by n8n, not by the harness.
 */
export async function runNode(
	spec: NodeUnderTest,
	options: RunNodeOptions,
): Promise<SingleNodeRunResult> {
	const node = nodeUnderTest(options.nodeTypes, spec);
	const start: INode = {
		id: 'node-harness-start',
		name: START_NODE_NAME,
		type: HARNESS_START_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const result = await runWorkflow(
		{
			nodes: [start, node],
			connections: {
				[START_NODE_NAME]: {
					[NodeConnectionTypes.Main]: [
						[{ node: node.name, type: NodeConnectionTypes.Main, index: 0 }],
					],
				},
			},
		},
		{
			nodeTypes: options.nodeTypes,
			credentials: options.credentials,
			inputItems: options.inputItems,
			startNodeName: START_NODE_NAME,
			cancelSignal: options.cancelSignal,
		},
	);
	const nodeRun = result.runsByNode[node.name]?.[0];
	return {
		...result,
		nodeName: node.name,
		nodeRun,
		items: (output = 0) => nodeRun?.outputs[output] ?? [],
	};
}
