import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as wolkvoxCase from './actions/case';
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
		description: 'Open wolkvox CRM cases with their files and sync attachments onto existing cases',
		defaults: { name: 'Wolkvox Cases' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wolkvoxApi', required: true, testedBy: 'wolkvoxApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Case', value: 'case' }],
				default: 'case',
			},
			...wolkvoxCase.description,
		],
	};

	methods = { credentialTest: { wolkvoxApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
