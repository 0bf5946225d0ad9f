import { isPlainObject } from './body';
import { decodeAttachments, storeNewCase } from './caseStore';
import { GUESSED_ERRORS, INSERT_ATTACH_STRING_FIELDS, INSERT_REQUIRED, SUCCESS } from './contract';
import type { HandlerContext } from './context';
import { checkReferences } from './directory';
import { fail, ok, type Outcome } from './envelope';
import { checkOperationAndRequired, checkStringTypes, readJsonObject, stringValues } from './requestBody';
import { checkAttachments } from './update';

/**
 * POST cases/insertAttach.php: raw JSON with insert.php's fields, `form` a JSON object and
 * `attachments` an array of bare base64 strings. Every check passes or nothing is stored.
 */
export async function insertAttach(ctx: HandlerContext): Promise<Outcome> {
	const read = await readJsonObject(ctx);
	if (!read.ok) return read.outcome;
	const body = read.value;
	const rejected =
		checkStringTypes(body, INSERT_ATTACH_STRING_FIELDS) ?? checkOperationAndRequired(ctx, body, INSERT_REQUIRED);
	if (rejected) return rejected;
	const text = stringValues(body);
	if ('form' in body && !isPlainObject(body.form)) return fail(400, GUESSED_ERRORS.formNotObject);

	const attachments = checkAttachments(body.attachments);
	if (!Array.isArray(attachments)) return attachments;

	const problem = checkReferences(ctx.account.directory, {
		caseType: text['case-type'],
		status: text.status,
		responsible: text.responsible,
		owner: text.owner,
		contact: text.contact,
		priority: text.priority,
		solution: text.solution,
	});
	if (problem) return fail(400, problem);

	const fields = { ...text };
	for (const key of ['operation', 'form', 'attachments']) delete fields[key];
	const stored = storeNewCase(ctx, {
		fields,
		form: isPlainObject(body.form) ? { ...body.form } : {},
		files: decodeAttachments(attachments, ctx.keepBytes),
		createdVia: 'insertAttach',
	});
	return ok(SUCCESS.created, { wolkvox_id: stored.wolkvoxId, idPrefijo: stored.idPrefijo });
}
