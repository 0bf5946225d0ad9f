import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { isPlainObject, mediaType, readBody } from './body';
import type { FaultSpec } from './faults';

/**
 * What a fault plan may look at to decide: things the client put into the request itself, so
 * that the decision does not depend on the order in which concurrent requests arrive.
 */
export interface PlannedRequest {
	method: string;
	/** endpoint path such as 'cases/insert.php' */
	path: string;
	query: Record<string, string>;
	/**
	 * The request's plain fields: multipart fields sent before the first file part (the node
	 * sends every field first), or the top-level string values of a JSON body.
	 */
	fields: Record<string, string>;
}

/** Asked once per request that passed the token and concurrency checks; undefined: no fault. */
export type FaultPlan = (request: PlannedRequest) => FaultSpec | undefined;

/**
 * Reads as much of the body as the plan needs and returns a stand-in for the request that
 * replays those bytes followed by the rest, so the endpoint (or the fault) still sees the
 * whole body. Multipart is read only up to the first file part, so `resetMidUpload` still
 * hits a file upload in progress; JSON is read whole.
 */
export async function peekFields(req: IncomingMessage): Promise<{ fields: Record<string, string>; req: IncomingMessage }> {
	const type = mediaType(req.headers['content-type']);
	if (type === 'application/json') {
		const body = await readBody(req).catch(() => Buffer.alloc(0));
		return { fields: jsonFields(body), req: replay(req, [body]) };
	}
	if (type !== 'multipart/form-data') return { fields: {}, req: replay(req, []) };
	const fields: Record<string, string> = {};
	const chunks: Buffer[] = [];
	await new Promise<void>((resolve) => {
		let parser: busboy.Busboy;
		try {
			parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fieldSize: Infinity } });
		} catch {
			return resolve(); // no boundary: the endpoint reports it
		}
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			req.pause();
			req.off('data', onData);
			resolve();
		};
		const onData = (chunk: Buffer) => {
			chunks.push(chunk);
			if (!done) parser.write(chunk);
		};
		parser.on('field', (name, value) => void (fields[name] = value));
		parser.on('file', (_name, stream) => {
			stream.resume();
			finish();
		});
		parser.once('close', finish);
		parser.once('error', finish);
		req.on('data', onData);
		req.once('end', finish);
		req.once('close', finish);
		req.resume();
	});
	return { fields, req: replay(req, chunks) };
}

function jsonFields(body: Buffer): Record<string, string> {
	let value: unknown;
	try {
		value = JSON.parse(body.toString('utf8'));
	} catch {
		return {};
	}
	if (!isPlainObject(value)) return {};
	const fields: Record<string, string> = {};
	for (const [name, item] of Object.entries(value)) if (typeof item === 'string') fields[name] = item;
	return fields;
}

/** A readable request: the bytes already read, then whatever is still to come from `req`. */
function replay(req: IncomingMessage, chunks: Buffer[]): IncomingMessage {
	const stream = new PassThrough();
	for (const chunk of chunks) stream.write(chunk);
	if (req.readableEnded) {
		stream.end();
	} else if (req.destroyed) {
		stream.destroy();
	} else {
		req.once('close', () => {
			if (!req.complete) stream.destroy();
		});
		req.pipe(stream);
	}
	Object.defineProperties(stream, {
		headers: { value: req.headers },
		method: { value: req.method },
		url: { value: req.url },
		socket: { value: req.socket },
		complete: { get: () => req.complete },
	});
	return stream as unknown as IncomingMessage;
}
