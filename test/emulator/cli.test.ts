// `npm run emulator` as README tells a person to use it (launcher.ts is what cli.ts runs).
import { networkInterfaces } from 'node:os';

import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { getPackage } from '../support/engine';
import { type Launched, launch, parseArgs, USAGE } from './launcher';

const running: Launched[] = [];

afterEach(async () => {
	await Promise.all(running.splice(0).map(async (launched) => await launched.stop()));
});

/** Starts the emulator from command-line flags, collecting what it prints. */
async function start(args: string[]) {
	let printed = '';
	const launched = await launch(parseArgs(args), (text) => (printed += text));
	running.push(launched);
	const [first, ...rest] = printed.split('\n');
	return { ...launched, summary: JSON.parse(first), banner: rest.join('\n'), output: () => printed };
}

/** The credential fields exactly as the banner tells a person to type them. */
function typedCredential(banner: string) {
	const field = (label: string) => new RegExp(`^  ${label} +(.+)$`, 'm').exec(banner)?.[1];
	return { server: field('Server'), customServer: field('Server Host or URL'), operation: field('Operation'), token: field('Token') };
}

async function credentialTest(typed: ReturnType<typeof typedCredential>) {
	const { nodeTypes } = await getPackage();
	const test = nodeTypes.getByNameAndVersion('n8n-nodes-wolkvox.wolkvoxCases').methods!.credentialTest!.wolkvoxApiTest;
	// The option "Other" of the Server list is stored as `custom`.
	const data = { ...typed, server: typed.server === 'Other' ? 'custom' : typed.server };
	const credential = { id: '1', name: 'Wolkvox', type: 'wolkvoxApi', data } as unknown as ICredentialsDecrypted;
	return await test.call(new CredentialTestContext() as unknown as ICredentialTestFunctions, credential);
}

test('--help names every flag and the fixed defaults README documents', () => {
	expect(parseArgs(['--help']).help).toBe(true);
	for (const flag of ['--port', '--host', '--token', '--operation', '--latency-ms', '--state-port', '--no-keep-bytes', '--help']) {
		expect(USAGE).toContain(flag);
	}
	expect(parseArgs([])).toEqual({
		port: 5680,
		host: '127.0.0.1',
		token: 'wolkvox-emulator-token',
		operation: 'testmodule',
		latencyMs: 0,
		keepBytes: true,
		help: false,
	});
	expect(USAGE).toMatch(/default 5680/);
	expect(USAGE).toMatch(/default wolkvox-emulator-token/);
	expect(USAGE).toMatch(/default testmodule/);
});

test('an unknown flag or a bad value fails with a pointer to --help; a flag given twice takes its last value', () => {
	expect(() => parseArgs(['--bogus'])).toThrow('unknown argument: --bogus (see --help)');
	expect(() => parseArgs(['--port', 'x'])).toThrow(/--port needs a whole number/);
	expect(() => parseArgs(['--token', 'a b'])).toThrow(/no spaces/);
	expect(parseArgs(['--port', '0', '--state-port', '0', '--port=7000', '--latency-ms', '100'])).toMatchObject({ port: 7000, statePort: 0, latencyMs: 100 });
});

test('prints the credential to type and what it accepts; typed as printed, the credential test passes', async () => {
	const { summary, banner, output } = await start(['--port', '5680', '--port=0', '--token', 'my-test-token', '--operation', 'acme']);
	expect(summary).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), operation: 'acme', token: 'my-test-token' });
	const typed = typedCredential(banner);
	expect(typed).toEqual({ server: 'Other', customServer: summary.url, operation: 'acme', token: 'my-test-token' });
	expect(banner).toMatch(/^ {2}Responsible, Owner +ADMIN_@acme, AGENT1_@acme, AGENT2_@acme$/m);
	expect(banner).toMatch(/^ {2}Contact +cliente@example\.com, .*ops@example\.com$/m);
	expect(banner).toMatch(/^ {2}Case Type +Request, Complaints, Claims, Suggestions, Incidente$/m);
	expect(banner).toMatch(/^ {4}Status +open: open, Abierto, En espera; closed \(needs a Solution\): closed, Cerrado, Solucionado$/m);
	expect(banner).toMatch(/^ {4}Priority +low, medium, high, baja, media, alta$/m);
	expect(banner).toMatch(/restart with --host 0\.0\.0\.0/);

	expect(await credentialTest(typed)).toEqual({ status: 'OK', message: expect.stringMatching(/^Connection successful/) });
	// Each request is listed for the person watching.
	await new Promise((resolve) => setTimeout(resolve, 50));
	expect(output()).toMatch(/GET \/server\/API\/v2\/token\/tokenInformation\.php -> 200 code 200/);
});

