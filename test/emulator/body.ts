import type { IncomingMessage } from 'node:http';

/** Reads and discards the rest of a body so the connection stays usable. */
export function drain(req: IncomingMessage): Promise<void> {
	return new Promise((resolve) => {
		if (req.readableEnded) return resolve();
		req.once('end', resolve);
		req.once('close', resolve);
		req.once('error', () => resolve());
		req.resume();
	});
}

/** Collects a whole body as a list of chunks first (no string concatenation while streaming). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.once('end', () => resolve(Buffer.concat(chunks)));
		req.once('error', reject);
		req.once('close', () => {
			if (!req.complete) reject(new Error('request aborted'));
		});
		req.resume();
	});
}

export function mediaType(header: string | undefined): string {
	return (header ?? '').split(';')[0].trim().toLowerCase();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
