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

/** One entry of a case's history, as listHistoryNote.php answers it. */
export interface HistoryNote {
	/** ISO 8601 */
	date: string;
	/** a Wolkvox Email: the owner for the creation, the request's responsible for updates */
	user: string;
	note: string;
}

/**
 * A case as the emulator holds it. `idCase`, `created` and `history` are set on every case the
 * emulator creates; they are optional only so that a case pushed straight into `emulator.cases`
 * by a test (without a request) still type-checks: such a case has no idCase (queryCases never
 * matches it by idCase) and its history starts with its first update.
 */
export interface StoredCase {
	wolkvoxId: string;
	/** sequential per operation from 1, as a string (what queryCases.php calls idCase) */
	idCase?: string;
	idPrefijo: string;
	operation: string;
	/** plain fields as received, except operation and form (parsed into `form`) */
	fields: Record<string, string>;
	form: Record<string, unknown>;
	files: StoredFile[];
	updates: number;
	createdVia: 'insert' | 'insertAttach';
	/** ISO 8601 */
	created?: string;
	/** oldest first; listHistoryNote.php answers newest first */
	history?: HistoryNote[];
}

/**
 * A record of the contacts module, as custom/insert.php stored it and custom/update.php changed it.
 * Field names are the module's: namecontact, emailcontact, telephonecontact, idcontact [doc, code],
 * and custom fields by their label [code]; typed values (telephone, address, …) stay objects.
 */
export interface StoredContact {
	wolkvoxId: string;
	fields: Record<string, unknown>;
	/** `YYYY-MM-DD HH:MM:SS`, as wolkvox_fecha_creacion [code] */
	created: string;
	modified: string;
	updates: number;
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
