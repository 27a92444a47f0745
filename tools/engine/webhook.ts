import './environment';

import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeExecutionData,
	IWebhookData,
	IWebhookDescription,
	IConnections,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WebhookType,
	Workflow,
} from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import type { TestCredentials, TestCredentialsHelper } from './credentials-helper';
import { toWebhookRequest, toWebhookResponse, UnparseableBodyError } from './http-exchange';
import type { NodeTypeRegistry } from './node-types';
import { nodeUnderTest } from './run-node';
import type { NodeUnderTest } from './run-node';
import { asCredentialsHelper, buildWorkflow, plainStaticData, runWorkflow } from './run-workflow';
import type { WorkflowDefinition, WorkflowRunResult } from './run-workflow';

export interface WebhookHarnessOptions {
	nodeTypes: NodeTypeRegistry;
	credentials?: TestCredentials | TestCredentialsHelper;
	/** Which of the node's webhook descriptions to serve; n8n's usual one is `default`. */
	webhookName?: WebhookType;
	/** Workflow static data to start from, as if saved by an earlier activation. */
	staticData?: IDataObject;
	/** Nodes after the trigger (with their connections, from the trigger on) that each execution runs. */
	followedBy?: { nodes: INode[]; connections: IConnections };
}

export interface WebhookDelivery {
	method?: IHttpRequestMethods;
	headers?: Record<string, string>;
	/** Sent byte for byte; objects are JSON-encoded with a JSON content type. */
	body?: string | Buffer | object;
	/** Overrides the URL (e.g. to add a query string); the node's own webhook URL by default. */
	url?: string;
}

export interface WebhookOutcome {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
	/** What the node's `webhook()` returned; undefined if it threw. */
	webhookResult?: IWebhookResponseData;
	/** Items the node emitted, per output; undefined when it started no execution. */
	workflowData?: INodeExecutionData[][];
	/** The execution n8n would start with those items, run through WorkflowExecute. */
	execution?: WorkflowRunResult;
	/** Error thrown by `webhook()`, if any. */
	error?: Error;
}

type ServerSideOutcome = Omit<WebhookOutcome, 'status' | 'headers' | 'body'>;

/** Serves one trigger node on 127.0.0.1 the way n8n's live webhook endpoint does. */
export interface WebhookHarness {
	/** The node's production webhook URL, as `getNodeWebhookUrl('default')` reports it to the node. */
	readonly url: string;
	readonly node: INode;
	/** Static data saved so far; n8n persists it only when the node changed it. */
	staticData(): IDataObject;
	deliver(delivery?: WebhookDelivery): Promise<WebhookOutcome>;
	close(): Promise<void>;
}

function webhookDescriptionOf(
	registry: NodeTypeRegistry,
	node: INode,
	name: WebhookType,
): IWebhookDescription {
	const webhooks =
		registry.getByNameAndVersion(node.type, node.typeVersion).description.webhooks ?? [];
	const found = webhooks.find((webhook) => webhook.name === name);
	if (found === undefined)
		throw new UnexpectedError(`Node "${node.name}" has no webhook named "${name}"`);
	return found;
}

/**
 * After a successful `webhook()` n8n answers the caller itself unless the node already did
 * (`noWebhookResponse`); for the default "respond immediately" mode that is the node's
 * `webhookResponse` or a fixed acknowledgement.
 */
function answerLikeN8n(
	response: ReturnType<typeof toWebhookResponse>,
	result: IWebhookResponseData,
): void {
	if (result.noWebhookResponse === true || response.writableEnded) return;
	if (result.webhookResponse !== undefined) {
		response.status(200).send(result.webhookResponse);
	} else if (result.workflowData === undefined) {
		response.status(200).json({ message: 'Webhook call received' });
	} else {
		response.status(200).json({ message: 'Workflow was started' });
	}
}

interface RawReply {
	response: IncomingMessage;
	body: string;
	/** The client socket's port, which is how the server side tells deliveries apart. */
	localPort: number;
}

function send(url: string, delivery: WebhookDelivery): Promise<RawReply> {
	const isObjectBody =
		delivery.body !== undefined &&
		typeof delivery.body === 'object' &&
		!Buffer.isBuffer(delivery.body);
	const payload = isObjectBody
		? JSON.stringify(delivery.body)
		: (delivery.body as string | Buffer | undefined);
	const headers: Record<string, string> = {
		...(isObjectBody ? { 'content-type': 'application/json' } : {}),
		...(payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) }),
		...delivery.headers,
	};
	return new Promise((resolve, reject) => {
		let localPort = -1;
		// A fresh socket per delivery (agent: false) gives every request its own client port.
		const outgoing = httpRequest(
			url,
			{ method: delivery.method ?? 'POST', headers, agent: false },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ response, body: Buffer.concat(chunks).toString('utf-8'), localPort }),
				);
				response.on('error', reject);
			},
		);
		outgoing.on('socket', (socket) =>
			socket.once('connect', () => (localPort = socket.localPort ?? -1)),
		);
		outgoing.on('error', reject);
		outgoing.end(payload);
	});
}

class LiveWebhookHarness implements WebhookHarness {
	url = '';
	private savedStaticData: IDataObject;
	/** Server-side handling per client port; settles once the node and the execution are done. */
	private readonly handlingByClientPort = new Map<number, Promise<ServerSideOutcome>>();
	private readonly server: Server;
	private readonly credentialsHelper: TestCredentialsHelper;
	private readonly webhookName: WebhookType;

