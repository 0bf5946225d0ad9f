import type { IDataObject, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { WolkvoxCredentials } from '../../../credentials/WolkvoxCredentials';
import { listAnswer } from '../../WolkvoxCases/transport/records';
import { wolkvoxRequest } from '../../WolkvoxCases/transport/request';

/**
 * A poll is read-only, so a lost answer may be asked again (at most 3 attempts, as the transport
 * caps it); refusals are retried for ten seconds: a poll that still meets them changes nothing, and the
 * next poll asks again.
 */
const POLL_RETRY = { budgetMs: 10_000, retryUncertain: true };
const POLL_TIMEOUT_MS = 60_000;

/**
 * POSTs one read-only query through the action node's transport (same retries, same error
 * texts, token never shown) and returns the records of its answer.
 */
export async function queryList(
	ctx: IPollFunctions,
	credentials: WolkvoxCredentials,
	path: string,
	query: Record<string, unknown>,
	action: string,
): Promise<IDataObject[]> {
	const fields: Record<string, unknown> = { operation: credentials.operation, ...query };
	const body = JSON.stringify(fields);
	const envelope = await wolkvoxRequest.call(ctx, 0, {
		method: 'POST',
		path,
		credentials,
		prepareBody: async () => ({ body, headers: { 'content-type': 'application/json' } }),
		context: {
			action,
			ifLost: 'nothing was changed; the next poll asks again',
			sentFields: Object.keys(fields).filter((key) => fields[key] !== ''),
			requiredFields: Object.keys(fields),
		},
		timeoutMs: POLL_TIMEOUT_MS,
		retry: POLL_RETRY,
		notFoundIsEmpty: true,
	});
	const answer = listAnswer(envelope);
	if (!answer.ok) {
		throw new NodeApiError(ctx.getNode(), { message: answer.problem } as JsonObject, {
			message: `wolkvox's answer could not be read: could not ${action}`,
			description: `${answer.problem}. Nothing was emitted and the trigger state was not changed; please report this answer to the node's maintainers.`,
		});
	}
	return answer.records;
}
