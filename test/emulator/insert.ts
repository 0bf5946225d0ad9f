import { INSERT_REQUIRED, SUCCESS } from './contract';
import { storeNewCase, withoutKeys } from './caseStore';
import type { HandlerContext } from './context';
import { ok, type Outcome } from './envelope';
import { checkCaseReferences, checkFileExtensions, readCaseForm } from './requestBody';

/**
 * POST cases/insert.php: multipart/form-data [doc], required fields INSERT_REQUIRED [doc], `form` a
 * JSON string of an object [doc], files under `file` [doc] with PHP's rules for several (multipart.ts,
 * GUESS that the server reads `file[]`). Every check passes or nothing is stored (GUESS).
 */
export async function insertCase(ctx: HandlerContext): Promise<Outcome> {
	const read = await readCaseForm(ctx, INSERT_REQUIRED);
	if (!read.ok) return read.outcome;
	const { fields, files, customFields } = read.value;

	const rejected = checkCaseReferences(ctx, fields) ?? checkFileExtensions(files);
	if (rejected) return rejected;

	const stored = storeNewCase(ctx, {
		fields: withoutKeys(fields, ['operation', 'form']),
		form: customFields ?? {},
		files,
		createdVia: 'insert',
	});
	return ok(SUCCESS.created, { wolkvox_id: stored.wolkvoxId, idPrefijo: stored.idPrefijo });
}
