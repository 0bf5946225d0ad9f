/**
 * Runs the emulator on its own:
 *   npx tsx test/emulator/cli.ts [--port N] [--latency MS] [--no-keep-bytes]
 * The first stdout line is JSON ({url, operation, token}) for scripts; the rest is for people.
 */
import { API_PREFIX, PATHS } from './contract';
import { WolkvoxEmulator } from './server';
import type { RecordedRequest } from './types';

interface CliOptions {
	port: number;
	latencyMs: number;
	keepBytes: boolean;
}

function parseArgs(args: string[]): CliOptions {
	const options: CliOptions = { port: 0, latencyMs: 0, keepBytes: true };
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '--no-keep-bytes') options.keepBytes = false;
		else if (arg === '--port') options.port = numberArg(arg, args[++i]);
		else if (arg === '--latency') options.latencyMs = numberArg(arg, args[++i]);
		else throw new Error(`unknown argument: ${arg}`);
	}
	return options;
}

function numberArg(name: string, value: string | undefined): number {
	const parsed = Number(value);
	if (value === undefined || !Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} needs a whole number`);
	return parsed;
}

function describe(request: RecordedRequest): string {
	const code = request.code === undefined ? '' : ` code ${request.code}`;
	const fault = request.fault ? ` [fault ${request.fault}]` : '';
	const ms = Math.round(request.durationMs);
	return `${request.method} ${request.path} -> ${request.status}${code}, ${request.bytesReceived} bytes in, ${ms} ms${fault}\n`;
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const emulator = new WolkvoxEmulator({
		latencyMs: options.latencyMs,
		keepBytes: options.keepBytes,
		onRequest: (request) => process.stdout.write(describe(request)),
	});
	const url = await emulator.start(options.port);
	const api = `${url}${API_PREFIX}`;
	process.stdout.write(`${JSON.stringify({ url, operation: emulator.operation, token: emulator.token })}\n`);
	process.stdout.write(
		[
			`wolkvox emulator listening on ${url}`,
			`  GET  ${api}${PATHS.info}?operation=${emulator.operation}`,
			`  POST ${api}${PATHS.insert}`,
			`  POST ${api}${PATHS.updateCaseAttachment}`,
			`  POST ${api}${PATHS.update}`,
			`  POST ${api}${PATHS.insertAttach}`,
			`  POST ${api}${PATHS.queryCases}`,
			`  POST ${api}${PATHS.listHistoryNote} (External token)`,
			`  header Wolkvox-Token: ${emulator.token}`,
			`  users: ${emulator.directory.users.join(', ')}`,
			`  contacts: ${emulator.directory.contacts.map((c) => c.fields.emailcontact).join(', ')}`,
			`  case types: ${Object.keys(emulator.directory.caseTypes).join(', ')}`,
			`  latency ${options.latencyMs} ms, keep bytes: ${options.keepBytes}`,
			'Press Ctrl+C to stop.',
			'',
		].join('\n'),
	);
	const shutdown = (): void => {
		void emulator.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});
