/**
 * HubSpot's error bodies. Handlers throw ApiError; the server stamps the request's correlation id
 * into the body (the same id as the X-HubSpot-Correlation-Id header) before sending it.
 */

export interface ErrorDetail {
	message: string;
	code?: string;
	in?: string;
	context?: Record<string, string[]>;
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown>,
		readonly headers: Record<string, string> = {},
	) {
		super(String(body.message ?? `HTTP ${status}`));
		this.name = 'ApiError';
	}
}

function errorBody(
	category: string,
	message: string,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return { status: 'error', message, correlationId: '', category, ...extra };
}

export function validationError(
	message: string,
	errors?: ErrorDetail[],
	context?: Record<string, string[]>,
): ApiError {
	return new ApiError(
		400,
		errorBody('VALIDATION_ERROR', message, {
			...(errors ? { errors } : {}),
			...(context ? { context } : {}),
		}),
	);
}

export function objectNotFound(message: string, context?: Record<string, string[]>): ApiError {
	return new ApiError(404, errorBody('OBJECT_NOT_FOUND', message, context ? { context } : {}));
}

export function conflict(message: string): ApiError {
	return new ApiError(409, errorBody('CONFLICT', message));
}

export function routeNotFound(method: string, path: string): ApiError {
	return new ApiError(
		404,
		errorBody(
			'OBJECT_NOT_FOUND',
			`Unable to route ${method} ${path}: no such endpoint in the sandbox`,
		),
	);
}

export function methodNotAllowed(method: string, path: string): ApiError {
	return new ApiError(
		405,
		errorBody('VALIDATION_ERROR', `HTTP method ${method} is not supported by ${path}`),
	);
}

/** Same body for a missing and an unknown token, as HubSpot answers both. */
export function invalidAuthentication(): ApiError {
	return new ApiError(
		401,
		errorBody(
			'INVALID_AUTHENTICATION',
			'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
		),
	);
}

export function missingScopes(requiredScopes: string[]): ApiError {
	return new ApiError(
		403,
		errorBody(
			'MISSING_SCOPES',
			"This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
			{
				errors: [
					{
						message: 'One or more of the following scopes are required.',
						context: { requiredGranularScopes: requiredScopes },
					},
				],
				links: { scopes: 'https://developers.hubspot.com/scopes' },
			},
		),
	);
}

export function internalError(status: number): ApiError {
	const messages: Record<number, string> = {
		500: 'internal error',
		502: 'Bad Gateway: the upstream service did not answer in time',
		503: 'Service Unavailable: the service is temporarily overloaded',
	};
	return new ApiError(status, errorBody('INTERNAL_ERROR', messages[status] ?? 'internal error'));
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

/** The gateway's 429 body: no `category`, an `errorType` and `policyName` instead. */
export function rateLimited(policy: RateLimitPolicy, headers: Record<string, string>): ApiError {
	const messages: Record<RateLimitPolicy, string> = {
		SECONDLY: 'You have reached your secondly limit.',
		TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
		DAILY: 'You have reached your daily limit.',
	};
	const message = messages[policy];
	return new ApiError(
		429,
		{ status: 'error', message, errorType: 'RATE_LIMIT', correlationId: '', policyName: policy },
		headers,
	);
}

/** The StandardError shape used inside 207 multi-status bodies (every field the spec requires). */
export function standardError(
	category: string,
	message: string,
	context: Record<string, string[]>,
): Record<string, unknown> {
	return { status: 'error', category, message, context, errors: [], links: {} };
}

/**
 * HubSpot's property validation message: "Property values were not valid: [ ...json... ]", with one
 * errors[] entry per offending property.
 */
export function invalidPropertyValues(
	problems: Array<{ name: string; error: string; message: string }>,
): ApiError {
	const detail = problems.map((p) => ({
		isValid: false,
		message: p.message,
		error: p.error,
		name: p.name,
		localizedErrorMessage: p.message,
	}));
	return validationError(
		`Property values were not valid: ${JSON.stringify(detail)}`,
		problems.map((p) => ({
			message: p.message,
			code: p.error,
			context: { propertyName: [p.name] },
		})),
	);
}
