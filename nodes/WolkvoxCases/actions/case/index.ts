import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as updateAttachments from './updateAttachments.operation';

export { create, updateAttachments };

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
				description: 'Open a case with its fields, custom fields and files',
				action: 'Create a case',
			},
			{
				name: 'Update Attachments',
				value: 'updateAttachments',
				description: "Add files to a case and update its status and fields",
				action: 'Update the attachments of a case',
			},
		],
	},
	...create.description,
	...updateAttachments.description,
];
