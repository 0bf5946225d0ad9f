import { checkContactFields, readCustomBody } from './customBody';
import { findContactByEmail, storeContact } from './contactStore';
import { CONTACT_REQUIRED_FIELDS, CUSTOM_INSERT_REQUIRED, ERRORS, SUCCESS, duplicateUniqueValue } from './contract';
import type { HandlerContext } from './context';
import { fail, ok, type Outcome } from './envelope';

/**
 * POST custom/insert.php with module contacts [doc]: raw JSON {operation, module, fields}.
 * Every check passes or nothing is stored.
 */
export async function customInsert(ctx: HandlerContext): Promise<Outcome> {
	const read = await readCustomBody(ctx, CUSTOM_INSERT_REQUIRED);
	if (!read.ok) return read.outcome;
	const fields = read.value.fields as Record<string, unknown>;
	const rejected = checkContactFields(ctx, read.value.fields);
	if (rejected) return rejected;

	// [guess] a new contact needs a name; the envelope and text are the documented ones.
	const missing = CONTACT_REQUIRED_FIELDS.filter((name) => typeof fields[name] !== 'string' || (fields[name] as string).trim() === '');
	if (missing.length) return fail(400, ERRORS.parametersRequired, `${ERRORS.parametersRequired}: fields.${missing.join(', fields.')}`);

	// [doc] e-mail is unique only where the operation made the field "Unique"; [guess] the refusal.
	const email = fields.emailcontact;
	const { directory } = ctx.account;
	if (directory.uniqueContactEmail && typeof email === 'string' && findContactByEmail(directory, email)) {
		return fail(400, duplicateUniqueValue('emailcontact', email));
	}
	const stored = storeContact(directory, fields);
	// [guess] the answer of insert.php for a module record is not published: as cases/insert.php.
	return ok(SUCCESS.created, { wolkvox_id: stored.wolkvoxId });
}
