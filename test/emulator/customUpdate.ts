import { checkContactFields, readCustomBody } from './customBody';
import { findContact, findContactByEmail, recordDate } from './contactStore';
import { CUSTOM_UPDATE_REQUIRED, GUESSED_ERRORS, SUCCESS, duplicateUniqueValue } from './contract';
import type { HandlerContext } from './context';
import { fail, ok, type Outcome } from './envelope';

/**
 * POST custom/update.php with module contacts [doc]: raw JSON {operation, module, wolkvox-id,
 * fields}; only the fields sent change [doc: "only what changes"]. Attachments, which the page
 * allows, are not emulated for contacts (the node sends none).
 */
export async function customUpdate(ctx: HandlerContext): Promise<Outcome> {
	const read = await readCustomBody(ctx, CUSTOM_UPDATE_REQUIRED);
	if (!read.ok) return read.outcome;
	const body = read.value;
	const rejected = checkContactFields(ctx, body.fields);
	if (rejected) return rejected;
	const fields = body.fields as Record<string, unknown>;
	// [guess] an update that changes nothing is a client's mistake.
	if (Object.keys(fields).length === 0) return fail(400, GUESSED_ERRORS.noFieldsToUpdate);

	const { directory } = ctx.account;
	// [guess] as for cases: an id the operation does not have is a 404.
	const stored = findContact(directory, body['wolkvox-id'] as string);
	if (!stored) return fail(404, GUESSED_ERRORS.recordNotFound);
	const email = fields.emailcontact;
	const holder = typeof email === 'string' ? findContactByEmail(directory, email) : undefined;
	if (directory.uniqueContactEmail && holder && holder !== stored) return fail(400, duplicateUniqueValue('emailcontact', email as string));

	Object.assign(stored.fields, structuredClone(fields));
	stored.modified = recordDate();
	stored.updates += 1;
	return ok(SUCCESS.updated, { wolkvox_id: stored.wolkvoxId });
}
