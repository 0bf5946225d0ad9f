import { contactRecord } from './contactStore';
import { CUSTOM_QUERY_DATES_REQUIRED, GUESSED_ERRORS } from './contract';
import type { HandlerContext } from './context';
import { readCustomBody } from './customBody';
import { fail, listAnswer, type Outcome } from './envelope';

/** [doc] `from` and `to` are written `YYYY-MM-DD HH:MM`. */
const MINUTE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/** [guess] a real calendar minute (2026-02-30 is refused, not rolled over). */
function isMinute(text: string): boolean {
	const match = MINUTE.exec(text);
	if (!match) return false;
	const [year, month, day, hour, minute] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60;
}

/**
 * POST custom/queryDates.php with module contacts [doc]: raw JSON {operation, module, date: true,
 * from, to, optional limit} [doc], `from`/`to` as `YYYY-MM-DD HH:MM` [doc].
 * [guess] Which date it filters is not published: here the creation date (wolkvox_fecha_creacion),
 * compared at minute precision in the emulator's clock (UTC), both bounds included; oldest first;
 * `limit` keeps the first (oldest) records; nothing found in the emulator's zeroResults shape. A body the server may refuse is refused: `date` other
 * than the boolean true, a malformed or impossible time, `from` after `to`, a limit that is not a
 * whole number of at least 1 (all [guess] texts).
 */
export async function customQueryDates(ctx: HandlerContext): Promise<Outcome> {
	const read = await readCustomBody(ctx, CUSTOM_QUERY_DATES_REQUIRED);
	if (!read.ok) return read.outcome;
	const body = read.value;
	if (body.date !== true) return fail(400, GUESSED_ERRORS.dateMustBeTrue);
	const from = body.from as string;
	const to = body.to as string;
	if (!isMinute(from) || !isMinute(to)) return fail(400, GUESSED_ERRORS.invalidDateRange);
	if (from > to) return fail(400, GUESSED_ERRORS.invalidDateRange);
	const { limit } = body;
	if (limit !== undefined && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 1)) {
		return fail(400, GUESSED_ERRORS.invalidDatesLimit);
	}

	const { directory, operation } = ctx.account;
	const inRange = directory.contacts.filter((contact) => {
		const minute = contact.created.slice(0, 16);
		return minute >= from && minute <= to;
	});
	const found = limit === undefined ? inRange : inRange.slice(0, limit);
	return listAnswer(found.map((contact) => contactRecord(contact, operation)), ctx.zeroResults);
}
