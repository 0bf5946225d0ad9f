import { applyUpdate, decodeAttachments, findOwnCase, withoutKeys } from './caseStore';
import { GUESSED_ERRORS, SUCCESS, UPDATE_REQUIRED, UPDATE_STRING_FIELDS } from './contract';
import type { HandlerContext } from './context';
import { fail, ok, type Outcome } from './envelope';
import { checkCaseReferences, readCaseJson } from './requestBody';

/** Keys that are not case fields of their own. */
const NOT_STORED = ['operation', 'wolkvox-id', 'form', 'attachments'];

/**
 * POST cases/updateCaseAttachment.php: raw JSON [doc]; attachments are bare base64 strings [doc].
 * Whether they are added to the case's files or replace them is not documented: the emulator's
 * attachmentsMode decides (GUESS either way); with 'replace', only a body that has an
 * `attachments` key replaces the files (an absent key keeps them, also a GUESS).
 */
export async function updateCaseAttachment(ctx: HandlerContext): Promise<Outcome> {
	const read = await readCaseJson(ctx, UPDATE_STRING_FIELDS, UPDATE_REQUIRED);
	if (!read.ok) return read.outcome;
	const { text, form, attachments, attachmentsSent } = read.value;

	// GUESS: an unknown id (or one of another operation) is a 404 RECORD NOT FOUND.
	const stored = findOwnCase(ctx, text['wolkvox-id']);
	if (!stored) return fail(404, GUESSED_ERRORS.recordNotFound);

	const rejected = checkCaseReferences(ctx, text, stored.fields);
	if (rejected) return rejected;

	applyUpdate(stored, {
		fields: withoutKeys(text, NOT_STORED),
		form,
		files: decodeAttachments(attachments, ctx.keepBytes),
		user: text.responsible,
		replaceFiles: ctx.attachmentsMode === 'replace' && attachmentsSent,
	});
	return ok(SUCCESS.updated, { wolkvox_id: stored.wolkvoxId });
}
