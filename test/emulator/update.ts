import { applyUpdate, decodeAttachments, findOwnCase, withoutKeys } from './caseStore';
import { GUESSED_ERRORS, SUCCESS, UPDATE_REQUIRED, UPDATE_STRING_FIELDS } from './contract';
import type { HandlerContext } from './context';
import { fail, ok, type Outcome } from './envelope';
import { checkCaseReferences, readCaseJson } from './requestBody';

/** Keys that are not case fields of their own. */
const NOT_STORED = ['operation', 'wolkvox-id', 'form', 'attachments'];

/** POST cases/updateCaseAttachment.php: raw JSON; attachments are bare base64 strings. */
export async function updateCaseAttachment(ctx: HandlerContext): Promise<Outcome> {
	const read = await readCaseJson(ctx, UPDATE_STRING_FIELDS, UPDATE_REQUIRED);
	if (!read.ok) return read.outcome;
	const { text, form, attachments } = read.value;

	const stored = findOwnCase(ctx, text['wolkvox-id']);
	if (!stored) return fail(404, GUESSED_ERRORS.recordNotFound);

	const rejected = checkCaseReferences(ctx, text, stored.fields);
	if (rejected) return rejected;

	applyUpdate(stored, {
		fields: withoutKeys(text, NOT_STORED),
		form,
		files: decodeAttachments(attachments, ctx.keepBytes),
		user: text.responsible,
	});
	return ok(SUCCESS.updated, { wolkvox_id: stored.wolkvoxId });
}
