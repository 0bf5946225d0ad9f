import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';
import { Credentials } from 'n8n-core';

/**
 * Hands the engine plain credentials and applies a credential type's `authenticate` the way
 * n8n's own CredentialsHelper does, including the declarative `generic` kind (headers and
 * query values from `={{$credentials.…}}` expressions), which n8n's test harness leaves out.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.types[typeName] ?? {};
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			typeof value === 'string' && value.startsWith('=')
				? String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '')
				: value;
		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outer, values] of Object.entries(authenticate.properties)) {
			options[outer] = { ...(options[outer] ?? {}) };
			for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
				options[outer][String(resolve(key))] = resolve(value);
			}
		}
		return requestOptions;
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: INodeCredentialsDetails, type: string) {
		const data = this.data[type];
		if (!data) throw new Error(`The test gave no "${type}" credentials`);
		return { ...data };
	}

	async preAuthentication() {
		return undefined;
	}

	/** n8n 2.41's OAuth helpers call this; the wolkvox credential has no preAuthentication. */
	async runPreAuthentication() {
		return undefined;
	}

	/** n8n 2.41 asks this before handing a node its credential (earlier lines do not). */
	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.types[credentialType];
		if (!type?.restrictToSupportedNodes) return true;
		return (type.supportedNodes ?? []).includes(nodeType);
	}

	getParentTypes(): string[] {
		return [];
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string) {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type]?.properties ?? [];
	}
}
