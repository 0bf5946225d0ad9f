import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { contactFieldOptions, readContactFields } from '../common/contactFields';
import { updateContact } from '../common/contacts';
import { readCustomFields, typedCustomFieldsProperties } from '../common/customFields';
import { requiredText } from '../common/text';

const properties: INodeProperties[] = [
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '64cb0f2e9a1b2c3d4e5f6a7b',
		description: 'The wolkvox_id of the contact, as Search or Find or Create returns it',
	},
	{
		displayName: 'Update Fields',
		name: 'contactUpdateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: contactFieldOptions(['name', 'email']),
	},
	...typedCustomFieldsProperties,
	optionsProperty([]),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['update'] } }, properties);

/** custom/update.php, module contacts: only the fields given are sent, and so only they change. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const id = requiredText(this, itemIndex, 'contactId', 'Contact ID', 'Map the wolkvox_id that Search or Find or Create returned.');
	const standard = this.getNodeParameter('contactUpdateFields', itemIndex, {}) as IDataObject;
	const fields = { ...readCustomFields(this, itemIndex, true), ...readContactFields(this, itemIndex, standard, 'Update Fields') };
	if (Object.keys(fields).length === 0) {
		throw new NodeOperationError(this.getNode(), `Nothing to update for item ${itemIndex}`, {
			itemIndex,
			description: 'Add a field under Update Fields or a custom field: only the fields given are changed.',
		});
	}
	const updated = await updateContact(this, itemIndex, credentials, id, fields);
	return { ...updated, fields };
}
