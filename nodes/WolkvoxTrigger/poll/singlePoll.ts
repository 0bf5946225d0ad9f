/**
 * The trigger nodes whose poll is running in this n8n process. n8n starts a poll at every tick of
 * Poll Times even when the previous one has not ended (a slow answer, a wait for the token's slots
 * or its retry budget); two polls reading the same saved state would both emit the same events.
 * Active polling triggers run in one process (the main, or the leader of several mains), so a
 * process-wide set is enough.
 */
const running = new Set<string>();

/**
 * Runs `poll` unless a poll of the same trigger (workflow id, node id) is still running; then it
 * resolves `undefined` at once, sending nothing: the running poll finds what there is, and what
 * comes after it the next tick finds.
 */
export async function unlessAlreadyPolling<T>(workflowId: string, nodeId: string, poll: () => Promise<T>): Promise<T | undefined> {
	const key = `${workflowId}\n${nodeId}`;
	if (running.has(key)) return undefined;
	running.add(key);
	try {
		return await poll();
	} finally {
		running.delete(key);
	}
}
