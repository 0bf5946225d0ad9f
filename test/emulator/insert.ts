import { ALLOWED_EXTENSIONS, GUESSED_ERRORS, INSERT_REQUIRED, SUCCESS, extensionNotAllowed } from './contract';
import { storeNewCase, withoutKeys } from './caseStore';
import type { HandlerContext } from './context';
import { checkReferences } from './directory';
import { fail, ok, type Outcome } from './envelope';
import type { StoredFile } from './types';
import { checkOperationAndRequired, parseJsonObject, readPhpForm } from './requestBody';

/** POST cases/insert.php: multipart/form-data; every check passes or nothing is stored. */
export async function insertCase(ctx: HandlerContext): Promise<Outcome> {
	const read = await readPhpForm(ctx);
	if (!read.ok) return read.outcome;
	const form = read.value;
	const { fields } = form;
	const rejected = checkOperationAndRequired(ctx, fields, INSERT_REQUIRED);
	if (rejected) return rejected;

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

	const badFile = firstBadFile(form.files);
	if (badFile) return fail(400, extensionNotAllowed(badFile.fileName ?? ''));

	const stored = storeNewCase(ctx, {
		fields: withoutKeys(fields, ['operation', 'form']),
		form: customFields,
		files: form.files,
		createdVia: 'insert',
	});
	return ok(SUCCESS.created, { wolkvox_id: stored.wolkvoxId, idPrefijo: stored.idPrefijo });
}

/** The first multipart file whose extension insert.php's list does not allow. */
export function firstBadFile(files: readonly StoredFile[]): StoredFile | undefined {
	return files.find((file) => !hasAllowedExtension(file.fileName ?? ''));
}

/** Case-insensitive, like PHP's pathinfo(); no extension at all is rejected. */
export function hasAllowedExtension(fileName: string): boolean {
	const dot = fileName.lastIndexOf('.');
	return dot >= 0 && ALLOWED_EXTENSIONS.includes(fileName.slice(dot + 1).toLowerCase());
}
