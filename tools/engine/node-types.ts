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
