import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { queryRecords } from '../common/send';
import { requiredText } from '../common/text';

const properties: INodeProperties[] = [
	{
		displayName: 'This operation needs a token of type "External" (set when the token is generated in the CRM)',
		name: 'externalTokenNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Find Case By',
		name: 'noteField',
		type: 'options',
		default: 'wolkvox-id',
		options: [
			{ name: 'Case ID', value: 'wolkvox-id' },
			{ name: 'Case Number', value: 'idCase' },
		],
	},
	{ displayName: 'Value', name: 'noteValue', type: 'string', default: '', required: true, description: 'The case ID or number' },
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
		field: this.getNodeParameter('noteField', itemIndex) as string,
		value: requiredText(this, itemIndex, 'noteValue', 'Value', 'Map the case ID that Create or Search returned.'),
		limit: this.getNodeParameter('limit', itemIndex, 50) as number,
	};
	return await queryRecords(this, itemIndex, credentials, 'cases/listHistoryNote.php', query, "read the case's notes", 'notes');
}
