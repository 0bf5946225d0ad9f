// A throw-away Redis (Debian's redis-server) on loopback for n8n's queue mode: no persistence,
// its working folder in the run folder, run in the foreground.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from './proc.mjs';

/** @returns {Promise<{host, port, stop, proc}>} */
export async function startRedis({ dir, port }) {
	mkdirSync(dir, { recursive: true });
	const proc = startProcess(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'],
		{ name: 'redis-server', logFile: join(dir, 'redis.log') },
	);
	await proc.waitFor((line) => /Ready to accept connections/.test(line), 30_000, 'the "Ready to accept connections" line');
	return { host: '127.0.0.1', port, stop: () => proc.stop(), proc };
}
