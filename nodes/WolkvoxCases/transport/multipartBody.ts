import FormData from 'form-data';

import type { FileSource } from '../helpers/binaryFiles';
import type { PreparedBody } from './request';

/**
 * The multipart field for the files. PHP keeps only the last of several parts named `file`
 * (the others are dropped without a word), while parts named `file[]` all arrive as a list;
 * so one file goes as the documented `file`, several as `file[]`.
 */
export function fileFieldName(fileCount: number): string {
	return fileCount > 1 ? 'file[]' : 'file';
}

/** A multipart/form-data body whose files stream from their source, with its length known. */
export async function multipartBody(fields: Record<string, string>, files: FileSource[]): Promise<PreparedBody> {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	const field = fileFieldName(files.length);
	for (const file of files) {
		// form-data takes a knownLength of 0 for "unknown": an empty file goes as an empty buffer.
		form.append(field, file.size === 0 ? Buffer.alloc(0) : await file.open(), {
			filename: file.fileName,
			contentType: file.mimeType,
			knownLength: file.size,
		});
	}
	return {
		body: form as unknown as PreparedBody['body'],
		headers: { ...form.getHeaders(), 'content-length': String(form.getLengthSync()) },
	};
}
