import { GUESSED_ERRORS, SUCCESS, UPDATE_MULTIPART_REQUIRED } from './contract';
import { applyUpdate, findOwnCase, withoutKeys } from './caseStore';
import type { HandlerContext } from './context';
import { fail, ok, type Outcome } from './envelope';
import { checkCaseReferences, checkFileExtensions, readCaseForm } from './requestBody';

/**
 * POST cases/update.php: multipart/form-data with operation, wolkvox-id, case-type, responsible,
 * status, priority, form, file, solution [doc]. GUESS: insert.php's PHP semantics (`file` last part
 * wins, `file[]` a list, basename, the extension list), the required fields (UPDATE_MULTIPART_REQUIRED),
 * that files are added, and that every check passes or nothing changes.
 */
export async function updateCase(ctx: HandlerContext): Promise<Outcome> {
	const read = await readCaseForm(ctx, UPDATE_MULTIPART_REQUIRED);
	if (!read.ok) return read.outcome;
	const { fields, files, customFields } = read.value;

	const stored = findOwnCase(ctx, fields['wolkvox-id']);
	if (!stored) return fail(404, GUESSED_ERRORS.recordNotFound);

	const rejected = checkCaseReferences(ctx, fields, stored.fields) ?? checkFileExtensions(files);
	if (rejected) return rejected;

	applyUpdate(stored, {
		fields: withoutKeys(fields, ['operation', 'wolkvox-id', 'form']),
		form: customFields,
		files,
		user: fields.responsible,
	});
	return ok(SUCCESS.updated, { wolkvox_id: stored.wolkvoxId });
}
