import { isStrictBase64 } from './base64';
import { isPlainObject } from './body';
import { applyUpdate, decodeAttachments, findOwnCase } from './caseStore';
import {
	GUESSED_ERRORS,
	SUCCESS,
	UPDATE_REQUIRED,
	UPDATE_STRING_FIELDS,
	invalidAttachment,
} from './contract';
import type { HandlerContext } from './context';
import { checkReferences } from './directory';
import { fail, ok, type Outcome } from './envelope';
import { checkOperationAndRequired, checkStringTypes, readJsonObject, stringValues } from './requestBody';

/** Keys that are not case fields of their own. */
const NOT_STORED = ['operation', 'wolkvox-id', 'form', 'attachments'];

/** POST cases/updateCaseAttachment.php: raw JSON; attachments are bare base64 strings. */
export async function updateCaseAttachment(ctx: HandlerContext): Promise<Outcome> {
	const read = await readJsonObject(ctx);
	if (!read.ok) return read.outcome;
	const body = read.value;
	const rejected = checkStringTypes(body, UPDATE_STRING_FIELDS) ?? checkOperationAndRequired(ctx, body, UPDATE_REQUIRED);
	if (rejected) return rejected;
	const text = stringValues(body);
	if ('form' in body && !isPlainObject(body.form)) return fail(400, GUESSED_ERRORS.formNotObject);

	const attachments = checkAttachments(body.attachments);
	if (!Array.isArray(attachments)) return attachments;

	const stored = findOwnCase(ctx, text['wolkvox-id']);
	if (!stored) return fail(404, GUESSED_ERRORS.recordNotFound);

	const problem = checkReferences(ctx.account.directory, {
		caseType: text['case-type'] ?? stored.fields['case-type'],
		status: text.status,
		responsible: text.responsible,
		owner: text.owner,
		contact: text.contact,
		priority: text.priority,
		solution: text.solution,
	});
	if (problem) return fail(400, problem);

	const fields = { ...text };
	for (const key of NOT_STORED) delete fields[key];
	applyUpdate(stored, {
		fields,
		form: isPlainObject(body.form) ? body.form : undefined,
		files: decodeAttachments(attachments, ctx.keepBytes),
		user: text.responsible,
	});
	return ok(SUCCESS.updated, { wolkvox_id: stored.wolkvoxId });
}

/** `attachments`: absent, or an array of strict base64 strings; otherwise the 400 that says why. */
export function checkAttachments(value: unknown): string[] | Outcome {
	const attachments = value ?? [];
	if (!Array.isArray(attachments)) return fail(400, GUESSED_ERRORS.attachmentsNotArray);
	const badIndex = attachments.findIndex((item) => typeof item !== 'string' || !isStrictBase64(item));
	if (badIndex >= 0) return fail(400, invalidAttachment(badIndex));
	return attachments as string[];
}
