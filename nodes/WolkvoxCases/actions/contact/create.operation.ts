import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { CONTACT_FIELD, contactFieldOptions } from '../common/contactFields';
import { insertContact } from '../common/contacts';
import { typedCustomFieldsProperties } from '../common/customFields';
import { readNewContact } from '../common/newContact';
import { requiredText } from '../common/text';

const properties: INodeProperties[] = [
	{ displayName: 'Name', name: 'contactName', type: 'string', default: '', required: true, description: "The contact's name (namecontact)" },
	{ displayName: 'Email', name: 'contactEmail', type: 'string', placeholder: 'name@email.com', default: '', description: "The contact's e-mail (emailcontact): cases name their contact by it" },
	{
		displayName: 'Additional Fields',
		name: 'contactFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactFieldOptions([]),
	},
	...typedCustomFieldsProperties,
	optionsProperty([]),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['create'] } }, properties);

/** custom/insert.php, module contacts: a new contact with its fields and custom fields. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const fields = readNewContact(this, itemIndex, {
		name: requiredText(this, itemIndex, 'contactName', 'Name', "Enter the contact's name."),
		email: this.getNodeParameter('contactEmail', itemIndex, '') as string,
	});
	const created = await insertContact(this, itemIndex, credentials, fields);
	return { ...created, [CONTACT_FIELD.email]: fields[CONTACT_FIELD.email] ?? '', fields };
}
