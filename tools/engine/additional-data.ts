import './environment';

import { ExternalSecretsProxy } from 'n8n-core';
import type { ExecutionLifecycleHooks } from 'n8n-core';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { UnexpectedError } from 'n8n-workflow';

export interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	executionId: string;
	workflowId: string;
	/** Base of every URL n8n hands to nodes (webhook, form, REST); ends without a slash. */
	instanceUrl?: string;
}

function unavailable(what: string): never {
	throw new UnexpectedError(`${what} is not available in the node test harness`);
}

/**
 * The per-execution services n8n's CLI normally provides. Only what our nodes can reach is real
 * (credentials, URLs, hooks); sub-workflows, task runners and stored executions fail loudly if a
 * node ever asks for them, instead of silently returning nothing.
 */
export function createAdditionalData(
	options: AdditionalDataOptions,
): IWorkflowExecuteAdditionalData {
	const instanceUrl = options.instanceUrl ?? 'http://127.0.0.1:5678';
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executionId: options.executionId,
		workflowId: options.workflowId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${instanceUrl}/rest`,
		instanceBaseUrl: `${instanceUrl}/`,
		formBaseUrl: `${instanceUrl}/form`,
		formWaitingBaseUrl: `${instanceUrl}/form-waiting`,
		formTestBaseUrl: `${instanceUrl}/form-test`,
		webhookBaseUrl: `${instanceUrl}/webhook`,
		webhookWaitingBaseUrl: `${instanceUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${instanceUrl}/webhook-test`,
		mcpBaseUrl: `${instanceUrl}/mcp`,
		mcpTestBaseUrl: `${instanceUrl}/mcp-test`,
		logAiEvent: () => {},
		executeWorkflow: async () => unavailable('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => unavailable('The task runner'),
	};
}
