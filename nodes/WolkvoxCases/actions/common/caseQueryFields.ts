import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The `field` values cases/queryCases.php takes, verbatim as the vendor lists them (all 26), with
 * readable names; cases/listHistoryNote.php finds cases by "the field from the cases module" (the
 * vendor's example is "type case"), so it offers the same list. Sorted by name, as n8n lists options.
 */
export const CASE_QUERY_FIELDS: INodePropertyOptions[] = [
	{ name: 'Case Expired', value: 'case expired' },
	{ name: 'Case ID', value: 'wolkvox-id' },
	{ name: 'Case Number (idCase)', value: 'idCase' },
	{ name: 'Case Prefixed Number (idPrefijo)', value: 'idPrefijo' },
	{ name: 'Case Type', value: 'type case' },
	{ name: 'Company ID', value: 'company id' },
	{ name: 'Company Name', value: 'company name' },
	{ name: 'Company Name (companyName)', value: 'companyName' },
	{ name: 'Contact Email', value: 'email contact' },
	{ name: 'Contact Identification', value: 'contact identification' },
	{ name: 'Contact Name', value: 'name contact' },
	{ name: 'Contact Phone', value: 'contact phone' },
	{ name: 'Contact Wolkvox ID', value: 'contact wolkvox id' },
	{ name: 'Description', value: 'description' },
	{ name: 'Owner ID', value: 'owner id' },
	{ name: 'Owner Name', value: 'owner name' },
	{ name: 'Owner User (Wolkvox Email)', value: 'owner user' },
	{ name: 'Prefix', value: 'prefix' },
	{ name: 'Priority', value: 'priority' },
	{ name: 'Reason', value: 'reason' },
	{ name: 'Reopened', value: 'reopened' },
	{ name: 'Responsible ID', value: 'responsible id' },
	{ name: 'Responsible Name', value: 'responsible name' },
	{ name: 'Responsible User (Wolkvox Email)', value: 'responsible user' },
	{ name: 'Solution', value: 'solution' },
	{ name: 'Status', value: 'status' },
];

const DOCUMENTED = new Set(CASE_QUERY_FIELDS.map((option) => option.value));

/** A "Search By" / "Find Case By" list of the documented fields. */
export function caseQueryFieldProperty(name: string, displayName: string, defaultValue: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		default: defaultValue,
		options: CASE_QUERY_FIELDS,
		description: `${description}. Sent as wolkvox names it, e.g. Contact Email as "email contact", Case Type as "type case".`,
	};
}

/**
 * The field as chosen; a value off the vendor's list (an expression, or a workflow saved with the
 * invented keys earlier versions of this node used: contact, responsible, owner, case-type) fails here, naming the fix, instead of being refused by wolkvox.
 */
export function readCaseQueryField(ctx: IExecuteFunctions, itemIndex: number, name: string, label: string): string {
	const field = String(ctx.getNodeParameter(name, itemIndex));
	if (DOCUMENTED.has(field)) return field;
	throw new NodeOperationError(ctx.getNode(), `"${field}" is not a field wolkvox searches cases by`, {
		itemIndex,
		description: `Choose ${label} from the list; wolkvox takes only the field names it documents, e.g. "email contact", "responsible user", "type case", "wolkvox-id".`,
	});
}
