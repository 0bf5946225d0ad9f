import type { ParsedResponse } from './envelope';

/** What the node tells the user about a failed request: what happened and what to do. */
export interface FailureText {
	message: string;
	description: string;
}

export interface RequestContext {
	/** e.g. "create the case" */
	action: string;
	/** What may be true when an answer was lost, e.g. "the case may already exist". */
	ifLost: string;
	operation: string;
	/** Names of the fields that were sent non-empty, for "SOME PARAMETERS ARE REQUIRED". */
	sentFields: string[];
	requiredFields: string[];
}

type Failure = Extract<ParsedResponse, { ok: false }>;

/** The vendor's documented error texts, with what the user should do about each. */
const KNOWN_ERRORS: Array<{ match: RegExp; explain: (c: RequestContext, text: string) => FailureText }> = [
	{
		match: /TOKEN LIMIT EXCEEDED/i,
		explain: () => ({
			message: "The token's daily request quota is used up",
			description:
				'wolkvox allows each token a fixed number of requests per day. Wait until the count resets (the credential test and tokenInformation.php tell when), or generate another token for this operation.',
		}),
	},
	{
		match: /SIMULTANEOUS REQUESTS/i,
		// Retried until the Retry Budget runs out; then simultaneousRefusalText() explains the cause.
		explain: () => ({
			message: 'wolkvox refused the request: more than 2 requests at once with this token',
			description: 'wolkvox accepts at most 2 simultaneous requests per token, from everything that uses it.',
		}),
	},
	{
		match: /PLEASE VALIDATE TOKEN/i,
		explain: (c) => ({
			message: `wolkvox did not accept the token for the operation "${c.operation}"`,
			description:
				'Check the credential: the token must be one generated in the CRM of exactly this operation (the name is case-sensitive), and the server must be the one that hosts it.',
		}),
	},
	{
		match: /PLEASE ENTER THE WOLKVOX-TOKEN/i,
		explain: () => ({
			message: 'The request reached wolkvox without a token',
			description: 'Fill in the Token field of the Wolkvox API credential.',
		}),
	},
	{
		match: /SOME PARAMETERS ARE REQUIRED/i,
		explain: (c, text) => {
			const missing = c.requiredFields.filter((f) => !c.sentFields.includes(f));
			return {
				message: `wolkvox says required parameters are missing: could not ${c.action}`,
				description: `Server said: "${text}". Sent non-empty: ${c.sentFields.join(', ') || 'none'}. ${
					missing.length
						? `Missing or empty: ${missing.join(', ')}: fill them in.`
						: `All of ${c.requiredFields.join(', ')} were sent: check that their values exist in the CRM (users as USER@operation, the contact's e-mail, a status and priority of this case type).`
				}`,
			};
		},
	},
	{
		match: /THE API YOU WANT TO CONSULT DOES NOT EXIST/i,
		explain: () => ({
			message: 'The server does not know this wolkvox API',
			description:
				'Check the Server of the credential: it must be your CRM host (log in at crm.wolkvox.com and read the host in the address bar, e.g. crm0001.wolkvox.com).',
		}),
	},
];

export function explainFailure(failure: Failure, context: RequestContext): FailureText {
	const { envelope, httpStatus } = failure;
	if (envelope) {
		// [doc] `error` holds the HTTP reason phrase (BAD REQUEST…) and `msg` the vendor's text; older
		// answers put the text in `error` too, so the message is preferred and both are matched.
		const text = envelope.msg || envelope.error || '';
		const known = KNOWN_ERRORS.find((k) => k.match.test(text) || k.match.test(envelope.error ?? ''));
		if (known) return known.explain(context, text);
		return {
			message: `wolkvox refused to ${context.action}: ${text || `code ${envelope.code}`}`,
			description: `The server answered with code ${envelope.code}${envelope.error && envelope.error !== text ? ` (${envelope.error})` : ''}. Check the values named in the message against the CRM.`,
		};
	}
	const excerpt = failure.excerpt ? `: "${failure.excerpt}"` : ' with an empty body';
	if (httpStatus === 403) {
		return {
			message: `wolkvox answered 403 with a page instead of its JSON: could not ${context.action}`,
			description: `wolkvox answers 403 during its backup windows; try again later. Body${excerpt}.`,
		};
	}
	return {
		message: `wolkvox answered HTTP ${httpStatus} without its JSON envelope: could not ${context.action}`,
		description: `Body${excerpt}. If this persists, check the credential's Server.`,
	};
}

/** wolkvox's documented limit of simultaneous requests per token. */
export const WOLKVOX_SIMULTANEOUS_LIMIT = 2;

export interface SharedTokenFacts {
	/** The credential's Simultaneous Requests: this process's slots for the token. */
	limit: number;
	/** This process's requests with the token in flight when the last refusal came (that one included). */
	inUse: number;
	tries: number;
	elapsedSeconds: number;
	budgetSeconds: number;
}

/**
 * The refusal still came when the Retry Budget ran out. This process never has more than its
 * slots in flight, so the rest of the 2 were taken from outside it; the text says who can share
 * the token and which settings help, leaving out what cannot apply to these facts.
 */
export function simultaneousRefusalText(facts: SharedTokenFacts, action: string): FailureText {
	const { limit, inUse } = facts;
	const message = `wolkvox kept refusing to ${action} for ${facts.elapsedSeconds} s: more than ${WOLKVOX_SIMULTANEOUS_LIMIT} requests at once with this token (${facts.tries} ${facts.tries === 1 ? 'try' : 'tries'})`;
	const budget = `The Retry Budget option (${facts.budgetSeconds} s) is how long such refusals are retried; raise it to wait longer.`;
	if (limit > WOLKVOX_SIMULTANEOUS_LIMIT) {
		return {
			message,
			description: `The credential's Simultaneous Requests is ${limit}, more than the ${WOLKVOX_SIMULTANEOUS_LIMIT} wolkvox allows per token, so this n8n process itself sends too many: set it to ${WOLKVOX_SIMULTANEOUS_LIMIT} or less. ${budget}`,
		};
	}
	const others = [
		'other n8n workers or processes using the same token (queue mode: each worker keeps to its own Simultaneous Requests, so with N workers set it to 2 ÷ N rounded down, at least 1)',
		'other applications or integrations using the token',
	];
	const lower =
		limit > 1
			? ` Lowering Simultaneous Requests on this credential to ${limit - 1} leaves more of the token to them.`
			: '';
	return {
		message,
		description:
			`This n8n process had ${inUse} of its ${limit} request slot${limit === 1 ? '' : 's'} in use (every execution of this node in the process shares them: the credential's Simultaneous Requests), ` +
			`so the other requests came from outside it: ${others.join(', or ')}.${lower} ${budget}`,
	};
}

export interface SlotWaitFacts {
	limit: number;
	inUse: number;
	waiting: number;
	waitedSeconds: number;
}

/** No slot freed within the Timeout: this process's own executions kept the token busy. */
export function slotWaitText(facts: SlotWaitFacts, action: string): FailureText {
	const { limit } = facts;
	const raise =
		limit < WOLKVOX_SIMULTANEOUS_LIMIT
			? ` Simultaneous Requests is ${limit}: if no other n8n worker or application uses this token, ${WOLKVOX_SIMULTANEOUS_LIMIT} is allowed.`
			: '';
	return {
		message: `No request slot of this token freed up within ${facts.waitedSeconds} s: could not ${action}`,
		description:
			`Every execution of this node in this n8n process shares the token's ${limit} request slot${limit === 1 ? '' : 's'} (the credential's Simultaneous Requests); ` +
			`${facts.inUse} were in use and ${facts.waiting} more requests were waiting. Many executions at once (a burst of webhook calls, other workflows with the same credential) or slow requests (large files) keep them busy. ` +
			`Raise the Timeout option (it bounds the wait for a slot, then the request itself), or let fewer executions run at once with N8N_CONCURRENCY_PRODUCTION_LIMIT.${raise}`,
	};
}
