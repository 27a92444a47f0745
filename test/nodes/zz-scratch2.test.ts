import type { IWebhookFunctions, IWebhookResponseData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { NodeTypeRegistry } from './harness/node-types';
import { startWebhookHarness } from './harness/webhook';

class HookNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hook', name: 'hookTest', group: ['trigger'], version: 1, description: 'x',
		defaults: { name: 'Hook' }, inputs: [], outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [{ displayName: 'Secret', name: 'secret', type: 'string', default: 's3' }],
	};
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const secret = this.getNodeParameter('secret') as string;
		if (req.get('x-secret') !== secret) {
			this.getResponseObject().status(401).send('nope').end();
			return { noWebhookResponse: true };
		}
		const sd = this.getWorkflowStaticData('node');
		sd.count = ((sd.count as number) ?? 0) + 1;
		return { workflowData: [[{ json: { raw: req.rawBody.toString(), body: this.getBodyData(), url: this.getNodeWebhookUrl('default'), orig: req.originalUrl, host: req.get('host'), count: sd.count } }]] };
	}
}

test('hook', async () => {
	const nodeTypes = new NodeTypeRegistry([HookNode]);
	const h = await startWebhookHarness({ type: HookNode }, { nodeTypes });
	try {
		console.log(h.url);
		const a = await h.deliver({ body: { a: 1 }, headers: { 'x-secret': 's3' } });
		console.log(a.status, a.body, JSON.stringify(a.workflowData), a.error, a.execution?.status, JSON.stringify(a.execution?.runsByNode));
		const b = await h.deliver({ body: { a: 1 }, headers: { 'x-secret': 'bad' } });
		console.log(b.status, b.body, b.workflowData, b.error);
		const c = await h.deliver({ body: '{"a": 2}', headers: { 'x-secret': 's3', 'content-type': 'application/json' } });
		console.log(c.status, c.body, JSON.stringify(c.workflowData), h.staticData());
	} finally { await h.close(); }
});
