import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { WolkvoxCredentials } from '../../../../credentials/WolkvoxCredentials';
import { isEmailAddress, readContactFields } from './contactFields';
import { findOrCreateContact } from './contacts';
import { readCustomFields } from './customFields';
import { requiredText } from './text';

/** A new contact's fields from the operation's Additional Fields and custom fields; `extra` wins. */
export function readNewContact(ctx: IExecuteFunctions, itemIndex: number, extra: IDataObject): IDataObject {
	const additional = ctx.getNodeParameter('contactFields', itemIndex, {}) as IDataObject;
	return {
		...readCustomFields(ctx, itemIndex, true),
		...readContactFields(ctx, itemIndex, { ...additional, ...extra }, 'Additional Fields'),
	};
}

/** A required e-mail parameter that must be one bare address (a contact is named by it). */
export function readContactEmail(ctx: IExecuteFunctions, itemIndex: number, parameter: string, label: string): string {
	const email = requiredText(ctx, itemIndex, parameter, label, "Map the sender's address, e.g. {{ $json.from.value[0].address }}.");
	if (!isEmailAddress(email)) {
		throw new NodeOperationError(ctx.getNode(), `${label} of item ${itemIndex} is not one e-mail address: "${email}"`, {
			itemIndex,
			description: `A contact is found and created by its bare address (name@host.tld). Map the address alone, e.g. {{ $json.from.value[0].address }} from the Email Trigger, not the sender's "Name <address>" text.`,
		});
	}
	return email;
}

/** Create and Create From Base64: what to do when the case's contact is not in the CRM. */
export const contactMissingOptions: INodeProperties[] = [
	{
		displayName: 'If the Contact Does Not Exist',
		name: 'ifContactMissing',
		type: 'options',
		default: 'fail',
		options: [
			{
				name: 'Create It',
				value: 'create',
				description: 'Look the contact up by e-mail and create it when nobody has it, then open the case (one or two extra requests)',
			},
			{ name: 'Fail', value: 'fail', description: 'The case is refused by wolkvox; no contact is looked up (no extra request)' },
		],
		description: "A case's contact must exist in the CRM's contacts module",
	},
	{
		displayName: 'New Contact Name',
		name: 'newContactName',
		type: 'string',
		default: '',
		placeholder: '={{ $json.from.value[0].name }}',
		description: 'With "Create It": the name of a contact that has to be created, e.g. the sender\'s name; when empty, the e-mail address is its name',
	},
];

/**
 * The e-mail a new case names as its contact. With "If the Contact Does Not Exist" set to
 * "Create It", the contact is found (its e-mail as the CRM holds it) or created first, and
 * `contact` says which; otherwise the e-mail is sent as given and wolkvox checks it.
 */
export async function contactForNewCase(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: WolkvoxCredentials,
): Promise<{ email: string; contact?: IDataObject }> {
	const given = requiredText(ctx, itemIndex, 'contact', 'Contact', "Enter the contact's e-mail as in the CRM's contact module.");
	if (ctx.getNodeParameter('options.ifContactMissing', itemIndex, 'fail') !== 'create') return { email: given };
	const email = readContactEmail(ctx, itemIndex, 'contact', 'Contact');
	const name = String(ctx.getNodeParameter('options.newContactName', itemIndex, '') ?? '').trim() || email;
	const found = await findOrCreateContact(ctx, itemIndex, credentials, email, () => ({ namecontact: name }));
	return { email: found.email, contact: { wolkvox_id: found.wolkvox_id, emailcontact: found.email, created: found.created } };
}
