import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A required text parameter, trimmed; blank fails before anything is sent. */
export function requiredText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
	fix: string,
): string {
	const value = String(ctx.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty for item ${itemIndex}`, {
			itemIndex,
			description: `wolkvox requires it. ${fix}`,
		});
	}
	return value;
}

/** An optional text parameter, trimmed; '' when not set. */
export function optionalText(ctx: IExecuteFunctions, itemIndex: number, parameter: string): string {
	return String(ctx.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
}
