import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as wolkvoxCase from './actions/case';
import * as contact from './actions/contact';
import * as token from './actions/token';
import { router } from './actions/router';
import { wolkvoxApiTest } from './transport/credentialTest';

export class WolkvoxCases implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Wolkvox Cases',
		name: 'wolkvoxCases',
		icon: { light: 'file:wolkvox.svg', dark: 'file:wolkvox.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Open, find and update wolkvox CRM cases with their files, find or create their contacts, read their notes, and check the token quota',
		defaults: { name: 'Wolkvox Cases' },
		usableAsTool: true,
		// n8n 2.41's node catalog (its AI workflow builder and assistant) offers installed nodes by this hint.
		builderHint: {
			searchHint:
				'wolkvox CRM (contact-center): open a case with the item\'s files (e.g. an e-mail\'s attachments), add files to or update an existing case, find cases by contact or status, read a case\'s notes',
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wolkvoxApi', required: true, testedBy: 'wolkvoxApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Case', value: 'case' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Token', value: 'token' },
				],
				default: 'case',
			},
			...wolkvoxCase.description,
			...contact.description,
			...token.description,
		],
	};

	methods = { credentialTest: { wolkvoxApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
