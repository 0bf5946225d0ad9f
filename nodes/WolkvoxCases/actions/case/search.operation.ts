import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { caseQueryFieldProperty, readCaseQueryField } from '../common/caseQueryFields';
import { matchValueProperty } from '../common/matchValue';
import { queryRecords } from '../common/send';
import { requiredText } from '../common/text';

const properties: INodeProperties[] = [
	caseQueryFieldProperty('searchField', 'Search By', 'email contact', 'The case field to match'),
	matchValueProperty('searchValue'),
	optionsProperty([]),
];

export const description = updateDisplayOptions({ show: { resource: ['case'], operation: ['search'] } }, properties);

/** cases/queryCases.php: one output item per input item, with the cases found (maybe none). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const query = {
		field: readCaseQueryField(this, itemIndex, 'searchField', 'Search By'),
		value: requiredText(this, itemIndex, 'searchValue', 'Value', 'Enter the value to search for.'),
	};
	return await queryRecords(this, itemIndex, credentials, 'cases/queryCases.php', query, 'search cases', 'cases');
}
