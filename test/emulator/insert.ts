import { drain, isPlainObject, mediaType } from './body';
import {
	ALLOWED_EXTENSIONS,
	ERRORS,
	GUESSED_ERRORS,
	INSERT_REQUIRED,
	SUCCESS,
	extensionNotAllowed,
} from './contract';
import type { HandlerContext } from './context';
import { checkReferences, isFilled } from './directory';
import { fail, ok, type Outcome } from './envelope';
import { MultipartError, parseMultipart, type ParsedForm } from './multipart';
import { newObjectId } from './objectId';

/** POST cases/insert.php: multipart/form-data; every check passes or nothing is stored. */
export async function insertCase(ctx: HandlerContext): Promise<Outcome> {
	if (mediaType(ctx.req.headers['content-type']) !== 'multipart/form-data') {
		await drain(ctx.req);
		return fail(400, GUESSED_ERRORS.bodyMustBeFormData);
	}
	let form: ParsedForm | undefined;
	let parseError: unknown;
	try {
		form = await parseMultipart(ctx.req, ctx.keepBytes);
	} catch (error) {
		parseError = error;
	}
	if (form === undefined) {
		if (parseError instanceof MultipartError) return fail(400, GUESSED_ERRORS.malformedMultipart, parseError.message);
		throw parseError;
	}
	// PHP already dropped these before the script could reject anything.
	ctx.droppedFiles.push(...form.dropped);
	ctx.ignoredFiles.push(...form.ignored);

	const { fields } = form;
	if (isFilled(fields.operation) && fields.operation !== ctx.account.operation) {
		return fail(403, ERRORS.validateToken);
	}
	const missing = INSERT_REQUIRED.filter((name) => !isFilled(fields[name]));
	if (missing.length > 0) {
		return fail(400, ERRORS.parametersRequired, `${ERRORS.parametersRequired}: ${missing.join(', ')}`);
	}

	let customFields: Record<string, unknown> = {};
	if (fields.form !== undefined) {
		const parsed = parseJsonObject(fields.form);
		if (!parsed) return fail(400, GUESSED_ERRORS.formNotObject);
		customFields = parsed;
	}

	const problem = checkReferences(ctx.account.directory, {
		caseType: fields['case-type'],
		status: fields.status,
		responsible: fields.responsible,
		owner: fields.owner,
		contact: fields.contact,
		priority: fields.priority,
		solution: fields.solution,
	});
	if (problem) return fail(400, problem);

	const badFile = form.files.find((file) => !hasAllowedExtension(file.fileName ?? ''));
	if (badFile) return fail(400, extensionNotAllowed(badFile.fileName ?? ''));

	const plainFields = withoutKeys(fields, ['operation', 'form']);
	const wolkvoxId = newObjectId();
	ctx.cases.push({
		wolkvoxId,
		idPrefijo: '',
		operation: ctx.account.operation,
		fields: plainFields,
		form: customFields,
		files: form.files,
		updates: 0,
		createdVia: 'insert',
	});
	return ok(SUCCESS.created, { wolkvox_id: wolkvoxId, idPrefijo: '' });
}

/** Case-insensitive, like PHP's pathinfo(); no extension at all is rejected. */
export function hasAllowedExtension(fileName: string): boolean {
	const dot = fileName.lastIndexOf('.');
	return dot >= 0 && ALLOWED_EXTENSIONS.includes(fileName.slice(dot + 1).toLowerCase());
}

/** A copy of fields without the given keys (stored apart from the plain fields). */
function withoutKeys(fields: Record<string, string>, keys: readonly string[]): Record<string, string> {
	const copy = { ...fields };
	for (const key of keys) delete copy[key];
	return copy;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return isPlainObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}
