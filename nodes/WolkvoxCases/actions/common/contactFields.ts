import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { typedValue } from './typedValues';

/** The contacts module's own fields, as wolkvox names them in custom/*.php bodies. */
export const CONTACT_FIELD = {
	name: 'namecontact',
	email: 'emailcontact',
	phone: 'telephonecontact',
	identification: 'idcontact',
} as const;

export const CONTACTS_MODULE = 'contacts';

const phoneHint = 'With Phone Country and Phone Calling Code it is sent as wolkvox\'s typed telephone value; without them, as text';

/** The contact's standard fields besides the ones an operation asks for up front, sorted by name. */
export function contactFieldOptions(include: Array<'name' | 'email'>): INodeProperties[] {
	const options: INodeProperties[] = [
		{ displayName: 'Identification', name: 'identification', type: 'string', default: '', placeholder: '1020304050', description: 'The contact\'s identification number (idcontact)' },
		{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: '3001234567', description: `The contact's phone (telephonecontact). ${phoneHint}.` },
		{ displayName: 'Phone Calling Code', name: 'phoneCode', type: 'string', default: '', placeholder: '57', description: 'The country calling code of the phone, e.g. 57 for Colombia' },
		{ displayName: 'Phone Country', name: 'phoneCountry', type: 'string', default: '', placeholder: 'CO', description: 'The country of the phone, e.g. CO' },
	];
	if (include.includes('email')) {
		options.push({ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: "The contact's e-mail (emailcontact)" });
	}
	if (include.includes('name')) {
		options.push({ displayName: 'Name', name: 'name', type: 'string', default: '', description: "The contact's name (namecontact)" });
	}
	return options.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/**
 * The standard fields set in `values` (a collection of contactFieldOptions), as wolkvox names
 * them; blank ones are left out. The phone becomes a typed telephone value when its country and
 * calling code are given, and both or neither must be.
 */
export function readContactFields(ctx: IExecuteFunctions, itemIndex: number, values: IDataObject, collection: string): IDataObject {
	const text = (key: string) => String(values[key] ?? '').trim();
	const fields: IDataObject = {};
	if (text('name')) fields[CONTACT_FIELD.name] = text('name');
	if (text('email')) fields[CONTACT_FIELD.email] = text('email');
	if (text('identification')) fields[CONTACT_FIELD.identification] = text('identification');
	const [phone, country, code] = [text('phone'), text('phoneCountry'), text('phoneCode')];
	if (!phone && !country && !code) return fields;
	if (!country && !code) {
		fields[CONTACT_FIELD.phone] = phone;
		return fields;
	}
	const built = typedValue({ type: 'telephone', value: phone, country, code });
	if ('problem' in built) {
		throw new NodeOperationError(ctx.getNode(), `The phone in ${collection} of item ${itemIndex}: ${built.problem}`, {
			itemIndex,
			description: 'Give Phone, Phone Country and Phone Calling Code together, or only Phone (sent as text).',
		});
	}
	fields[CONTACT_FIELD.phone] = built.value as IDataObject;
	return fields;
}

/** One address such as name@host.tld: what wolkvox names a contact by in a case. */
export function isEmailAddress(text: string): boolean {
	return /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(text);
}
