import { isPlainObject } from './body';
import { contactFieldType, checkContactValue } from './contactFields';
import {
	CONTACTS_MODULE,
	GUESSED_ERRORS,
	invalidFieldValue,
	unknownModule,
	unknownModuleField,
} from './contract';
import type { HandlerContext } from './context';
import { fail, type Outcome } from './envelope';
import { checkOperationAndRequired, checkStringTypes, readJsonObject, type Read } from './requestBody';

/**
 * The checks every custom/*.php body goes through first, in this order: raw JSON [doc], the
 * top-level names as strings [guess], the operation and the required names [doc], then the
 * module: only `contacts` is emulated, so any other module is refused [guess: the real server
 * has leads, opportunities and custom modules too; refusing keeps a typo from passing].
 */
export async function readCustomBody(ctx: HandlerContext, required: readonly string[]): Promise<Read<Record<string, unknown>>> {
	const read = await readJsonObject(ctx);
	if (!read.ok) return read;
	const body = read.value;
	const problem = checkStringTypes(body, required) ?? checkOperationAndRequired(ctx, body, required);
	if (problem) return { ok: false, outcome: problem };
	if (body.module !== CONTACTS_MODULE) return { ok: false, outcome: fail(400, unknownModule(String(body.module))) };
	return { ok: true, value: body };
}

/**
 * `fields`: an object [doc] (a list is insertMany.php's shape) whose every name is a field of the
 * contacts module [guess: unknown labels refused] with a value of that field's type [guess on
 * doc shapes, see contactFields.ts].
 */
export function checkContactFields(ctx: HandlerContext, fields: unknown): Outcome | undefined {
	if (!isPlainObject(fields)) return fail(400, GUESSED_ERRORS.fieldsNotObject);
	for (const [field, value] of Object.entries(fields)) {
		const type = contactFieldType(ctx.account.directory, field);
		if (!type) return fail(400, unknownModuleField(field, CONTACTS_MODULE));
		const expected = checkContactValue(type, value);
		if (expected) return fail(400, invalidFieldValue(field, expected));
	}
	return undefined;
}
