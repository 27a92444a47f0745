import './environment';

import { LoadOptionsContext } from 'n8n-core';
import type { INodePropertyOptions } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import type { TestCredentials, TestCredentialsHelper } from './credentials-helper';
import type { NodeTypeRegistry } from './node-types';
import { nodeUnderTest } from './run-node';
import type { NodeUnderTest } from './run-node';
import { asCredentialsHelper, buildWorkflow } from './run-workflow';

export interface LoadOptionsRequest {
	nodeTypes: NodeTypeRegistry;
	credentials?: TestCredentials | TestCredentialsHelper;
	/** The key in the node's `methods.loadOptions`, as a field's `loadOptionsMethod` names it. */
	method: string;
	/** The parameter asking, e.g. 'ownerId'; n8n passes its path to the context. */
	parameter: string;
}

/**
 * Calls a node's loadOptions method the way n8n's editor endpoint does: the node alone in a
 * workflow, with its current parameters and credentials, in n8n-core's LoadOptionsContext.
 */
export async function loadNodeOptions(
	spec: NodeUnderTest,
	request: LoadOptionsRequest,
): Promise<INodePropertyOptions[]> {
	const node = nodeUnderTest(request.nodeTypes, spec);
	const helper = asCredentialsHelper(request.credentials, request.nodeTypes);
	const workflow = buildWorkflow({ nodes: [node], connections: {} }, request.nodeTypes, helper);
	const nodeType = request.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const method = nodeType.methods?.loadOptions?.[request.method];
	if (method === undefined) {
		throw new UnexpectedError(`Node "${node.type}" has no loadOptions method "${request.method}"`);
	}
	const additionalData = createAdditionalData({
		credentialsHelper: helper,
		executionId: 'load-options',
		workflowId: workflow.id ?? 'load-options',
	});
	// the editor sends the node's current (unsaved) parameters with each request
	additionalData.currentNodeParameters = node.parameters;
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		`parameters.${request.parameter}`,
	);
	return await method.call(context);
}
