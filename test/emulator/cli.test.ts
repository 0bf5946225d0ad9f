// `npm run emulator` as a person (README) and the e2e use it: a separate process, its output read.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { getPackage, PACKAGE_ROOT } from '../support/engine';

const TSX = join(PACKAGE_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(PACKAGE_ROOT, 'test', 'emulator', 'cli.ts');
const running: ChildProcessWithoutNullStreams[] = [];

afterEach(async () => {
	await Promise.all(
		running.splice(0).map(
			(child) =>
				new Promise<void>((resolve) => {
					if (child.exitCode !== null || child.signalCode !== null) return resolve();
					child.once('exit', () => resolve());
					child.kill('SIGTERM');
				}),
		),
	);
});

interface Started {
	child: ChildProcessWithoutNullStreams;
	summary: { url: string; operation: string; token: string; stateUrl?: string };
	banner: string;
	output: () => string;
}

/** Starts the CLI and waits until it has printed its summary line and the text for people. */
async function start(script: string, args: string[]): Promise<Started> {
	const child = spawn(TSX, [script, ...args], { cwd: PACKAGE_ROOT });
	running.push(child);
	let stdout = '';
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	await new Promise<void>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			if (stdout.includes('Ctrl+C stops the emulator.')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}: ${stderr}`)));
	});
	const [first, ...rest] = stdout.split('\n');
	return { child, summary: JSON.parse(first), banner: rest.join('\n'), output: () => stdout };
}

async function runToEnd(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const child = spawn(TSX, [CLI, ...args], { cwd: PACKAGE_ROOT });
	running.push(child);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	return { code, stdout, stderr };
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

test('--help names every flag and the fixed defaults README documents', async () => {
	const { code, stdout } = await runToEnd(['--help']);
	expect(code).toBe(0);
	for (const flag of ['--port', '--host', '--token', '--operation', '--latency-ms', '--state-port', '--no-keep-bytes', '--help']) {
		expect(stdout).toContain(flag);
	}
	expect(stdout).toMatch(/default 5680/);
	expect(stdout).toMatch(/default wolkvox-emulator-token/);
	expect(stdout).toMatch(/default testmodule/);
});

test('an unknown flag or a bad value fails with a pointer to --help', async () => {
	expect(await runToEnd(['--bogus'])).toMatchObject({ code: 1, stderr: 'unknown argument: --bogus (see --help)\n' });
	expect(await runToEnd(['--port', 'x'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/--port needs a whole number/) });
});

test('prints the credential to type and what it accepts; typed as printed, the credential test passes', async () => {
	const { summary, banner, output } = await start(CLI, ['--port', '5680', '--port=0', '--token', 'my-test-token', '--operation', 'acme']);
	expect(summary).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), operation: 'acme', token: 'my-test-token' });
	const typed = typedCredential(banner);
	expect(typed).toEqual({ server: 'Other', customServer: summary.url, operation: 'acme', token: 'my-test-token' });
	expect(banner).toMatch(/^ {2}Responsible, Owner +ADMIN_@acme, AGENT1_@acme, AGENT2_@acme$/m);
	expect(banner).toMatch(/^ {2}Contact +cliente@example\.com, .*ops@example\.com$/m);
	expect(banner).toMatch(/^ {2}Case Type +Request, Complaints, Claims, Suggestions, Incidente$/m);
	expect(banner).toMatch(/^ {4}Status +open: open, Abierto; closed \(needs a Solution\): closed, Cerrado$/m);
	expect(banner).toMatch(/^ {4}Priority +low, medium, high, baja, media, alta$/m);
	expect(banner).toMatch(/restart with --host 0\.0\.0\.0/);

	expect(await credentialTest(typed)).toEqual({ status: 'OK', message: expect.stringMatching(/^Connection successful/) });
	// Each request is listed for the person watching.
	await new Promise((resolve) => setTimeout(resolve, 200));
	expect(output()).toMatch(/GET \/server\/API\/v2\/token\/tokenInformation\.php -> 200 code 200/);
});

test('--host 0.0.0.0 answers on the addresses other machines and containers use, and says how n8n in Docker reaches it', async () => {
	const outside = Object.values(networkInterfaces())
		.flat()
		.find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
	if (!outside) throw new Error('This machine has no non-loopback IPv4 address to reach the emulator by');
	const { summary, banner } = await start(CLI, ['--port', '0', '--host', '0.0.0.0']);
	const port = new URL(summary.url).port;
	expect(banner).toContain(`type http://host.docker.internal:${port} as Server Host or URL`);
	expect(banner).toContain('--add-host=host.docker.internal:host-gateway');
	const reply = await fetch(`http://${outside}:${port}/server/API/v2/token/tokenInformation.php?operation=${summary.operation}`, {
		headers: { 'Wolkvox-Token': summary.token },
	});
	expect(reply.status).toBe(200);

	// Without --host it listens on loopback only: the same address is refused.
	const local = await start(CLI, ['--port', '0']);
	const refused = await fetch(`http://${outside}:${new URL(local.summary.url).port}/`).catch((error: { cause?: { code?: string } }) => error.cause?.code);
	expect(refused).toBe('ECONNREFUSED');
});

test("the e2e's emulator (e2e/emulator-with-state.mjs) is this CLI on a free port, with its state endpoint", async () => {
	const { summary } = await start(join(PACKAGE_ROOT, 'e2e', 'emulator-with-state.mjs'), ['--latency-ms', '5']);
	expect(summary).toEqual({ url: expect.any(String), operation: 'testmodule', token: 'wolkvox-emulator-token', stateUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/state$/) });
	expect(new URL(summary.url).port).not.toBe('5680');
	await fetch(`${summary.url}/server/API/v2/token/tokenInformation.php?operation=testmodule`, { headers: { 'Wolkvox-Token': summary.token } });
	const state = (await (await fetch(summary.stateUrl!)).json()) as { cases: unknown[]; requests: Array<{ path: string }> };
	expect(state.cases).toEqual([]);
	expect(state.requests.map((r) => r.path)).toEqual(['/server/API/v2/token/tokenInformation.php']);
});
