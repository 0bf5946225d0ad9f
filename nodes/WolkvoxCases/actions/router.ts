import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import * as wolkvoxCase from './case';
import * as contact from './contact';
import * as token from './token';
import { mapWithConcurrency } from './concurrency';
import { retryMemo } from './retryMemo';

type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject>;

const operations: Record<string, Record<string, ItemOperation>> = {
	case: {
		create: wolkvoxCase.create.execute,
		createFromBase64: wolkvoxCase.createFromBase64.execute,
		getNotesHistory: wolkvoxCase.getNotesHistory.execute,
		search: wolkvoxCase.search.execute,
		update: wolkvoxCase.update.execute,
		updateAttachments: wolkvoxCase.updateAttachments.execute,
	},
	contact: {
		create: contact.create.execute,
		findOrCreate: contact.findOrCreate.execute,
		search: contact.search.execute,
		update: contact.update.execute,
	},
	token: { getUsage: token.getUsage.execute },
};

/** Lookups keep the item's files, so a Search (or Find or Create of the contact) can sit between an e-mail and the Create or Update that sends them. */
const KEEPS_BINARY = new Set(['search', 'findOrCreate']);

/** Every error leaves the node as a NodeApiError or NodeOperationError that names its item. */
function asNodeError(ctx: IExecuteFunctions, error: Error, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error, { itemIndex });
}

/**
 * Runs the chosen operation for every item, several at a time and in batches if asked, and
 * returns exactly one output item per input item, in input order, each paired with its input.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const concurrency = this.getNodeParameter('options.concurrency', 0, 2) as number;
	const batchSize = (this.getNodeParameter('options.batchSize', 0, 0) as number) || items.length;
	const batchInterval = this.getNodeParameter('options.batchInterval', 0, 0) as number;
	const keepBinary = KEEPS_BINARY.has(operation);
	const memo = retryMemo(this);
	const output: INodeExecutionData[] = new Array(items.length);

	const runItem = async (itemIndex: number) => {
		try {
			const done = memo.get(items[itemIndex]);
			const json = done ?? (await run.call(this, itemIndex));
			memo.set(items[itemIndex], json);
			const binary = keepBinary ? items[itemIndex].binary : undefined;
			output[itemIndex] = { json, ...(binary ? { binary } : {}), pairedItem: { item: itemIndex } };
		} catch (caught) {
			const error = asNodeError(this, caught as Error, itemIndex);
			if (!this.continueOnFail()) throw error;
			output[itemIndex] = {
				json: { error: error.message, description: error.description ?? undefined, itemIndex },
				error,
				pairedItem: { item: itemIndex },
			};
		}
	};

	for (let start = 0; start < items.length; start += batchSize) {
		if (start > 0 && batchInterval > 0) await sleep(batchInterval);
		const count = Math.min(batchSize, items.length - start);
		await mapWithConcurrency(count, concurrency, async (k) => await runItem(start + k));
	}
	memo.clear(items);
	return [output];
}
