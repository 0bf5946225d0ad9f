import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FileSelection } from '../../helpers/binaryFiles';

/** Which of the item's binary properties are sent as files. */
export function filesProperties(displayName: string): INodeProperties[] {
	return [
		{
			displayName,
			name: 'files',
			type: 'options',
			default: 'all',
			options: [
				{
					name: 'All Binary Properties',
					value: 'all',
					description: 'Every file of the item, e.g. all attachments of an e-mail (attachment_0, attachment_1, …)',
				},
				{ name: 'Named Binary Properties', value: 'properties', description: 'Only the properties you name' },
				{ name: 'None', value: 'none' },
			],
		},
		{
			displayName: 'Binary Properties',
			name: 'binaryProperties',
			type: 'string',
			default: '',
			placeholder: 'attachment_0, attachment_1',
			description: 'Names of the binary properties holding the files, separated by commas; left empty, every file of the item is sent',
			displayOptions: { show: { files: ['properties'] } },
		},
	];
}

export function readFileSelection(ctx: IExecuteFunctions, itemIndex: number): FileSelection {
	const mode = ctx.getNodeParameter('files', itemIndex) as FileSelection['mode'];
	if (mode === 'properties') {
		return { mode, properties: ctx.getNodeParameter('binaryProperties', itemIndex, '') as string };
	}
	return { mode };
}
