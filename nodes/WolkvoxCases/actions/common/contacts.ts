import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { WolkvoxCredentials } from '../../../../credentials/WolkvoxCredentials';
import { CONTACT_FIELD, CONTACTS_MODULE } from './contactFields';
import { oneAtATime } from './oneAtATime';
import { queryRecords, sendSmallJson } from './send';

/** custom/query.php on the contacts module: `{ count, contacts, message }` (none found: count 0). */
export async function searchContacts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: WolkvoxCredentials,
	field: string,
	value: string,
): Promise<IDataObject> {
	return await queryRecords(ctx, itemIndex, credentials, 'custom/query.php', { module: CONTACTS_MODULE, field, value }, 'search contacts', 'contacts');
}

/** custom/insert.php: a new contact; answers its wolkvox_id (when wolkvox sends one) and message. */
export async function insertContact(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: WolkvoxCredentials,
	fields: IDataObject,
): Promise<IDataObject> {
	const body = { operation: credentials.operation, module: CONTACTS_MODULE, fields };
	const envelope = await sendSmallJson(ctx, itemIndex, credentials, 'custom/insert.php', body, {
		action: 'create the contact',
		ifLost: 'the contact may already exist: search for it before running the item again',
		requiredFields: ['operation', 'module', 'fields'],
	});
	return { wolkvox_id: String(envelope.data.wolkvox_id ?? ''), message: envelope.msg };
}

/** custom/update.php: only the fields given change. */
export async function updateContact(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: WolkvoxCredentials,
	wolkvoxId: string,
	fields: IDataObject,
): Promise<IDataObject> {
	const body = { operation: credentials.operation, module: CONTACTS_MODULE, 'wolkvox-id': wolkvoxId, fields };
	const envelope = await sendSmallJson(ctx, itemIndex, credentials, 'custom/update.php', body, {
		action: 'update the contact',
		ifLost: 'the contact may already be updated; running the item again is harmless',
		requiredFields: ['operation', 'module', 'wolkvox-id', 'fields'],
	});
	return { wolkvox_id: String(envelope.data.wolkvox_id ?? '').trim() || wolkvoxId, message: envelope.msg };
}

/** A record's e-mail, plain or typed. */
function emailOf(record: IDataObject): string {
	const value = record[CONTACT_FIELD.email];
	const text = typeof value === 'object' && value !== null ? (value as IDataObject).value : value;
	return typeof text === 'string' ? text : '';
}

export interface FoundOrCreated {
	created: boolean;
	/** the e-mail exactly as the CRM holds it: what a case must name */
	email: string;
	wolkvox_id: string;
	/** the record found, or the fields the new contact was created with */
	contact: IDataObject;
	message: string;
}

/** Who may share a find-or-create: same server, operation and token (hashed: never kept in clear), same e-mail. */
function lockKey(credentials: WolkvoxCredentials, email: string): string {
	const account = [credentials.server, credentials.customServer, credentials.operation, credentials.token].map((part) => String(part ?? ''));
	return `${createHash('sha256').update(JSON.stringify(account)).digest('hex')} ${email.toLowerCase()}`;
}

/** The contacts whose e-mail is `email` (exact first; wolkvox matches exactly, so a lower-case retry). */
async function findByEmail(ctx: IExecuteFunctions, itemIndex: number, credentials: WolkvoxCredentials, email: string) {
	for (const candidate of [...new Set([email, email.toLowerCase()])]) {
		const answer = await searchContacts(ctx, itemIndex, credentials, CONTACT_FIELD.email, candidate);
		const records = answer.contacts as IDataObject[];
		const matches = records.filter((record) => emailOf(record).toLowerCase() === email.toLowerCase());
		// A record that does not carry the e-mail asked for means the answer is not what the node
		// understands: creating a contact then could make a duplicate, so stop here.
		if (records.length > matches.length) {
			throw new NodeOperationError(ctx.getNode(), `wolkvox answered the contact search for "${email}" with records the node cannot read (item ${itemIndex})`, {
				itemIndex,
				description: `Of ${records.length} records, ${records.length - matches.length} carry no "${CONTACT_FIELD.email}" equal to the address. Nothing was created. Check the contacts module in the CRM and report the answer's shape to the node's maintainers.`,
			});
		}
		if (matches.length) return { record: matches[0], message: answer.message as string };
	}
	return undefined;
}

/**
 * The contact with this e-mail, or a new one made from `newFields()`. Items and executions of this
 * process that ask for the same e-mail with the same credential run one at a time: the first finds
 * or creates, the others receive its contact, so several e-mails of a new sender make one contact.
 */
export async function findOrCreateContact(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: WolkvoxCredentials,
	email: string,
	newFields: () => IDataObject,
): Promise<FoundOrCreated> {
	// Built first, so a mistake in them fails the item before any request.
	const fields = { ...newFields(), [CONTACT_FIELD.email]: email };
	const { result, shared } = await oneAtATime(lockKey(credentials, email), async (): Promise<FoundOrCreated> => {
		const found = await findByEmail(ctx, itemIndex, credentials, email);
		if (found) {
			const id = String(found.record.wolkvox_id ?? '');
			return { created: false, email: emailOf(found.record), wolkvox_id: id, contact: found.record, message: found.message };
		}
		const inserted = await insertContact(ctx, itemIndex, credentials, fields);
		return { created: true, email, wolkvox_id: inserted.wolkvox_id as string, contact: fields, message: inserted.message as string };
	});
	// Only the item that made the contact says it did.
	return shared ? { ...result, created: false, contact: { ...result.contact } } : result;
}
