import type { IDataObject } from 'n8n-workflow';

/**
 * The typed values wolkvox documents for module fields (contacts and other custom/*.php modules):
 * `{"type": "telephone", "value", "country", "code"}`, `{"type": "address", "value"}`,
 * `{"type": "currency", "value", "symbol", "convert"}`, `{"type": "search", "value", "value_id",
 * "searchModuleName"}` (a lookup to another module's record), `{"type": "table", "value": [rows]}`.
 * Dates are text as YYYY-MM-DD. What each key holds beyond that is not published: the checks
 * below refuse only what cannot be right, so a wrong guess shows as wolkvox's refusal, not ours.
 */
export const TYPED_VALUE_KEYS: Readonly<Record<string, { required: string[]; optional: string[] }>> = {
	telephone: { required: ['value', 'country', 'code'], optional: [] },
	address: { required: ['value'], optional: [] },
	currency: { required: ['value', 'symbol'], optional: ['convert'] },
	search: { required: ['value', 'value_id', 'searchModuleName'], optional: [] },
	table: { required: ['value'], optional: [] },
};

/** The field types the node offers, in the order of the list. */
export type FieldType = 'text' | 'number' | 'boolean' | 'date' | keyof typeof TYPED_VALUE_KEYS;

/** One custom field as the user described it: its type and the parts that type needs. */
export interface TypedRow {
	type: FieldType;
	value: unknown;
	country?: string;
	code?: string;
	symbol?: string;
	convert?: string;
	valueId?: string;
	searchModule?: string;
}

const isBlank = (value: unknown) => value === undefined || value === null || String(value).trim() === '';

/** Builds the value wolkvox takes for a row, or says what is wrong with it (the fix in words). */
export function typedValue(row: TypedRow): { value: unknown } | { problem: string } {
	const text = isBlank(row.value) ? '' : String(row.value).trim();
	const need = (part: string, what: string) => ({ problem: `its ${part} is empty: ${what}` });
	switch (row.type) {
		case 'text':
			return { value: row.value === undefined || row.value === null ? '' : String(row.value) };
		case 'number': {
			const number = typeof row.value === 'number' ? row.value : Number(text);
			if (text === '' || !Number.isFinite(number)) return { problem: `"${text}" is not a number: give digits, e.g. 1500 or 12.5` };
			return { value: number };
		}
		case 'boolean':
			if (typeof row.value === 'boolean') return { value: row.value };
			if (/^(true|false)$/i.test(text)) return { value: text.toLowerCase() === 'true' };
			return { problem: `"${text}" is not true or false` };
		case 'date':
			if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { problem: `"${text}" is not a date as YYYY-MM-DD: format it, e.g. {{ $now.toFormat('yyyy-MM-dd') }}` };
			return { value: text };
		case 'telephone':
			if (!text) return need('number', 'give the phone number');
			if (isBlank(row.country)) return need('country', 'give the country, e.g. CO');
			if (isBlank(row.code)) return need('calling code', 'give the country calling code, e.g. 57');
			return { value: { type: 'telephone', value: text, country: String(row.country).trim(), code: String(row.code).trim() } };
		case 'address':
			if (!text) return need('value', 'give the address');
			return { value: { type: 'address', value: text } };
		case 'currency': {
			const amount = typeof row.value === 'number' ? row.value : Number(text);
			if (text === '' || !Number.isFinite(amount)) return { problem: `"${text}" is not an amount: give digits, e.g. 150000` };
			if (!/^[A-Za-z]{3}$/.test(String(row.symbol ?? '').trim())) return { problem: 'its currency symbol must be a 3-letter code such as COP or USD' };
			const convert = String(row.convert ?? '').trim();
			return { value: { type: 'currency', value: amount, symbol: String(row.symbol).trim().toUpperCase(), ...(convert ? { convert } : {}) } };
		}
		case 'search':
			if (!text) return need('value', 'give the text shown for the linked record');
			if (!/^[0-9a-f]{24}$/i.test(String(row.valueId ?? '').trim())) return { problem: 'its Record ID must be the linked record\'s wolkvox_id (24 hex characters)' };
			if (isBlank(row.searchModule)) return need('module', 'name the module of the linked record, e.g. companies');
			return { value: { type: 'search', value: text, value_id: String(row.valueId).trim(), searchModuleName: String(row.searchModule).trim() } };
		case 'table': {
			const rows = typeof row.value === 'string' ? parseRows(row.value) : row.value;
			if (!Array.isArray(rows) || !rows.every(isRecord)) return { problem: 'a table is a list of rows, each an object, e.g. [{"producto": "A", "cantidad": 2}]' };
			return { value: { type: 'table', value: rows } };
		}
	}
	return { problem: `the type "${String(row.type)}" is not one the node knows` };
}

const isRecord = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseRows(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/**
 * A value given as JSON: text, a number, a boolean, null, or an object shaped as one of the
 * documented typed values (its `type` and exactly the documented keys). Undefined when it fits.
 */
export function typedObjectProblem(value: unknown): string | undefined {
	if (!isRecord(value)) return Array.isArray(value) ? 'a list: a table is {"type": "table", "value": [rows]}' : undefined;
	const type = String(value.type ?? '');
	const keys = TYPED_VALUE_KEYS[type];
	if (!Object.hasOwn(TYPED_VALUE_KEYS, type) || !keys) {
		return `an object whose "type" is ${value.type === undefined ? 'missing' : `"${type}"`}: wolkvox documents ${Object.keys(TYPED_VALUE_KEYS).join(', ')}`;
	}
	const missing = keys.required.filter((key) => isBlank(value[key]) && !Array.isArray(value[key]));
	if (missing.length) return `a ${type} value without ${missing.join(', ')}`;
	const extra = Object.keys(value).filter((key) => key !== 'type' && !keys.required.includes(key) && !keys.optional.includes(key));
	if (extra.length) return `a ${type} value with keys wolkvox does not document: ${extra.join(', ')}`;
	return undefined;
}
