import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { queryRecords } from '../common/send';
import { requiredText } from '../common/text';

/** The fields queryCases.php searches by, as the vendor lists them. */
const SEARCH_FIELDS = [
	{ name: 'Case ID', value: 'wolkvox-id' },
	{ name: 'Case Number', value: 'idCase' },
	{ name: 'Case Type', value: 'case-type' },
	{ name: 'Contact Email', value: 'contact' },
	{ name: 'Owner User', value: 'owner' },
	{ name: 'Prefix', value: 'prefix' },
	{ name: 'Prefixed ID', value: 'idPrefijo' },
	{ name: 'Priority', value: 'priority' },
	{ name: 'Responsible User', value: 'responsible' },
	{ name: 'Status', value: 'status' },
];

const properties: INodeProperties[] = [
	{
		displayName: 'Search By',
		name: 'searchField',
		type: 'options',
		default: 'contact',
		options: SEARCH_FIELDS,
		description: 'The case field to match',
	},
	{
		displayName: 'Value',
		name: 'searchValue',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'customer@example.com',
		description: 'The exact value the field must have',
	},
	optionsProperty([]),
];

export const description = updateDisplayOptions({ show: { resource: ['case'], operation: ['search'] } }, properties);

/** cases/queryCases.php: one output item per input item, with the cases found (maybe none). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const query = {
		field: this.getNodeParameter('searchField', itemIndex) as string,
		value: requiredText(this, itemIndex, 'searchValue', 'Value', 'Enter the value to search for.'),
	};
	return await queryRecords(this, itemIndex, credentials, 'cases/queryCases.php', query, 'search cases', 'cases');
}
