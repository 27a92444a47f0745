/**
 * Decodes the "flatted" format n8n's REST API uses for execution data (`GET /rest/executions/:id`
 * returns `data` as a string). Flatted is JSON of a table: entry 0 is the root, every object is
 * its own entry, and inside objects every string is the index of the entry holding the value.
 */
export function parseFlatted(text: string): unknown {
	const table = JSON.parse(text) as unknown;
	if (!Array.isArray(table) || table.length === 0) return table;
	const revived = new Set<object>();

	const resolve = (reference: string): unknown => {
		const entry: unknown = table[Number(reference)];
		return isObject(entry) ? revive(entry) : entry;
	};
	const revive = (entry: Record<string, unknown> | unknown[]): object => {
		if (revived.has(entry)) return entry;
		revived.add(entry);
		const fields = entry as Record<string, unknown>;
		for (const key of Object.keys(fields)) {
			if (typeof fields[key] === 'string') fields[key] = resolve(fields[key] as string);
		}
		return entry;
	};

	const root: unknown = table[0];
	return isObject(root) ? revive(root) : root;
}

function isObject(value: unknown): value is Record<string, unknown> | unknown[] {
	return typeof value === 'object' && value !== null;
}
