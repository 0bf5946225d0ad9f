import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { apiBaseUrl } from '../../../credentials/serverUrl';
import type { WolkvoxCredentials } from '../../../credentials/WolkvoxCredentials';
import { type Envelope, parseResponse } from './envelope';
import { explainFailure, type RequestContext, simultaneousRefusalText, slotWaitText } from './failures';
import { backoffMs, classifyNetworkError, classifyResponse, MAX_UNCERTAIN_TRIES, type RetryDecision } from './retryPolicy';
import { acquireSlot, type SlotKey, slotLimit, SlotWaitError, slotUsage } from './tokenSlots';

const CREDENTIAL_TYPE = 'wolkvoxApi';

/** A request body with the headers that describe it (type, length). */
export interface PreparedBody {
	body: IHttpRequestOptions['body'];
	headers: Record<string, string>;
}

export interface RetrySettings {
	/** How long, from the first attempt, refusals after which nothing was created are retried. */
	budgetMs: number;
	/** Also retry when the request went out and its answer was lost (may duplicate). */
	retryUncertain: boolean;
}

export interface WolkvoxRequest {
	method: 'GET' | 'POST';
	/** Path under `/server/API/v2/`, e.g. `cases/insert.php`. */
	path: string;
	qs?: IDataObject;
	/** Builds a fresh body for each attempt: a streamed body cannot be sent twice. */
	prepareBody?: () => Promise<PreparedBody>;
	/** The credential as `getCredentials` returned it (operations need its operation too). */
	credentials: WolkvoxCredentials;
	context: Omit<RequestContext, 'operation'>;
	/** Bounds the wait for one of the token's slots, then the request itself. */
	timeoutMs: number;
	retry: RetrySettings;
	/** Searches: a 404 answer means "nothing found", not a failure. */
	notFoundIsEmpty?: boolean;
}

interface FullResponse {
	body: unknown;
	headers: Record<string, string | undefined>;
	statusCode: number;
}

/** The credential, with the operation trimmed; a blank operation or a token with spaces inside fails here. */
export async function getCredentials(ctx: IExecuteFunctions, itemIndex: number): Promise<WolkvoxCredentials> {
	const credentials = await ctx.getCredentials<WolkvoxCredentials & IDataObject>(CREDENTIAL_TYPE, itemIndex);
	const operation = String(credentials.operation ?? '').trim();
	const problem = !operation
		? "The credential's Operation is empty"
		: // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
			/[\s\u0000-\u001f\u007f]/.test(String(credentials.token ?? '').trim())
			? "The credential's Token contains spaces or line breaks"
			: '';
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), problem, {
			itemIndex,
			description: 'Open the Wolkvox API credential and enter the operation name and the token exactly as the CRM shows them.',
		});
	}
	return { ...credentials, operation };
}

