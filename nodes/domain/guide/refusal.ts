/**
 * Which answers HubSpot refused, read from its VALIDATION_ERROR ("Property values were not valid:
 * [{ name, message, ... }]"), so the guide can ask exactly those again, with HubSpot's reasons.
 */
export interface Refusal {
	properties: string[];
	problems: string[];
}

const PREFIX = 'Property values were not valid: ';

/** The JSON list that starts at `text`'s first character, or undefined. */
function leadingJsonList(text: string): unknown[] | undefined {
	for (let end = text.indexOf(']'); end >= 0; end = text.indexOf(']', end + 1)) {
		try {
			const parsed = JSON.parse(text.slice(0, end + 1)) as unknown;
			if (Array.isArray(parsed)) return parsed;
		} catch {
			// not closed yet: a ']' inside a message; try the next one
		}
	}
	return undefined;
}

/** HubSpot's reason without the list of allowed options it appends. */
function shortReason(message: unknown): string {
	return String(message ?? 'invalid').replace(/: \[.*$/s, '');
}

export function readRefusal(
	message: string,
	labelOf: (property: string) => string | undefined,
	changed: string[],
): Refusal {
	const start = message.indexOf(PREFIX);
	const entries = start >= 0 ? leadingJsonList(message.slice(start + PREFIX.length)) : undefined;
	const named = (entries ?? []).filter(
		(entry): entry is { name: string; message?: unknown } =>
			typeof entry === 'object' &&
			entry !== null &&
			typeof (entry as { name?: unknown }).name === 'string' &&
			labelOf((entry as { name: string }).name) !== undefined,
	);
	if (named.length > 0) {
		return {
			properties: [...new Set(named.map((entry) => entry.name))],
			problems: named.map(
				(entry) => `${labelOf(entry.name)}: HubSpot refused it (${shortReason(entry.message)})`,
			),
		};
	}
	// Not HubSpot's list: every changed answer is asked again, with the message as it came.
	return { properties: changed, problems: [`HubSpot refused the answers: ${message}`] };
}
