import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { getPackage } from './support/engine';
import { closedPort, credentialsFor, useEmulator } from './support/fixtures';
import { apiBaseUrl } from '../credentials/serverUrl';

const emulator = useEmulator();

describe('the server a user types becomes the API base URL', () => {
	test.each([
		[{ server: 'crm0001.wolkvox.com' }, 'https://crm0001.wolkvox.com/server/API/v2/'],
		[{ server: 'custom', customServer: '  crm.wolkvox.com ' }, 'https://crm.wolkvox.com/server/API/v2/'],
		[{ server: 'custom', customServer: 'https://https://crm0000.wolkvox.com/' }, 'https://crm0000.wolkvox.com/server/API/v2/'],
		[{ server: 'custom', customServer: 'https://crm0001.wolkvox.com/server/API/v2/cases/insert.php' }, 'https://crm0001.wolkvox.com/server/API/v2/'],
		[{ server: 'custom', customServer: 'sv0001.crmvox.com' }, 'https://crm0001.wolkvox.com/server/API/v2/'],
		[{ server: 'custom', customServer: 'https://SV0000.crmvox.com' }, 'https://crm0000.wolkvox.com/server/API/v2/'],
		[{ server: 'custom', customServer: 'CRM01.Wolkvox.com' }, 'https://crm01.wolkvox.com/server/API/v2/'],
		[{ server: 'custom', customServer: 'http://127.0.0.1:8080' }, 'http://127.0.0.1:8080/server/API/v2/'],
		[{ server: 'custom', customServer: 'http://localhost:9' }, 'http://localhost:9/server/API/v2/'],
		// A test server on this machine, typed without a scheme, is reached over http (it has no TLS).
		[{ server: 'custom', customServer: '127.0.0.1:5680' }, 'http://127.0.0.1:5680/server/API/v2/'],
		[{ server: 'custom', customServer: 'localhost:5680/' }, 'http://localhost:5680/server/API/v2/'],
		[{ server: 'custom', customServer: '[::1]:5680' }, 'http://[::1]:5680/server/API/v2/'],
		// n8n in Docker reaches a test server on its host machine by this name.
		[{ server: 'custom', customServer: 'http://host.docker.internal:5680' }, 'http://host.docker.internal:5680/server/API/v2/'],
		[{ server: 'custom', customServer: 'host.docker.internal:5680' }, 'http://host.docker.internal:5680/server/API/v2/'],
		// Typed https stays https, also locally (e.g. a TLS proxy in front of a test server).
		[{ server: 'custom', customServer: 'https://localhost:8443' }, 'https://localhost:8443/server/API/v2/'],
		// Any other host without a scheme gets https, with or without a port.
		[{ server: 'custom', customServer: 'crm0001.wolkvox.com:443' }, 'https://crm0001.wolkvox.com:443/server/API/v2/'],
		[{ server: 'custom', customServer: '10.0.0.5:5680' }, 'https://10.0.0.5:5680/server/API/v2/'],
	])('%j → %s', (credentials, url) => {
		expect(apiBaseUrl(credentials)).toEqual({ url });
	});

	test.each([
		['http://crm0001.wolkvox.com', /must be reached over https/],
		// The token would cross a network in clear text: refused, whatever the host looks like.
		['http://192.168.1.20:5680', /must be reached over https/],
		['http://localhost.example.com:5680', /must be reached over https/],
		['http://host.docker.internal.example.com', /must be reached over https/],
		['http://127.0.0.1.nip.io:5680', /must be reached over https/],
		['ftp://crm0001.wolkvox.com', /uses the scheme "ftp:\/\/"/],
		['https://admin:secret@crm0001.wolkvox.com', /contains a user name/],
		['', /is not a server host name/],
		['https://', /is not a server host name/],
		['crm0001.wolkvox.com:99999x', /is not a server host name/],
	])('%s is refused', (customServer, problem) => {
		const check = apiBaseUrl({ server: 'custom', customServer });
		expect('problem' in check && check.problem).toMatch(problem);
		// A user name and password never appear back in the message.
		expect(JSON.stringify(check)).not.toContain('secret');
	});
});

/** The node's credential test, run with the context n8n gives it (CredentialsTester in n8n's CLI). */
async function testCredential(data: Record<string, unknown>) {
	const { nodeTypes } = await getPackage();
	const node = nodeTypes.getByNameAndVersion('n8n-nodes-wolkvox.wolkvoxCases');
	const test = node.methods!.credentialTest!.wolkvoxApiTest;
	const credential = { id: '1', name: 'Wolkvox', type: 'wolkvoxApi', data } as unknown as ICredentialsDecrypted;
	return await test.call(new CredentialTestContext() as unknown as ICredentialTestFunctions, credential);
}

