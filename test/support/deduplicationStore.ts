import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

/**
 * A STAND-IN for n8n's deduplication store, in memory. n8n-core's DataDeduplicationService (the
 * service behind `helpers.checkProcessedAndRecord` and the Remove Duplicates node) needs a
 * provider; n8n's real one is the database-backed DeduplicationHelper of n8n's `cli` package,
 * which these engine tests do not load. This one follows its "entries" semantics (contexts by
 * workflow id and, for scope "node", the node's id; the oldest entries pruned beyond
 * maxEntries; the same read-modify-write without a lock, so the node's own serialising is
 * exercised). The real store is proven in the real n8n by the e2e suite (sync run twice).
 */
export class InMemoryDeduplicationStore implements IDataDeduplicator {
	private readonly lists = new Map<string, string[]>();

	private key(scope: DeduplicationScope, { workflow, node }: ICheckProcessedContextData): string {
		if (!workflow.id) throw new Error('deduplication needs a workflow id');
		return `${workflow.id}|${scope === 'node' ? `n:${node?.id}` : ''}`;
	}

	/** Entries recorded for a node, for tests that check what the store holds. */
	entries(workflowId: string, nodeId: string): string[] {
		return [...(this.lists.get(`${workflowId}|n:${nodeId}`) ?? [])];
	}

	clear(): void {
		this.lists.clear();
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (options.mode !== 'entries') throw new Error('this stand-in keeps "entries" only');
		const key = this.key(scope, context);
		// Read, yield, then write: the shape of the real store's findOne → update.
		const stored = [...(this.lists.get(key) ?? [])];
		await new Promise((resolve) => setImmediate(resolve));
		const known = new Set(stored);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			if (known.has(String(item))) output.processed.push(item);
			else {
				output.new.push(item);
				stored.push(String(item));
			}
		}
		if (options.maxEntries) stored.splice(0, Math.max(0, stored.length - options.maxEntries));
		this.lists.set(key, stored);
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<void> {
		const key = this.key(scope, context);
		const stored = [...(this.lists.get(key) ?? [])];
		await new Promise((resolve) => setImmediate(resolve));
		for (const item of items) {
			const at = stored.indexOf(String(item));
			if (at !== -1) stored.splice(at, 1);
		}
		this.lists.set(key, stored);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, context: ICheckProcessedContextData): Promise<void> {
		this.lists.delete(this.key(scope, context));
	}

	async getProcessedDataCount(scope: DeduplicationScope, context: ICheckProcessedContextData): Promise<number> {
		return this.lists.get(this.key(scope, context))?.length ?? 0;
	}
}
