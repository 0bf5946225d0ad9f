import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Envelope } from '../../transport/envelope';

import {
	caseTypeProperties,
	readCaseType,
	responsibleProperty,
	solutionProperty,
	statusProperty,
	userHint,
} from './caseFields';
import { optionalText, requiredText } from './text';

/** The fields every new case needs (insert.php and insertAttach.php), in the CRM's order. */
const NEW_CASE_REQUIRED = ['operation', 'case-type', 'responsible', 'owner', 'contact', 'description', 'status', 'priority'];

export const newCaseProperties: INodeProperties[] = [
	...caseTypeProperties,
	responsibleProperty,
	{ displayName: 'Owner', name: 'owner', type: 'string', default: '', required: true, placeholder: 'ADMIN_@acme', description: userHint },
	{
		displayName: 'Contact',
		name: 'contact',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'customer@example.com',
		description: "The contact's e-mail as in the CRM's contact module. The contact must exist, unless the option If the Contact Does Not Exist is Create It.",
	},
	{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 4 }, default: '', required: true },
	statusProperty,
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'low',
		description: 'A priority that exists in the case module for this case type',
	},
	solutionProperty,
];

/** The item's new-case fields, checked; `solution` only when given. */
export function readNewCase(ctx: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const text = (name: string, label: string, fix: string) => requiredText(ctx, itemIndex, name, label, fix);
	const fields: Record<string, string> = {
		'case-type': readCaseType(ctx, itemIndex),
		responsible: text('responsible', 'Responsible', userHint + '.'),
		owner: text('owner', 'Owner', userHint + '.'),
		contact: text('contact', 'Contact', "Enter the contact's e-mail as in the CRM's contact module."),
		description: text('description', 'Description', 'Describe the case.'),
		status: text('status', 'Status', 'Enter a status of the case module, e.g. Abierto.'),
		priority: text('priority', 'Priority', 'Enter a priority of the case module, e.g. low.'),
	};
	const solution = optionalText(ctx, itemIndex, 'solution');
	if (solution) fields.solution = solution;
	return fields;
}

/** How a request that opens a case is described in its errors. */
export const NEW_CASE_CONTEXT = {
	action: 'create the case',
	ifLost: 'the case may already exist: check the CRM before running the item again',
	requiredFields: NEW_CASE_REQUIRED,
};

/** The id and prefix of the case the server opened, with its message. */
export function newCaseOutput(envelope: Envelope): IDataObject {
	return {
		wolkvox_id: envelope.data.wolkvox_id as string,
		idPrefijo: (envelope.data.idPrefijo as string) ?? '',
		message: envelope.msg,
	};
}
