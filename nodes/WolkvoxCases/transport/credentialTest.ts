import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { apiBaseUrl } from '../../../credentials/serverUrl';
import type { WolkvoxCredentials } from '../../../credentials/WolkvoxCredentials';
import { parseResponse } from './envelope';
import { redactToken } from './request';
import { acquireSlot, slotLimit } from './tokenSlots';

const TEST_TIMEOUT_MS = 30_000;

const error = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

/** " (ECONNREFUSED)" and the like, wherever the HTTP library put the system error code. */
function networkCode(caught: { code?: unknown; cause?: { code?: unknown } }): string {
	const code = [caught?.code, caught?.cause?.code].find((c) => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
	return code ? ` (${code as string})` : '';
}

/**
 * Asks token/tokenInformation.php about the token, and says which of server, token or
 * operation is wrong as far as the answer tells. (Each call counts against the daily quota.)
 */
export async function wolkvoxApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as unknown as WolkvoxCredentials;
	const server = apiBaseUrl(data);
	if ('problem' in server) return error(`Server: ${server.problem}`);
	const baseUrl = server.url;
	if (!String(data.operation ?? '').trim()) return error('Operation: enter the name of your wolkvox operation');
	if (!String(data.token ?? '').trim()) return error('Token: enter the API token generated in the CRM');

	const url = `${baseUrl}token/tokenInformation.php?operation=${encodeURIComponent(data.operation.trim())}`;
	let status: number;
	let body: string;
	// The test uses the token like any execution: it takes one of the token's slots in this process.
	const slotKey = { server: baseUrl, operation: data.operation.trim(), token: data.token };
	let release: () => void;
	try {
		release = await acquireSlot(slotKey, slotLimit(data.simultaneousRequests), TEST_TIMEOUT_MS);
	} catch {
		return error('Token: its request slots in this n8n process stayed busy for 30 s (running executions use it); try again');
	}
	try {
		// n8n's own HTTP path (its proxy settings included: HTTP_PROXY, HTTPS_PROXY, NO_PROXY). The
		// credential test context offers no other helper than `request` (n8n-core's CredentialTestContext).
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		const response = (await this.helpers.request({
			method: 'GET',
			uri: url,
			headers: { 'Wolkvox-Token': data.token.trim() },
			followRedirect: false,
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			timeout: TEST_TIMEOUT_MS,
		})) as { statusCode: number; body: unknown };
		status = response.statusCode;
		body = typeof response.body === 'string' ? response.body : response.body === undefined ? '' : JSON.stringify(response.body);
	} catch (caught) {
		return error(redactToken(`Server: could not reach ${baseUrl}${networkCode(caught)}: check the server host`, data.token));
	} finally {
		release();
	}
	if (status >= 300 && status < 400) {
		return error(`Server: ${baseUrl} redirects elsewhere; enter the host it should be (not followed, to keep the token there)`);
	}

	const parsed = parseResponse(status, body);
	if (parsed.ok) {
		const info = parsed.envelope.data as IDataObject;
		const used = info.token_use_today;
		const limit = info.token_limit;
		return {
			status: 'OK',
			message: `Connection successful${limit !== undefined ? `: ${String(used)} of ${String(limit)} requests used today` : ''}`,
		};
	}
	if (!parsed.envelope) {
		return error(`Server: ${baseUrl} answered HTTP ${parsed.httpStatus} without wolkvox's JSON: check the server host`);
	}
	const text = `${parsed.envelope.error ?? ''} ${parsed.envelope.msg}`;
	if (/VALIDATE TOKEN/i.test(text)) {
		return error(
			`Token or operation: wolkvox did not accept this token for the operation "${data.operation.trim()}". Check that the token was generated in this operation's CRM and that the operation name is exact.`,
		);
	}
	if (/ENTER THE WOLKVOX-TOKEN/i.test(text)) return error('Token: wolkvox received no token');
	if (/TOKEN LIMIT EXCEEDED/i.test(text)) {
		return error("Token: valid, but its daily request quota is used up; it resets within a day");
	}
	if (/DOES NOT EXIST/i.test(text)) return error(`Server: ${baseUrl} has no wolkvox API: check the server host`);
	return error(redactToken(`wolkvox refused the test: ${text.trim()}`, data.token));
}
