/** What the demo prints once everything is up, and the same as JSON in .demo/ready.json. */
import path from 'node:path';

import type { ReadyInfo } from '../../tools/demo/ready-file';
import { say } from './progress';
import type { DemoPaths } from './settings';

export { READY_LINE, type ReadyInfo } from '../../tools/demo/ready-file';

export function printReady(ready: ReadyInfo, paths: DemoPaths): void {
	const relative = (file: string) => {
		const shorter = path.relative(process.cwd(), file);
		return shorter === '' || shorter.startsWith('..') ? file : shorter;
	};
	const lines = [
		'',
		'================ HubSpot Taskflow demo ================',
		`n8n editor   ${ready.n8nUrl}/`,
		`login        ${ready.owner.email}  /  ${ready.owner.password}` +
			(ready.owner.status === 'password changed in n8n'
				? '   (this password no longer works: it was changed in n8n)'
				: ''),
		`sandbox      ${ready.sandboxUrl}  (HubSpot API token: sandbox-token; ${ready.sandboxUrl}/__sandbox/health)`,
		`             ${ready.sandboxSummary}`,
		`data, logs   ${relative(ready.demoDir)}/  (n8n.log, sandbox.log; delete the folder to start over)`,
		'',
		'Every template is imported and active:',
	];
	for (const example of ready.webhooks) {
		lines.push(
			'',
			`* ${example.workflowName}  (workflows/${example.template}.json)`,
			`  ${example.description}`,
			...example.expected.map((title) =>
				title.before === title.after
					? `    task ${title.taskId}: "${title.before}" (stays)`
					: `    task ${title.taskId}: "${title.before}" -> "${title.after}"`,
			),
			'  fire it (X-HubSpot-Signature v2, does not expire):',
			`  ${example.curl}`,
			'  or signed fresh with v3:',
			`  npm run demo:fire -- ${example.template}`,
		);
	}
	for (const run of ready.manualRuns) {
		lines.push(
			'',
			`* ${run.workflowName}  (workflows/${run.template}.json)`,
			`  runs on its schedule; run it now ("${run.trigger}"), as the editor's Execute workflow does:`,
			`  npm run demo:fire -- ${run.template}`,
		);
	}
	for (const poll of ready.polls) {
		lines.push(
			'',
			`* ${poll.workflowName}  (workflows/${poll.template}.json)`,
			`  ${poll.description}; create one ("${poll.title}" -> "${poll.expectedTitle}") and wait for it:`,
			`  npm run demo:fire -- ${poll.template}`,
		);
	}
	for (const activity of ready.activities) {
		lines.push(
			'',
			`* ${activity.workflowName}  (workflows/${activity.template}.json)`,
			`  ${activity.description}:`,
			`  npm run demo:fire -- ${activity.template}`,
		);
	}
	for (const call of ready.calls) {
		lines.push(
			'',
			`* ${call.workflowName}  (workflows/${call.template}.json)`,
			`  ${call.description}; all cells, or one of ${call.cells.join(', ')}:`,
			`  npm run demo:fire -- ${call.template}`,
			`  npm run demo:fire -- ${call.template} ${call.cells[0]}`,
		);
	}
	for (const ring of ready.rings) {
		lines.push(
			'',
			`* ${ring.workflowName}  (workflows/${ring.template}.json)`,
			`  ${ring.description}:`,
			...ring.rings.map((r) => `    ${r.caller} (${r.who}) -> "${r.expected}"`),
			`  npm run demo:fire -- ${ring.template}`,
		);
	}
	for (const guide of ready.guides) {
		lines.push(
			'',
			`* ${guide.workflowName}  (workflows/${guide.template}.json)`,
			`  ${guide.description}; open in a browser, on ${guide.record}:`,
			`  ${guide.url}`,
		);
	}
	lines.push(
		'',
		`Open ${ready.n8nUrl}/ and sign in to see the workflows and their executions.`,
		`Demo ready in ${ready.readySeconds.toFixed(1)} s. Ctrl-C stops n8n and the sandbox (${relative(paths.ready)} has all of this as JSON).`,
	);
	say(lines.join('\n'));
}
