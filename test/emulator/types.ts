/** State the emulator keeps so tests can check what the server really received. */

export interface StoredFile {
	/** multipart part name ('file', 'file[]', 'file[2]'…) or 'attachments[i]' */
	field: string;
	/** after PHP's basename(); absent for base64 attachments */
	fileName?: string;
	contentType?: string;
	size: number;
	sha256: string;
	/** only when the emulator's keepBytes is on */
	bytes?: Buffer;
	source: 'multipart' | 'base64';
}

export interface StoredCase {
	wolkvoxId: string;
	idPrefijo: string;
	operation: string;
	/** plain fields as received, except operation and form (parsed into `form`) */
	fields: Record<string, string>;
	form: Record<string, unknown>;
	files: StoredFile[];
	updates: number;
	createdVia: 'insert';
}

export interface RecordedRequest {
	method: string;
	/** URL path without the query string */
	path: string;
	/** HTTP status sent; 0 when the connection ended without a response */
	status: number;
	/** the envelope's code, when an envelope was sent */
	code?: number;
	contentType?: string;
	/** the Content-Length header as sent by the client */
	contentLength?: string;
	bytesReceived: number;
	/** whether a Wolkvox-Token header came; the value itself is never kept */
	tokenPresent: boolean;
	durationMs: number;
	fault?: string;
}
