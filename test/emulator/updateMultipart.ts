import { GUESSED_ERRORS, SUCCESS, UPDATE_MULTIPART_REQUIRED, extensionNotAllowed } from './contract';
import { applyUpdate, findOwnCase, withoutKeys } from './caseStore';
import type { HandlerContext } from './context';
import { checkReferences } from './directory';
import { fail, ok, type Outcome } from './envelope';
import { firstBadFile } from './insert';
import { checkOperationAndRequired, parseJsonObject, readPhpForm } from './requestBody';

/**
 * POST cases/update.php: multipart/form-data with insert.php's PHP semantics (`file` last part
 * wins, `file[]` a list, basename, the extension list); `form` a JSON string of an object.
 * Every check passes or nothing changes.
 */
export async function updateCase(ctx: HandlerContext): Promise<Outcome> {
	const read = await readPhpForm(ctx);
	if (!read.ok) return read.outcome;
	const form = read.value;
	const { fields } = form;
	const rejected = checkOperationAndRequired(ctx, fields, UPDATE_MULTIPART_REQUIRED);
	if (rejected) return rejected;

	let customFields: Record<string, unknown> | undefined;
	if (fields.form !== undefined) {
		customFields = parseJsonObject(fields.form);
		if (!customFields) return fail(400, GUESSED_ERRORS.formNotObject);
	}

	const stored = findOwnCase(ctx, fields['wolkvox-id']);
	if (!stored) return fail(404, GUESSED_ERRORS.recordNotFound);

	const problem = checkReferences(ctx.account.directory, {
		caseType: fields['case-type'] ?? stored.fields['case-type'],
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

	applyUpdate(stored, {
		fields: withoutKeys(fields, ['operation', 'wolkvox-id', 'form']),
		form: customFields,
		files: form.files,
		user: fields.responsible,
	});
	return ok(SUCCESS.updated, { wolkvox_id: stored.wolkvoxId });
}
