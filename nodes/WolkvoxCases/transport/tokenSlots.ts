import { createHash } from 'node:crypto';

/**
 * wolkvox allows a token 2 simultaneous requests, across every workflow, execution and process
 * that uses it. n8n runs executions side by side (a burst of 40 webhook calls is 40 executions
 * in one process), so the limit is kept here, once per process: every request with a token
 * takes one of that token's slots first, waiting its turn (first come, first served) when all
 * are taken, instead of being sent and refused. A module-level registry is shared by every
 * execution of the node in the process (n8n loads a node's code once per process); it is not
 * shared across queue-mode workers, which is why the slot count is a credential setting.
 */

/** Gives the slot back; calling it again does nothing. */
export type ReleaseSlot = () => void;

/** Why a request did not get a slot. */
export class SlotWaitError extends Error {
	constructor(
		readonly reason: 'timeout' | 'cancelled',
		readonly waitedMs: number,
		readonly usage: SlotUsage,
	) {
		super(reason === 'timeout' ? 'timed out waiting for a request slot' : 'cancelled while waiting for a request slot');
	}
}

/** What a token's slots looked like at a moment, for error messages. */
export interface SlotUsage {
	limit: number;
	inUse: number;
	waiting: number;
}

interface Waiter {
	grant(): void;
}

class TokenSlots {
	private inUse = 0;
	private readonly queue: Waiter[] = [];

	constructor(public limit: number) {}

	usage(): SlotUsage {
		return { limit: this.limit, inUse: this.inUse, waiting: this.queue.length };
	}

	async acquire(timeoutMs: number, signal?: AbortSignal): Promise<ReleaseSlot> {
		if (signal?.aborted) throw new SlotWaitError('cancelled', 0, this.usage());
		if (this.inUse < this.limit && this.queue.length === 0) return this.take();
		const started = Date.now();
		return await new Promise<ReleaseSlot>((resolve, reject) => {
			const leave = (reason: SlotWaitError['reason']) => {
				const at = this.queue.indexOf(waiter);
				if (at !== -1) this.queue.splice(at, 1);
				cleanup();
				reject(new SlotWaitError(reason, Date.now() - started, this.usage()));
			};
			const onAbort = () => leave('cancelled');
			const timer = setTimeout(() => leave('timeout'), timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', onAbort);
			};
			const waiter: Waiter = {
				grant: () => {
					cleanup();
					resolve(this.take());
				},
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.queue.push(waiter);
		});
	}

	private take(): ReleaseSlot {
		this.inUse += 1;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.inUse -= 1;
			this.grantWaiting();
		};
	}

	/** Hands free slots to the oldest waiters (also after the limit was raised). */
	grantWaiting(): void {
		while (this.inUse < this.limit && this.queue.length > 0) this.queue.shift()!.grant();
	}
}

/**
 * One registry per process, kept on globalThis: each node of this package is its own bundle
 * (Wolkvox Cases, Wolkvox Trigger), with its own copy of this module, and a module-level map
 * would give each node slots of its own, letting them send 4 requests at once on a token that
 * allows 2.
 */
const REGISTRY = Symbol.for('n8n-nodes-wolkvox:token-slots:v1');
const shared = globalThis as typeof globalThis & { [REGISTRY]?: Map<string, TokenSlots> };
const registry = (shared[REGISTRY] ??= new Map<string, TokenSlots>());

export interface SlotKey {
	/** The API's base URL, as normalised from the credential. */
	server: string;
	operation: string;
	token: string;
}

/** The registry's key: a digest, so the token is never kept in clear. */
function keyOf({ server, operation, token }: SlotKey): string {
	return createHash('sha256').update(JSON.stringify([server, operation, token.trim()])).digest('hex');
}

/** The credential's Simultaneous Requests, read defensively: a whole number, at least 1. */
export function slotLimit(value: unknown): number {
	const n = Math.floor(Number(value ?? 2));
	return Number.isFinite(n) && n >= 1 ? n : 2;
}

/** The slots of one token in this process; the latest limit given wins (a credential edited while running). */
function slotsOf(key: SlotKey, limit: number): TokenSlots {
	const id = keyOf(key);
	let slots = registry.get(id);
	if (!slots) {
		slots = new TokenSlots(limit);
		registry.set(id, slots);
	} else if (slots.limit !== limit) {
		slots.limit = limit;
		slots.grantWaiting();
	}
	return slots;
}

/**
 * Takes one of the token's slots, waiting up to `timeoutMs` (or until `signal` aborts) for one
 * to free. The caller must call the returned function when its request ends, however it ends.
 */
export async function acquireSlot(
	key: SlotKey,
	limit: number,
	timeoutMs: number,
	signal?: AbortSignal,
): Promise<ReleaseSlot> {
	return await slotsOf(key, limit).acquire(timeoutMs, signal);
}

/** The token's slots right now in this process (for messages and tests). */
export function slotUsage(key: SlotKey, limit: number): SlotUsage {
	return slotsOf(key, limit).usage();
}
