// The wolkvox emulator plus a read-only view of what it holds, for the end-to-end test.
// Run with tsx (it imports the emulator's TypeScript):
//   node_modules/.bin/tsx e2e/emulator-with-state.mjs [--port N] [--state-port N]
// First stdout line: {"url","operation","token","stateUrl"}. GET stateUrl -> cases and requests
// (file bytes are left out; sizes, names and sha256 are in) and the contacts. Stops on SIGTERM/SIGINT.
import { createServer } from 'node:http';
import { WolkvoxEmulator } from '../test/emulator/server.ts';

function arg(name, fallback) {
	const at = process.argv.indexOf(name);
	return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const emulator = new WolkvoxEmulator({
	onRequest: (r) => process.stdout.write(`${r.method} ${r.path} -> ${r.status}${r.code === undefined ? '' : ` code ${r.code}`}, ${r.bytesReceived} bytes in\n`),
});
const url = await emulator.start(arg('--port', 0));

const withoutBytes = (file) => {
	const { bytes, ...rest } = file;
	return rest;
};
const state = createServer((req, res) => {
	if (req.method !== 'GET') {
		res.writeHead(405).end();
		return;
	}
	const body = JSON.stringify({
		cases: emulator.cases.map((c) => ({ ...c, files: c.files.map(withoutBytes) })),
		contacts: emulator.contacts,
		requests: emulator.requests,
		droppedFiles: emulator.droppedFiles.map(withoutBytes),
		ignoredFiles: emulator.ignoredFiles.map(withoutBytes),
	});
	res.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
await new Promise((resolve, reject) => {
	state.once('error', reject);
	state.listen(arg('--state-port', 0), '127.0.0.1', resolve);
});
const stateUrl = `http://127.0.0.1:${state.address().port}/state`;
process.stdout.write(`${JSON.stringify({ url, operation: emulator.operation, token: emulator.token, stateUrl })}\n`);

const shutdown = () => {
	state.close();
	state.closeAllConnections();
	void emulator.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
