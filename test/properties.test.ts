import busboy from 'busboy';
import fc from 'fast-check';
import { PassThrough, Readable } from 'node:stream';

import type { INodeExecutionData } from 'n8n-workflow';

import type { FileSource } from '../nodes/WolkvoxCases/helpers/binaryFiles';
import { ALLOWED_EXTENSIONS } from '../nodes/WolkvoxCases/helpers/extensions';
import { safeFileName } from '../nodes/WolkvoxCases/helpers/fileName';
import { base64JsonBody } from '../nodes/WolkvoxCases/transport/base64JsonBody';
import { parseResponse } from '../nodes/WolkvoxCases/transport/envelope';
import { fileFieldName, multipartBody } from '../nodes/WolkvoxCases/transport/multipartBody';
import type { PreparedBody } from '../nodes/WolkvoxCases/transport/request';
import { binary, bytesOf, createParameters, runCaseNode, sha256, updateParameters, useEmulator } from './support/fixtures';

const emulator = useEmulator();

// ---------------------------------------------------------------------------------------------
// The response parser: whatever the server sends, it answers, and only a 2xx code with no error
// is a success.

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The README's rule: the body's `code` (a number or a string) decides, and `error` must be empty. */
function successExpected(body: unknown): boolean {
	let value = body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		try {
			value = JSON.parse(body.toString());
		} catch {
			return false;
		}
	}
	if (!isPlainObject(value)) return false;
	const { code, error } = value;
	// A numeric string is read as JavaScript reads numbers (" 200 ", "2e2" count as 200).
	const scalar = typeof code === 'number' || (typeof code === 'string' && code.trim() !== '');
	const twoHundreds = scalar && Number(code) >= 200 && Number(code) < 300;
	return twoHundreds && (error === null || error === undefined || error === 'null' || error === '');
}

const code = fc.oneof(
	fc.integer({ min: 200, max: 299 }),
	fc.integer({ min: 200, max: 299 }).map(String),
	fc.integer({ min: 100, max: 599 }),
	fc.integer({ min: 100, max: 599 }).map((n) => ` ${n} `),
	fc.double(),
	fc.string(),
	fc.constantFrom(null, '', ' ', true, false, '200 OK', '2e2', '0x0C8', 'NaN', 'Infinity', 199.999, 299.5, 300),
);
const error = fc.oneof(
	fc.constantFrom(null, 'null', '', 'NULL', ' null', 'false', 'TOKEN LIMIT EXCEEDED', 0, false),
	fc.string(),
	fc.jsonValue(),
);
/** Objects shaped like the vendor's envelope, with any of the keys missing. */
const envelopeLike = fc.record({ code, error, msg: fc.oneof(fc.string(), fc.jsonValue()), data: fc.jsonValue() }, { requiredKeys: [] });
const body = fc.oneof(
	fc.string(),
	fc.string({ unit: 'binary' }),
	fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
	fc.jsonValue().map((value) => JSON.stringify(value)),
	fc.jsonValue(),
	envelopeLike.map((value) => JSON.stringify(value)),
	envelopeLike.map((value) => Buffer.from(JSON.stringify(value))),
	envelopeLike,
	fc.constantFrom(undefined, null, '', '<html><body>Forbidden</body></html>', '{"code":200,"error":"null","msg":"x","data":{"wolkv'),
);
const httpStatus = fc.integer({ min: 100, max: 599 });

describe('parseResponse', () => {
	test('never throws, and succeeds exactly for a 2xx code with an empty error, whatever the HTTP status', () => {
		fc.assert(
			fc.property(httpStatus, body, (status, sent) => {
				const parsed = parseResponse(status, sent);
				expect(parsed.ok).toBe(successExpected(sent));
				if (parsed.ok) {
					expect(parsed.envelope.code).toBeGreaterThanOrEqual(200);
					expect(parsed.envelope.code).toBeLessThan(300);
					expect(parsed.envelope.error).toBeNull();
					expect(isPlainObject(parsed.envelope.data)).toBe(true);
				} else {
					expect(parsed.httpStatus).toBe(status);
					if (parsed.envelope) expect(Number.isFinite(parsed.envelope.code)).toBe(true);
				}
			}),
			{ numRuns: 3000 },
		);
	});

	test('a body that is not an envelope yields a short, single-line excerpt', () => {
		fc.assert(
			fc.property(httpStatus, fc.oneof(fc.string({ unit: 'binary', maxLength: 2000 }), fc.constant('<p>\r\n  Forbidden \t</p>'.repeat(30))), (status, text) => {
				const parsed = parseResponse(status, text);
				if (parsed.ok || parsed.envelope) return;
				expect(parsed.excerpt).toBeDefined();
				expect(Array.from(parsed.excerpt!).length).toBeLessThanOrEqual(201);
				expect(parsed.excerpt).not.toMatch(/[\r\n\t]/);
			}),
			{ numRuns: 1000 },
		);
	});

	// Found by fast-check: objects whose toString/valueOf is not a function once made the parser throw.
	test('a body whose code or error cannot be turned into a number or text does not make it throw', () => {
		for (const text of [
			'{"code":200,"error":{"toString":null}}',
			'{"code":{"toString":null,"valueOf":null},"error":"null"}',
			'{"code":400,"error":[{"toString":1}]}',
		]) {
			expect(() => parseResponse(200, text)).not.toThrow();
		}
	});

	// A code is a number or a string (README); Number([200]) would read a list as 200.
	test('a code that is a list ([200]) is not a success', () => {
		expect(parseResponse(200, '{"code":[200],"error":null,"msg":"","data":{}}').ok).toBe(false);
	});
});

