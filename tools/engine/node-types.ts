import './environment';

// Not in n8n-core's index: the parameters n8n's node loader gives every polling node.
import { commonPollingParameters } from 'n8n-core/dist/nodes-loader/constants';
import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers, UnexpectedError } from 'n8n-workflow';

import packageJson from '../../package.json';
import type { CredentialClass } from './credentials-helper';
import { HarnessStartNode } from './start-node';

/** n8n names a community node `<package name>.<description name>` in saved workflows. */
export const PACKAGE_NAME = packageJson.name;

export type NodeClass = new () => INodeType | IVersionedNodeType;

export function qualifiedNodeTypeName(descriptionName: string): string {
	return descriptionName.includes('.') ? descriptionName : `${PACKAGE_NAME}.${descriptionName}`;
}

function descriptionNameOf(nodeType: INodeType | IVersionedNodeType): string {
	return nodeType.description.name;
}

/**
 * n8n's node loader (DirectoryLoader.applySpecialNodeParameters) puts the Poll Times parameter in
 * front of a polling node's own properties; its scheduler reads `pollTimes` from there.
 */
function applyPollingParameters(nodeType: INodeType | IVersionedNodeType): void {
	const versions = 'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
	// Versions may share one description object; each gets the parameter once.
	for (const description of new Set(versions.map((version) => version.description))) {
		// A new array: a node may share its properties list with other nodes or versions.
		if (description.polling === true)
			description.properties = [...commonPollingParameters, ...description.properties];
	}
}

/**
 * The INodeTypes n8n's Workflow and WorkflowExecute ask for node implementations. Holds one
 * instance per class, keyed by the name n8n would give it; a bare description name is accepted
 * too so tests can write `type: 'hubSpotTaskflowTrigger'`. The harness start node is always there.
 * The credential classes travel with it because a node and its credentials are loaded together.
 */
export class NodeTypeRegistry implements INodeTypes {
	private readonly byName = new Map<string, INodeType | IVersionedNodeType>();

	constructor(
		nodeClasses: NodeClass[],
		readonly credentialClasses: CredentialClass[] = [],
	) {
		this.register(HarnessStartNode);
		for (const NodeClassToRegister of nodeClasses) this.register(NodeClassToRegister);
	}

	register(NodeClassToRegister: NodeClass): string {
		const nodeType = new NodeClassToRegister();
		applyPollingParameters(nodeType);
		const name = qualifiedNodeTypeName(descriptionNameOf(nodeType));
		this.byName.set(name, nodeType);
		return name;
	}

	typeNameOf(NodeClassToFind: NodeClass): string {
		for (const [name, nodeType] of this.byName) {
			if (nodeType instanceof NodeClassToFind) return name;
		}
		throw new UnexpectedError(`Node class ${NodeClassToFind.name} is not registered`);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.byName.get(qualifiedNodeTypeName(nodeType));
		if (found === undefined) {
			throw new UnexpectedError(
				`Unknown node type "${nodeType}"; registered: ${[...this.byName.keys()].join(', ')}`,
			);
		}
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const name of this.byName.keys()) known[name] = { className: name, sourcePath: '' };
		return known;
	}
}
