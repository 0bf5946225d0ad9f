import { QUERY_FIELDS, QUERY_REQUIRED, SUCCESS, invalidSearchField } from './contract';
import type { HandlerContext } from './context';
import { fail, ok, type Outcome } from './envelope';
import { checkOperationAndRequired, checkStringTypes, readJsonObject } from './requestBody';
import type { StoredCase } from './types';

type QueryField = (typeof QUERY_FIELDS)[number];

/** What each searchable field compares against on a stored case. */
const VALUE_OF: Record<QueryField, (stored: StoredCase) => string | undefined> = {
	status: (stored) => stored.fields.status,
	priority: (stored) => stored.fields.priority,
	idCase: (stored) => stored.idCase,
	idPrefijo: (stored) => stored.idPrefijo,
	prefix: (stored) => stored.idPrefijo,
	'wolkvox-id': (stored) => stored.wolkvoxId,
	responsible: (stored) => stored.fields.responsible,
	owner: (stored) => stored.fields.owner,
	'case-type': (stored) => stored.fields['case-type'],
	contact: (stored) => stored.fields.contact,
};

const isQueryField = (field: string): field is QueryField => (QUERY_FIELDS as readonly string[]).includes(field);

/**
 * POST cases/queryCases.php: raw JSON {operation, field, value}. Exact, case-sensitive string
 * equality on the token's own cases, oldest first (GUESS); no match is a 200 with data [].
 */
export async function queryCases(ctx: HandlerContext): Promise<Outcome> {
	const read = await readJsonObject(ctx);
	if (!read.ok) return read.outcome;
	const body = read.value;
	const rejected = checkStringTypes(body, QUERY_REQUIRED) ?? checkOperationAndRequired(ctx, body, QUERY_REQUIRED);
	if (rejected) return rejected;
	const field = body.field as string;
	const value = body.value as string;
	if (!isQueryField(field)) return fail(400, invalidSearchField(field, QUERY_FIELDS));

	const found = ctx.cases.filter(
		(stored) => stored.operation === ctx.account.operation && VALUE_OF[field](stored) === value,
	);
	return ok(SUCCESS.found(found.length), found.map(caseRecord));
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
