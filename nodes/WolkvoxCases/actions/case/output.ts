import type { IDataObject } from 'n8n-workflow';

import type { FileSource } from '../../helpers/binaryFiles';
import type { Envelope } from '../../transport/envelope';
import type { SentFilesResult } from '../common/sentFiles';

/** What was sent of each file, so a workflow can log or check it. */
export function describeFiles(files: FileSource[], field: string): IDataObject[] {
	return files.map((f) => ({ field, fileName: f.fileName, mimeType: f.mimeType, size: f.size, binaryProperty: f.property }));
}

/** The vendor's example answers an update with a blank id (" "): fall back to the one sent. */
export function caseIdOf(envelope: Envelope, fields: Record<string, unknown>): string {
	return String(envelope.data.wolkvox_id ?? '').trim() || String(fields['wolkvox-id']);
}

/** Output with "Skip Files Already Sent to This Case": what was sent, and what was not and why. */
export function skippingOutput(result: SentFilesResult<Envelope>, fields: Record<string, unknown>, field: string): IDataObject {
	const { answer, sent, skipped } = result;
	return {
		wolkvox_id: answer ? caseIdOf(answer, fields) : String(fields['wolkvox-id']),
		message: answer ? answer.msg : 'Every file was already sent to this case: nothing was sent',
		files: describeFiles(sent, field),
		skippedFiles: skipped,
	};
}
