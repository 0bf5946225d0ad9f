import { Readable } from 'node:stream';

import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FileSource } from './binaryFiles';

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Files given as base64 strings (a list, or one string). A `data:…;base64,` prefix and line
 * breaks are removed, as other systems add them; anything else that is not base64 fails here,
 * naming its position, rather than at the server.
 */
export function base64Files(ctx: IExecuteFunctions, itemIndex: number, value: unknown): FileSource[] {
	const list = value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value];
	return list.map((entry, position) => {
		const text = typeof entry === 'string' ? entry.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '') : '';
		if (!text || !STRICT_BASE64.test(text)) {
			throw new NodeOperationError(ctx.getNode(), `Attachment ${position} of item ${itemIndex} is not a base64 string`, {
				itemIndex,
				description:
					typeof entry === 'string'
						? 'Give each attachment as base64 text (A–Z, a–z, 0–9, +, / with = padding), e.g. from "Extract From File" → Move File to Base64 String.'
						: `It is ${Array.isArray(entry) ? 'a list' : typeof entry}: give a list of base64 strings.`,
			});
		}
		const bytes = Buffer.from(text, 'base64');
		return {
			property: `attachments[${position}]`,
			fileName: '',
			mimeType: '',
			size: bytes.length,
			open: async () => Readable.from([bytes]),
		};
	});
}
