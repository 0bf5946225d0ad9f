// The wolkvox emulator for the end-to-end test: `npm run emulator` (test/emulator/cli.ts) on a
// free port, with its state endpoint. Run with tsx (the emulator is TypeScript):
//   node_modules/.bin/tsx e2e/emulator-with-state.mjs [--port N] [--state-port N] [--latency-ms MS] [any flag of --help]
// First stdout line: {"url","operation","token","stateUrl"}. GET stateUrl -> cases, contacts and requests
// (file bytes are left out; sizes, names and sha256 are in). Stops on SIGTERM/SIGINT.
// Flags given here come after these defaults and win (the last value of a flag counts).
process.argv.splice(2, 0, '--port', '0', '--state-port', '0');
await import('../test/emulator/cli.ts');
