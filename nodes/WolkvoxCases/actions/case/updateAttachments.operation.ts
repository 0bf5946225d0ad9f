import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { collectFiles } from '../../helpers/binaryFiles';
import { base64JsonBody } from '../../transport/base64JsonBody';
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

const REQUIRED = ['operation', 'wolkvox-id', 'responsible', 'status'];

/** Fields the vendor's examples send besides the documented ones; each is sent only when set. */
const OPTIONAL_FIELDS: Array<[parameter: string, field: string]> = [
	['priority', 'priority'],
	['owner', 'owner'],
	['contact', 'contact'],
	['description', 'description'],
];

const properties: INodeProperties[] = [
	{
		displayName: 'Case ID',
		name: 'wolkvoxId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '64cb0f2e9a1b2c3d4e5f6a7b',
		description: 'The wolkvox_id of the case, as Create returns it',
	},
	{ displayName: 'Responsible', name: 'responsible', type: 'string', default: '', required: true, placeholder: 'ADMIN_@testmodule', description: userHint },
	{
		displayName: 'Status',
		name: 'status',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'open',
		description: 'A status that exists in the case module for the case type',
	},
	solutionProperty,
	...filesProperties('Attachments'),
	{
		displayName: 'Attachments are sent as base64 without file names: wolkvox stores them under names of its own',
		name: 'attachmentsNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { files: ['none'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			...caseTypeProperties,
			{ displayName: 'Contact', name: 'contact', type: 'string', default: '', placeholder: 'customer@example.com' },
			{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 4 }, default: '' },
			{ displayName: 'Owner', name: 'owner', type: 'string', default: '', placeholder: 'ADMIN_@testmodule', description: userHint },
			{ displayName: 'Priority', name: 'priority', type: 'string', default: '', placeholder: 'low' },
		],
	},
	...customFieldsProperties,
	optionsProperty([]),
];

export const description = updateDisplayOptions({ show: { resource: ['case'], operation: ['updateAttachments'] } }, properties);

/** cases/updateCaseAttachment.php: a JSON body whose attachments are base64 strings. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { operation } = await getCredentials(this, itemIndex);
	const fields: Record<string, unknown> = {
		operation,
		'wolkvox-id': requiredText(this, itemIndex, 'wolkvoxId', 'Case ID', 'Map the wolkvox_id that Create returned.'),
		responsible: requiredText(this, itemIndex, 'responsible', 'Responsible', userHint + '.'),
		status: requiredText(this, itemIndex, 'status', 'Status', 'Enter a status of the case module, e.g. open.'),
	};
	const solution = optionalText(this, itemIndex, 'solution');
	if (solution) fields.solution = solution;
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	if (additional.caseType !== undefined) fields['case-type'] = readCaseType(this, itemIndex, 'additionalFields.');
	for (const [parameter, field] of OPTIONAL_FIELDS) {
		const value = optionalText(this, itemIndex, `additionalFields.${parameter}`);
		if (value) fields[field] = value;
	}
	const form = readCustomFields(this, itemIndex);
	// Sent only when given: whether an empty form clears the case's custom fields is not documented.
	if (Object.keys(form).length) fields.form = form;

	const files = await collectFiles(this, itemIndex, readFileSelection(this, itemIndex));
	const envelope = await wolkvoxRequest.call(this, itemIndex, {
		method: 'POST',
		path: 'cases/updateCaseAttachment.php',
		prepareBody: async () => base64JsonBody(fields, files),
		context: {
			action: 'update the case',
			ifLost: 'the files may already be attached: check the case before running the item again',
			operation,
			requiredFields: REQUIRED,
			sentFields: Object.keys(fields),
		},
		timeoutMs: readTimeoutMs(this, itemIndex),
		retry: readRetry(this, itemIndex),
	});
	return {
		// The vendor's example answers with a blank id (" "): fall back to the one sent.
		wolkvox_id: String(envelope.data.wolkvox_id ?? '').trim() || (fields['wolkvox-id'] as string),
		message: envelope.msg,
		files: describeFiles(files, 'attachments'),
	};
}
