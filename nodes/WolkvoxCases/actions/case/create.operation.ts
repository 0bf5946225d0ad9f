import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { assertAllowedExtensions, collectFiles } from '../../helpers/binaryFiles';
import { fileFieldName, multipartBody } from '../../transport/multipartBody';
import { getCredentials, wolkvoxRequest } from '../../transport/request';
import {
	caseTypeProperties,
	optionsProperty,
	readCaseType,
	readRetry,
	readTimeoutMs,
	solutionProperty,
	userHint,
} from '../common/caseFields';
import { customFieldsProperties, readCustomFields } from '../common/customFields';
import { filesProperties, readFileSelection } from '../common/files';
import { optionalText, requiredText } from '../common/text';
import { describeFiles } from './output';

const REQUIRED = ['operation', 'case-type', 'responsible', 'owner', 'contact', 'description', 'status', 'priority'];

const properties: INodeProperties[] = [
	...caseTypeProperties,
	{ displayName: 'Responsible', name: 'responsible', type: 'string', default: '', required: true, placeholder: 'ADMIN_@testmodule', description: userHint },
	{ displayName: 'Owner', name: 'owner', type: 'string', default: '', required: true, placeholder: 'ADMIN_@testmodule', description: userHint },
	{
		displayName: 'Contact',
		name: 'contact',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'customer@example.com',
		description: "The contact's e-mail as in the CRM's contact module; the contact must already exist",
	},
	{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 4 }, default: '', required: true },
	{
		displayName: 'Status',
		name: 'status',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'open',
		description: 'A status that exists in the case module for this case type',
	},
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'low',
		description: 'A priority that exists in the case module for this case type',
	},
	solutionProperty,
	...customFieldsProperties,
	...filesProperties('Files'),
	optionsProperty([
		{
			displayName: 'Check File Extensions',
			name: 'checkExtensions',
			type: 'boolean',
			default: true,
			description:
				"Whether to refuse, before sending, files whose extension is not on wolkvox's documented list (xlsx, csv, pdf, jpg, png, docx, mp4, mp3, …)",
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['case'], operation: ['create'] } }, properties);

/** cases/insert.php: a multipart form with the case's fields, its custom fields and its files. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { operation } = await getCredentials(this, itemIndex);
	const text = (name: string, label: string, fix: string) => requiredText(this, itemIndex, name, label, fix);
	const fields: Record<string, string> = {
		operation,
		'case-type': readCaseType(this, itemIndex),
		responsible: text('responsible', 'Responsible', userHint + '.'),
		owner: text('owner', 'Owner', userHint + '.'),
		contact: text('contact', 'Contact', "Enter the contact's e-mail as in the CRM's contact module."),
		description: text('description', 'Description', 'Describe the case.'),
		status: text('status', 'Status', 'Enter a status of the case module, e.g. open.'),
		priority: text('priority', 'Priority', 'Enter a priority of the case module, e.g. low.'),
		form: JSON.stringify(readCustomFields(this, itemIndex)),
	};
	const solution = optionalText(this, itemIndex, 'solution');
	if (solution) fields.solution = solution;

	const files = await collectFiles(this, itemIndex, readFileSelection(this, itemIndex));
	if (this.getNodeParameter('options.checkExtensions', itemIndex, true) as boolean) {
		assertAllowedExtensions(this, itemIndex, files);
	}

	const envelope = await wolkvoxRequest.call(this, itemIndex, {
		method: 'POST',
		path: 'cases/insert.php',
		prepareBody: async () => await multipartBody(fields, files),
		context: {
			action: 'create the case',
			ifLost: 'the case may already exist: check the CRM before running the item again',
			operation,
			requiredFields: REQUIRED,
			sentFields: Object.keys(fields).filter((k) => fields[k] !== ''),
		},
		timeoutMs: readTimeoutMs(this, itemIndex),
		retry: readRetry(this, itemIndex),
	});
	return {
		wolkvox_id: envelope.data.wolkvox_id as string,
		idPrefijo: (envelope.data.idPrefijo as string) ?? '',
		message: envelope.msg,
		files: describeFiles(files, fileFieldName(files.length)),
	};
}
