import type { Directory } from './directory';
import { newObjectId } from './objectId';
import type { StoredContact } from './types';

/** [code] wolkvox's record dates: `YYYY-MM-DD HH:MM:SS` (UTC here). */
export function recordDate(date = new Date()): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** A contact that exists before any request (created in the CRM by hand). */
export function seedContact(name: string, email: string): StoredContact {
	const date = '2026-01-05 09:30:00';
	return { wolkvoxId: newObjectId(), fields: { namecontact: name, emailcontact: email }, created: date, modified: date, updates: 0 };
}

/** The contact a case names by its e-mail: exact, case-sensitive, as the other references [guess]. */
export function findContactByEmail(directory: Directory, email: string): StoredContact | undefined {
	return directory.contacts.find((contact) => contact.fields.emailcontact === email);
}

export function findContact(directory: Directory, wolkvoxId: string): StoredContact | undefined {
	return directory.contacts.find((contact) => contact.wolkvoxId === wolkvoxId);
}

export function storeContact(directory: Directory, fields: Record<string, unknown>): StoredContact {
	const date = recordDate();
	const stored: StoredContact = { wolkvoxId: newObjectId(), fields: structuredClone(fields), created: date, modified: date, updates: 0 };
	directory.contacts.push(stored);
	return stored;
}

/**
 * One contact as custom/query.php lists it: its fields by name, its id as `wolkvox_id`, and the
 * system fields public clients read [code]; the exact shape of the answer is not published [guess].
 */
export function contactRecord(stored: StoredContact, operation: string): Record<string, unknown> {
	return {
		wolkvox_id: stored.wolkvoxId,
		...structuredClone(stored.fields),
		wolkvox_fecha_creacion: stored.created,
		wolkvox_fecha_modificacion: stored.modified,
		wolkvox_usuario_creacion: `ADMIN_@${operation}`,
		wolkvox_usuario_modificacion: `ADMIN_@${operation}`,
		wolkvox_origen: 'API',
	};
}
