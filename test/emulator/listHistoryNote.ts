import { drain } from './body';
import {
	GUESSED_ERRORS,
	HISTORY_DEFAULT_LIMIT,
	HISTORY_FIELDS,
	HISTORY_MAX_LIMIT,
	HISTORY_REQUIRED,
	SUCCESS,
	invalidSearchField,
} from './contract';
import type { HandlerContext } from './context';
import { fail, ok, type Outcome } from './envelope';
import { checkOperationAndRequired, checkStringTypes, readJsonObject } from './requestBody';

/**
 * POST cases/listHistoryNote.php: raw JSON {operation, field, value, limit}; needs an External
 * token (documented). Answers the case's notes newest first, at most `limit` of them.
 */
export async function listHistoryNote(ctx: HandlerContext): Promise<Outcome> {
	// GUESS: checked before the body is even read, like the other token checks.
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
	const value = body.value as string;
	if (!(HISTORY_FIELDS as readonly string[]).includes(field)) return fail(400, invalidSearchField(field, HISTORY_FIELDS));

	const limit = 'limit' in body ? body.limit : HISTORY_DEFAULT_LIMIT; // null is not "absent"
	if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > HISTORY_MAX_LIMIT) {
		return fail(400, GUESSED_ERRORS.invalidLimit);
	}

	const stored = ctx.cases.find(
		(candidate) =>
			candidate.operation === ctx.account.operation &&
			(field === 'idCase' ? candidate.idCase : candidate.wolkvoxId) === value,
	);
	if (!stored) return fail(404, GUESSED_ERRORS.recordNotFound);

	const notes = (stored.history ?? [])
		.slice()
		.reverse()
		.slice(0, limit as number)
		.map((note) => ({ ...note }));
	return ok(SUCCESS.found(notes.length), notes);
}
