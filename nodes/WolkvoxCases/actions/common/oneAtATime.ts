/**
 * Work that must run once per key at a time, across every execution of this n8n process: a
 * module-level map is shared by all executions a process runs (not across queue-mode workers).
 * Whoever comes while the key's work runs waits for it and gets its result, instead of doing the
 * same work again; if that work failed, the next waiter does it itself.
 */
const running = new Map<string, Promise<unknown>>();

export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<{ result: T; shared: boolean }> {
	for (;;) {
		const current = running.get(key) as Promise<T> | undefined;
		if (!current) break;
		try {
			return { result: await current, shared: true };
		} catch {
			// The first one failed (its own item reports why): try again ourselves.
		}
	}
	const mine = work();
	running.set(key, mine);
	try {
		return { result: await mine, shared: false };
	} finally {
		if (running.get(key) === mine) running.delete(key);
	}
}
