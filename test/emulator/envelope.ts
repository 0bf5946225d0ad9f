/**
 * The JSON envelope every endpoint answers with, `{code, error, msg, data}` [doc]. On success
 * `error` is the string "null" [doc] (JSON null as a variant). On failure `error` is the HTTP
 * reason phrase (BAD REQUEST, UNAUTHORIZED, FORBIDDEN) [doc: api-response-codes] and `msg` the
 * vendor's text (THE API YOU WANT TO CONSULT DOES NOT EXIST…) [doc]; `data: []` on failure is a
 * GUESS. Failures are built in exactly one place (fail) so the shape is easy to change.
 */
import { GUESSED_ERRORS, SUCCESS } from './contract';

export interface Outcome {
	code: number;
	/** undefined on success; the text the failure is about (what the body's msg starts with) */
	error?: string;
	msg: string;
	/** undefined leaves `data` out of the body (a zero-result answer without data) */
	data: unknown;
}

/** Documented variants seen in the wild; which one the server uses is unknown. */
export interface EnvelopeStyle {
	/** send "200" instead of 200 ([doc, code]: the published examples send a string; the seeds a number) */
	codeAsString: boolean;
	/** success error field: the string "null" (documented) or JSON null */
	errorNull: 'string' | 'null';
	/** HTTP status equals the body's code, or is always 200 with the code only in the body (GUESS) */
	statusMode: 'mirror' | 'always200';
}

/**
 * How a query that matched nothing is answered. [doc, code]: 200 with "0 records were are found"
 * and an empty `data` ('empty'); GUESS: the same without `data` ('missing'), or a 404 ('notFound').
 */
export type ZeroResults = 'empty' | 'missing' | 'notFound';

/** [doc] the HTTP reason phrases the `error` field carries; the others are the standard phrases. */
const REASON_PHRASES: Record<number, string> = {
	400: 'BAD REQUEST',
	401: 'UNAUTHORIZED',
	403: 'FORBIDDEN',
	404: 'NOT FOUND',
	405: 'METHOD NOT ALLOWED',
	500: 'INTERNAL SERVER ERROR',
};

/** The `error` text of a failure with this code. */
export const reasonPhrase = (code: number): string | undefined => REASON_PHRASES[code];

export function ok(msg: string, data: unknown): Outcome {
	return { code: 200, msg, data };
}

export function fail(code: number, error: string, msg: string = error): Outcome {
	return { code, error, msg, data: [] };
}

/** A query's answer: its records, or nothing found in the configured shape. */
export function listAnswer(records: unknown[], zeroResults: ZeroResults): Outcome {
	if (records.length > 0) return ok(SUCCESS.found(records.length), records);
	if (zeroResults === 'notFound') return fail(404, GUESSED_ERRORS.nothingFound);
	return ok(SUCCESS.found(0), zeroResults === 'empty' ? [] : undefined);
}

export function renderBody(outcome: Outcome, style: EnvelopeStyle): string {
	const nullError = style.errorNull === 'null' ? null : 'null';
	return JSON.stringify({
		code: style.codeAsString ? String(outcome.code) : outcome.code,
		error: outcome.error === undefined ? nullError : (reasonPhrase(outcome.code) ?? outcome.error),
		msg: outcome.msg,
		data: outcome.data,
	});
}

export function httpStatus(outcome: Outcome, style: EnvelopeStyle): number {
	return style.statusMode === 'mirror' ? outcome.code : 200;
}
