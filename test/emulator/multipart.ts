import busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { drain } from './body';
import type { StoredFile } from './types';

/**
 * What a PHP script sees of a multipart body: $_POST and $_FILES['file'].
 * The real server is PHP, so its quirks decide which files survive.
 */
export interface ParsedForm {
	/** $_POST: a repeated name keeps its last value */
	fields: Record<string, string>;
	/** $_FILES['file'] in PHP order (one entry for `file`, a list for `file[]` / `file[k]`) */
	files: StoredFile[];
	/** files PHP overwrote before the script ran (repeated `file`, repeated `file[k]`, shape switches) */
	dropped: StoredFile[];
	/** files under other names: present in $_FILES, but the app never reads them */
	ignored: StoredFile[];
}

export class MultipartError extends Error {}

/** PHP strips everything up to the last / or \ from an uploaded file name. */
export function phpBasename(name: string): string {
	return name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
}

const FILE_FIELD = /^file(?:\[([^\]]*)\])?$/;

export async function parseMultipart(req: IncomingMessage, keepBytes: boolean): Promise<ParsedForm> {
	const setup = createParser(req);
	if ('error' in setup) {
		await drain(req);
		throw new MultipartError((setup.error as Error).message);
	}
	const { parser } = setup;

	const form: ParsedForm = { fields: {}, files: [], dropped: [], ignored: [] };
	const slot = new FileSlot(form.dropped);
	const pending: Promise<void>[] = [];
	let streamError: Error | undefined;
	const track = (work: Promise<void>): void => {
		pending.push(work.catch((error: Error) => void (streamError ??= error)));
	};

	parser.on('field', (name, value) => {
		form.fields[name] = value;
	});
	parser.on('file', (name, stream, info) => {
		if (info.filename === undefined) {
			// busboy calls an octet-stream part without filename a file; PHP puts it in $_POST.
			track(readText(stream).then((value) => void (form.fields[name] = value)));
			return;
		}
		const file: StoredFile = {
			field: name,
			fileName: phpBasename(info.filename),
			contentType: info.mimeType,
			size: 0,
			sha256: '',
			source: 'multipart',
		};
		// Placed now, not at stream end, so PHP's "last part wins" follows part order.
		const match = FILE_FIELD.exec(name);
		if (match) slot.put(file, match[1]);
		else form.ignored.push(file);
		track(hashInto(stream, file, keepBytes));
	});

	await new Promise<void>((resolve, reject) => {
		let failed = false;
		parser.once('close', () => {
			if (!failed) resolve();
		});
		parser.once('error', (error: Error) => {
			failed = true; // busboy still emits 'close' after an error
			req.unpipe(parser);
			void drain(req).then(() => reject(new MultipartError(error.message)));
		});
		req.once('close', () => {
			if (!req.complete) reject(new MultipartError('request aborted'));
		});
		req.pipe(parser);
	});
	await Promise.all(pending);
	if (streamError) throw new MultipartError(streamError.message);
	form.files = slot.files();
	return form;
}

/** busboy throws synchronously on a bad Content-Type (e.g. no boundary). */
function createParser(req: IncomingMessage): { parser: busboy.Busboy } | { error: unknown } {
	try {
		// preservePath: we apply PHP's basename ourselves; utf8: PHP keeps the raw bytes of the name.
		return { parser: busboy({ headers: req.headers, preservePath: true, defParamCharset: 'utf8', limits: { fieldSize: Infinity } }) };
	} catch (error) {
		return { error };
	}
}

/** $_FILES['file']: either one file or an ordered map; the shape of the last part wins. */
class FileSlot {
	private single?: StoredFile;
	private list?: Map<string, StoredFile>;
	private nextIndex = 0;

	constructor(private readonly dropped: StoredFile[]) {}

	/** key undefined: `file`; '' : `file[]`; otherwise `file[key]` */
	put(file: StoredFile, key: string | undefined): void {
		if (key === undefined) {
			if (this.single) this.dropped.push(this.single);
			if (this.list) this.dropped.push(...this.list.values());
			this.single = file;
			this.list = undefined;
			return;
		}
		if (this.single) this.dropped.push(this.single);
		this.single = undefined;
		if (!this.list) {
			this.list = new Map();
			this.nextIndex = 0;
		}
		if (key === '') key = String(this.nextIndex);
		if (/^\d+$/.test(key)) this.nextIndex = Math.max(this.nextIndex, Number(key) + 1);
		const previous = this.list.get(key);
		if (previous) this.dropped.push(previous);
		this.list.set(key, file); // an existing key keeps its position, as in a PHP array
	}

	files(): StoredFile[] {
		if (this.single) return [this.single];
		return this.list ? [...this.list.values()] : [];
	}
}

function hashInto(stream: Readable, file: StoredFile, keepBytes: boolean): Promise<void> {
	const hash = createHash('sha256');
	const chunks: Buffer[] = [];
	return new Promise((resolve, reject) => {
		stream.on('data', (chunk: Buffer) => {
			hash.update(chunk);
			file.size += chunk.length;
			if (keepBytes) chunks.push(chunk);
		});
		stream.once('end', () => {
			file.sha256 = hash.digest('hex');
			if (keepBytes) file.bytes = Buffer.concat(chunks);
			resolve();
		});
		stream.once('error', reject);
	});
}

async function readText(stream: Readable): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}
