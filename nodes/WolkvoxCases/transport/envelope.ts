/**
 * The vendor's JSON envelope: `{"code":200,"error":"null","msg":"...","data":{...}}`.
 * `code` may be a number or a string and `error` may be null or the string "null"; whether the
 * HTTP status always equals `code` is not documented, so the body's `code` decides.
 */
export interface Envelope {
	code: number;
	error: string | null;
	msg: string;
	/** `data` when it is an object; {} otherwise. */
	data: Record<string, unknown>;
	/** `data` when it is a list (search results, notes). */
	list?: unknown[];
}

export type ParsedResponse =
	| { ok: true; envelope: Envelope }
	| { ok: false; httpStatus: number; envelope?: Envelope; excerpt?: string };

const EXCERPT_LENGTH = 200;

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return JSON.stringify(body);
}

function asEnvelope(value: unknown): Envelope | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const record = value as Record<string, unknown>;
	// Only a number or numeric text is a code; anything else (a list, an object) is not the envelope.
	if (typeof record.code !== 'number' && !(typeof record.code === 'string' && record.code.trim() !== '')) {
		return undefined;
	}
	const code = Number(record.code);
	if (!Number.isFinite(code)) return undefined;
	const error = record.error === null || record.error === undefined || record.error === 'null' || record.error === '' ? null : textOf(record.error);
	const data = typeof record.data === 'object' && record.data !== null && !Array.isArray(record.data) ? record.data : {};
	return {
		code,
		error,
		msg: typeof record.msg === 'string' ? record.msg : '',
		data: data as Record<string, unknown>,
		...(Array.isArray(record.data) ? { list: record.data } : {}),
	};
}

/** Text of a JSON value, whatever it is (JSON values always stringify). */
function textOf(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A short, single-line excerpt of a body that was not the vendor's JSON (an HTML page, say). */
export function excerptOf(text: string): string {
	const flat = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}

export function parseResponse(httpStatus: number, body: unknown): ParsedResponse {
	let value: unknown = body;
	const text = bodyText(body);
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		try {
			value = JSON.parse(text);
		} catch {
			return { ok: false, httpStatus, excerpt: excerptOf(text) };
		}
	}
	const envelope = asEnvelope(value);
	if (!envelope) return { ok: false, httpStatus, excerpt: excerptOf(text) };
	const ok = envelope.code >= 200 && envelope.code < 300 && envelope.error === null;
	return ok ? { ok: true, envelope } : { ok: false, httpStatus, envelope };
}
