/**
 * The JSON envelope every endpoint answers with. Only the success shape is
 * documented; the error shape ({code, error: TEXT, msg: TEXT, data: []}) is a GUESS
 * and is built in exactly one place (fail) so it is easy to change.
 */

export interface Outcome {
	code: number;
	/** undefined on success; rendered as "null" or null per EnvelopeStyle */
	error?: string;
	msg: string;
	data: unknown;
}

/** Documented variants seen in the wild; which one the server uses is unknown. */
export interface EnvelopeStyle {
	/** send "200" instead of 200 */
	codeAsString: boolean;
	/** success error field: the string "null" (documented) or JSON null */
	errorNull: 'string' | 'null';
	/** HTTP status equals the body's code, or is always 200 with the code only in the body */
	statusMode: 'mirror' | 'always200';
}

export function ok(msg: string, data: unknown): Outcome {
	return { code: 200, msg, data };
}

export function fail(code: number, error: string, msg: string = error): Outcome {
	return { code, error, msg, data: [] };
}

export function renderBody(outcome: Outcome, style: EnvelopeStyle): string {
	const nullError = style.errorNull === 'null' ? null : 'null';
	return JSON.stringify({
		code: style.codeAsString ? String(outcome.code) : outcome.code,
		error: outcome.error ?? nullError,
		msg: outcome.msg,
		data: outcome.data,
	});
}

export function httpStatus(outcome: Outcome, style: EnvelopeStyle): number {
	return style.statusMode === 'mirror' ? outcome.code : 200;
}
