import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as createFromBase64 from './createFromBase64.operation';
import * as getNotesHistory from './getNotesHistory.operation';
import * as search from './search.operation';
import * as update from './update.operation';
import * as updateAttachments from './updateAttachments.operation';

export { create, createFromBase64, getNotesHistory, search, update, updateAttachments };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['case'] } },
		default: 'create',
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Open a case with its fields, custom fields and files from n8n binary data',
				action: 'Create a case',
			},
			{
				name: 'Create From Base64',
				value: 'createFromBase64',
				description: 'Open a case whose files are base64 strings in the item JSON',
				action: 'Create a case from base64 attachments',
			},
			{
				name: 'Get Notes History',
				value: 'getNotesHistory',
				description: 'List the history notes of the cases that match a field (needs an External token)',
				action: 'Get the notes history of a case',
			},
			{
				name: 'Search',
				value: 'search',
				description: "Find cases by a field's exact value, e.g. the contact's e-mail or the status",
				action: 'Search cases',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a case's status, priority, responsible, solution, custom fields, and add files",
				action: 'Update a case',
			},
			{
				name: 'Update Attachments',
				value: 'updateAttachments',
				description: 'Send files to a case as base64 (added or replacing its files: see the notice) and update its status and fields',
				action: 'Update the attachments of a case',
			},
		],
	},
	...create.description,
	...createFromBase64.description,
	...getNotesHistory.description,
	...search.description,
	...update.description,
	...updateAttachments.description,
];
