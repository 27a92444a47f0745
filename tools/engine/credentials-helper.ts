import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, isExpression, UnexpectedError } from 'n8n-workflow';

export type CredentialClass = new () => ICredentialType;

/** Credential data per credential type name, e.g. `{ hubSpotTaskflowApi: { accessToken, baseUrl } }`. */
export type TestCredentials = Record<string, ICredentialDataDecryptedObject>;

type RequestOptionsRecord = Record<string, Record<string, unknown> | undefined>;

/**
 * The ICredentialsHelper n8n-core calls for `getCredentials` and `httpRequestWithAuthentication`.
 * Data comes from the test instead of the database; everything else behaves as n8n's CLI helper:
 * the credential type's declared defaults fill missing fields, and its `authenticate` (a function
 * or a generic block with `={{$credentials...}}` expressions) is applied to outgoing requests.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly credentialTypes = new Map<string, ICredentialType>();

	constructor(
		credentialClasses: CredentialClass[],
		private credentials: TestCredentials = {},
	) {
		super();
		for (const CredentialClassToRegister of credentialClasses) {
			const credentialType = new CredentialClassToRegister();
			this.credentialTypes.set(credentialType.name, credentialType);
		}
	}

	setCredentials(credentials: TestCredentials): void {
		this.credentials = credentials;
	}

	hasCredentials(typeName: string): boolean {
		return this.credentials[typeName] !== undefined;
	}

	getCredentialType(typeName: string): ICredentialType | undefined {
		return this.credentialTypes.get(typeName);
	}

	getParentTypes(typeName: string): string[] {
		const parents = this.credentialTypes.get(typeName)?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const typeDescription = this.credentialTypes.get(credentialType);
		if (typeDescription?.restrictToSupportedNodes !== true) return true;
		const supported = typeDescription.supportedNodes ?? [];
		return supported.some((name) => nodeType === name || nodeType.endsWith(`.${name}`));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticateWith = this.credentialTypes.get(typeName)?.authenticate;
		if (authenticateWith === undefined) return requestOptions as IHttpRequestOptions;
		if (typeof authenticateWith === 'function') {
			return await authenticateWith(credentials, requestOptions as IHttpRequestOptions);
		}

		const target = requestOptions as unknown as RequestOptionsRecord;
		target.headers ??= {};
		for (const [section, entries] of Object.entries(authenticateWith.properties)) {
			const sectionValues = (target[section] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				const resolvedKey = this.resolveWithCredentials(key, credentials, workflow, node);
				sectionValues[resolvedKey] = this.resolveWithCredentials(
					value,
					credentials,
					workflow,
					node,
				);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		throw new UnexpectedError(
			`Encrypted credentials are not available in tests (asked for ${type} "${nodeCredentials.name}")`,
		);
	}

	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (data === undefined) {
			throw new UnexpectedError(
				`No test credentials of type "${type}" (node credential "${nodeCredentials.name}")`,
			);
		}
		return { ...this.defaultsOf(type), ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.get(type)?.properties ?? [];
	}

	private defaultsOf(type: string): ICredentialDataDecryptedObject {
		const defaults: ICredentialDataDecryptedObject = {};
		for (const property of this.getCredentialsProperties(type)) {
			if (property.default !== undefined && property.type !== 'notice') {
				defaults[property.name] = property.default as ICredentialDataDecryptedObject[string];
			}
		}
		return defaults;
	}

	private resolveWithCredentials(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow | undefined,
		node: INode | undefined,
	): string {
		if (!isExpression(value)) return String(value);
		if (workflow === undefined || node === undefined) {
			throw new UnexpectedError('Resolving a credential expression needs the workflow and node');
		}
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		return resolved === undefined || resolved === null ? '' : String(resolved);
	}
}
