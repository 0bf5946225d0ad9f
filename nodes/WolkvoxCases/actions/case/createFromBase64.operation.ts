import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { base64Files } from '../../helpers/base64Strings';
import { getCredentials } from '../../transport/request';
import { optionsProperty } from '../common/caseFields';
import { customFieldsProperties, readCustomFields } from '../common/customFields';
import { NEW_CASE_CONTEXT, newCaseOutput, newCaseProperties, readNewCase } from '../common/newCase';
import { contactForNewCase, contactMissingOptions } from '../common/newContact';
import { sendJson } from '../common/send';

const properties: INodeProperties[] = [
	...newCaseProperties,
	...customFieldsProperties,
	{
		displayName: 'Attachments (Base64)',
		name: 'attachmentsBase64',
		type: 'json',
		default: '',
		placeholder: '={{ $json.files }}',
		description: 'A list of base64 strings (or one string); wolkvox stores them without file names. Left empty, the case is created without attachments.',
	},
	optionsProperty(contactMissingOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['case'], operation: ['createFromBase64'] } }, properties);

function parseList(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	const text = raw.trim();
	if (text.startsWith('[')) {
		try {
			return JSON.parse(text);
		} catch {
			return raw;
		}
	}
	return text;
}

/** cases/insertAttach.php: a new case as JSON, custom fields as an object, files as base64. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const credentials = await getCredentials(this, itemIndex);
	const fields = { operation: credentials.operation, ...readNewCase(this, itemIndex), form: readCustomFields(this, itemIndex) };
	const files = base64Files(this, itemIndex, parseList(this.getNodeParameter('attachmentsBase64', itemIndex, '')));
	const { email, contact } = await contactForNewCase(this, itemIndex, credentials);
	const envelope = await sendJson(this, itemIndex, credentials, 'cases/insertAttach.php', { ...fields, contact: email }, files, NEW_CASE_CONTEXT);
	return { ...newCaseOutput(envelope), attachments: files.map((f) => ({ size: f.size })), ...(contact ? { contact } : {}) };
}