test('--host 0.0.0.0 answers on the addresses other machines and containers use, and says how n8n in Docker reaches it', async () => {
	const outside = Object.values(networkInterfaces())
		.flat()
		.find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
	if (!outside) throw new Error('This machine has no non-loopback IPv4 address to reach the emulator by');
	const { summary, banner } = await start(['--port', '0', '--host', '0.0.0.0']);
	const port = new URL(summary.url).port;
	expect(banner).toContain(`type http://host.docker.internal:${port} as Server Host or URL`);
	expect(banner).toContain('--add-host=host.docker.internal:host-gateway');
	const reply = await fetch(`http://${outside}:${port}/server/API/v2/token/tokenInformation.php?operation=${summary.operation}`, {
		headers: { 'Wolkvox-Token': summary.token },
	});
	expect(reply.status).toBe(200);

	// Without --host it listens on loopback only: the same address is refused.
	const local = await start(['--port', '0']);
	const refused = await fetch(`http://${outside}:${new URL(local.summary.url).port}/`).catch((error: { cause?: { code?: string } }) => error.cause?.code);
	expect(refused).toBe('ECONNREFUSED');
});

test('--state-port serves what the emulator holds, for the e2e (e2e/emulator-with-state.mjs passes --port 0 --state-port 0)', async () => {
	const { summary } = await start(['--port', '0', '--state-port', '0']);
	expect(summary).toEqual({ url: expect.any(String), operation: 'testmodule', token: 'wolkvox-emulator-token', stateUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/state$/) });
	await fetch(`${summary.url}/server/API/v2/token/tokenInformation.php?operation=testmodule`, { headers: { 'Wolkvox-Token': summary.token } });
	const state = (await (await fetch(summary.stateUrl)).json()) as { cases: unknown[]; contacts: Array<{ fields: { emailcontact: string } }>; requests: Array<{ path: string }> };
	expect(state.cases).toEqual([]);
	expect(state.contacts.map((c) => c.fields.emailcontact)).toEqual(['cliente@example.com', 'maría.núñez@example.com', 'ops@example.com']);
	expect(state.requests.map((r) => r.path)).toEqual(['/server/API/v2/token/tokenInformation.php']);
});

test("--state-port also gives the token's counters, and POST /state/reset forgets them (between the e2e's bursts)", async () => {
	const { summary } = await start(['--port', '0', '--state-port', '0', '--latency-ms', '300']);
	const info = () => fetch(`${summary.url}/server/API/v2/token/tokenInformation.php?operation=testmodule`, { headers: { 'Wolkvox-Token': summary.token } });
	const replies = await Promise.all([info(), info(), info()]);
	expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 403]);
	type State = { requests: unknown[]; tokenStats: { usedToday: number; maxInFlight: number; simultaneousRefusals: number } };
	const state = async () => (await (await fetch(summary.stateUrl!)).json()) as State;
	expect((await state()).tokenStats).toMatchObject({ usedToday: 2, maxInFlight: 2, simultaneousRefusals: 1 });
	expect((await fetch(`${summary.stateUrl}/reset`, { method: 'POST' })).status).toBe(204);
	const after = await state();
	expect(after.requests).toEqual([]);
	expect(after.tokenStats).toMatchObject({ usedToday: 0, maxInFlight: 0, simultaneousRefusals: 0 });
});

test('POST /state/case-status moves a case as an agent would (the trigger e2e), and refuses a bad body or an unknown case', async () => {
	const { summary } = await start(['--port', '0', '--state-port', '0']);
	const form = new FormData();
	const fields = { operation: 'testmodule', 'case-type': 'Request', responsible: 'ADMIN_@testmodule', owner: 'AGENT1_@testmodule', contact: 'cliente@example.com', description: 'd', status: 'open', priority: 'low' };
	for (const [name, value] of Object.entries(fields)) form.append(name, value);
	const inserted = (await (await fetch(`${summary.url}/server/API/v2/cases/insert.php`, { method: 'POST', headers: { 'Wolkvox-Token': summary.token }, body: form })).json()) as { data: { wolkvox_id: string } };
	const move = (body: unknown) => fetch(`${summary.stateUrl}/case-status`, { method: 'POST', body: JSON.stringify(body) });

	const moved = await move({ wolkvoxId: inserted.data.wolkvox_id, status: 'Solucionado', solution: 'Reemplazo enviado' });
	expect(moved.status).toBe(200);
	expect(((await moved.json()) as { fields: Record<string, string> }).fields).toMatchObject({ status: 'Solucionado', solution: 'Reemplazo enviado' });
	const state = (await (await fetch(summary.stateUrl!)).json()) as { cases: Array<{ fields: Record<string, string> }>; tokenStats: { usedToday: number } };
	expect(state.cases[0].fields.status).toBe('Solucionado');
	expect(state.tokenStats.usedToday).toBe(1); // the insert only: an agent's change spends no quota

	expect((await move({ wolkvoxId: 'nope', status: 'Solucionado' })).status).toBe(400);
	expect((await move({ status: 'Solucionado' })).status).toBe(400);
});
