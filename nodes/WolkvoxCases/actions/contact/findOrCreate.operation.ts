import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { contactFieldOptions } from '../common/contactFields';
import { findOrCreateContact } from '../common/contacts';
import { typedCustomFieldsProperties } from '../common/customFields';
import { readContactEmail, readNewContact } from '../common/newContact';

const properties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'contactEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'The e-mail to look for (emailcontact); a new contact gets it',
	},
	{
		displayName: 'Name',
		name: 'contactName',
		type: 'string',
		default: '',
		placeholder: '={{ $json.from.value[0].name }}',
		description: "A new contact's name (namecontact); when empty, the e-mail address is its name",
	},
	{
		displayName: 'Additional Fields',
		name: 'contactFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Set on a new contact only; an existing contact is left as it is',
		options: contactFieldOptions([]),
	},
	...typedCustomFieldsProperties,
	optionsProperty([]),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['findOrCreate'] } }, properties);

/**
 * custom/query.php by e-mail, then custom/insert.php when nobody has it. Items of this process
 * asking for the same e-mail run one at a time, so a new sender's e-mails make one contact.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const email = readContactEmail(this, itemIndex, 'contactEmail', 'Email');
	const name = String(this.getNodeParameter('contactName', itemIndex, '') ?? '').trim() || email;
	const result = await findOrCreateContact(this, itemIndex, credentials, email, () => readNewContact(this, itemIndex, { name }));
	return { created: result.created, wolkvox_id: result.wolkvox_id, emailcontact: result.email, contact: result.contact, message: result.message };
}
