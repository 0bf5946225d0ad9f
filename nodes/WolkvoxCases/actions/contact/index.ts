import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as findOrCreate from './findOrCreate.operation';
import * as search from './search.operation';
import * as update from './update.operation';

export { create, findOrCreate, search, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		default: 'findOrCreate',
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a contact with its name, e-mail, phone, identification and custom fields',
				action: 'Create a contact',
			},
			{
				name: 'Find or Create',
				value: 'findOrCreate',
				description: 'The contact with an e-mail, or a new one when nobody has it',
				action: 'Find or create a contact',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find contacts by e-mail, name, identification, phone or any field',
				action: 'Search contacts',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Change a contact's fields; only the fields given change",
				action: 'Update a contact',
			},
		],
	},
	...create.description,
	...findOrCreate.description,
	...search.description,
	...update.description,
];
