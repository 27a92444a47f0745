import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The slice of an OpenAPI 3.0 document the validator reads. */
export interface OpenApiDocument {
	openapi: string;
	info?: { title?: string };
	paths: Record<string, Record<string, unknown>>;
	components?: {
		schemas?: Record<string, unknown>;
		responses?: Record<string, unknown>;
		parameters?: Record<string, unknown>;
		requestBodies?: Record<string, unknown>;
		securitySchemes?: Record<string, { type?: string; in?: string; name?: string }>;
	};
}

export interface LoadedSpec {
	/** File name, e.g. `tasks.json`; names the spec in violations. */
	file: string;
	document: OpenApiDocument;
}

/**
 * The specs this project codes against. The folder is listed explicitly so that a lost or renamed
 * file fails loudly instead of silently shrinking the contract.
 */
export const EXPECTED_SPEC_FILES = [
	'associations.json',
	'calls.json',
	'companies.json',
	'contacts.json',
	'crmOwners.json',
	'deals.json',
	'meetings.json',
	'notes.json',
	'pipelines.json',
	'properties.json',
	'tasks.json',
	'tickets.json',
] as const;

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** `HUBSPOT_OPENAPI_DIR`, else `shared/hubspot-openapi` beside the repository (as CI lays it out). */
export function defaultSpecDir(): string {
	return (
		process.env.HUBSPOT_OPENAPI_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'hubspot-openapi')
	);
}

export class ContractSpecsMissingError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ContractSpecsMissingError';
	}
}

/** `HUBSPOT_CONTRACT_REQUIRED=1` (set by .ci/run): a run without the specs is an error, not a skip. */
export function contractRequired(): boolean {
	return process.env.HUBSPOT_CONTRACT_REQUIRED === '1';
}

/** The line a run prints when it could not check the contract. */
export function contractNotCheckedMessage(dir: string = defaultSpecDir()): string {
	return `contract: NOT checked — HubSpot's OpenAPI specs not found at ${dir} (set HUBSPOT_OPENAPI_DIR)`;
}

export function specFolderExists(dir: string = defaultSpecDir()): boolean {
	return existsSync(dir) && statSync(dir).isDirectory();
}

/**
 * Whether the contract can be checked: the spec folder exists. Without it, false, unless the
 * contract is required, which throws. A folder that exists but lacks a file is no reason to skip:
 * `readSpecFiles` then fails naming the file.
 */
export function contractSpecsPresent(dir: string = defaultSpecDir()): boolean {
	if (specFolderExists(dir)) return true;
	if (contractRequired())
		throw new ContractSpecsMissingError(
			`HubSpot's OpenAPI specs not found at ${dir}, and HUBSPOT_CONTRACT_REQUIRED=1 requires them (set HUBSPOT_OPENAPI_DIR)`,
		);
	return false;
}

/** Reads every expected spec file; throws (never returns a partial contract) when any is absent. */
export function readSpecFiles(dir: string = defaultSpecDir()): LoadedSpec[] {
	const hint =
		'HubSpot OpenAPI specs are required by the contract checks. Put the specs folder at ' +
		"'../shared/hubspot-openapi' beside the repository or point HUBSPOT_OPENAPI_DIR at it.";
	if (!specFolderExists(dir)) {
		throw new ContractSpecsMissingError(`HubSpot OpenAPI spec folder not found: ${dir}. ${hint}`);
	}
	const present = new Set(readdirSync(dir));
	const missing = EXPECTED_SPEC_FILES.filter((file) => !present.has(file));
	if (missing.length > 0) {
		throw new ContractSpecsMissingError(
			`HubSpot OpenAPI spec file(s) missing in ${dir}: ${missing.join(', ')}. ${hint}`,
		);
	}
	return EXPECTED_SPEC_FILES.map((file) => {
		const fullPath = path.join(dir, file);
		let document: OpenApiDocument;
		try {
			document = JSON.parse(readFileSync(fullPath, 'utf8')) as OpenApiDocument;
		} catch (error) {
			throw new ContractSpecsMissingError(
				`HubSpot OpenAPI spec ${fullPath} is not valid JSON: ${String(error)}`,
			);
		}
		if (
			typeof document.openapi !== 'string' ||
			!document.openapi.startsWith('3.0') ||
			!document.paths
		) {
			throw new ContractSpecsMissingError(
				`${fullPath} is not an OpenAPI 3.0 document (openapi: ${String(document.openapi)})`,
			);
		}
		return { file, document };
	});
}