function baseUrlOrThrow(ctx: IExecuteFunctions, credentials: WolkvoxCredentials, itemIndex: number): string {
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

type Attempt = { ok: true; envelope: Envelope } | ({ ok: false; error: NodeApiError } & RetryDecision);

/** The token's slots in this process, as the credential sets them. */
interface Slots {
	key: SlotKey;
	limit: number;
}

/**
 * Sends a request to the wolkvox API and returns its envelope when the body's `code` says
 * success. Each attempt first takes one of the token's slots in this process (tokenSlots.ts),
 * so the process never has more requests in flight than the credential's Simultaneous Requests.
 * Failed attempts are sent again only where that cannot duplicate anything (see
 * retryPolicy.ts), until the Retry Budget runs out, with a body rebuilt from the source each
 * time. Every failure becomes a NodeApiError built from our own words and the server's text
 * only, never from the HTTP library's error, whose request config holds the token.
 */
export async function wolkvoxRequest(
	this: IExecuteFunctions,
	itemIndex: number,
	request: WolkvoxRequest,
): Promise<Envelope> {
	const baseURL = baseUrlOrThrow(this, request.credentials, itemIndex);
	const { operation, token } = request.credentials;
	const slots: Slots = {
		key: { server: baseURL, operation, token },
		limit: slotLimit(request.credentials.simultaneousRequests),
	};
	const started = Date.now();
	let uncertainTries = 0;
	for (let tryNumber = 1; ; tryNumber++) {
		const attempt = await sendInSlot(this, itemIndex, request, baseURL, slots);
		if (attempt.ok) return attempt.envelope;
		if (attempt.retry === 'uncertain') uncertainTries++;
		const retryable =
			attempt.retry === 'safe' ||
			(attempt.retry === 'uncertain' && request.retry.retryUncertain && uncertainTries < MAX_UNCERTAIN_TRIES);
		const delay = backoffMs(tryNumber, attempt);
		const budgetLeft = started + request.retry.budgetMs - Date.now();
		if (!retryable || request.retry.budgetMs <= 0 || delay > budgetLeft) {
			throw finalError(attempt, retryable, { tryNumber, started, slots, request, delay });
		}
		await pause(delay, this.getExecutionCancelSignal());
	}
}

/** The last attempt's error, saying how long it was retried, or who shares the token. */
function finalError(
	attempt: Extract<Attempt, { ok: false }> & { inUse: number },
	outOfBudget: boolean,
	facts: { tryNumber: number; started: number; slots: Slots; request: WolkvoxRequest; delay: number },
): NodeApiError {
	const { error } = attempt;
	const elapsedSeconds = Math.round((Date.now() - facts.started) / 1000);
	const budgetSeconds = facts.request.retry.budgetMs / 1000;
	if (outOfBudget && attempt.simultaneous) {
		const text = simultaneousRefusalText(
			{ limit: facts.slots.limit, inUse: attempt.inUse, tries: facts.tryNumber, elapsedSeconds, budgetSeconds },
			facts.request.context.action,
		);
		error.message = text.message;
		error.description = text.description;
		return error;
	}
	const notes: string[] = [];
	if (facts.tryNumber > 1) notes.push(`after ${facts.tryNumber} tries in ${elapsedSeconds} s`);
	if (outOfBudget) {
		notes.push(
			budgetSeconds <= 0
				? 'not retried: the Retry Budget is 0 s'
				: attempt.retryAfterMs !== undefined && facts.delay > 0
					? `wolkvox asked to wait ${Math.ceil(facts.delay / 1000)} s more, beyond the Retry Budget of ${budgetSeconds} s`
					: `the Retry Budget of ${budgetSeconds} s ran out`,
		);
	}
	if (notes.length) error.description = `${error.description ?? ''} (${notes.join('; ')})`;
	return error;
}

/** Waits `ms`, or less when the execution is cancelled (the next slot request then fails at once). */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	if (signal?.aborted) return;
	if (!signal) return await sleep(ms);
	await new Promise<void>((resolve) => {
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		signal.addEventListener('abort', done, { once: true });
	});
}

/** One attempt inside one of the token's slots, given back however the attempt ends. */
async function sendInSlot(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: WolkvoxRequest,
	baseURL: string,
	slots: Slots,
): Promise<Attempt & { inUse: number }> {
	let release: () => void;
	try {
		release = await acquireSlot(slots.key, slots.limit, request.timeoutMs, ctx.getExecutionCancelSignal());
	} catch (caught) {
		if (!(caught instanceof SlotWaitError)) throw new NodeOperationError(ctx.getNode(), caught as Error, { itemIndex });
		if (caught.reason === 'cancelled') {
			throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled while the item waited for a request slot', {
				itemIndex,
				description: 'Nothing was sent for this item.',
			});
		}
		const text = slotWaitText(
			{ ...caught.usage, waitedSeconds: Math.round(caught.waitedMs / 1000) },
			request.context.action,
		);
		throw new NodeOperationError(ctx.getNode(), text.message, { itemIndex, description: `${text.description} Nothing was sent for this item.` });
	}
	try {
		const { inUse } = slotUsage(slots.key, slots.limit);
		return { ...(await sendOnce(ctx, itemIndex, request, baseURL)), inUse };
	} finally {
		release();
	}
}

