import { createHash } from 'node:crypto';
import { HISTORY_NOTES } from './contract';
import type { HandlerContext } from './context';
import { newObjectId } from './objectId';
import type { HistoryNote, StoredCase, StoredFile } from './types';

/** What a creating endpoint hands over once every check has passed. */
export interface NewCase {
	/** plain fields as stored (no operation, no form); `owner` is required */
	fields: Record<string, string>;
	form: Record<string, unknown>;
	files: StoredFile[];
	createdVia: StoredCase['createdVia'];
}

/** Stores a case with its id, its per-operation idCase and its first history notes. */
export function storeNewCase(ctx: HandlerContext, init: NewCase): StoredCase {
	const { operation } = ctx.account;
	const created = new Date().toISOString();
	// Cases are never deleted (reset() forgets them all), so the count is the last idCase.
	const sameOperation = ctx.cases.filter((stored) => stored.operation === operation).length;
	const user = init.fields.owner;
	const history: HistoryNote[] = [{ date: created, user, note: HISTORY_NOTES.created }];
	if (init.files.length > 0) history.push({ date: created, user, note: HISTORY_NOTES.filesAttached(init.files.length) });
	const stored: StoredCase = {
		wolkvoxId: newObjectId(),
		idCase: String(sameOperation + 1),
		idPrefijo: '',
		operation,
		fields: init.fields,
		form: init.form,
		files: init.files,
		updates: 0,
		createdVia: init.createdVia,
		created,
		history,
	};
	ctx.cases.push(stored);
	return stored;
}

/** The case with this id in the token's own operation; other operations' cases are invisible. */
export function findOwnCase(ctx: HandlerContext, wolkvoxId: string): StoredCase | undefined {
	return ctx.cases.find((stored) => stored.wolkvoxId === wolkvoxId && stored.operation === ctx.account.operation);
}

/** What an updating endpoint hands over once every check has passed. */
export interface CaseUpdate {
	fields: Record<string, string>;
	form?: Record<string, unknown>;
	files: StoredFile[];
	/** who the history notes name: the request's responsible */
	user: string;
	/** the files sent become the case's files (updateCaseAttachment.php with attachmentsMode 'replace') */
	replaceFiles?: boolean;
}

/**
 * Applies an update and writes its history: one note listing the changed fields (or saying
 * nothing changed when no file came either), and one note per batch of files.
 */
export function applyUpdate(stored: StoredCase, update: CaseUpdate): void {
	const changes: Array<{ field: string; before?: string; after: string }> = [];
	for (const [field, after] of Object.entries(update.fields)) {
		const before = stored.fields[field];
		if (before !== after) changes.push({ field, before, after });
		stored.fields[field] = after;
	}
	for (const [key, value] of Object.entries(update.form ?? {})) {
		const had = Object.hasOwn(stored.form, key);
		if (!had || !sameJson(stored.form[key], value)) {
			changes.push({ field: `form.${key}`, before: had ? display(stored.form[key]) : undefined, after: display(value) });
		}
		stored.form[key] = value;
	}
	if (update.replaceFiles) stored.files.length = 0;
	stored.files.push(...update.files);
	stored.updates += 1;

	const date = new Date().toISOString();
	const { user } = update;
	const history = (stored.history ??= []);
	if (changes.length > 0) history.push({ date, user, note: HISTORY_NOTES.changed(changes) });
	if (update.files.length > 0) history.push({ date, user, note: HISTORY_NOTES.filesAttached(update.files.length) });
	if (changes.length === 0 && update.files.length === 0) history.push({ date, user, note: HISTORY_NOTES.unchanged });
}

export function decodeAttachments(list: readonly string[], keepBytes: boolean): StoredFile[] {
	return list.map((base64, index) => {
		const bytes = Buffer.from(base64, 'base64');
		return {
			field: `attachments[${index}]`,
			size: bytes.length,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			...(keepBytes ? { bytes } : {}),
			source: 'base64',
		};
	});
}

/** A copy of fields without the given keys (stored apart from the plain fields). */
export function withoutKeys(fields: Record<string, string>, keys: readonly string[]): Record<string, string> {
	const copy = { ...fields };
	for (const key of keys) delete copy[key];
	return copy;
}

function sameJson(a: unknown, b: unknown): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

function display(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}
