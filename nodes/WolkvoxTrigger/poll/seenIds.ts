import { NodeOperationError, type INode } from 'n8n-workflow';

/**
 * The most ids a trigger keeps for one list (one watched status, or the contacts of the last
 * window). Ids that left the list are forgotten at every poll, so the state holds at most the
 * records the last answer listed; an answer longer than this is refused rather than trimmed,
 * because a trimmed id still in the answer would be emitted again.
 */
export const MAX_IDS = 5000;

/** The records' ids: `wolkvox_id` [guess: the key public clients read; no record shape is published]. */
export function idsOf(node: INode, records: Array<Record<string, unknown>>, what: string): string[] {
	return records.map((record, index) => {
		const id = record.wolkvox_id ?? record['wolkvox-id'];
		if (typeof id === 'string' && id.trim() !== '') return id;
		throw new NodeOperationError(node, `wolkvox listed ${what} without an id (record ${index + 1})`, {
			description:
				'The trigger tells new records from known ones by their wolkvox_id, and this answer has none. Nothing was emitted and the trigger state was not changed; please report this answer to the node\'s maintainers.',
		});
	});
}

/** Refuses an answer that lists more records than the state may keep (see MAX_IDS). */
export function assertWithinBound(node: INode, count: number, what: string, advice: string): void {
	if (count <= MAX_IDS) return;
	throw new NodeOperationError(node, `wolkvox listed ${count} ${what}: more than the ${MAX_IDS} this trigger keeps track of`, {
		description: `The trigger remembers the id of every record the answer lists so that none is emitted twice, and keeps at most ${MAX_IDS}. ${advice} Nothing was emitted and the trigger state was not changed.`,
	});
}
