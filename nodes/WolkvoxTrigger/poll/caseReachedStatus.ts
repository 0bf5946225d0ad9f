import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { WolkvoxCredentials } from '../../../credentials/WolkvoxCredentials';
import { queryList } from './query';
import { assertWithinBound, idsOf } from './seenIds';

/** [doc] Since release 20251103 a case has one of these four states. */
export const CASE_STATES = ['Abierto', 'Cerrado', 'En espera', 'Solucionado'] as const;

/** For each watched status, the ids of the cases the last poll found in it. */
export type CaseStatusState = Record<string, string[]>;

export interface PollResult<State> {
	/** What the poll emits: new records, or in a manual run the latest one. */
	records: IDataObject[];
	/** The state to save; undefined in a manual run, which must not move the trigger on. */
	state?: State;
}

/**
 * Case Reached Status: cases/queryCases.php with `field: "status"` (the vendor's field name,
 * verbatim), one request per chosen status. A case is emitted when it appears in a status it
 * was not in at the previous poll; a status polled for the first time is a baseline (its cases
 * are not replayed). Cases that left a status are forgotten, so one that is reopened and solved
 * again fires again.
 */
export async function pollCaseReachedStatus(
	ctx: IPollFunctions,
	credentials: WolkvoxCredentials,
	statuses: string[],
	saved: CaseStatusState | undefined,
	manual: boolean,
): Promise<PollResult<CaseStatusState>> {
	const node = ctx.getNode();
	const answers: Array<{ status: string; records: IDataObject[]; ids: string[] }> = [];
	// One after the other: a poll takes one of the token's 2 simultaneous slots, never both.
	for (const status of statuses) {
		const records = await queryList(ctx, credentials, 'cases/queryCases.php', { field: 'status', value: status }, `list the cases in status "${status}"`);
		assertWithinBound(node, records.length, `cases in status "${status}"`, 'Watch a status that cases move on from (Solucionado rather than Cerrado), or use another token for old cases.');
		answers.push({ status, records, ids: idsOf(node, records, `a case in status "${status}"`) });
	}

	if (manual) {
		// [guess] answers list the oldest case first, so the last one listed is the latest.
		const latest = answers.map((answer) => answer.records.at(-1)).filter((record) => record !== undefined).at(-1);
		return { records: latest ? [latest] : [] };
	}

	const state: CaseStatusState = {};
	const records: IDataObject[] = [];
	for (const { status, records: found, ids } of answers) {
		const known = saved?.[status];
		if (known) {
			const seen = new Set(known);
			found.forEach((record, index) => {
				if (!seen.has(ids[index])) {
					seen.add(ids[index]);
					records.push(record);
				}
			});
		}
		state[status] = [...new Set(ids)];
	}
	return { records, state };
}
