import { Readable } from 'node:stream';

import type { FileSource } from '../helpers/binaryFiles';
import type { PreparedBody } from './request';

const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/** Streams one file as base64, carrying the 0–2 bytes that do not fill a 3-byte group. */
async function* base64Of(file: FileSource): AsyncGenerator<string> {
	let carry = Buffer.alloc(0);
	let seen = 0;
	for await (const chunk of await file.open()) {
		const bytes = Buffer.concat([carry, chunk as Buffer]);
		seen += (chunk as Buffer).length;
		const whole = bytes.length - (bytes.length % 3);
		if (whole > 0) yield bytes.subarray(0, whole).toString('base64');
		carry = bytes.subarray(whole);
	}
	if (carry.length) yield carry.toString('base64');
	// The Content-Length was promised from the declared size: a mismatch must fail, not truncate.
	if (seen !== file.size) {
		throw new Error(`File "${file.fileName}" has ${seen} bytes, but its metadata said ${file.size}`);
	}
}

/**
 * A JSON body `{...fields, "attachments": ["<base64>", ...]}` produced as a stream: no file and
 * no whole body is ever held in memory, and since base64's length follows from the file's size,
 * the Content-Length is known before the first byte is sent.
 */
export function base64JsonBody(fields: Record<string, unknown>, files: FileSource[]): PreparedBody {
	const head = JSON.stringify(fields).slice(0, -1) + (Object.keys(fields).length ? ',' : '') + '"attachments":[';
	const separators = Math.max(files.length - 1, 0);
	const length =
		Buffer.byteLength(head) +
		files.reduce((sum, f) => sum + base64Length(f.size) + 2, 0) +
		separators +
		2;

	async function* chunks(): AsyncGenerator<string> {
		yield head;
		for (const [i, file] of files.entries()) {
			yield i === 0 ? '"' : ',"';
			yield* base64Of(file);
			yield '"';
		}
		yield ']}';
	}

	return {
		body: Readable.from(chunks(), { objectMode: false }) as unknown as PreparedBody['body'],
		headers: { 'content-type': 'application/json', 'content-length': String(length) },
	};
}
