import { QUERY_FIELDS, QUERY_REQUIRED, invalidSearchField, type QueryField } from './contract';
import type { HandlerContext } from './context';
import { fail, listAnswer, type Outcome } from './envelope';
import { checkOperationAndRequired, checkStringTypes, readJsonObject } from './requestBody';
import type { StoredCase } from './types';

/** Nothing the emulator holds: the field is accepted and matches no case. */
const NOTHING = (): undefined => undefined;

/**
 * What each documented field compares against on a stored case. The meaning of each field is
 * read from its name (GUESS: the vendor lists the names only). The emulator keeps no company,
 * user names or ids, contact details, reopening, expiry or reason: those fields are accepted
 * and match nothing, so a test can never pass on a false match.
 */
const VALUE_OF: Record<QueryField, (stored: StoredCase) => string | undefined> = {
	status: (stored) => stored.fields.status,
	priority: (stored) => stored.fields.priority,
	description: (stored) => stored.fields.description,
	solution: (stored) => stored.fields.solution,
	idCase: (stored) => stored.idCase,
	idPrefijo: (stored) => stored.idPrefijo,
	prefix: (stored) => stored.idPrefijo,
	'wolkvox-id': (stored) => stored.wolkvoxId,
	'type case': (stored) => stored.fields['case-type'],
	// [doc] users are named by their Wolkvox Email and contacts by their e-mail in case bodies.
	'responsible user': (stored) => stored.fields.responsible,
	'owner user': (stored) => stored.fields.owner,
	'email contact': (stored) => stored.fields.contact,
	'name contact': NOTHING,
	'contact wolkvox id': NOTHING,
	'contact identification': NOTHING,
	'contact phone': NOTHING,
	companyName: NOTHING,
	'company name': NOTHING,
	'company id': NOTHING,
	reopened: NOTHING,
	'responsible name': NOTHING,
	'responsible id': NOTHING,
	'owner name': NOTHING,
	'owner id': NOTHING,
	'case expired': NOTHING,
	reason: NOTHING,
};

const isQueryField = (field: string): field is QueryField => (QUERY_FIELDS as readonly string[]).includes(field);

/** The token's own cases whose `field` equals `value` exactly (case-sensitive, GUESS), oldest first. */
export function matchingCases(ctx: HandlerContext, field: QueryField, value: string): StoredCase[] {
	return ctx.cases.filter((stored) => stored.operation === ctx.account.operation && VALUE_OF[field](stored) === value);
}

/** [doc] `field` is one of QUERY_FIELDS; any other value is refused with 400 (text GUESS). */
export function checkQueryField(field: string): Outcome | undefined {
	return isQueryField(field) ? undefined : fail(400, invalidSearchField(field, QUERY_FIELDS));
}

/**
 * POST cases/queryCases.php: raw JSON {operation, field, value} [doc]. No match answers in the
 * emulator's zeroResults shape (see listAnswer).
 */
export async function queryCases(ctx: HandlerContext): Promise<Outcome> {
	const read = await readJsonObject(ctx);
	if (!read.ok) return read.outcome;
	const body = read.value;
	const rejected = checkStringTypes(body, QUERY_REQUIRED) ?? checkOperationAndRequired(ctx, body, QUERY_REQUIRED);
	if (rejected) return rejected;
	const field = body.field as string;
	const refused = checkQueryField(field);
	if (refused) return refused;
	return listAnswer(matchingCases(ctx, field as QueryField, body.value as string).map(caseRecord), ctx.zeroResults);
}

/** One case as queryCases.php lists it (GUESS: the shape is ours, built from insert's fields). */
function caseRecord(stored: StoredCase): Record<string, unknown> {
	const field = (name: string): string => stored.fields[name] ?? '';
	return {
		wolkvox_id: stored.wolkvoxId,
		idCase: stored.idCase ?? '',
		idPrefijo: stored.idPrefijo,
		'case-type': field('case-type'),
		responsible: field('responsible'),
		owner: field('owner'),
		contact: field('contact'),
		description: field('description'),
		status: field('status'),
		priority: field('priority'),
		solution: field('solution'),
		form: { ...stored.form },
		attachments: stored.files.length,
		created: stored.created ?? '',
	};
}
