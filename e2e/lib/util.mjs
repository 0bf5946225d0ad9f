// Small helpers shared by the end-to-end runner and its scenarios.
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
export const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nothing listens on now, on 127.0.0.1. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Polls `probe` until it returns something truthy; throws after `ms` with the last error seen. */
export async function waitUntil(what, ms, probe, everyMs = 500) {
	const until = Date.now() + ms;
	let last;
	while (Date.now() < until) {
		try {
			last = await probe();
			if (last) return last;
		} catch (error) {
			last = error;
		}
		await sleep(everyMs);
	}
	throw new Error(`timed out after ${seconds(ms)} waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
}

/** What the e2e emulator holds (cases without bytes, requests), from its state endpoint. */
export async function emulatorState(stateUrl) {
	const res = await fetch(stateUrl, { signal: AbortSignal.timeout(5000) });
	return await res.json();
}
