/** HubSpot's own task priority (hs_task_priority) derived from the user's levels by a mapping. */
import { resolveLevel } from './levels';

export type HubSpotTaskPriority = 'HIGH' | 'MEDIUM' | 'LOW' | 'NONE';

export const HUBSPOT_TASK_PRIORITIES: readonly HubSpotTaskPriority[] = [
	'HIGH',
	'MEDIUM',
	'LOW',
	'NONE',
];

const VALUE_NAMES: Readonly<Record<string, HubSpotTaskPriority>> = {
	high: 'HIGH',
	alta: 'HIGH',
	alto: 'HIGH',
	medium: 'MEDIUM',
	normal: 'MEDIUM',
	media: 'MEDIUM',
	medio: 'MEDIUM',
	low: 'LOW',
	baixa: 'LOW',
	baixo: 'LOW',
	none: 'NONE',
	nenhuma: 'NONE',
};

function valueOf(text: string): HubSpotTaskPriority | undefined {
	return VALUE_NAMES[text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase()];
}

/**
 * "P1=HIGH, P2=MEDIUM, P3=LOW, P4=LOW" -> Map. Entries are separated by commas, semicolons or
 * new lines; "=", ":" or "->" between level and value. Blank text gives an empty map. Levels not
 * mentioned are not mapped (their tasks keep hs_task_priority as it is).
 */
export function parseHubSpotPriorityMapping(
	text: string | undefined | null,
	levels: readonly string[],
): Map<string, HubSpotTaskPriority> {
	const mapping = new Map<string, HubSpotTaskPriority>();
	const entries = String(text ?? '')
		.split(/[,;\n]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	for (const entry of entries) {
		const parts = entry.split(/\s*(?:->|=>|=|:)\s*/);
		if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
			throw new Error(
				`HubSpot priority mapping: "${entry}" is not of the form LEVEL=HIGH|MEDIUM|LOW|NONE`,
			);
		}
		const level = resolveLevel(levels, parts[0]);
		if (!level) {
			throw new Error(
				`HubSpot priority mapping: "${parts[0]}" in "${entry}" is not one of the priority levels ${levels.join(', ')}`,
			);
		}
		const value = valueOf(parts[1]);
		if (!value) {
			throw new Error(
				`HubSpot priority mapping: "${parts[1]}" in "${entry}" is not one of ${HUBSPOT_TASK_PRIORITIES.join(', ')}`,
			);
		}
		const earlier = mapping.get(level.level);
		if (earlier !== undefined && earlier !== value) {
			throw new Error(
				`HubSpot priority mapping: ${level.level} is mapped twice (${earlier} and ${value})`,
			);
		}
		mapping.set(level.level, value);
	}
	return mapping;
}

/** A sensible mapping when the user asks for one without writing it: first HIGH, second MEDIUM, rest LOW. */
export function defaultHubSpotPriorityMapping(
	levels: readonly string[],
): Map<string, HubSpotTaskPriority> {
	return new Map(
		levels.map((level, index) => [level, index === 0 ? 'HIGH' : index === 1 ? 'MEDIUM' : 'LOW']),
	);
}