// ---------------------------------------------------------------------------------------------
// Request bodies built from random fields and random files, streamed in random chunks.

/** Splits bytes into chunks of the given sizes (cycled), empty chunks included. */
function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
	const chunks: Buffer[] = [];
	let at = 0;
	for (let k = 0; at < bytes.length; k++) {
		const size = sizes[k % sizes.length] || (k % 2 ? 0 : 1); // a 0 gives an empty chunk, then progress
		chunks.push(bytes.subarray(at, at + size));
		at += size;
	}
	return chunks;
}

interface RandomFile {
	bytes: Buffer;
	chunkSizes: number[];
	name: string;
	mimeType: string;
}

const fileBytes = (minLength: number) =>
	fc.oneof(fc.uint8Array({ minLength, maxLength: 7 }), fc.uint8Array({ minLength, maxLength: 5000 })).map((bytes) => Buffer.from(bytes));
const randomFile = (minLength: number): fc.Arbitrary<RandomFile> =>
	fc.record({
		bytes: fileBytes(minLength),
		chunkSizes: fc.array(fc.integer({ min: 0, max: 1500 }), { minLength: 1, maxLength: 12 }),
		// Names as the node makes them: whatever the binary says, through safeFileName.
		name: fc.string({ unit: 'binary', maxLength: 260 }).map((name) => safeFileName(`${name}.pdf`)),
		mimeType: fc.constantFrom('application/pdf', 'image/jpeg', 'application/octet-stream', 'text/csv', 'audio/mpeg'),
	});

function source(file: RandomFile, index: number, size = file.bytes.length): FileSource {
	return {
		property: `attachment_${index}`,
		fileName: file.name,
		mimeType: file.mimeType,
		size,
		open: async () => Readable.from(chunked(file.bytes, file.chunkSizes)),
	};
}

/** Reads a body as the HTTP client would: piped (form-data is an old-style stream). */
async function bytesOfBody(prepared: PreparedBody): Promise<Buffer> {
	const stream = prepared.body as unknown as NodeJS.ReadableStream;
	const sink = new PassThrough();
	stream.on('error', (error: Error) => sink.destroy(error));
	stream.pipe(sink);
	const chunks: Buffer[] = [];
	for await (const chunk of sink) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

const text = fc.string({ unit: 'binary', maxLength: 60 });
const jsonFields = fc.dictionary(
	text,
	fc.oneof(text, fc.dictionary(text, fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 })),
	{ maxKeys: 8 },
);

describe('base64JsonBody', () => {
	test('streams exactly the announced length of JSON equal to {...fields, attachments: base64 of each file}', async () => {
		await fc.assert(
			fc.asyncProperty(jsonFields, fc.array(randomFile(0), { maxLength: 5 }), async (fields, files) => {
				const prepared = base64JsonBody(fields, files.map((file, i) => source(file, i)));
				const sent = await bytesOfBody(prepared);
				expect(sent.length).toBe(Number(prepared.headers['content-length']));
				expect(prepared.headers['content-type']).toBe('application/json');
				expect(JSON.parse(sent.toString('utf8'))).toEqual({ ...fields, attachments: files.map((file) => file.bytes.toString('base64')) });
			}),
			{ numRuns: 300 },
		);
	});

	test('a file whose bytes differ in number from its declared size fails the stream instead of sending a wrong body', async () => {
		await fc.assert(
			fc.asyncProperty(randomFile(0), fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0), async (file, delta) => {
				fc.pre(file.bytes.length + delta >= 0);
				const prepared = base64JsonBody({ a: '1' }, [source(file, 0, file.bytes.length + delta)]);
				await expect(bytesOfBody(prepared)).rejects.toThrow(/has \d+ bytes, but its metadata said \d+/);
			}),
			{ numRuns: 100 },
		);
	});
});

interface ParsedPart {
	field: string;
	fileName?: string;
	mimeType: string;
	bytes: Buffer;
}

