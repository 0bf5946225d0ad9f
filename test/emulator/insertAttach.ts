import { decodeAttachments, storeNewCase, withoutKeys } from './caseStore';
import { INSERT_ATTACH_STRING_FIELDS, INSERT_REQUIRED, SUCCESS } from './contract';
import type { HandlerContext } from './context';
import { ok, type Outcome } from './envelope';
import { checkCaseReferences, readCaseJson } from './requestBody';

/**
 * POST cases/insertAttach.php: raw JSON with insert.php's fields, `form` a JSON object and
 * `attachments` an array of bare base64 strings [doc]. Every check passes or nothing is stored (GUESS).
 */
export async function insertAttach(ctx: HandlerContext): Promise<Outcome> {
	const read = await readCaseJson(ctx, INSERT_ATTACH_STRING_FIELDS, INSERT_REQUIRED);
	if (!read.ok) return read.outcome;
	const { text, form, attachments } = read.value;

	const rejected = checkCaseReferences(ctx, text);
	if (rejected) return rejected;

	const stored = storeNewCase(ctx, {
		fields: withoutKeys(text, ['operation', 'form', 'attachments']),
		form: { ...form },
		files: decodeAttachments(attachments, ctx.keepBytes),
		createdVia: 'insertAttach',
	});
	return ok(SUCCESS.created, { wolkvox_id: stored.wolkvoxId, idPrefijo: stored.idPrefijo });
}
