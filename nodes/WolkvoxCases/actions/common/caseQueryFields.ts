import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The `field` values cases/queryCases.php takes, verbatim as the vendor lists them (all 26), with
 * readable names; cases/listHistoryNote.php finds cases by "the field from the cases module" (the
 * vendor's example is "type case"), so it offers the same list. Sorted by name, as n8n lists options.
 */
export const CASE_QUERY_FIELDS: INodePropertyOptions[] = [
	{ name: 'Case Expired', value: 'case expired', description: 'Sends "field": "case expired"' },
	{ name: 'Case ID (wolkvox-id)', value: 'wolkvox-id', description: 'Sends "field": "wolkvox-id"' },
	{ name: 'Case Number (idCase)', value: 'idCase', description: 'Sends "field": "idCase"' },
	{ name: 'Case Prefixed Number (idPrefijo)', value: 'idPrefijo', description: 'Sends "field": "idPrefijo"' },
	{ name: 'Case Type', value: 'type case', description: 'Sends "field": "type case"' },
	{ name: 'Company ID', value: 'company id', description: 'Sends "field": "company id"' },
	{ name: 'Company Name', value: 'company name', description: 'Sends "field": "company name"' },
	{ name: 'Company Name (companyName)', value: 'companyName', description: 'Sends "field": "companyName"' },
	{ name: 'Contact Email', value: 'email contact', description: 'Sends "field": "email contact"' },
	{ name: 'Contact Identification', value: 'contact identification', description: 'Sends "field": "contact identification"' },
	{ name: 'Contact Name', value: 'name contact', description: 'Sends "field": "name contact"' },
	{ name: 'Contact Phone', value: 'contact phone', description: 'Sends "field": "contact phone"' },
	{ name: 'Contact Wolkvox ID', value: 'contact wolkvox id', description: 'Sends "field": "contact wolkvox id"' },
	{ name: 'Description', value: 'description', description: 'Sends "field": "description"' },
	{ name: 'Owner ID', value: 'owner id', description: 'Sends "field": "owner id"' },
	{ name: 'Owner Name', value: 'owner name', description: 'Sends "field": "owner name"' },
	{ name: 'Owner User (Wolkvox Email)', value: 'owner user', description: 'Sends "field": "owner user"' },
	{ name: 'Prefix', value: 'prefix', description: 'Sends "field": "prefix"' },
	{ name: 'Priority', value: 'priority', description: 'Sends "field": "priority"' },
	{ name: 'Reason', value: 'reason', description: 'Sends "field": "reason"' },
	{ name: 'Reopened', value: 'reopened', description: 'Sends "field": "reopened"' },
	{ name: 'Responsible ID', value: 'responsible id', description: 'Sends "field": "responsible id"' },
	{ name: 'Responsible Name', value: 'responsible name', description: 'Sends "field": "responsible name"' },
	{ name: 'Responsible User (Wolkvox Email)', value: 'responsible user', description: 'Sends "field": "responsible user"' },
	{ name: 'Solution', value: 'solution', description: 'Sends "field": "solution"' },
	{ name: 'Status', value: 'status', description: 'Sends "field": "status"' },
];

const DOCUMENTED = new Set(CASE_QUERY_FIELDS.map((option) => option.value));

/** A "Search By" / "Find Case By" list of the documented fields. */
export function caseQueryFieldProperty(name: string, displayName: string, defaultValue: string, description: string): INodeProperties {
	return { displayName, name, type: 'options', default: defaultValue, options: CASE_QUERY_FIELDS, description };
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
