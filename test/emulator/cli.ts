/**
 * The wolkvox emulator on its own, to try the node in one's own n8n without a wolkvox account:
 *   npm run emulator -- [--port 5680] [--host 127.0.0.1] [--token …] [--operation …] [--help]
 * The first stdout line is JSON ({url, operation, token[, stateUrl]}) for scripts; the rest is
 * for people: what to type into the credential, and the users, contacts, case types, statuses
 * and priorities the emulator accepts. Then one line per request. See launcher.ts.
 */
import { launch, parseArgs, USAGE } from './launcher';

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	if (options.help) {
		process.stdout.write(USAGE);
		return;
	}
	const launched = await launch(options, (text) => process.stdout.write(text));
	const shutdown = (): void => {
		void launched.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});
