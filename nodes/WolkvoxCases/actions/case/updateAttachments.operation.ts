import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collectFiles } from '../../helpers/binaryFiles';
import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { additionalCaseFieldsProperty, CASE_UPDATE_REQUIRED, caseUpdateProperties, readCaseUpdate } from '../common/caseUpdate';
import { customFieldsProperties, readCustomFields } from '../common/customFields';
import { filesProperties, readFileSelection } from '../common/files';
import { sendJson } from '../common/send';
import { skipFilesAlreadySentOption } from '../common/sentFiles';
import { sendCaseFiles } from './output';

const properties: INodeProperties[] = [
	{
		// The vendor's pages disagree; `npm run probe -- --allow-writes` answers it for an account.
		displayName:
			'wolkvox\'s pages disagree on what happens to the case\'s existing files: the Spanish page says these attachments are added ("agregar"), the English one that the request edits the case\'s list of attachments, which may replace it. Until you have checked it on your account (npm run probe in this package\'s repository), assume the files already on the case may be replaced.',
		name: 'attachmentsModeNotice',
		type: 'notice',
		default: '',
	},
	...caseUpdateProperties,
	...filesProperties('Attachments'),
	{
		displayName: 'Attachments are sent as base64 without file names: wolkvox stores them under names of its own',
		name: 'attachmentsNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { files: ['none'] } },
	},
	additionalCaseFieldsProperty,
	...customFieldsProperties,
	optionsProperty([skipFilesAlreadySentOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['case'], operation: ['updateAttachments'] } }, properties);

/**
 * cases/updateCaseAttachment.php: a JSON body whose attachments are base64 strings. Its answer
 * names only the case (`data: {wolkvox_id}` [doc]), so the output can say what was sent, never
 * which files the case holds afterwards.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const fields: Record<string, unknown> = { operation: credentials.operation, ...readCaseUpdate(this, itemIndex) };
	const form = readCustomFields(this, itemIndex);
	// Sent only when given: whether an empty form clears the case's custom fields is not documented.
	if (Object.keys(form).length) fields.form = form;

	const files = await collectFiles(this, itemIndex, readFileSelection(this, itemIndex));
	const send = async (selected: typeof files) =>
		await sendJson(this, itemIndex, credentials, 'cases/updateCaseAttachment.php', fields, selected, {
			action: 'update the case',
			ifLost: 'the files may already be attached: check the case before running the item again',
			requiredFields: CASE_UPDATE_REQUIRED,
		});
	return await sendCaseFiles(this, itemIndex, fields, files, send, () => 'attachments');
}
