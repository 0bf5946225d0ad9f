import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/**
 * n8n's "Retry On Fail" runs the whole node again when one item fails, with the same input item
 * objects. Remembering each item's result under its input item lets that run skip the items that
 * already succeeded, so a retry cannot open their cases a second time. Weak keys: nothing outlives
 * the execution's items.
 */
const results = new WeakMap<INodeExecutionData, Map<string, IDataObject>>();

export interface RetryMemo {
	get(item: INodeExecutionData): IDataObject | undefined;
	set(item: INodeExecutionData, result: IDataObject): void;
	/** Forgets the node's results once it finished: a later run is new work. */
	clear(items: INodeExecutionData[]): void;
}

const noMemo: RetryMemo = { get: () => undefined, set: () => {}, clear: () => {} };

export function retryMemo(ctx: IExecuteFunctions): RetryMemo {
	const node = ctx.getNode();
	if (!node.retryOnFail) return noMemo;
	return {
		get: (item) => results.get(item)?.get(node.id),
		set: (item, result) => {
			const byNode = results.get(item) ?? new Map<string, IDataObject>();
			byNode.set(node.id, result);
			results.set(item, byNode);
		},
		clear: (items) => items.forEach((item) => results.get(item)?.delete(node.id)),
	};
}
