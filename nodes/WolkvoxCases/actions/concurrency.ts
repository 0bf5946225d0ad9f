/**
 * Calls `task` for 0..count-1 with at most `limit` calls in flight. After a task fails no new
 * one starts; the calls already in flight finish, then the failure of the lowest index is thrown,
 * so the error does not depend on timing.
 */
export async function mapWithConcurrency(
	count: number,
	limit: number,
	task: (index: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const failures: Array<{ index: number; error: unknown }> = [];
	async function lane(): Promise<void> {
		while (next < count && failures.length === 0) {
			const index = next++;
			try {
				await task(index);
			} catch (error) {
				failures.push({ index, error });
			}
		}
	}
	const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, count));
	await Promise.all(Array.from({ length: lanes }, lane));
	if (failures.length) {
		failures.sort((a, b) => a.index - b.index);
		throw failures[0].error;
	}
}
