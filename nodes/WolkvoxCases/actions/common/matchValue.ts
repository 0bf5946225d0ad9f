import type { INodeProperties } from 'n8n-workflow';

/** The "Value" a search matches its field against: wolkvox matches exactly, case included. */
export function matchValueProperty(
	name: string,
	placeholder = 'customer@example.com',
	description = 'The exact value the field must have',
): INodeProperties {
	return { displayName: 'Value', name, type: 'string', default: '', required: true, placeholder, description };
}
