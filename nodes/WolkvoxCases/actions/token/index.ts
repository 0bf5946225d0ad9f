import type { INodeProperties } from 'n8n-workflow';

import * as getUsage from './getUsage.operation';

export { getUsage };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		default: 'getUsage',
		options: [
			{
				name: 'Get Usage',
				value: 'getUsage',
				description: "How many of the token's daily requests are used and when the count resets",
				action: 'Get the token usage',
			},
		],
	},
	...getUsage.description,
];
