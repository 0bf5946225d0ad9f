/**
 * The fields of the contacts module and the values custom/insert.php and custom/update.php take
 * for each. The typed shapes are the vendor's [doc, code] (wolkvox-api.md, "Typed values"); which
 * field takes which shape, and refusing anything else, is our strict reading [guess].
 */
import { isPlainObject } from './body';
import type { Directory } from './directory';

export type ContactFieldType = 'text' | 'email' | 'number' | 'date' | 'telephone' | 'address' | 'currency' | 'search' | 'table';

/** [doc, code] the contacts module's own fields. */
export const STANDARD_CONTACT_FIELDS: Readonly<Record<string, ContactFieldType>> = {
	namecontact: 'text',
	emailcontact: 'email',
	telephonecontact: 'telephone',
	idcontact: 'text',
};

/** The type of a contact field (standard or a custom label of this operation), or undefined. */
export function contactFieldType(directory: Directory, field: string): ContactFieldType | undefined {
	if (Object.hasOwn(STANDARD_CONTACT_FIELDS, field)) return STANDARD_CONTACT_FIELDS[field];
	return Object.hasOwn(directory.contactFields, field) ? directory.contactFields[field] : undefined;
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isScalarText = (value: unknown): boolean => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
const isNumeric = (value: unknown): boolean =>
	(typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()));
/** [doc] dates as YYYY-MM-DD; [guess] a real calendar day. */
const isDate = (value: unknown): boolean =>
	isText(value) && /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
/** [guess] one address with no spaces. */
const isEmail = (value: unknown): boolean => isText(value) && /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(value);
/** [code] wolkvox_id: 24 hex characters. */
const isObjectId = (value: unknown): boolean => isText(value) && /^[0-9a-f]{24}$/i.test(value);
/** [guess] digits with the usual separators, or a leading +. */
const isPhone = (value: unknown): boolean => isScalarText(value) && /^\+?[\d\s().-]{3,}$/.test(String(value));

/** [doc] a typed value: an object whose `type` names the shape, with exactly these keys besides it. */
function typed(value: unknown, type: string, required: Record<string, (v: unknown) => boolean>, optional: Record<string, (v: unknown) => boolean> = {}): boolean {
	if (!isPlainObject(value) || value.type !== type) return false;
	for (const [key, check] of Object.entries(required)) if (!check(value[key])) return false;
	for (const key of Object.keys(value)) {
		if (key === 'type' || Object.hasOwn(required, key)) continue;
		if (!Object.hasOwn(optional, key) || !optional[key](value[key])) return false;
	}
	return true;
}

const isTableRows = (value: unknown): boolean => Array.isArray(value) && value.every(isPlainObject);

/** What each type accepts, and the words the refusal uses. */
const RULES: Record<ContactFieldType, { accepts: (value: unknown) => boolean; expected: string }> = {
	// [guess] text fields take text or a number (PHP reads both as text).
	text: { accepts: isScalarText, expected: 'text' },
	email: { accepts: isEmail, expected: 'an e-mail address' },
	number: { accepts: isNumeric, expected: 'a number' },
	date: { accepts: isDate, expected: 'a date as YYYY-MM-DD' },
	// [doc] {"type":"telephone","value","country","code"}; [guess] plain digits are taken as well.
	telephone: {
		accepts: (v) => isPhone(v) || typed(v, 'telephone', { value: isPhone, country: isText, code: isScalarText }),
		expected: 'a phone number, or {"type":"telephone","value","country","code"}',
	},
	// [doc] {"type":"address","value"}
	address: { accepts: (v) => typed(v, 'address', { value: isText }), expected: '{"type":"address","value"}' },
	// [doc] {"type":"currency","value","symbol","convert"}; [guess] convert optional, any scalar.
	currency: {
		accepts: (v) =>
			typed(v, 'currency', { value: isNumeric, symbol: (s) => isText(s) && /^[A-Z]{3}$/.test(s) }, { convert: (c) => c === null || ['string', 'number', 'boolean'].includes(typeof c) }),
		expected: '{"type":"currency","value":<number>,"symbol":"COP"}',
	},
	// [doc] {"type":"search","value","value_id":<wolkvox_id>,"searchModuleName"}
	search: {
		accepts: (v) => typed(v, 'search', { value: isText, value_id: isObjectId, searchModuleName: (m) => isText(m) && m.trim() !== '' }),
		expected: '{"type":"search","value","value_id":<24 hex>,"searchModuleName"}',
	},
	// [doc] {"type":"table","value":[rows]}
	table: { accepts: (v) => typed(v, 'table', { value: isTableRows }), expected: '{"type":"table","value":[{…}, …]}' },
};

/** Undefined when `value` fits the field's type; otherwise what was expected. */
export function checkContactValue(type: ContactFieldType, value: unknown): string | undefined {
	return RULES[type].accepts(value) ? undefined : RULES[type].expected;
}

/** [guess] what query.php compares: a typed value by its `value`, other values as text. */
export function comparableText(value: unknown): string | undefined {
	if (isPlainObject(value)) return value.value === undefined ? undefined : String(value.value);
	return value === undefined || value === null ? undefined : String(value);
}
