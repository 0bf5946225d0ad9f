import { drain, isPlainObject, mediaType, readBody } from './body';
import { ERRORS, GUESSED_ERRORS, invalidParameterType } from './contract';
import type { HandlerContext } from './context';
import { isFilled } from './directory';
import { fail, type Outcome } from './envelope';
import { MultipartError, parseMultipart, type ParsedForm } from './multipart';

/** Either the request's content, or the answer that rejects it. */
export type Read<T> = { ok: true; value: T } | { ok: false; outcome: Outcome };

const rejected = (outcome: Outcome): { ok: false; outcome: Outcome } => ({ ok: false, outcome });

/** A raw JSON body (Content-Type application/json) holding one JSON object. */
export async function readJsonObject(ctx: HandlerContext): Promise<Read<Record<string, unknown>>> {
	if (mediaType(ctx.req.headers['content-type']) !== 'application/json') {
		await drain(ctx.req);
		return rejected(fail(400, GUESSED_ERRORS.bodyMustBeJson));
	}
	// Chunks first, one string at the end: bodies of 100+ MB of base64 are expected.
	const body = parseJson((await readBody(ctx.req)).toString('utf8'));
	if (!isPlainObject(body)) return rejected(fail(400, GUESSED_ERRORS.invalidJson));
	return { ok: true, value: body };
}

/**
 * A multipart/form-data body as a PHP script sees it. Files PHP dropped or that came under
 * other names are recorded at once: that happened before the script could reject anything.
 */
export async function readPhpForm(ctx: HandlerContext): Promise<Read<ParsedForm>> {
	if (mediaType(ctx.req.headers['content-type']) !== 'multipart/form-data') {
		await drain(ctx.req);
		return rejected(fail(400, GUESSED_ERRORS.bodyMustBeFormData));
	}
	let form: ParsedForm | undefined;
	let parseError: unknown;
	try {
		form = await parseMultipart(ctx.req, ctx.keepBytes);
	} catch (error) {
		parseError = error;
	}
	if (form === undefined) {
		if (parseError instanceof MultipartError) {
			return rejected(fail(400, GUESSED_ERRORS.malformedMultipart, parseError.message));
		}
		throw parseError;
	}
	ctx.droppedFiles.push(...form.dropped);
	ctx.ignoredFiles.push(...form.ignored);
	return { ok: true, value: form };
}

/** 400 INVALID PARAMETER TYPE for the first of `names` present with a non-string value. */
export function checkStringTypes(body: Record<string, unknown>, names: readonly string[]): Outcome | undefined {
	const wrongType = names.find((name) => name in body && typeof body[name] !== 'string');
	return wrongType === undefined ? undefined : fail(400, invalidParameterType(wrongType));
}

/**
 * The checks every body goes through first, in the order of the existing endpoints: an
 * operation that is not the token's (403), then every required field missing or blank (400).
 */
export function checkOperationAndRequired(
	ctx: HandlerContext,
	values: Readonly<Record<string, unknown>>,
	required: readonly string[],
): Outcome | undefined {
	const { operation } = values;
	if (typeof operation === 'string' && isFilled(operation) && operation !== ctx.account.operation) {
		return fail(403, ERRORS.validateToken);
	}
	const missing = required.filter((name) => {
		const value = values[name];
		return typeof value !== 'string' || !isFilled(value);
	});
	if (missing.length === 0) return undefined;
	return fail(400, ERRORS.parametersRequired, `${ERRORS.parametersRequired}: ${missing.join(', ')}`);
}

/** The top-level string values of a JSON body. */
export function stringValues(body: Record<string, unknown>): Record<string, string> {
	const strings: Record<string, string> = {};
	for (const [name, value] of Object.entries(body)) if (typeof value === 'string') strings[name] = value;
	return strings;
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
	const value = parseJson(text);
	return isPlainObject(value) ? value : undefined;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
