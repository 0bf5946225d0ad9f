import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collectFiles } from '../../helpers/binaryFiles';
import { fileFieldName } from '../../transport/multipartBody';
import { getCredentials } from '../../transport/request';
import { checkExtensionsOption, optionsProperty } from '../common/caseFields';
import { customFieldsProperties, readCustomFields } from '../common/customFields';
import { filesProperties, readFileSelection } from '../common/files';
import { NEW_CASE_CONTEXT, newCaseOutput, newCaseProperties, readNewCase } from '../common/newCase';
import { contactForNewCase, contactMissingOptions } from '../common/newContact';
import { checkExtensionsIfAsked, sendForm } from '../common/send';
import { describeFiles } from './output';

const properties: INodeProperties[] = [
	...newCaseProperties,
	...customFieldsProperties,
	...filesProperties('Files'),
	optionsProperty([checkExtensionsOption, ...contactMissingOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['case'], operation: ['create'] } }, properties);

/** cases/insert.php: a multipart form with the case's fields, its custom fields and its files. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const fields = {
		operation: credentials.operation,
		...readNewCase(this, itemIndex),
		form: JSON.stringify(readCustomFields(this, itemIndex)),
	};
	const files = await collectFiles(this, itemIndex, readFileSelection(this, itemIndex));
	// Every check before the contact is looked up or created: a refused file sends nothing.
	checkExtensionsIfAsked(this, itemIndex, files);
	const { email, contact } = await contactForNewCase(this, itemIndex, credentials);
	const envelope = await sendForm(this, itemIndex, credentials, 'cases/insert.php', { ...fields, contact: email }, files, NEW_CASE_CONTEXT);
	return { ...newCaseOutput(envelope), files: describeFiles(files, fileFieldName(files.length)), ...(contact ? { contact } : {}) };
}
