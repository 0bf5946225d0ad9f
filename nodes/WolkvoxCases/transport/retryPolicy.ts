import type { ParsedResponse } from './envelope';

/**
 * Whether a failed attempt may be sent again.
 * - `safe`: the server surely created nothing (it refused before doing anything, or nothing
 *   received the request), so a retry cannot duplicate a case.
 * - `uncertain`: the request went out and the answer was lost; the case may exist.
 * - `final`: the answer was a real refusal; sending it again would fail the same way.
 */
export type RetryClass = 'safe' | 'uncertain' | 'final';

export interface RetryDecision {
	retry: RetryClass;
	/** What the server asked for with Retry-After, in milliseconds. */
	retryAfterMs?: number;
	/** Set for wolkvox's "too many simultaneous requests" refusal, whose final error explains who shares the token. */
	simultaneous?: boolean;
}

const SIMULTANEOUS = /SIMULTANEOUS REQUESTS/i;
const MAX_RETRY_AFTER_MS = 60_000;

function retryAfterMs(header: string | undefined): number | undefined {
	if (!header) return undefined;
	const seconds = Number(header);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
	return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

export function classifyResponse(
	parsed: Extract<ParsedResponse, { ok: false }>,
	retryAfterHeader: string | undefined,
): RetryDecision {
	const after = retryAfterMs(retryAfterHeader);
	const text = parsed.envelope ? `${parsed.envelope.error ?? ''} ${parsed.envelope.msg}` : '';
	if (SIMULTANEOUS.test(text)) return { retry: 'safe', retryAfterMs: after, simultaneous: true };
	if (parsed.httpStatus === 429) return { retry: 'safe', retryAfterMs: after };
	if (parsed.httpStatus === 503 && after !== undefined) return { retry: 'safe', retryAfterMs: after };
	return { retry: 'final' };
}

/**
 * Failures before the request could leave: an unknown host, a TLS handshake that failed, or
 * Node refusing the request itself (ERR_…, e.g. a header with a line break). They are settings
 * to fix, not worth a retry, and nothing was sent.
 */
const NOT_SENT = /^(ENOTFOUND|EAI_AGAIN|EPROTO|ERR_.*)$/;

/** A refused connection never carried the request: safe to try again. */
export function classifyNetworkError(code: string): RetryDecision {
	if (code === 'ECONNREFUSED') return { retry: 'safe' };
	if (NOT_SENT.test(code)) return { retry: 'final' };
	return { retry: 'uncertain' };
}

/**
 * Pauses between safe retries: short at first (a refused request usually finds a free slot
 * within one request's latency), growing to a cap of a few seconds, so that the token never
 * sits idle for long while items wait; jitter spreads the processes that were refused
 * together. They go on until the Retry Budget runs out, not for a fixed number of tries.
 */
const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 3_000;

/** Exponential backoff with jitter (between half and all of the ceiling), or the server's Retry-After when it gave one. */
export function backoffMs(attempt: number, decision: RetryDecision, random: () => number = Math.random): number {
	if (decision.retryAfterMs !== undefined) return decision.retryAfterMs;
	const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Retrying an uncertain outcome (opted in) may duplicate a case each time, so those retries stay
 * few, whatever the budget.
 */
export const MAX_UNCERTAIN_TRIES = 3;
