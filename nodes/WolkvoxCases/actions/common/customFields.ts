import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { typedObjectProblem, typedValue, type TypedRow } from './typedValues';

/** Plain values; module fields (typed) also take wolkvox's typed objects. */
export type CustomFieldValue = string | number | boolean | null | IDataObject;

/** Parts of a row that only some types need: shown for those types alone. */
const TYPED_ROW_PARTS: INodeProperties[] = [
	{ displayName: 'Country', name: 'country', type: 'string', default: '', placeholder: 'CO', displayOptions: { show: { type: ['telephone'] } } },
	{ displayName: 'Calling Code', name: 'code', type: 'string', default: '', placeholder: '57', displayOptions: { show: { type: ['telephone'] } } },
	{ displayName: 'Currency Symbol', name: 'symbol', type: 'string', default: 'COP', displayOptions: { show: { type: ['currency'] } } },
	{ displayName: 'Convert', name: 'convert', type: 'string', default: '', description: 'The optional "convert" part of a currency value, sent only when set', displayOptions: { show: { type: ['currency'] } } },
	{ displayName: 'Record ID', name: 'valueId', type: 'string', default: '', placeholder: '64cb0f2e9a1b2c3d4e5f6a7b', description: 'The wolkvox_id of the linked record', displayOptions: { show: { type: ['search'] } } },
	{ displayName: 'Module', name: 'searchModule', type: 'string', default: '', placeholder: 'companies', description: 'The module of the linked record', displayOptions: { show: { type: ['search'] } } },
];

const FIELD_TYPES = [
	{ name: 'Address', value: 'address' },
	{ name: 'Boolean', value: 'boolean' },
	{ name: 'Currency', value: 'currency' },
	{ name: 'Date (YYYY-MM-DD)', value: 'date' },
	{ name: 'Lookup (Linked Record)', value: 'search' },
	{ name: 'Number', value: 'number' },
	{ name: 'Table (JSON List of Rows)', value: 'table' },
	{ name: 'Telephone', value: 'telephone' },
	{ name: 'Text', value: 'text' },
];

/**
 * Custom fields: a key/value list, or a JSON object for users who hold one. A case's `form` takes
 * plain values; a module record's fields (contacts) also take wolkvox's typed values.
 */
function customFieldsPropertiesFor(what: string, typed: boolean): INodeProperties[] {
	return [
		{
			displayName: 'Custom Fields Input',
			name: 'customFieldsInput',
			type: 'options',
			default: 'keyValue',
			description: `How to give ${what}`,
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
							description: typed
								? 'The label of the field as the CRM shows it, spaces and accents included'
								: 'The name of the custom field as it is configured in the CRM',
						},
						...(typed ? [{ displayName: 'Type', name: 'type', type: 'options', options: FIELD_TYPES, default: 'text' } as INodeProperties] : []),
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						...(typed ? TYPED_ROW_PARTS : []),
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
			description: typed
				? 'An object of field labels and values: text, numbers, booleans, null, or typed values such as {"type": "telephone", "value": "3001234567", "country": "CO", "code": "57"}'
				: 'An object of field names and values; values must be text, numbers, booleans or null',
		},
	];
}

/** The case's custom `form` fields. */
export const customFieldsProperties = customFieldsPropertiesFor("the case's custom fields (wolkvox's form)", false);

/** A contact's custom fields, by label, with wolkvox's typed values. */
export const typedCustomFieldsProperties = customFieldsPropertiesFor("the contact's custom fields, by their label in the CRM", true);

function invalid(ctx: IExecuteFunctions, itemIndex: number, message: string, description: string) {
	return new NodeOperationError(ctx.getNode(), message, { itemIndex, description });
}

function checkedValue(ctx: IExecuteFunctions, itemIndex: number, name: string, value: unknown, typed: boolean): CustomFieldValue {
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as CustomFieldValue;
	if (typed) {
		const problem = typedObjectProblem(value);
		if (!problem) return value as IDataObject;
		throw invalid(
			ctx,
			itemIndex,
			`Custom field "${name}" of item ${itemIndex} has ${problem}`,
			'Give text, a number, a boolean, or a typed value as wolkvox documents it, e.g. {"type": "address", "value": "Calle 10 # 5-20"}.',
		);
	}
	throw invalid(
		ctx,
		itemIndex,
		`Custom field "${name}" has ${Array.isArray(value) ? 'a list' : 'an object'} as its value`,
		'wolkvox custom fields hold text, numbers or booleans: turn the value into text (e.g. with JSON.stringify) or pick one of its parts.',
	);
}

/**
 * The item's custom fields as a flat object, checked before anything is sent. `typed`: a module
 * record's fields, which also take wolkvox's typed values (rows with a Type, or typed objects).
 */
export function readCustomFields(ctx: IExecuteFunctions, itemIndex: number, typed = false): Record<string, CustomFieldValue> {
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
			fields.set(name, checkedValue(ctx, itemIndex, name, value, typed));
		}
		return Object.fromEntries(fields);
	}
	const rows = (ctx.getNodeParameter('customFields.field', itemIndex, []) as Array<{ name: string; value: unknown } & Partial<TypedRow>>) ?? [];
	for (const [row, { name, value, ...parts }] of rows.entries()) {
		const key = String(name ?? '').trim();
		if (!key) {
			throw invalid(ctx, itemIndex, `Custom field ${row + 1} of item ${itemIndex} has no name`, 'Enter the field name as configured in the CRM, or remove the row.');
		}
		if (fields.has(key)) {
			throw invalid(ctx, itemIndex, `Custom field "${key}" is given twice for item ${itemIndex}`, 'Keep one row per field name.');
		}
		fields.set(key, typed ? rowValue(ctx, itemIndex, key, { ...parts, value, type: parts.type ?? 'text' }) : checkedValue(ctx, itemIndex, key, value, false));
	}
	return Object.fromEntries(fields);
}

function rowValue(ctx: IExecuteFunctions, itemIndex: number, name: string, row: TypedRow): CustomFieldValue {
	const built = typedValue(row);
	if ('value' in built) return built.value as CustomFieldValue;
	throw invalid(ctx, itemIndex, `Custom field "${name}" of item ${itemIndex} (${row.type}): ${built.problem}`, 'Fix the row of this field, or change its Type.');
}
