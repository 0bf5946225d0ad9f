import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { caseQueryFieldProperty, readCaseQueryField } from '../common/caseQueryFields';
import { matchValueProperty } from '../common/matchValue';
import { queryRecords } from '../common/send';
import { requiredText } from '../common/text';

const properties: INodeProperties[] = [
	{
		displayName: 'This operation needs a token of type "External" (set when the token is generated in the CRM)',
		name: 'externalTokenNotice',
		type: 'notice',
		default: '',
	},
	caseQueryFieldProperty('noteField', 'Find Cases By', 'wolkvox-id', 'The case field to match; the notes of every matching case are listed'),
	matchValueProperty('noteValue', '64cb0f2e9a1b2c3d4e5f6a7b', 'The exact value the field must have, e.g. the case ID that Create or Search returned'),
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 50,
		description: 'Max number of results to return',
	},
	optionsProperty([]),
];

export const description = updateDisplayOptions({ show: { resource: ['case'], operation: ['getNotesHistory'] } }, properties);

/** cases/listHistoryNote.php: the case's history notes, newest first as wolkvox sends them. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const query = {
		field: readCaseQueryField(this, itemIndex, 'noteField', 'Find Cases By'),
		value: requiredText(this, itemIndex, 'noteValue', 'Value', 'Enter the value to search for, e.g. the case ID that Create or Search returned.'),
		limit: this.getNodeParameter('limit', itemIndex, 50) as number,
	};
	return await queryRecords(this, itemIndex, credentials, 'cases/listHistoryNote.php', query, "read the case's notes", 'notes');
}
