/**
 * Which answers HubSpot refused, read from its VALIDATION_ERROR ("Property values were not valid:
 * [{ name, message, ... }]"), so the guide can ask exactly those again, with HubSpot's reasons.
 */
export interface Refusal {
	properties: string[];
	problems: string[];
}

const PREFIX = 'Property values were not valid: ';

export function readRefusal(
	message: string,
	labelOf: (property: string) => string | undefined,
	changed: string[],
): Refusal {
	const start = message.indexOf(PREFIX);
	if (start >= 0) {
		const listText = message.slice(start + PREFIX.length);
		const end = listText.lastIndexOf(']');
		try {
			const entries = JSON.parse(listText.slice(0, end + 1)) as Array<{
				name?: unknown;
				message?: unknown;
			}>;
			const named = entries.filter(
				(entry) => typeof entry.name === 'string' && labelOf(entry.name) !== undefined,
			);
			if (named.length > 0) {
				return {
					properties: named.map((entry) => String(entry.name)),
					problems: named.map(
						(entry) =>
							`${labelOf(String(entry.name))}: HubSpot refused it (${String(entry.message ?? 'invalid')})`,
					),
				};
			}
		} catch {
			// not HubSpot's list: every changed answer is asked again, with the message as it came
		}
	}
	return { properties: changed, problems: [`HubSpot refused the answers: ${message}`] };
}
