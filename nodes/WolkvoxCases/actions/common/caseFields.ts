import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionalText, requiredText } from './text';

const CUSTOM_CASE_TYPE = '__custom';

/** The vendor's standard case types; operations may add their own, typed under "Custom Type". */
export const caseTypeProperties: INodeProperties[] = [
	{
		displayName: 'Case Type',
		name: 'caseType',
		type: 'options',
		default: 'Request',
		options: [
			{ name: 'Request', value: 'Request' },
			{ name: 'Complaints', value: 'Complaints' },
			{ name: 'Claims', value: 'Claims' },
			{ name: 'Suggestions', value: 'Suggestions' },
			{ name: 'Custom Type', value: CUSTOM_CASE_TYPE, description: 'A case type created in your case module' },
		],
	},
	{
		displayName: 'Custom Case Type',
		name: 'customCaseType',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Incidente',
		description: 'The name of a case type created in your case module',
		displayOptions: { show: { caseType: [CUSTOM_CASE_TYPE] } },
	},
];

export function readCaseType(ctx: IExecuteFunctions, itemIndex: number, prefix = ''): string {
	const chosen = optionalText(ctx, itemIndex, `${prefix}caseType`);
	if (chosen !== CUSTOM_CASE_TYPE) return chosen;
	return requiredText(ctx, itemIndex, `${prefix}customCaseType`, 'Custom Case Type', 'Enter a case type created in your case module.');
}

export const userHint = "The user's Wolkvox Email, as in the CRM's user list (USER@operation)";

export const solutionProperty: INodeProperties = {
	displayName: 'Solution',
	name: 'solution',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	description: 'The outcome of the case',
	hint: 'Required when the status has the condition "Closed"; not needed for open statuses',
};

export const optionsProperty = (extra: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		...extra,
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 16 },
			default: 2,
			description:
				'How many items are sent at the same time. wolkvox allows 2 simultaneous requests per token; more are refused.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description: 'How long to wait for the server to answer before the item fails',
		},
	],
});

export function readTimeoutMs(ctx: IExecuteFunctions, itemIndex: number): number {
	return (ctx.getNodeParameter('options.timeout', itemIndex, 300) as number) * 1000;
}
