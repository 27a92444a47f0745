/**
 * Task titles as a running sandbox holds them, read over its admin API: what `demo:fire` checks
 * after a webhook and what the demo's end-to-end test holds against the printed examples.
 */

/** The title of one task; undefined when the sandbox has no such task. */
export async function sandboxTaskTitle(
	sandboxUrl: string,
	taskId: string,
): Promise<string | undefined> {
	const response = await fetch(`${sandboxUrl}/__sandbox/objects/tasks/${taskId}`);
	if (!response.ok) return undefined;
	const task = (await response.json()) as { properties: Record<string, string> };
	return task.properties.hs_task_subject;
}

/** task id -> title, for each id. */
export async function sandboxTaskTitles(
	sandboxUrl: string,
	taskIds: string[],
): Promise<Record<string, string | undefined>> {
	const titles = await Promise.all(taskIds.map((id) => sandboxTaskTitle(sandboxUrl, id)));
	return Object.fromEntries(taskIds.map((id, index) => [id, titles[index]]));
}

/**
 * Polls until every task has its expected title or `timeoutMs` has passed (n8n answers a webhook
 * before the workflow writes); returns the titles last seen.
 */
export async function waitForSandboxTitles(
	sandboxUrl: string,
	expected: Record<string, string>,
	timeoutMs: number,
): Promise<Record<string, string | undefined>> {
	const deadline = Date.now() + timeoutMs;
	const ids = Object.keys(expected);
	for (;;) {
		const seen = await sandboxTaskTitles(sandboxUrl, ids);
		if (ids.every((id) => seen[id] === expected[id]) || Date.now() > deadline) return seen;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
