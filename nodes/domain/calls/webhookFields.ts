/**
 * One call-tracking webhook -> one flat record of call fields. Ringostat sends its call data as
 * URL parameters (GET), a form or a JSON object (POST); the fields land in one record so Log Call
 * and Find Owner read them the same way whatever the method. The secret never travels on.
 */
export type CallWebhookFields = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * URL parameters, then the body's fields over them (the body is what the service chose to send).
 * A body that is not an object (text, a list) is kept whole under `body`, so nothing is lost.
 */
export function callWebhookFields(
	query: unknown,
	body: unknown,
	secretParameter?: string,
): CallWebhookFields {
	const fields: CallWebhookFields = {};
	for (const part of [query, isRecord(body) ? body : undefined]) {
		if (!isRecord(part)) continue;
		for (const [name, value] of Object.entries(part)) {
			if (name !== secretParameter) fields[name] = value;
		}
	}
	if (!isRecord(body) && body !== undefined && body !== null && body !== '') fields.body = body;
	return fields;
}
