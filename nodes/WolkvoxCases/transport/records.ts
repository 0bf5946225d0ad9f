import type { IDataObject } from 'n8n-workflow';

import type { Envelope } from './envelope';

/**
 * The records of a query's answer (cases/queryCases.php, cases/listHistoryNote.php,
 * custom/query.php), or why the answer cannot be trusted.
 *
 * "Nothing found" comes in several shapes: [doc, code] 200 with "0 records were are found" and an
 * empty `data`; GUESS: the same without `data`, or a 404 (request.ts turns a 404 envelope into an
 * empty list when the request says `notFoundIsEmpty`). All give no records. The vendor documents no
 * record shape, so a list in `data`, a list inside `data`, or a single record are read; an answer
 * whose count ("N records were are found") contradicts what was read is refused rather than
 * reported as no match or as a false match.
 */
export type ListAnswer = { ok: true; records: IDataObject[] } | { ok: false; problem: string };

const FOUND = /^\s*(\d+)\s+records?\s+were\s+are\s+found/i;

const isRecord = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function listAnswer(envelope: Envelope): ListAnswer {
	const claimed = FOUND.exec(envelope.msg);
	const count = claimed ? Number(claimed[1]) : undefined;
	const { records, listed } = recordsIn(envelope);
	// "0 found" with an object in data (a template such as {"wolkvox_id": ""}) is no record; with a list of records, a contradiction.
	if (count === 0 && listed && records.length > 0) {
		return { ok: false, problem: `wolkvox said "${envelope.msg}" but sent ${records.length} record(s)` };
	}
	if (count !== undefined && count > 0 && records.length === 0) {
		return { ok: false, problem: `wolkvox said "${envelope.msg}" but its data holds no record this node can read` };
	}
	return { ok: true, records: count === 0 ? [] : records };
}

/** The records found, and whether they came from a list (not from `data` read as one record). */
function recordsIn(envelope: Envelope): { records: IDataObject[]; listed: boolean } {
	if (envelope.list) return { records: envelope.list.filter(isRecord), listed: true };
	const nested = Object.values(envelope.data).find(Array.isArray);
	if (nested) return { records: (nested as unknown[]).filter(isRecord), listed: true };
	return { records: Object.keys(envelope.data).length ? [envelope.data as IDataObject] : [], listed: false };
}
