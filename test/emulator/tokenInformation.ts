import { drain } from './body';
import { ERRORS, SUCCESS } from './contract';
import type { HandlerContext } from './context';
import { isFilled } from './directory';
import { fail, ok, type Outcome } from './envelope';

/**
 * GET token/tokenInformation.php?operation=NAME [doc]; the call itself counts as used [doc]; the
 * data fields are the documented ones (`available_consumition_options` sic) [doc]. GUESS: the
 * description text, and 400/403 for a missing or foreign operation.
 */
export async function tokenInformation(ctx: HandlerContext): Promise<Outcome> {
	await drain(ctx.req);
	const operation = ctx.query.get('operation') ?? undefined;
	if (!isFilled(operation)) return fail(400, ERRORS.parametersRequired, `${ERRORS.parametersRequired}: operation`);
	if (operation !== ctx.account.operation) return fail(403, ERRORS.validateToken);
	const { usedToday } = ctx.account;
	return ok(SUCCESS.info, {
		description: 'n8n-nodes-wolkvox emulator token',
		token_limit: ctx.dailyQuota,
		token_use_today: usedToday,
		available_consumition_options: Math.max(0, ctx.dailyQuota - usedToday),
		hours_to_restart_count: hoursToMidnight(),
	});
}

/** GUESS: the daily count restarts at midnight (UTC here; the vendor's zone is unknown). */
function hoursToMidnight(): number {
	const now = new Date();
	const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
	return Math.ceil((midnight - now.getTime()) / 3_600_000);
}
