/**
 * The benchmark's emulator process: two WolkvoxEmulator instances in one process, separate
 * from every measured process.
 *   - "paced": answers after --latency ms (default 50) and keeps wolkvox's limit of 2
 *     simultaneous requests per token, so a client that sends more is refused as it would be.
 *   - "open": answers at once and has no simultaneous limit, to measure the emulator alone at high
 *     concurrency and to take the large uploads.
 * Neither keeps uploaded bytes (sizes and sha256 only) and neither runs out of daily quota.
 * The first stdout line is JSON: {paced: {url, operation, token}, open: {...}, pid}.
 * Usage: node --import tsx bench/emulator.ts [--latency MS]
 */
import { WolkvoxEmulator } from '../test/emulator/server';

function latencyArg(args: string[]): number {
	const at = args.indexOf('--latency');
	if (at < 0) return 50;
	const value = Number(args[at + 1]);
	if (!Number.isInteger(value) || value < 0) throw new Error('--latency needs a whole number');
	return value;
}

async function main(): Promise<void> {
	const latencyMs = latencyArg(process.argv.slice(2));
	const paced = new WolkvoxEmulator({ latencyMs, keepBytes: false, dailyQuota: Number.MAX_SAFE_INTEGER });
	const open = new WolkvoxEmulator({
		latencyMs: 0,
		keepBytes: false,
		dailyQuota: Number.MAX_SAFE_INTEGER,
		maxSimultaneous: Number.MAX_SAFE_INTEGER,
	});
	const describe = async (emulator: WolkvoxEmulator) => ({
		url: await emulator.start(),
		operation: emulator.operation,
		token: emulator.token,
	});
	const info = { paced: await describe(paced), open: await describe(open), latencyMs, pid: process.pid };
	// The recorded requests would only grow: the benchmark reads its numbers from the clients.
	setInterval(() => {
		for (const emulator of [paced, open]) emulator.requests.length = 0;
	}, 1000).unref();
	process.stdout.write(`${JSON.stringify(info)}\n`);
	const shutdown = (): void => {
		void Promise.all([paced.stop(), open.stop()]).then(() => process.exit(0));
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});
