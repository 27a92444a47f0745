import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';
import { NodeTypeRegistry } from './harness/node-types';
import { runNode } from './harness/run-node';

class EchoNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo', name: 'echoTest', group: ['transform'], version: 1, description: 'x',
		defaults: { name: 'Echo' }, inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Text', name: 'text', type: 'string', default: 'dflt' }],
	};
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [i] of this.getInputData().entries()) {
			try {
				const text = this.getNodeParameter('text', i) as string;
				if (text === 'boom') throw new NodeApiError(this.getNode(), { message: 'nope', httpCode: '404' }, { itemIndex: i });
				out.push({ json: { text }, pairedItem: { item: i } });
			} catch (e) {
				if (this.continueOnFail()) { out.push({ json: { error: (e as Error).message }, pairedItem: { item: i } }); continue; }
				throw e;
			}
		}
		return [out];
	}
}

test('smoke', async () => {
	const nodeTypes = new NodeTypeRegistry([EchoNode]);
	const r = await runNode({ type: EchoNode, parameters: { text: '={{ $json.a }}-x' } }, { nodeTypes, inputItems: [{ json: { a: 1 } }, { json: { a: 'boom' } }] });
	console.log(r.status, JSON.stringify(r.runsByNode, null, 1), r.error);
	const r2 = await runNode({ type: EchoNode, parameters: { text: '={{ $json.a }}' }, continueOnFail: true }, { nodeTypes, inputItems: [{ json: { a: 1 } }, { json: { a: 'boom' } }] });
	console.log(r2.status, JSON.stringify(r2.items()), r2.error);
	const r3 = await runNode({ type: EchoNode, parameters: { text: '={{ $json.a }}' } }, { nodeTypes, inputItems: [{ json: { a: 1 } }, { json: { a: 'boom' } }] });
	console.log(r3.status, r3.error?.constructor.name, r3.error?.message, JSON.stringify(r3.runsByNode.Echo));
});
test('guard', async () => {
	const r = await fetch('http://example.com/').then(() => 'ok', (e: Error) => `${e.message} / ${(e.cause as Error)?.message}`);
	console.log('fetch:', r);
	const http = await import('node:http');
	const r2 = await new Promise((res) => http.get('http://10.1.2.3:80/', () => res('ok')).on('error', (e) => res(e.message)));
	console.log('http:', r2);
});