	constructor(
		readonly node: INode,
		private readonly options: WebhookHarnessOptions,
	) {
		this.savedStaticData = structuredClone(options.staticData ?? {});
		this.credentialsHelper = asCredentialsHelper(options.credentials, options.nodeTypes);
		this.webhookName = options.webhookName ?? 'default';
		this.server = createServer((req, res) => {
			this.handlingByClientPort.set(req.socket.remotePort ?? -1, this.handle(req, res));
		});
	}

	async listen(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		// Ask n8n's own WebhookContext for the URL, so tests sign exactly what the node will verify.
		const { workflow, additionalData, webhookData } = this.prepare();
		const context = new WebhookContext(
			workflow,
			workflow.getNode(this.node.name)!,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const url = context.getNodeWebhookUrl(this.webhookName);
		if (url === undefined)
			throw new UnexpectedError(`Node "${this.node.name}" reports no webhook URL`);
		this.url = url;
	}

	staticData(): IDataObject {
		return structuredClone(this.savedStaticData);
	}

	async deliver(delivery: WebhookDelivery = {}): Promise<WebhookOutcome> {
		const { response, body, localPort } = await send(delivery.url ?? this.url, delivery);
		const handling = this.handlingByClientPort.get(localPort);
		if (handling === undefined)
			throw new UnexpectedError(`No webhook call was handled for client port ${localPort}`);
		this.handlingByClientPort.delete(localPort);
		const serverSide = await handling;
		return { status: response.statusCode ?? 0, headers: response.headers, body, ...serverSide };
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve, reject) =>
			this.server.close((error) => (error ? reject(error) : resolve())),
		);
	}

	private get baseUrl(): string {
		const { port } = this.server.address() as AddressInfo;
		return `http://127.0.0.1:${port}`;
	}

	private get workflowDefinition(): WorkflowDefinition {
		const { followedBy } = this.options;
		return {
			nodes: [this.node, ...(followedBy?.nodes ?? [])],
			connections: followedBy?.connections ?? {},
		};
	}

	private prepare(): {
		workflow: Workflow;
		additionalData: IWorkflowExecuteAdditionalData;
		webhookData: IWebhookData;
	} {
		const workflow = buildWorkflow(
			this.workflowDefinition,
			this.options.nodeTypes,
			this.credentialsHelper,
			this.savedStaticData,
		);
		const additionalData = createAdditionalData({
			credentialsHelper: this.credentialsHelper,
			executionId: randomUUID(),
			workflowId: workflow.id,
			instanceUrl: this.baseUrl,
		});
		const webhookDescription = webhookDescriptionOf(
			this.options.nodeTypes,
			this.node,
			this.webhookName,
		);
		const webhookData: IWebhookData = {
			httpMethod: String(webhookDescription.httpMethod) as IHttpRequestMethods,
			node: this.node.name,
			path: String(webhookDescription.path),
			webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
			isTest: false,
		};
		return { workflow, additionalData, webhookData };
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<ServerSideOutcome> {
		const response = toWebhookResponse(res);
		const outcome: ServerSideOutcome = {};
		try {
			const request = await toWebhookRequest(req);
			const { workflow, additionalData, webhookData } = this.prepare();
			additionalData.httpRequest =
				request as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
			additionalData.httpResponse =
				response as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
			const node = workflow.getNode(this.node.name)!;
			const nodeType = this.options.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
			if (nodeType.webhook === undefined)
				throw new UnexpectedError(`Node "${node.name}" has no webhook() method`);

			const context = new WebhookContext(
				workflow,
				node,
				additionalData,
				'webhook',
				webhookData,
				[],
				null,
			);
			const result = (await nodeType.webhook.call(context)) as IWebhookResponseData;
			outcome.webhookResult = result;
			outcome.workflowData = result.workflowData;
			// n8n saves static data after a webhook call only when the node changed it.
			if (workflow.staticData.__dataChanged === true)
				this.savedStaticData = plainStaticData(workflow);
			answerLikeN8n(response, result);
			if (result.workflowData !== undefined) {
				outcome.execution = await runWorkflow(this.workflowDefinition, {
					nodeTypes: this.options.nodeTypes,
					credentials: this.credentialsHelper,
					startNodeName: this.node.name,
					startNodeOutputs: result.workflowData,
					mode: 'webhook',
					staticData: this.savedStaticData,
				});
			}
		} catch (error) {
			outcome.error = error as Error;
			const status = error instanceof UnparseableBodyError ? 422 : 500;
			if (!response.headersSent)
				response.status(status).json({ code: status, message: (error as Error).message });
			else if (!response.writableEnded) response.end();
		}
		return outcome;
	}
}

/** Starts an HTTP server on 127.0.0.1 that runs `spec`'s `webhook()` through n8n's WebhookContext. */
export async function startWebhookHarness(
	spec: NodeUnderTest,
	options: WebhookHarnessOptions,
): Promise<WebhookHarness> {
	const node = nodeUnderTest(options.nodeTypes, { webhookId: randomUUID(), ...spec });
	const harness = new LiveWebhookHarness(node, options);
	await harness.listen();
	return harness;
}
