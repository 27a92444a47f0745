/**
 * Node test harness: runs this package's nodes through n8n-core's real execution engine
 * (WorkflowExecute, WebhookContext) with test credentials, against servers on 127.0.0.1.
 */
import './environment';

export { TestCredentialsHelper } from './credentials-helper';
export type { CredentialClass, TestCredentials } from './credentials-helper';
export { NodeTypeRegistry, PACKAGE_NAME, qualifiedNodeTypeName } from './node-types';
export type { NodeClass } from './node-types';
export { HARNESS_START_TYPE, HarnessStartNode } from './start-node';
export { runWorkflow } from './run-workflow';
export type {
	NodeRun,
	OutputItem,
	RunWorkflowOptions,
	WorkflowDefinition,
	WorkflowRunResult,
} from './run-workflow';
export { nodeUnderTest, runNode, START_NODE_NAME } from './run-node';
export { loadNodeOptions } from './load-options';
export type { LoadOptionsRequest } from './load-options';
export type { NodeSettings, NodeUnderTest, RunNodeOptions, SingleNodeRunResult } from './run-node';
export { startWebhookHarness } from './webhook';
export type {
	WebhookDelivery,
	WebhookHarness,
	WebhookHarnessOptions,
	WebhookOutcome,
} from './webhook';
export { startPollHarness } from './poll';
export type { PollHarness, PollHarnessOptions, PollOptions, PollOutcome } from './poll';
