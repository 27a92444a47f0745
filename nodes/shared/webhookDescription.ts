/**
 * Webhook description fields that read node parameters. n8n 2.40 and later resolve fields built
 * with its `fromParameter` natively, without starting the expression engine (an isolate) for
 * every request; older versions get the same expression templates they always read.
 */
import type { IWebhookDescription } from 'n8n-workflow';
import * as workflow from 'n8n-workflow';

type ParameterField = Exclude<keyof IWebhookDescription, 'name'>;

export function fieldsFromParameters(
	fields: Partial<Record<ParameterField, string>>,
): Partial<IWebhookDescription> {
	const { webhookDescriptionFields, fromParameter } = workflow as Partial<typeof workflow>;
	if (typeof webhookDescriptionFields === 'function' && typeof fromParameter === 'function') {
		return webhookDescriptionFields(
			Object.fromEntries(
				Object.entries(fields).map(([field, parameter]) => [
					field,
					fromParameter(parameter as string),
				]),
			),
		) as Partial<IWebhookDescription>;
	}
	return Object.fromEntries(
		Object.entries(fields).map(([field, parameter]) => [field, `={{$parameter["${parameter}"]}}`]),
	);
}
