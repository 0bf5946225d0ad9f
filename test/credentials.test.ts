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

describe('the credential test', () => {
	async function testCredential(data: Record<string, unknown>) {
		const { nodeTypes } = await getPackage();
		const node = nodeTypes.getByNameAndVersion('n8n-nodes-wolkvox.wolkvoxCases');
		const test = node.methods!.credentialTest!.wolkvoxApiTest;
		const credential = { id: '1', name: 'Wolkvox', type: 'wolkvoxApi', data } as unknown as ICredentialsDecrypted;
		// n8n runs a node's credential test with this context (CredentialsTester in n8n's CLI).
		return await test.call(new CredentialTestContext() as unknown as ICredentialTestFunctions, credential);
	}

	test('passes, and reports the quota used today', async () => {
		const result = await testCredential(credentialsFor(emulator).wolkvoxApi);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful: 1 of 4800 requests used today' });
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
