import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { RetrySettings } from '../../transport/request';
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
			// Alphabetical, as n8n lists options.
			{ name: 'Claims', value: 'Claims' },
			{ name: 'Complaints', value: 'Complaints' },
			{ name: 'Custom Type', value: CUSTOM_CASE_TYPE, description: 'A case type created in your case module' },
			{ name: 'Request', value: 'Request' },
			{ name: 'Suggestions', value: 'Suggestions' },
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

/** Required on every case write: who handles it and its status. */
export const responsibleProperty: INodeProperties = {
	displayName: 'Responsible',
	name: 'responsible',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'ADMIN_@acme',
	description: userHint,
};

export const statusProperty: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'Abierto',
	description: 'A status that exists in the case module for the case type',
	// [doc] the four states since wolkvox release 20251103.
	hint: 'The four states of a case: Abierto, En espera, Solucionado, Cerrado (or a status created in your case module)',
};

export const solutionProperty: INodeProperties = {
	displayName: 'Solution',
	name: 'solution',
	type: 'string',
	typeOptions: { rows: 2 },
	default: '',
	description: 'The outcome of the case',
	// Whether Solucionado counts as "Closed" is not documented (a guess either way).
	hint: 'Required when the status has the condition "Closed" (Cerrado). wolkvox does not say whether Solucionado needs one: give one to be safe.',
};

export const optionsProperty = (extra: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	// Sorted by name, as n8n lists collection options.
	options: ([
		{
			displayName: 'Batch Interval (Milliseconds)',
			name: 'batchInterval',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Pause between batches, in milliseconds',
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 16 },
			default: 2,
			description:
				"How many items of this execution are worked on at the same time (1: one after another). Their requests never exceed the credential's Simultaneous Requests, shared by every execution in this n8n process: the others wait their turn.",
		},
		{
			displayName: 'Items per Batch',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Send the items in batches of this size, pausing between batches; 0 sends all as one batch',
		},
		{
			displayName: 'Retry Budget (Seconds)',
			name: 'retryBudget',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description:
				'How long a request is retried after failures that surely created nothing (too many simultaneous requests with the token, HTTP 429, 503 with Retry-After, connection refused), with short pauses growing from 0.2 s to 3 s. 0: no retries.',
		},
		{
			displayName: 'Retry When the Outcome Is Unknown',
			name: 'retryUncertain',
			type: 'boolean',
			default: false,
			description:
				'Whether to also retry when the request was sent and its answer was lost (connection reset, timeout). This may create a case twice or attach files twice.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description:
				"How long one request may wait for a free slot of the token (see the credential's Simultaneous Requests), and then how long it may take before it is abandoned and its connection closed",
		},
	] as INodeProperties[])
		.concat(extra)
		.sort((a, b) => a.displayName.localeCompare(b.displayName)),
});

/** insert.php and update.php refuse extensions off the vendor's list; this checks first. */
export const checkExtensionsOption: INodeProperties = {
	displayName: 'Check File Extensions',
	name: 'checkExtensions',
	type: 'boolean',
	default: true,
	description:
		"Whether to refuse, before sending, files whose extension is not on wolkvox's documented list (xlsx, csv, pdf, jpg, png, docx, mp4, mp3, …)",
};

export function readTimeoutMs(ctx: IExecuteFunctions, itemIndex: number): number {
	return (ctx.getNodeParameter('options.timeout', itemIndex, 300) as number) * 1000;
}

export function readRetry(ctx: IExecuteFunctions, itemIndex: number): RetrySettings {
	return {
		budgetMs: (ctx.getNodeParameter('options.retryBudget', itemIndex, 60) as number) * 1000,
		retryUncertain: ctx.getNodeParameter('options.retryUncertain', itemIndex, false) as boolean,
	};
}
