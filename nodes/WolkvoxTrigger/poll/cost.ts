import type { IDataObject } from 'n8n-workflow';

/** The vendor's example daily quota per token (their pages quote 4,800 requests a day). */
export const EXAMPLE_DAILY_QUOTA = 4800;

const MINUTES_A_DAY = 24 * 60;

/**
 * How many times a day n8n runs the poll for the Poll Times set on the node (n8n's own
 * `pollTimes` parameter, one entry per schedule). A custom cron expression is not counted:
 * `undefined` then says the figure is unknown.
 */
export function pollsPerDay(pollTimes: IDataObject | undefined): number | undefined {
	const entries = (pollTimes?.item as IDataObject[] | undefined) ?? [];
	let total = 0;
	for (const entry of entries) {
		switch (entry.mode) {
			case 'everyMinute':
				total += MINUTES_A_DAY;
				break;
			case 'everyHour':
				total += 24;
				break;
			case 'everyDay':
				total += 1;
				break;
			case 'everyWeek':
				total += 1 / 7;
				break;
			case 'everyMonth':
				total += 12 / 365;
				break;
			case 'everyX': {
				const value = Number(entry.value) || 1;
				total += entry.unit === 'hours' ? 24 / value : MINUTES_A_DAY / value;
				break;
			}
			default:
				return undefined;
		}
	}
	return total;
}

/** "This trigger spends about 2,880 requests a day (1,440 polls × 2 requests) of the token's quota…" */
export function costText(pollTimes: IDataObject | undefined, requestsPerPoll: number): string {
	const polls = pollsPerDay(pollTimes);
	const per = `${requestsPerPoll} request${requestsPerPoll === 1 ? '' : 's'} per poll`;
	if (polls === undefined) return `This trigger sends ${per}.`;
	const daily = Math.round(polls * requestsPerPoll);
	return `This trigger spends about ${daily.toLocaleString('en-US')} requests a day (${Math.round(polls).toLocaleString('en-US')} polls × ${per}) of the token's daily quota (${EXAMPLE_DAILY_QUOTA.toLocaleString('en-US')} in wolkvox's example), shared with every workflow that uses the token.`;
}
