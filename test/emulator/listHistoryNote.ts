import { drain } from './body';
import { GUESSED_ERRORS, HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT, HISTORY_REQUIRED, type QueryField } from './contract';
import type { HandlerContext } from './context';
import { fail, listAnswer, type Outcome } from './envelope';
import { checkQueryField, matchingCases } from './queryCases';
import { checkOperationAndRequired, checkStringTypes, readJsonObject } from './requestBody';

/**
 * POST cases/listHistoryNote.php: raw JSON {operation, field, value, limit} [doc]; needs an
 * External token [doc]. Finds the cases as queryCases.php does (GUESS: the same field list, see
 * HISTORY_FIELDS) and answers their notes newest first, at most `limit` of them (GUESS).
 */
export async function listHistoryNote(ctx: HandlerContext): Promise<Outcome> {
	// [doc] External tokens only; GUESS: checked before the body is read, with our own text.
	if (ctx.account.tokenType !== 'External') {
		await drain(ctx.req);
		return fail(403, GUESSED_ERRORS.tokenMustBeExternal);
	}
	const read = await readJsonObject(ctx);
	if (!read.ok) return read.outcome;
	const body = read.value;
	const rejected = checkStringTypes(body, HISTORY_REQUIRED) ?? checkOperationAndRequired(ctx, body, HISTORY_REQUIRED);
	if (rejected) return rejected;
	const field = body.field as string;
	const refused = checkQueryField(field);
	if (refused) return refused;

	const limit = readLimit(body);
	if (limit === undefined) return fail(400, GUESSED_ERRORS.invalidLimit);

	const notes = matchingCases(ctx, field as QueryField, body.value as string)
		.flatMap((stored) => (stored.history ?? []).slice().reverse())
		.sort((a, b) => b.date.localeCompare(a.date)) // stable: one case's notes keep their order
		.slice(0, limit)
		.map((note) => ({ ...note }));
	return listAnswer(notes, ctx.zeroResults);
}

/**
 * `limit`: absent → the default; an integer or, as in the vendor's table ("limit": "2") [doc], its
 * digits as a string; GUESS: from 1 to HISTORY_MAX_LIMIT, anything else refused (null is not absent).
 */
function readLimit(body: Record<string, unknown>): number | undefined {
	if (!('limit' in body)) return HISTORY_DEFAULT_LIMIT;
	const raw = body.limit;
	const limit = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
	return Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= HISTORY_MAX_LIMIT ? (limit as number) : undefined;
}
