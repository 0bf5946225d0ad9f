import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

export type CustomFieldValue = string | number | boolean | null;

/** The case's custom `form` fields: a key/value list, or a JSON object for users who hold one. */
export const customFieldsProperties: INodeProperties[] = [
	{
		displayName: 'Custom Fields Input',
		name: 'customFieldsInput',
		type: 'options',
		default: 'keyValue',
		description: "How to give the case's custom fields (wolkvox's form)",
		options: [
			{ name: 'Field by Field', value: 'keyValue', description: 'Enter each field name and its value' },
			{ name: 'JSON Object', value: 'json', description: 'An object such as {"order_id": "A-17"}' },
		],
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		placeholder: 'Add Custom Field',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: { show: { customFieldsInput: ['keyValue'] } },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'The name of the custom field as it is configured in the CRM',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Custom Fields (JSON)',
		name: 'customFieldsJson',
		type: 'json',
		default: '{}',
		displayOptions: { show: { customFieldsInput: ['json'] } },
		description: 'An object of field names and values; values must be text, numbers, booleans or null',
	},
];

function invalid(ctx: IExecuteFunctions, itemIndex: number, message: string, description: string) {
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

function checkedValue(ctx: IExecuteFunctions, itemIndex: number, name: string, value: unknown): CustomFieldValue {
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as CustomFieldValue;
	throw invalid(
		ctx,
		itemIndex,
		`Custom field "${name}" has ${Array.isArray(value) ? 'a list' : 'an object'} as its value`,
		'wolkvox custom fields hold text, numbers or booleans: turn the value into text (e.g. with JSON.stringify) or pick one of its parts.',
	);
}

/** The item's custom fields as a flat object, checked before anything is sent. */
export function readCustomFields(ctx: IExecuteFunctions, itemIndex: number): Record<string, CustomFieldValue> {
	// A Map, so names such as "constructor" or "__proto__" are plain names.
	const fields = new Map<string, CustomFieldValue>();
	if (ctx.getNodeParameter('customFieldsInput', itemIndex) === 'json') {
		const raw = ctx.getNodeParameter('customFieldsJson', itemIndex, '{}') as unknown;
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			parsed = jsonParse(raw.trim() === '' ? '{}' : raw, {
				errorMessage: `Custom Fields (JSON) of item ${itemIndex} is not valid JSON`,
			});
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			throw invalid(
				ctx,
				itemIndex,
				`Custom Fields (JSON) of item ${itemIndex} must be an object`,
				'Give an object of field names and values, such as {"order_id": "A-17"}.',
			);
		}
		for (const [name, value] of Object.entries(parsed as IDataObject)) {
			fields.set(name, checkedValue(ctx, itemIndex, name, value));
		}
		return Object.fromEntries(fields);
	}
	const rows = (ctx.getNodeParameter('customFields.field', itemIndex, []) as Array<{ name: string; value: unknown }>) ?? [];
	for (const [row, { name, value }] of rows.entries()) {
		const key = String(name ?? '').trim();
		if (!key) {
			throw invalid(ctx, itemIndex, `Custom field ${row + 1} of item ${itemIndex} has no name`, 'Enter the field name as configured in the CRM, or remove the row.');
		}
		if (fields.has(key)) {
			throw invalid(ctx, itemIndex, `Custom field "${key}" is given twice for item ${itemIndex}`, 'Keep one row per field name.');
		}
		fields.set(key, checkedValue(ctx, itemIndex, key, value));
	}
	return Object.fromEntries(fields);
}
