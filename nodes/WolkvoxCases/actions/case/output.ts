import type { IDataObject } from 'n8n-workflow';

import type { FileSource } from '../../helpers/binaryFiles';

/** What was sent of each file, so a workflow can log or check it. */
export function describeFiles(files: FileSource[], field: string): IDataObject[] {
	return files.map((f) => ({ field, fileName: f.fileName, mimeType: f.mimeType, size: f.size, binaryProperty: f.property }));
}
