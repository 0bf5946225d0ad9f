import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collectFiles } from '../../helpers/binaryFiles';
import { fileFieldName } from '../../transport/multipartBody';
import { getCredentials } from '../../transport/request';
import { checkExtensionsOption, optionsProperty } from '../common/caseFields';
import { additionalCaseFieldsProperty, CASE_UPDATE_REQUIRED, caseUpdateProperties, readCaseUpdate } from '../common/caseUpdate';
import { customFieldsProperties, readCustomFields } from '../common/customFields';
import { filesProperties, readFileSelection } from '../common/files';
import { sendForm } from '../common/send';
import { skipFilesAlreadySentOption } from '../common/sentFiles';
import { sendCaseFiles } from './output';

const properties: INodeProperties[] = [
	...caseUpdateProperties,
	additionalCaseFieldsProperty,
	...customFieldsProperties,
	...filesProperties('Files'),
	optionsProperty([checkExtensionsOption, skipFilesAlreadySentOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['case'], operation: ['update'] } }, properties);

/** cases/update.php: a multipart form that changes the case's fields and adds files with their names. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const fields: Record<string, string> = { operation: credentials.operation, ...readCaseUpdate(this, itemIndex) };
	const form = readCustomFields(this, itemIndex);
	if (Object.keys(form).length) fields.form = JSON.stringify(form);

	const files = await collectFiles(this, itemIndex, readFileSelection(this, itemIndex));
	const send = async (selected: typeof files) =>
		await sendForm(this, itemIndex, credentials, 'cases/update.php', fields, selected, {
			action: 'update the case',
			ifLost: 'the change may already be made and the files attached: check the case before running the item again',
			requiredFields: CASE_UPDATE_REQUIRED,
		});
	return await sendCaseFiles(this, itemIndex, fields, files, send, fileFieldName);
}
