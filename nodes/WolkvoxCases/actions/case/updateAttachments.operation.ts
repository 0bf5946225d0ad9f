import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collectFiles } from '../../helpers/binaryFiles';
import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { additionalCaseFieldsProperty, CASE_UPDATE_REQUIRED, caseUpdateProperties, readCaseUpdate } from '../common/caseUpdate';
import { customFieldsProperties, readCustomFields } from '../common/customFields';
import { filesProperties, readFileSelection } from '../common/files';
import { sendJson } from '../common/send';
import { sendUnsentFiles, skipFilesAlreadySentOption } from '../common/sentFiles';
import { caseIdOf, describeFiles, skippingOutput } from './output';

const properties: INodeProperties[] = [
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

/** cases/updateCaseAttachment.php: a JSON body whose attachments are base64 strings. */
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
	if (!(this.getNodeParameter('options.skipFilesAlreadySent', itemIndex, false) as boolean)) {
		const envelope = await send(files);
		return { wolkvox_id: caseIdOf(envelope, fields), message: envelope.msg, files: describeFiles(files, 'attachments') };
	}
	const result = await sendUnsentFiles(this, itemIndex, String(fields['wolkvox-id']), files, send);
	return skippingOutput(result, fields, 'attachments');
}
