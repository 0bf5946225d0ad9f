import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FileSource } from '../../helpers/binaryFiles';
import type { Envelope } from '../../transport/envelope';
import { sendUnsentFiles } from '../common/sentFiles';

/** What was sent of each file, so a workflow can log or check it. */
export function describeFiles(files: FileSource[], field: string): IDataObject[] {
	return files.map((f) => ({ field, fileName: f.fileName, mimeType: f.mimeType, size: f.size, binaryProperty: f.property }));
}

/** The vendor's example answers an update with a blank id (" "): fall back to the one sent. */
export function caseIdOf(envelope: Envelope, fields: Record<string, unknown>): string {
	return String(envelope.data.wolkvox_id ?? '').trim() || String(fields['wolkvox-id']);
}

/**
 * Sends a change of the case with the item's files, and says what was sent. With "Skip Files
 * Already Sent to This Case" only the files this node has not sent to the case go, and the output
 * also lists the others and why. `field` names the part or key the files travel in, by their count.
 */
export async function sendCaseFiles(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fields: Record<string, unknown>,
	files: FileSource[],
	send: (files: FileSource[]) => Promise<Envelope>,
	field: (count: number) => string,
): Promise<IDataObject> {
	if (!(ctx.getNodeParameter('options.skipFilesAlreadySent', itemIndex, false) as boolean)) {
		const envelope = await send(files);
		return { wolkvox_id: caseIdOf(envelope, fields), message: envelope.msg, files: describeFiles(files, field(files.length)) };
	}
	const { answer, sent, skipped } = await sendUnsentFiles(ctx, itemIndex, String(fields['wolkvox-id']), files, send);
	return {
		wolkvox_id: answer ? caseIdOf(answer, fields) : String(fields['wolkvox-id']),
		message: answer ? answer.msg : 'Every file was already sent to this case: nothing was sent',
		files: describeFiles(sent, field(sent.length)),
		skippedFiles: skipped,
	};
}
