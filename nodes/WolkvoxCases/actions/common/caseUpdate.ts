import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	caseTypeProperties,
	readCaseType,
	responsibleProperty,
	solutionProperty,
	statusProperty,
	userHint,
} from './caseFields';
import { optionalText, requiredText } from './text';

/** What every change to a case names (update.php and updateCaseAttachment.php). */
export const CASE_UPDATE_REQUIRED = ['operation', 'wolkvox-id', 'responsible', 'status'];

/** Fields the vendor's examples send besides the documented ones; each is sent only when set. */
const OPTIONAL_FIELDS: Array<[parameter: string, field: string]> = [
	['priority', 'priority'],
	['owner', 'owner'],
	['contact', 'contact'],
	['description', 'description'],
];

export const caseUpdateProperties: INodeProperties[] = [
	{
		displayName: 'Case ID',
		name: 'wolkvoxId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '64cb0f2e9a1b2c3d4e5f6a7b',
		description: 'The wolkvox_id of the case, as Create or Search returns it',
	},
	responsibleProperty,
	statusProperty,
	solutionProperty,
];

export const additionalCaseFieldsProperty: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		...caseTypeProperties,
		{ displayName: 'Contact', name: 'contact', type: 'string', default: '', placeholder: 'customer@example.com' },
		{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 4 }, default: '' },
		{ displayName: 'Owner', name: 'owner', type: 'string', default: '', placeholder: 'ADMIN_@acme', description: userHint },
		{ displayName: 'Priority', name: 'priority', type: 'string', default: '', placeholder: 'low' },
	],
};

/** The item's case id, responsible and status, with the other fields only when set. */
export function readCaseUpdate(ctx: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const fields: Record<string, string> = {
		'wolkvox-id': requiredText(ctx, itemIndex, 'wolkvoxId', 'Case ID', 'Map the wolkvox_id that Create or Search returned.'),
		responsible: requiredText(ctx, itemIndex, 'responsible', 'Responsible', userHint + '.'),
		status: requiredText(ctx, itemIndex, 'status', 'Status', 'Enter a status of the case module, e.g. Abierto.'),
	};
	const solution = optionalText(ctx, itemIndex, 'solution');
	if (solution) fields.solution = solution;
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	if (additional.caseType !== undefined) fields['case-type'] = readCaseType(ctx, itemIndex, 'additionalFields.');
	for (const [parameter, field] of OPTIONAL_FIELDS) {
		const value = optionalText(ctx, itemIndex, `additionalFields.${parameter}`);
		if (value) fields[field] = value;
	}
	return fields;
}