async function sendOnce(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: WolkvoxRequest,
	baseURL: string,
): Promise<Attempt> {
	const { credentials } = request;
	const apiError = (message: string, description: string, httpCode?: number) =>
		new NodeApiError(ctx.getNode(), { message } as JsonObject, {
			itemIndex,
			message: redactToken(message, credentials.token),
			description: redactToken(description, credentials.token),
			httpCode: httpCode === undefined ? undefined : String(httpCode),
		});
	const prepared = request.prepareBody ? await request.prepareBody() : undefined;

	// axios's own `timeout` rejects but leaves the socket open (its abort listener is already
	// gone), and the server would go on counting the request against the token's 2 simultaneous
	// ones. An aborted signal does close it; n8n passes the execution's cancel signal to axios, so
	// the request runs with a context whose cancel signal also fires at the deadline.
	const abort = new AbortController();
	const timer = setTimeout(() => abort.abort(), request.timeoutMs);
	const cancelled = ctx.getExecutionCancelSignal();
	const onCancel = () => abort.abort();
	cancelled?.addEventListener('abort', onCancel);
	const context = Object.create(ctx, { getExecutionCancelSignal: { value: () => abort.signal } }) as IExecuteFunctions;
	let response: FullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
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
		})) as FullResponse;
	} catch (error) {
		const code = abort.signal.aborted ? 'ETIMEDOUT' : networkErrorCode(error);
		const decision = classifyNetworkError(code);
		// The code goes in the description: in the message, NodeApiError would swap our words for its own.
		const lost = decision.retry === 'uncertain';
		const advice = lost ? `${networkAdvice(code, baseURL)} ${request.context.ifLost}` : networkAdvice(code, baseURL);
		return {
			ok: false,
			...decision,
			error: apiError(
				lost
					? `The connection to wolkvox failed while trying to ${request.context.action}`
					: `Could not reach wolkvox to ${request.context.action}`,
				`${advice}${code ? ` (system error ${code})` : ''}`,
			),
		};
	} finally {
		clearTimeout(timer);
		cancelled?.removeEventListener('abort', onCancel);
	}

	if (response.statusCode >= 300 && response.statusCode < 400) {
		const location = response.headers.location ?? 'an unnamed place';
		return {
			ok: false,
			retry: 'final',
			error: apiError(
				`wolkvox answered with a redirect (HTTP ${response.statusCode}) that was not followed`,
				`The server pointed to ${location}. Redirects are not followed so that the token is never sent to another host: check the Server of the credential.`,
				response.statusCode,
			),
		};
	}
	const parsed = parseResponse(response.statusCode, response.body);
	if (parsed.ok) return parsed;
	if (request.notFoundIsEmpty && parsed.envelope?.code === 404) {
		return { ok: true, envelope: { ...parsed.envelope, data: {}, list: [] } };
	}
	const { message, description } = explainFailure(parsed, { ...request.context, operation: credentials.operation });
	return {
		ok: false,
		...classifyResponse(parsed, response.headers['retry-after']),
		error: apiError(message, description, parsed.envelope?.code ?? parsed.httpStatus),
	};
}

/** The system error code (ECONNREFUSED, ETIMEDOUT…) wherever n8n's wrapping put it. */
function networkErrorCode(error: { cause?: { code?: unknown }; code?: unknown; httpCode?: unknown }): string {
	const candidates = [error?.cause?.code, error?.code, error?.httpCode];
	return (candidates.find((c) => typeof c === 'string' && /^E[A-Z_]+$/.test(c)) as string) ?? '';
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
			return 'wolkvox did not answer in time (raise the Timeout option if the files are large).';
		default:
			return 'The connection failed after the request was sent.';
	}
}