/** What busboy (a multipart parser independent of form-data) reads back from a body. */
async function parseWithBusboy(headers: Record<string, string>, sent: Buffer) {
	const fields: Array<[string, string]> = [];
	const files: ParsedPart[] = [];
	await new Promise<void>((resolve, reject) => {
		const parser = busboy({ headers, preservePath: true, defParamCharset: 'utf8', limits: { fieldSize: Infinity } });
		parser.on('field', (name, value) => fields.push([name, value]));
		parser.on('file', (field, stream, info) => {
			const part: ParsedPart = { field, fileName: info.filename, mimeType: info.mimeType, bytes: Buffer.alloc(0) };
			files.push(part);
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => (part.bytes = Buffer.concat(chunks)));
		});
		parser.on('close', resolve);
		parser.on('error', reject);
		parser.end(sent);
	});
	return { fields, files };
}

/** Field names as the node uses them (fixed names); values are anything, CR/LF and NUL included. */
const multipartFields = fc.dictionary(fc.stringMatching(/^[a-z][a-z-]{0,11}$/), fc.string({ unit: 'binary', maxLength: 300 }), {
	minKeys: 1, // the node always sends its fields; a form with no part at all is not a request it makes
	maxKeys: 10,
});

describe('multipartBody', () => {
	test('round-trips through busboy: every field, then every file with its name, type and bytes, at the announced length', async () => {
		await fc.assert(
			fc.asyncProperty(multipartFields, fc.array(randomFile(1), { maxLength: 5 }), async (fields, files) => {
				const prepared = await multipartBody(fields, files.map((file, i) => source(file, i)));
				const sent = await bytesOfBody(prepared);
				expect(sent.length).toBe(Number(prepared.headers['content-length']));
				const parsed = await parseWithBusboy(prepared.headers, sent);
				expect(parsed.fields).toEqual(Object.entries(fields));
				expect(parsed.files.map(({ field, fileName, mimeType }) => ({ field, fileName, mimeType }))).toEqual(
					files.map((file) => ({ field: fileFieldName(files.length), fileName: file.name, mimeType: file.mimeType })),
				);
				expect(parsed.files.map((part) => sha256(part.bytes))).toEqual(files.map((file) => sha256(file.bytes)));
			}),
			{ numRuns: 200 },
		);
	});

	// form-data takes a knownLength of 0 for "unknown"; an empty file must still have a length.
	test('a 0-byte file round-trips too', async () => {
		const empty: RandomFile = { bytes: Buffer.alloc(0), chunkSizes: [1], name: 'empty.pdf', mimeType: 'application/pdf' };
		const prepared = await multipartBody({ a: '1' }, [source(empty, 0)]);
		const parsed = await parseWithBusboy(prepared.headers, await bytesOfBody(prepared));
		expect(parsed.files.map((part) => [part.fileName, part.bytes.length])).toEqual([['empty.pdf', 0]]);
	});
});

// ---------------------------------------------------------------------------------------------
// Random files through the node, in n8n's engine, to the emulator and back out of its store.

const nodeFile = fc.record({
	stem: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
	ext: fc.constantFrom(...ALLOWED_EXTENSIONS),
	// 1 byte up to ~300 kB; bytesOf keeps the generator cheap and the bytes reproducible.
	size: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300_000 })),
	seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
});

test('random files round-trip byte for byte through the node and the emulator (Create and Update Attachments)', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(nodeFile, { minLength: 1, maxLength: 4 }),
			fc.constantFrom('inline' as const, 'filesystem' as const),
			fc.constantFrom('create' as const, 'updateAttachments' as const),
			async (files, binaryMode, operation) => {
				emulator.reset();
				const sent = files.map((file) => ({ name: `${file.stem}.${file.ext}`, bytes: bytesOf(file.size, file.seed) }));
				const item: INodeExecutionData = {
					json: {},
					binary: Object.fromEntries(sent.map((file, i) => [`attachment_${i}`, binary(file.bytes, file.name, 'application/octet-stream')])),
				};
				let parameters = createParameters;
				if (operation === 'updateAttachments') {
					const created = await runCaseNode({ emulator, parameters: { ...createParameters, files: 'none' }, items: [{ json: {} }] });
					parameters = { ...updateParameters, wolkvoxId: String(created.items[0].json.wolkvox_id) };
				}
				const result = await runCaseNode({ emulator, parameters, items: [item], binaryMode });
				expect(result.error).toBeUndefined();
				expect(emulator.cases).toHaveLength(1);
				const stored = emulator.cases[0].files;
				expect(stored.map((file) => file.sha256)).toEqual(sent.map((file) => sha256(file.bytes)));
				expect(stored.map((file, i) => file.bytes?.equals(sent[i].bytes))).toEqual(sent.map(() => true));
				if (operation === 'create') {
					expect(stored.map((file) => file.fileName)).toEqual(sent.map((file) => safeFileName(file.name)));
					expect(emulator.droppedFiles).toEqual([]);
				}
			},
		),
		{ numRuns: 20 },
	);
}, 120_000);
