import { parseFlatted } from './flatted';

/** The owner account the suite creates; the REST API (executions) needs a logged-in user. */
export const E2E_OWNER = {
	email: 'owner@e2e.example.com',
	firstName: 'E2e',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

/** n8n ties its auth cookie to this header; every request sends the same value. */
const BROWSER_ID = 'hubspot-taskflow-e2e';

export type ExecutionStatus =
	| 'new'
	| 'running'
	| 'success'
	| 'error'
	| 'canceled'
	| 'crashed'
	| 'waiting'
	| 'unknown';

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: ExecutionStatus;
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

export interface ExecutionDetail extends ExecutionSummary {
	/** run data per node name, decoded from n8n's flatted storage format */
	runData: Record<string, NodeRun[]>;
	/** the execution's top-level error, when it failed */
	error?: { message?: string; description?: string; node?: { name?: string } };
}

export interface SavedWorkflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string; typeVersion: number }>;
	connections: Record<string, unknown>;
}

export interface CredentialInput {
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** n8n's verdict on a credential test, as its editor shows it. */
export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export class N8nRestClient {
	private cookie: string | undefined;

	constructor(private readonly baseUrl: string) {}

	/** POST /rest/owner/setup on a fresh instance (logs in as a side effect), login otherwise. */
	async setupOwner(): Promise<void> {
		const response = await this.send('POST', '/rest/owner/setup', E2E_OWNER);
		await response.arrayBuffer();
		if (response.ok) return;
		await this.login();
	}

	async login(): Promise<void> {
		const response = await this.send('POST', '/rest/login', {
			emailOrLdapLoginId: E2E_OWNER.email,
			password: E2E_OWNER.password,
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n login failed: ${response.status} ${text}`);
	}

	/** Executions of one workflow, newest first. */
	async listExecutions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const body = await this.json<{ data: { results: ExecutionSummary[] } }>(
			'GET',
			`/rest/executions?filter=${filter}&limit=100`,
		);
		return body.data.results.map((execution) => ({ ...execution, id: String(execution.id) }));
	}

	async getExecution(id: string): Promise<ExecutionDetail> {
		const body = await this.json<{ data: ExecutionSummary & { data: string } }>(
			'GET',
			`/rest/executions/${id}`,
		);
		const { data: flattedRunData, ...summary } = body.data;
		const decoded = parseFlatted(flattedRunData) as {
			resultData?: { runData?: Record<string, NodeRun[]>; error?: ExecutionDetail['error'] };
		};
		return {
			...summary,
			id: String(summary.id),
			runData: decoded.resultData?.runData ?? {},
			error: decoded.resultData?.error,
		};
	}

	/** The description n8n serves to its editor for a node type; fails if n8n does not know it. */
	async nodeTypeDescription(name: string, version: number): Promise<Record<string, unknown>> {
		const body = await this.json<{ data: Array<Record<string, unknown>> }>(
			'POST',
			'/rest/node-types',
			{ nodeInfos: [{ name, version }] },
		);
		return body.data[0];
	}

	/**
	 * The descriptions n8n serves for several node types at once; a type n8n does not know is
	 * missing from the answer (the editor then shows that node as unknown).
	 */
	async nodeTypeDescriptions(
		nodeInfos: Array<{ name: string; version: number }>,
	): Promise<Array<Record<string, unknown>>> {
		const body = await this.json<{ data: Array<Record<string, unknown>> }>(
			'POST',
			'/rest/node-types',
			{ nodeInfos },
		);
		return body.data;
	}

	/** A saved workflow as the editor loads it (GET /rest/workflows/:id). */
	async getWorkflow(workflowId: string): Promise<SavedWorkflow> {
		const body = await this.json<{ data: SavedWorkflow }>('GET', `/rest/workflows/${workflowId}`);
		return body.data;
	}

	/**
	 * Runs a saved workflow as the editor does (POST /rest/workflows/:id/run): "Execute workflow"
	 * from a trigger, or, with `destinationNode`, "Execute step" on that node, which runs only the
	 * nodes on the way to it. Returns the id of the execution it started.
	 */
	async runManually(
		workflowId: string,
		run: { trigger: string; destinationNode?: string },
	): Promise<string> {
		const body = await this.json<{ data: { executionId?: string; waitingForWebhook?: boolean } }>(
			'POST',
			`/rest/workflows/${workflowId}/run`,
			{
				triggerToStartFrom: { name: run.trigger },
				...(run.destinationNode
					? { destinationNode: { nodeName: run.destinationNode, mode: 'inclusive' } }
					: {}),
			},
		);
		if (body.data.executionId === undefined) {
			throw new Error(`n8n started no execution of ${workflowId}: ${JSON.stringify(body.data)}`);
		}
		return String(body.data.executionId);
	}

	/** Saves a credential as the editor's "Save" does (POST /rest/credentials); returns its id. */
	async createCredential(credential: CredentialInput): Promise<string> {
		const body = await this.json<{ data: { id: string } }>('POST', '/rest/credentials', credential);
		return String(body.data.id);
	}

	/**
	 * What the editor's "Test" button on a saved credential asks n8n (POST /rest/credentials/test):
	 * n8n runs the credential type's test with the given values and answers OK or an error message.
	 */
	async testCredential(
		credential: CredentialInput & { id: string },
	): Promise<CredentialTestResult> {
		const body = await this.json<{ data: CredentialTestResult }>('POST', '/rest/credentials/test', {
			credentials: credential,
		});
		return body.data;
	}

	async json<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await this.send(method, path, body);
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text}`);
		return JSON.parse(text) as T;
	}

	private async send(method: string, path: string, body?: unknown): Promise<Response> {
		const headers: Record<string, string> = { 'browser-id': BROWSER_ID };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const authCookie = response.headers
			.getSetCookie()
			.find((cookie) => cookie.startsWith('n8n-auth='));
		if (authCookie) this.cookie = authCookie.split(';')[0];
		return response;
	}
}

/** The items a node emitted on its first output in its first run. */
export function nodeOutputItems(
	execution: ExecutionDetail,
	nodeName: string,
): Array<Record<string, unknown>> {
	const run = execution.runData[nodeName]?.[0];
	return (run?.data?.main?.[0] ?? []).map((item) => item.json);
}
