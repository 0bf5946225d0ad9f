import type { IDataObject } from 'n8n-workflow';

import type { FileSource } from '../../helpers/binaryFiles';
import type { Envelope } from '../../transport/envelope';

/** What was sent of each file, so a workflow can log or check it. */
export function describeFiles(files: FileSource[], field: string): IDataObject[] {
	return files.map((f) => ({ field, fileName: f.fileName, mimeType: f.mimeType, size: f.size, binaryProperty: f.property }));
}

/** The vendor's example answers an update with a blank id (" "): fall back to the one sent. */
export function caseIdOf(envelope: Envelope, fields: Record<string, unknown>): string {
	return String(envelope.data.wolkvox_id ?? '').trim() || String(fields['wolkvox-id']);
}
