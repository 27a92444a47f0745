/** One way an exchange departs from HubSpot's published contract. */
export interface Violation {
	direction: 'request' | 'response';
	method: string;
	/** Request path without query string. */
	path: string;
	/** The sandbox's exchange id, when the exchange came from the sandbox. */
	exchangeId?: number;
	operationId?: string;
	/** Spec file that declares the operation, e.g. `tasks.json`. */
	spec?: string;
	status?: number;
	/**
	 * What is wrong, as a dotted locator: `path.ownerId`, `query.limit`,
	 * `body.inputs[0].properties.hs_task_subject`, `status`, `operation`, `method`.
	 */
	field: string;
	message: string;
}

/** The parts of a sandbox exchange the contract looks at (structurally the sandbox's `Exchange`). */
export interface ContractExchange {
	id?: number;
	method: string;
	path: string;
	query?: Record<string, string | string[]>;
	requestHeaders?: Record<string, string>;
	requestBody?: unknown;
	status?: number;
	responseBody?: unknown;
	/**
	 * Set when an injected fault, not HubSpot, made the answer (a proxy's HTML page, a gateway
	 * timeout, a lost answer): the request is still checked, the answer is not.
	 */
	fault?: string | number;
}

export function formatViolation(violation: Violation): string {
	const where = [violation.operationId, violation.spec].filter(Boolean).join(' in ');
	const status =
		violation.direction === 'response' && violation.status !== undefined
			? ` -> ${violation.status}`
			: '';
	const id = violation.exchangeId !== undefined ? `#${violation.exchangeId} ` : '';
	return (
		`${id}${violation.direction} ${violation.method.toUpperCase()} ${violation.path}${status}` +
		`${where ? ` (${where})` : ''}: ${violation.field}: ${violation.message}`
	);
}

/** `/inputs/0/properties/a~1b` -> `inputs[0].properties.a/b` */
export function instancePathToField(prefix: string, instancePath: string, extra?: string): string {
	const parts = instancePath
		.split('/')
		.slice(1)
		.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
	if (extra !== undefined) parts.push(extra);
	return parts.reduce(
		(field, part) => (/^\d+$/.test(part) ? `${field}[${part}]` : `${field}.${part}`),
		prefix,
	);
}
