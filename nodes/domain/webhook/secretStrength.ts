/**
 * A shared secret is all that stands between the internet and a workflow that writes to the CRM:
 * one short or repetitive enough to guess is refused before it is used.
 */
export const MIN_SECRET_LENGTH = 16;

export function secretStrengthProblem(secret: string): string | undefined {
	if (secret === '') return 'it is empty';
	if (secret.length < MIN_SECRET_LENGTH) {
		return `it has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} random ones`;
	}
	if (new Set(secret).size < 6) return 'it repeats a few characters; use random ones';
	return undefined;
}
