import type { IPollFunctions } from 'n8n-workflow';

import type { WolkvoxCredentials } from '../../../credentials/WolkvoxCredentials';
import type { PollResult } from './caseReachedStatus';
import { queryList } from './query';
import { assertWithinBound, idsOf } from './seenIds';

/** Where the last window ended, and the ids its answer listed (they may show up again in the next window's first minute). */
export interface NewContactState {
	to: string;
	ids: string[];
}

/** How far back a manual run looks for the latest contact. */
const MANUAL_LOOKBACK_DAYS = 30;

/**
 * `YYYY-MM-DD HH:MM`, the format custom/queryDates.php documents for `from` and `to`, in the
 * workflow's time zone. [guess] The vendor does not say which time zone the server reads these
 * in: the CRM's own is the likeliest, so the workflow's time zone should be set to it.
 */
export function crmMinute(date: Date, timeZone: string): string {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		})
			.formatToParts(date)
			.map((part) => [part.type, part.value]),
	);
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * New Contact: custom/queryDates.php on the contacts module, from where the last window ended
 * to this minute. [guess] The vendor does not say which date queryDates filters (creation or
 * last change) nor whether `to` is inclusive: the windows share their boundary minute and the
 * ids of the last answer keep a contact from being emitted twice. If the server filters by the
 * last change, a contact edited later is listed again; it is emitted only if it is not among
 * the ids of the previous window.
 */
export async function pollNewContact(
	ctx: IPollFunctions,
	credentials: WolkvoxCredentials,
	saved: NewContactState | undefined,
	manual: boolean,
): Promise<PollResult<NewContactState>> {
	const node = ctx.getNode();
	const timeZone = ctx.getTimezone();
	const now = new Date();
	const to = crmMinute(now, timeZone);
	const from = manual
		? crmMinute(new Date(now.getTime() - MANUAL_LOOKBACK_DAYS * 24 * 3600_000), timeZone)
		: (saved?.to ?? to);
	const found = await queryList(
		ctx,
		credentials,
		'custom/queryDates.php',
		{ module: 'contacts', date: true, from, to },
		`list the contacts of ${from} to ${to}`,
	);
	assertWithinBound(node, found.length, `contacts between ${from} and ${to}`, 'Poll more often, so that each window holds fewer new contacts.');
	const ids = idsOf(node, found, 'a contact');

	// [guess] answers list the oldest record first, so the last one listed is the latest.
	if (manual) return { records: found.slice(-1) };
	if (!saved) return { records: [], state: { to, ids: [...new Set(ids)] } };
	const seen = new Set(saved.ids);
	const records = found.filter((_record, index) => {
		if (seen.has(ids[index])) return false;
		seen.add(ids[index]);
		return true;
	});
	return { records, state: { to, ids: [...new Set(ids)] } };
}