describe('the credential test', () => {

	test('passes, and reports the quota used today', async () => {
		const result = await testCredential(credentialsFor(emulator).wolkvoxApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful: 1 of 4800 requests used today' });
	});

	test('passes with the emulator typed without a scheme (127.0.0.1:PORT gave an SSL error before)', async () => {
		const typed = emulator.url.replace('http://', '');
		const result = await testCredential(credentialsFor(emulator, { customServer: typed }).wolkvoxApi);
		expect(result.status).toBe('OK');
	});

	test.each([
		['a wrong token', { token: 'wrong-token' }, /^Token or operation: wolkvox did not accept this token for the operation "testmodule"/],
		['an operation the token is not for', { operation: 'otra' }, /^Token or operation: .*"otra"/],
		['an empty token', { token: '  ' }, /^Token: enter the API token/],
		['an empty operation', { operation: '' }, /^Operation: enter the name/],
		['a server that is not a host', { customServer: 'https://user:pw@x' }, /^Server: The server .* contains a user name/],
	])('fails on %s and says which part is wrong', async (_label, overrides, message) => {
		const result = await testCredential(credentialsFor(emulator, overrides).wolkvoxApi);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain(emulator.token);
	});

	test('fails on a server where nothing listens, and says it is the server', async () => {
		const port = await closedPort();
		const result = await testCredential(credentialsFor(emulator, { customServer: `http://127.0.0.1:${port}` }).wolkvoxApi);
		expect(result.message).toBe(`Server: could not reach http://127.0.0.1:${port}/server/API/v2/ (ECONNREFUSED): check the server host`);
	});

	test('fails on a used-up quota and says the token itself is valid', async () => {
		emulator.dailyQuota = 0;
		const result = await testCredential(credentialsFor(emulator).wolkvoxApi);
		emulator.dailyQuota = 4800;
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Token: valid, but its daily request quota is used up/) });
	});

	test('fails on a host that answers with a web page', async () => {
		emulator.injectFault({ kind: 'backupHtml' });
		const result = await testCredential(credentialsFor(emulator).wolkvoxApi);
		expect(result.message).toMatch(/^Server: .* answered HTTP 403 without wolkvox's JSON/);
	});

	test('does not follow a redirect', async () => {
		emulator.injectFault({ kind: 'redirect' });
		const result = await testCredential(credentialsFor(emulator).wolkvoxApi);
		expect(result.message).toMatch(/redirects elsewhere/);
	});
});

describe('the credential test goes through n8n\'s HTTP path, and so through its proxy settings', () => {
	/** A forward proxy on loopback that passes plain-http requests on and remembers them. */
	const seen: Array<{ url: string; token: string | undefined }> = [];
	let proxy: Server;
	let proxyUrl: string;
	const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'npm_config_proxy', 'npm_config_http_proxy', 'npm_config_https_proxy', 'npm_config_no_proxy'];
	const saved: Record<string, string | undefined> = {};

	beforeAll(async () => {
		for (const name of PROXY_VARIABLES) saved[name] = process.env[name];
		proxy = createServer((req: IncomingMessage, res) => {
			seen.push({ url: req.url ?? '', token: req.headers['wolkvox-token'] as string | undefined });
			const target = new URL(req.url ?? '');
			const upstream = request(
				{ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			upstream.on('error', () => res.writeHead(502).end());
			req.pipe(upstream);
		});
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
		proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
	});

	beforeEach(() => {
		seen.length = 0;
		// Only what each test sets counts (npm run passes its own proxy settings as npm_config_*).
		for (const name of PROXY_VARIABLES) delete process.env[name];
	});

	afterAll(async () => {
		for (const name of PROXY_VARIABLES) {
			if (saved[name] === undefined) delete process.env[name];
			else process.env[name] = saved[name];
		}
		await new Promise((resolve) => proxy.close(resolve));
	});

	test('with HTTP_PROXY set, the request to the emulator goes through the proxy', async () => {
		process.env.HTTP_PROXY = proxyUrl;
		const result = await testCredential(credentialsFor(emulator).wolkvoxApi);
		expect(result).toEqual({ status: 'OK', message: expect.stringMatching(/^Connection successful/) });
		expect(seen).toEqual([
			{ url: `${emulator.url}/server/API/v2/token/tokenInformation.php?operation=testmodule`, token: emulator.token },
		]);
		expect(emulator.requests.map((r) => r.path)).toEqual(['/server/API/v2/token/tokenInformation.php']);
	});

	test('with the proxy down, the test fails as n8n would (the request depends on the proxy)', async () => {
		process.env.HTTP_PROXY = `http://127.0.0.1:${await closedPort()}`;
		const result = await testCredential(credentialsFor(emulator).wolkvoxApi);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Server: could not reach http:\/\/127\.0\.0\.1:\d+\/server\/API\/v2\/ \(ECONNREFUSED\)/) });
		expect(emulator.requests).toHaveLength(0);
	});

	test('NO_PROXY is honoured as n8n honours it: a listed host is reached directly', async () => {
		process.env.HTTP_PROXY = proxyUrl;
		process.env.NO_PROXY = '127.0.0.1';
		const result = await testCredential(credentialsFor(emulator).wolkvoxApi);
		expect(result.status).toBe('OK');
		expect(seen).toEqual([]);
		expect(emulator.requests).toHaveLength(1);
	});

	test('without proxy variables, nothing goes through the proxy', async () => {
		const result = await testCredential(credentialsFor(emulator).wolkvoxApi);
		expect(result.status).toBe('OK');
		expect(seen).toEqual([]);
	});
});
