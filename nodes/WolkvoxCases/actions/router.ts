import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as wolkvoxCase from './case';
import { mapWithConcurrency } from './concurrency';

type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject>;

const operations: Record<string, ItemOperation> = {
	create: wolkvoxCase.create.execute,
	updateAttachments: wolkvoxCase.updateAttachments.execute,
};

/** Every error leaves the node as a NodeApiError or NodeOperationError that names its item. */
function asNodeError(ctx: IExecuteFunctions, error: Error, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error, { itemIndex });
}

/**
 * Runs the chosen operation for every item, several at a time, and returns exactly one output
 * item per input item, in input order, each paired with its input item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	const concurrency = this.getNodeParameter('options.concurrency', 0, 2) as number;
	const output: INodeExecutionData[] = new Array(items.length);

	await mapWithConcurrency(items.length, concurrency, async (itemIndex) => {
		try {
			output[itemIndex] = { json: await run.call(this, itemIndex), pairedItem: { item: itemIndex } };
		} catch (caught) {
			const error = asNodeError(this, caught as Error, itemIndex);
			if (!this.continueOnFail()) throw error;
			output[itemIndex] = {
				json: { error: error.message, description: error.description ?? undefined, itemIndex },
				error,
				pairedItem: { item: itemIndex },
			};
		}
	});
	return [output];
}
