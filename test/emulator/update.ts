import { createHash } from 'node:crypto';
import { isStrictBase64 } from './base64';
import { drain, isPlainObject, mediaType, readBody } from './body';
import {
	ERRORS,
	GUESSED_ERRORS,
	SUCCESS,
	UPDATE_REQUIRED,
	UPDATE_STRING_FIELDS,
	invalidAttachment,
	invalidParameterType,
} from './contract';
import type { HandlerContext } from './context';
import { checkReferences, isFilled } from './directory';
import { fail, ok, type Outcome } from './envelope';
import type { StoredFile } from './types';

/** Keys that are not case fields of their own. */
const NOT_STORED = new Set(['operation', 'wolkvox-id', 'form', 'attachments']);

/** POST cases/updateCaseAttachment.php: raw JSON; attachments are bare base64 strings. */
export async function updateCaseAttachment(ctx: HandlerContext): Promise<Outcome> {
	if (mediaType(ctx.req.headers['content-type']) !== 'application/json') {
		await drain(ctx.req);
		return fail(400, GUESSED_ERRORS.bodyMustBeJson);
	}
	// Chunks first, one string at the end: bodies of 100+ MB of base64 are expected.
	const body = parseJson((await readBody(ctx.req)).toString('utf8'));
	if (!isPlainObject(body)) return fail(400, GUESSED_ERRORS.invalidJson);

	const wrongType = UPDATE_STRING_FIELDS.find((name) => name in body && typeof body[name] !== 'string');
	if (wrongType) return fail(400, invalidParameterType(wrongType));
	const text = body as Record<string, unknown> & Partial<Record<(typeof UPDATE_STRING_FIELDS)[number], string>>;

	if (isFilled(text.operation) && text.operation !== ctx.account.operation) return fail(403, ERRORS.validateToken);
	const missing = UPDATE_REQUIRED.filter((name) => !isFilled(text[name]));
	if (missing.length > 0) {
		return fail(400, ERRORS.parametersRequired, `${ERRORS.parametersRequired}: ${missing.join(', ')}`);
	}
	if ('form' in body && !isPlainObject(body.form)) return fail(400, GUESSED_ERRORS.formNotObject);

	const attachments = body.attachments ?? [];
	if (!Array.isArray(attachments)) return fail(400, GUESSED_ERRORS.attachmentsNotArray);
	const badIndex = attachments.findIndex((item) => typeof item !== 'string' || !isStrictBase64(item));
	if (badIndex >= 0) return fail(400, invalidAttachment(badIndex));

	const stored = ctx.cases.find(
		(candidate) => candidate.wolkvoxId === text['wolkvox-id'] && candidate.operation === ctx.account.operation,
	);
	if (!stored) return fail(404, GUESSED_ERRORS.recordNotFound);

	const problem = checkReferences(ctx.account.directory, {
		caseType: text['case-type'] ?? stored.fields['case-type'],
		status: text.status!,
		responsible: text.responsible,
		owner: text.owner,
		contact: text.contact,
		priority: text.priority,
		solution: text.solution,
	});
	if (problem) return fail(400, problem);

	for (const [name, value] of Object.entries(body)) {
		if (!NOT_STORED.has(name) && typeof value === 'string') stored.fields[name] = value;
	}
	if (isPlainObject(body.form)) Object.assign(stored.form, body.form);
	stored.files.push(...(attachments as string[]).map((item, index) => decodeAttachment(item, index, ctx.keepBytes)));
	stored.updates += 1;
	return ok(SUCCESS.updated, { wolkvox_id: stored.wolkvoxId });
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function decodeAttachment(base64: string, index: number, keepBytes: boolean): StoredFile {
	const bytes = Buffer.from(base64, 'base64');
	return {
		field: `attachments[${index}]`,
		size: bytes.length,
		sha256: createHash('sha256').update(bytes).digest('hex'),
		...(keepBytes ? { bytes } : {}),
		source: 'base64',
	};
}
