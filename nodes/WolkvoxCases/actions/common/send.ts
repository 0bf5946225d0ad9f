import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { assertAllowedExtensions, type FileSource } from '../../helpers/binaryFiles';
import { base64JsonBody } from '../../transport/base64JsonBody';
import type { Envelope } from '../../transport/envelope';
import type { RequestContext } from '../../transport/failures';
import { multipartBody } from '../../transport/multipartBody';
import { listAnswer } from '../../transport/records';
import { wolkvoxRequest } from '../../transport/request';
import type { WolkvoxCredentials } from '../../../../credentials/WolkvoxCredentials';
import { readRetry, readTimeoutMs } from './caseFields';

type Context = Omit<RequestContext, 'sentFields' | 'operation'>;

function context(base: Context, fields: Record<string, unknown>): Omit<RequestContext, 'operation'> {
	return { ...base, sentFields: Object.keys(fields).filter((k) => fields[k] !== '') };
}

/** Refuses files off the vendor's extension list, unless the Check File Extensions option is off. */
export function checkExtensionsIfAsked(ctx: IExecuteFunctions, itemIndex: number, files: FileSource[]): void {
	if (ctx.getNodeParameter('options.checkExtensions', itemIndex, true) as boolean) {
		assertAllowedExtensions(ctx, itemIndex, files);
	}
}

/** POSTs a multipart form (insert.php, update.php): fields, then the files, streamed. */
export async function sendForm(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: WolkvoxCredentials,
	path: string,
	fields: Record<string, string>,
	files: FileSource[],
	base: Context,
): Promise<Envelope> {
	checkExtensionsIfAsked(ctx, itemIndex, files);
	return await wolkvoxRequest.call(ctx, itemIndex, {
		method: 'POST',
		path,
		credentials,
		prepareBody: async () => await multipartBody(fields, files),
		context: context(base, fields),
		timeoutMs: readTimeoutMs(ctx, itemIndex),
		retry: readRetry(ctx, itemIndex),
	});
}

/** POSTs raw JSON whose `attachments` are the files as base64 strings, streamed. */
export async function sendJson(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: WolkvoxCredentials,
	path: string,
	fields: Record<string, unknown>,
	files: FileSource[],
	base: Context,
): Promise<Envelope> {
	return await wolkvoxRequest.call(ctx, itemIndex, {
		method: 'POST',
		path,
		credentials,
		prepareBody: async () => base64JsonBody(fields, files),
		context: context(base, fields),
		timeoutMs: readTimeoutMs(ctx, itemIndex),
		retry: readRetry(ctx, itemIndex),
	});
}

/** POSTs a small JSON body held in memory (queries, contact writes). */
export async function sendSmallJson(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: WolkvoxCredentials,
	path: string,
	fields: Record<string, unknown>,
	base: Context,
	notFoundIsEmpty = false,
): Promise<Envelope> {
	const body = JSON.stringify(fields);
	return await wolkvoxRequest.call(ctx, itemIndex, {
		method: 'POST',
		path,
		credentials,
		prepareBody: async () => ({ body, headers: { 'content-type': 'application/json' } }),
		context: context(base, fields),
		timeoutMs: readTimeoutMs(ctx, itemIndex),
		retry: readRetry(ctx, itemIndex),
		notFoundIsEmpty,
	});
}

/**
 * POSTs a small JSON query (searches, notes) and returns `{ count, <listName>: records, message }`:
 * one output item per input item, whatever was found. Every "nothing found" shape (see
 * transport/records.ts) gives `count: 0`.
 */
export async function queryRecords(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: WolkvoxCredentials,
	path: string,
	query: Record<string, unknown>,
	action: string,
	listName: string,
): Promise<IDataObject> {
	const fields = { operation: credentials.operation, ...query };
	const base = { action, ifLost: 'nothing was changed; run the item again', requiredFields: ['operation', 'field', 'value'] };
	const envelope = await sendSmallJson(ctx, itemIndex, credentials, path, fields, base, true);
	const answer = listAnswer(envelope);
	if (!answer.ok) {
		throw new NodeApiError(ctx.getNode(), { message: answer.problem } as JsonObject, {
			itemIndex,
			message: `wolkvox's answer could not be read: could not ${action}`,
			description: `${answer.problem}. Nothing was changed; please report this answer to the node's maintainers.`,
		});
	}
	return { count: answer.records.length, [listName]: answer.records, message: envelope.msg };
}
