import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiBaseUrl } from '../../../credentials/serverUrl';
import type { WolkvoxCredentials } from '../../../credentials/WolkvoxCredentials';
import { type Envelope, parseResponse } from './envelope';
import { explainFailure, type RequestContext } from './failures';

export const CREDENTIAL_TYPE = 'wolkvoxApi';

/** A request body with the headers that describe it (type, length). */
export interface PreparedBody {
	body: IHttpRequestOptions['body'];
	headers: Record<string, string>;
}

export interface WolkvoxRequest {
	method: 'GET' | 'POST';
	/** Path under `/server/API/v2/`, e.g. `cases/insert.php`. */
	path: string;
	qs?: IDataObject;
	/** Builds a fresh body for each attempt: a streamed body cannot be sent twice. */
	prepareBody?: () => Promise<PreparedBody>;
	context: RequestContext;
	timeoutMs: number;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, string | undefined>;
	statusCode: number;
}

export async function getCredentials(ctx: IExecuteFunctions, itemIndex: number): Promise<WolkvoxCredentials> {
	return await ctx.getCredentials<WolkvoxCredentials & IDataObject>(CREDENTIAL_TYPE, itemIndex);
}

export function baseUrlOrThrow(ctx: IExecuteFunctions, credentials: WolkvoxCredentials, itemIndex: number): string {
	const server = apiBaseUrl(credentials);
	if ('url' in server) return server.url;
	throw new NodeOperationError(ctx.getNode(), server.problem, {
		itemIndex,
		description: 'Fix the Server of the Wolkvox API credential.',
	});
}

/** Removes the token from any text that might reach the user or a log. */
export function redactToken(text: string, token: string): string {
	const secret = token.trim();
	return secret.length >= 4 ? text.split(secret).join('***') : text;
}

/**
 * Sends one request to the wolkvox API and returns its envelope when the body's `code` says
 * success. Every failure becomes a NodeApiError built from our own words and the server's
 * text only, never from the HTTP library's error, whose request config holds the token.
 */
export async function wolkvoxRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	request: WolkvoxRequest,
): Promise<Envelope> {
	const credentials = await getCredentials(this, itemIndex);
	const baseURL = baseUrlOrThrow(this, credentials, itemIndex);
	const prepared = request.prepareBody ? await request.prepareBody() : undefined;
	const apiError = (message: string, description: string, httpCode?: number) =>
		new NodeApiError(this.getNode(), { message } as JsonObject, {
			itemIndex,
			message: redactToken(message, credentials.token),
			description: redactToken(description, credentials.token),
			httpCode: httpCode === undefined ? undefined : String(httpCode),
		});

	let response: FullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: request.method,
			baseURL,
			url: request.path,
			qs: request.qs,
			body: prepared?.body,
			headers: prepared?.headers,
			encoding: 'text',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// A redirect would carry the Wolkvox-Token header to whatever host it names.
			disableFollowRedirect: true,
			timeout: request.timeoutMs,
		})) as FullResponse;
	} catch (error) {
		const code = (error?.cause?.code ?? error?.code ?? '') as string;
		throw apiError(
			`Could not reach wolkvox to ${request.context.action}${code ? ` (${code})` : ''}`,
			networkAdvice(code, baseURL),
		);
	}

	if (response.statusCode >= 300 && response.statusCode < 400) {
		const location = response.headers.location ?? 'an unnamed place';
		throw apiError(
			`wolkvox answered with a redirect (HTTP ${response.statusCode}) that was not followed`,
			`The server pointed to ${location}. Redirects are not followed so that the token is never sent to another host: check the Server of the credential.`,
			response.statusCode,
		);
	}
	const parsed = parseResponse(response.statusCode, response.body);
	if (parsed.ok) return parsed.envelope;
	const { message, description } = explainFailure(parsed, { ...request.context, operation: credentials.operation });
	throw apiError(message, description, parsed.envelope?.code ?? parsed.httpStatus);
}

function networkAdvice(code: string, baseURL: string): string {
	switch (code) {
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return `The host of ${baseURL} does not resolve: check the Server of the credential.`;
		case 'ECONNREFUSED':
			return `Nothing answered at ${baseURL}: check the Server of the credential.`;
		case 'ECONNABORTED':
		case 'ETIMEDOUT':
			return 'wolkvox did not answer in time. The request may still have been processed: check the CRM before running the item again, or raise the Timeout option.';
		default:
			return 'The connection failed after the request was sent: the server may have processed it. Check the CRM before running the item again.';
	}
}
