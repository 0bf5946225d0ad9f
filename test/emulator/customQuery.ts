import { comparableText, contactFieldType } from './contactFields';
import { contactRecord } from './contactStore';
import { CONTACTS_MODULE, CUSTOM_QUERY_REQUIRED, unknownModuleField } from './contract';
import type { HandlerContext } from './context';
import { readCustomBody } from './customBody';
import { fail, listAnswer, type Outcome } from './envelope';

/**
 * POST custom/query.php with module contacts [doc]: raw JSON {operation, module, field, value};
 * exact, case-sensitive match [doc: exact; code: public clients retry with other casing] on one
 * field of the module, by its name or custom label; a typed value matches by its `value` [guess].
 * Oldest first [guess]; no match is answered in the emulator's zeroResults shape (see listAnswer).
 */
export async function customQuery(ctx: HandlerContext): Promise<Outcome> {
	const read = await readCustomBody(ctx, CUSTOM_QUERY_REQUIRED);
	if (!read.ok) return read.outcome;
	const field = read.value.field as string;
	const value = read.value.value as string;
	const { directory, operation } = ctx.account;
	// [guess] a field the module does not have is refused, not answered with "0 records".
	if (field !== 'wolkvox_id' && !contactFieldType(directory, field)) return fail(400, unknownModuleField(field, CONTACTS_MODULE));

	const found = directory.contacts.filter((contact) =>
		field === 'wolkvox_id' ? contact.wolkvoxId === value : comparableText(contact.fields[field]) === value,
	);
	return listAnswer(found.map((contact) => contactRecord(contact, operation)), ctx.zeroResults);
}
