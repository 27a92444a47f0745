/**
 * What `npm run demo` promises its callers once it is up: the line it prints and the JSON it writes
 * to .demo/ready.json. The demo writes it; its end-to-end test and `demo:fire` read it.
 */
export type OwnerStatus = 'created' | 'signed in' | 'password changed in n8n';

export interface ExpectedTitle {
	taskId: string;
	before: string;
	after: string;
}

export interface WebhookExample {
	/** the template's file name without .json: what demo:fire takes */
	template: string;
	workflowId: string;
	workflowName: string;
	url: string;
	/** the exact bytes sent and signed (JSON, non-ASCII escaped so a terminal cannot alter it) */
	body: string;
	description: string;
	expected: ExpectedTitle[];
}

export interface ManualRunExample {
	template: string;
	workflowId: string;
	workflowName: string;
	trigger: string;
}

/** The polling priority template: a task created in the sandbox gets its prefix from the next poll. */
export interface PollExample {
	template: string;
	workflowId: string;
	workflowName: string;
	description: string;
	/** the title of the task demo:fire creates, and the one the rules give it */
	title: string;
	expectedTitle: string;
}

/**
 * A Create Workflow Activity template: demo:fire makes the record change its trigger polls for
 * (over the sandbox's HubSpot API, as a user would) and checks the outcome after the next poll.
 */
export interface ActivityExample {
	template: string;
	workflowId: string;
	workflowName: string;
	/** one line: what the template does after the record change, and what demo:fire does */
	description: string;
}

/** The Ringostat call template: demo:fire posts an after-call event per cell and checks HubSpot. */
export interface CallExample {
	template: string;
	workflowId: string;
	workflowName: string;
	/** the trigger's URL with the demo's secret */
	url: string;
	/** the cells demo:fire takes after the template's name */
	cells: string[];
	description: string;
}

/** The smart-forwarding template: demo:fire rings each number and checks the answer. */
export interface RingExample {
	template: string;
	workflowId: string;
	workflowName: string;
	url: string;
	description: string;
	rings: Array<{ caller: string; who: string; expected: string }>;
}

/** A process guide template: its form's link on a demo record, to open in a browser. */
export interface GuideExample {
	template: string;
	workflowId: string;
	workflowName: string;
	url: string;
	record: string;
	description: string;
}

export interface ReadyInfo {
	demoPid: number;
	n8nPid: number;
	sandboxPid: number;
	n8nUrl: string;
	sandboxUrl: string;
	sandboxSummary: string;
	demoDir: string;
	owner: { email: string; password: string; status: OwnerStatus };
	webhooks: Array<WebhookExample & { curl: string }>;
	manualRuns: ManualRunExample[];
	polls: PollExample[];
	activities: ActivityExample[];
	calls: CallExample[];
	rings: RingExample[];
	guides: GuideExample[];
	readySeconds: number;
}

/** The line a caller (or test) waits for. */
export const READY_LINE = /^Demo ready in ([\d.]+) s\b/m;
