import { createHash } from 'node:crypto';

import type { ICheckProcessedOptions, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { FileSource } from '../../helpers/binaryFiles';

export const skipFilesAlreadySentOption: INodeProperties = {
	displayName: 'Skip Files Already Sent to This Case',
	name: 'skipFilesAlreadySent',
	type: 'boolean',
	default: false,
	description:
		"Whether to remember every file this node sends to a case (by the SHA-256 of its content, in n8n's deduplication store, as the Remove Duplicates node does) and not send it to that case again: for scheduled syncs. Remembered per node, for the last 10,000 files. An item whose files were all sent before sends nothing.",
};

/**
 * Scope `node`: the store is keyed by the node's id (renaming keeps it; a copy of the node or a
 * workflow starts afresh), and nothing else shares it: a Remove Duplicates node in the same
 * workflow with scope "workflow" keeps its own entries and its own "Max Entries" pruning.
 */
const SCOPE = 'node';
const STORE_OPTIONS: ICheckProcessedOptions = { mode: 'entries', maxEntries: 10_000 };

/** The content's SHA-256, read as a stream from n8n's binary store (never the whole file in memory). */
async function sha256Of(file: FileSource): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of await file.open()) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

const entryOf = (caseId: string, sha256: string) => `wolkvox-case:${caseId}:sha256:${sha256}`;

/**
 * n8n's store reads, changes and writes a node's whole list without a lock: two calls at once
 * (items sent side by side, executions of the same node) would lose one's entries, or both
 * insert the first row. Calls for the same node are queued here, one at a time per process.
 */
const storeQueues = new Map<string, Promise<unknown>>();

async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
	const previous = storeQueues.get(key) ?? Promise.resolve();
	const run = previous.then(task, task);
	const settled = run.catch(() => undefined);
	storeQueues.set(key, settled);
	try {
		return await run;
	} finally {
		if (storeQueues.get(key) === settled) storeQueues.delete(key);
	}
}

export interface SentFilesResult<T> {
	/** The request's answer; undefined when every file had been sent before and nothing was sent. */
	answer?: T;
	sent: FileSource[];
	/** What was left out and why, for the item's output. */
	skipped: IDataObject[];
}

/**
 * Sends only the item's files not yet sent to the case by this node. The files are recorded
 * before sending (so two executions syncing at once do not both send them) and the record is
 * removed again if the request fails, so that a failed run sends them next time.
 */
export async function sendUnsentFiles<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	caseId: string,
	files: FileSource[],
	send: (files: FileSource[]) => Promise<T>,
): Promise<SentFilesResult<T>> {
	const helpers = ctx.helpers as Partial<IExecuteFunctions['helpers']>;
	if (!helpers.checkProcessedAndRecord || !helpers.removeProcessed) {
		throw new NodeOperationError(ctx.getNode(), "This n8n has no deduplication store: 'Skip Files Already Sent to This Case' cannot work", {
			itemIndex,
			description: 'Turn the option off, or update n8n (the store came with the Remove Duplicates node, n8n 1.66).',
		});
	}
	if (files.length === 0) return { answer: await send(files), sent: [], skipped: [] };

	const skipped: IDataObject[] = [];
	const candidates: Array<{ file: FileSource; entry: string }> = [];
	const seen = new Map<string, FileSource>();
	for (const file of files) {
		const sha256 = await sha256Of(file);
		const twin = seen.get(sha256);
		if (twin) {
			skipped.push(describeSkipped(file, sha256, `same content as binary property "${twin.property}" of this item`));
			continue;
		}
		seen.set(sha256, file);
		candidates.push({ file, entry: entryOf(caseId, sha256) });
	}

	const storeKey = `${ctx.getWorkflow().id ?? ''}\n${ctx.getNode().id}`;
	const entries = candidates.map((c) => c.entry);
	const checked = await oneAtATime(storeKey, async () => await helpers.checkProcessedAndRecord!(entries, SCOPE, STORE_OPTIONS));
	const recorded = new Set(checked.new.map(String));
	const sent: FileSource[] = [];
	for (const { file, entry } of candidates) {
		if (recorded.has(entry)) sent.push(file);
		else skipped.push(describeSkipped(file, entry.split(':').pop()!, `already sent to case ${caseId} by this node`));
	}
	if (sent.length === 0) return { sent, skipped };

	try {
		return { answer: await send(sent), sent, skipped };
	} catch (caught) {
		const error =
			caught instanceof NodeApiError || caught instanceof NodeOperationError
				? caught
				: new NodeOperationError(ctx.getNode(), caught as Error, { itemIndex });
		try {
			await oneAtATime(storeKey, async () => await helpers.removeProcessed!([...recorded], SCOPE, STORE_OPTIONS));
		} catch (storeError) {
			error.description = `${error.description ?? ''} The files stay recorded as sent (n8n's deduplication store failed: ${(storeError as Error).message}); run the item with "Skip Files Already Sent to This Case" off to send them.`;
		}
		throw error;
	}
}

function describeSkipped(file: FileSource, sha256: string, reason: string): IDataObject {
	return { binaryProperty: file.property, fileName: file.fileName, size: file.size, sha256, reason };
}
