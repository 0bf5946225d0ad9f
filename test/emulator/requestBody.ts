import { isStrictBase64 } from './base64';
import { drain, isPlainObject, mediaType, readBody } from './body';
import {
	ALLOWED_EXTENSIONS,
	ERRORS,
	GUESSED_ERRORS,
	extensionNotAllowed,
	invalidAttachment,
	invalidParameterType,
} from './contract';
import type { HandlerContext } from './context';
import { checkReferences, isFilled } from './directory';
import { fail, type Outcome } from './envelope';
import { MultipartError, parseMultipart, type ParsedForm } from './multipart';
import type { StoredFile } from './types';

/** Either the request's content, or the answer that rejects it. */
export type Read<T> = { ok: true; value: T } | { ok: false; outcome: Outcome };

const rejected = (outcome: Outcome): { ok: false; outcome: Outcome } => ({ ok: false, outcome });

/** A raw JSON body holding one JSON object ([doc] "raw" bodies; GUESS: the Content-Type is checked, 400 texts ours). */
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
			return rejected(fail(400, GUESSED_ERRORS.malformedMultipart, `${GUESSED_ERRORS.malformedMultipart}: ${parseError.message}`));
		}
		throw parseError;
	}
	ctx.droppedFiles.push(...form.dropped);
	ctx.ignoredFiles.push(...form.ignored);
	return { ok: true, value: form };
}

/** GUESS: 400 INVALID PARAMETER TYPE for the first of `names` present with a non-string value. */
export function checkStringTypes(body: Record<string, unknown>, names: readonly string[]): Outcome | undefined {
	const wrongType = names.find((name) => name in body && typeof body[name] !== 'string');
	return wrongType === undefined ? undefined : fail(400, invalidParameterType(wrongType));
}

/**
 * The checks every body goes through first: an operation that is not the token's (403 PLEASE
 * VALIDATE TOKEN: GUESS), then every required field missing or blank (400 SOME PARAMETERS ARE
 * REQUIRED [doc]; listing the missing names in msg and treating blanks as missing: GUESS).
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

/** A case's multipart body (insert.php, update.php) once the checks both make first have passed. */
export interface CaseForm {
	fields: Record<string, string>;
	files: StoredFile[];
	/** `form` parsed; undefined when it was not sent */
	customFields: Record<string, unknown> | undefined;
}

/**
 * Reads a case's multipart body through the checks insert.php and update.php make first, in
 * their order: the body type, the operation and the required fields, then `form` a JSON string
 * of an object.
 */
export async function readCaseForm(ctx: HandlerContext, required: readonly string[]): Promise<Read<CaseForm>> {
	const read = await readPhpForm(ctx);
	if (!read.ok) return read;
	const { fields, files } = read.value;
	const problem = checkOperationAndRequired(ctx, fields, required);
	if (problem) return rejected(problem);
	let customFields: Record<string, unknown> | undefined;
	if (fields.form !== undefined) {
		customFields = parseJsonObject(fields.form);
		if (!customFields) return rejected(fail(400, GUESSED_ERRORS.formNotObject));
	}
	return { ok: true, value: { fields, files, customFields } };
}

/** A case's raw JSON body (insertAttach.php, updateCaseAttachment.php) once its first checks have passed. */
export interface CaseJson {
	/** the body's top-level string values */
	text: Record<string, string>;
	/** `form`; undefined when it was not sent */
	form: Record<string, unknown> | undefined;
	/** the bare base64 strings of `attachments` (none when it was not sent) */
	attachments: string[];
	/** whether the body had an `attachments` key at all */
	attachmentsSent: boolean;
}

/**
 * Reads a case's raw JSON body through the checks insertAttach.php and updateCaseAttachment.php
 * make first, in their order: the body type, the types of `stringFields`, the operation and the
 * required fields, `form` an object, then `attachments`.
 */
export async function readCaseJson(
	ctx: HandlerContext,
	stringFields: readonly string[],
	required: readonly string[],
): Promise<Read<CaseJson>> {
	const read = await readJsonObject(ctx);
	if (!read.ok) return read;
	const body = read.value;
	const problem = checkStringTypes(body, stringFields) ?? checkOperationAndRequired(ctx, body, required);
	if (problem) return rejected(problem);
	if ('form' in body && !isPlainObject(body.form)) return rejected(fail(400, GUESSED_ERRORS.formNotObject));
	const attachments = checkAttachments(body.attachments);
	if (!Array.isArray(attachments)) return rejected(attachments);
	return {
		ok: true,
		value: {
			text: stringValues(body),
			form: isPlainObject(body.form) ? body.form : undefined,
			attachments,
			attachmentsSent: 'attachments' in body,
		},
	};
}

/**
 * `attachments`: absent, or an array of base64 strings [doc: "a list of base64 strings"]. GUESS:
 * absent is allowed, strict base64 only (no data: prefix, no line breaks), 400 texts ours.
 */
export function checkAttachments(value: unknown): string[] | Outcome {
	const attachments = value ?? [];
	if (!Array.isArray(attachments)) return fail(400, GUESSED_ERRORS.attachmentsNotArray);
	const badIndex = attachments.findIndex((item) => typeof item !== 'string' || !isStrictBase64(item));
	if (badIndex >= 0) return fail(400, invalidAttachment(badIndex));
	return attachments as string[];
}

/**
 * 400 for the first of a case's directory-backed fields that does not exist. An update that
 * sends no case-type is checked against the stored case's (`storedFields`).
 */
export function checkCaseReferences(
	ctx: HandlerContext,
	values: Readonly<Record<string, string>>,
	storedFields: Readonly<Record<string, string>> = {},
): Outcome | undefined {
	const problem = checkReferences(ctx.account.directory, {
		caseType: values['case-type'] ?? storedFields['case-type'],
		status: values.status,
		responsible: values.responsible,
		owner: values.owner,
		contact: values.contact,
		priority: values.priority,
		solution: values.solution,
	});
	return problem ? fail(400, problem) : undefined;
}

/** [doc] insert.php's extension list; GUESS: update.php applies it too, and the 400 text is ours. */
export function checkFileExtensions(files: readonly StoredFile[]): Outcome | undefined {
	const badFile = files.find((file) => !hasAllowedExtension(file.fileName ?? ''));
	return badFile ? fail(400, extensionNotAllowed(badFile.fileName ?? '')) : undefined;
}

/** Case-insensitive, like PHP's pathinfo(); no extension at all is rejected. */
export function hasAllowedExtension(fileName: string): boolean {
	const dot = fileName.lastIndexOf('.');
	return dot >= 0 && ALLOWED_EXTENSIONS.includes(fileName.slice(dot + 1).toLowerCase());
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
