import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { CONTACT_FIELD } from '../common/contactFields';
import { searchContacts } from '../common/contacts';
import { matchValueProperty } from '../common/matchValue';
import { requiredText } from '../common/text';

const OTHER_FIELD = '__label';

const properties: INodeProperties[] = [
	{
		displayName: 'Search By',
		name: 'contactSearchField',
		type: 'options',
		default: 'emailcontact',
		options: [
			{ name: 'Email', value: CONTACT_FIELD.email },
			{ name: 'Identification', value: CONTACT_FIELD.identification },
			{ name: 'Name', value: CONTACT_FIELD.name },
			{ name: 'Other Field (by Label)', value: OTHER_FIELD, description: 'A custom field of the contacts module' },
			{ name: 'Phone', value: CONTACT_FIELD.phone },
		],
		description: 'The contact field to match; wolkvox matches the exact value (case included)',
	},
	{
		displayName: 'Field Label',
		name: 'contactFieldLabel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Ciudad',
		description: 'The label of the field as the CRM shows it, spaces and accents included',
		displayOptions: { show: { contactSearchField: [OTHER_FIELD] } },
	},
	matchValueProperty('contactSearchValue'),
	optionsProperty([]),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['search'] } }, properties);

/** custom/query.php, module contacts: one output item per input item, with the contacts found (maybe none). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const chosen = this.getNodeParameter('contactSearchField', itemIndex) as string;
	const field =
		chosen === OTHER_FIELD
			? requiredText(this, itemIndex, 'contactFieldLabel', 'Field Label', 'Enter the label of a field of the contacts module.')
			: chosen;
	const value = requiredText(this, itemIndex, 'contactSearchValue', 'Value', 'Enter the value to search for.');
	return await searchContacts(this, itemIndex, credentials, field, value);
}
