/**
 * HubSpot's datetime values as epoch milliseconds. Search answers ISO strings; filters and some
 * older properties carry epoch milliseconds as strings. Anything else is no date.
 */
export function epochMsOf(value: string | null | undefined): number | undefined {
	if (value === null || value === undefined) return undefined;
	const trimmed = value.trim();
	if (trimmed === '') return undefined;
	if (/^\d{1,16}$/.test(trimmed)) return Number(trimmed);
	const parsed = Date.parse(trimmed);
	return Number.isFinite(parsed) ? parsed : undefined;
}
