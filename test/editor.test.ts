// What the editor shows, read from the node and credential descriptions as n8n loads them.
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { getPackage, WOLKVOX_NODE_TYPE } from './support/engine';

/** Every parameter, nested ones (collections, fixed collections) included. */
function walk(properties: Array<INodeProperties | INodePropertyCollection | INodePropertyOptions>): INodeProperties[] {
	const found: INodeProperties[] = [];
	for (const property of properties) {
		if (!('type' in property)) {
			if ('values' in property) found.push(...walk(property.values));
			continue;
		}
		found.push(property);
		if (property.type !== 'options' && property.type !== 'multiOptions' && property.options) found.push(...walk(property.options));
	}
	return found;
}

async function descriptions() {
	const { nodeTypes, credentialTypes } = await getPackage();
	const node = nodeTypes.getByNameAndVersion(WOLKVOX_NODE_TYPE, 1).description;
	return { node: walk(node.properties), credential: walk(credentialTypes.wolkvoxApi.properties) };
}

test('option lists are in alphabetical order, as n8n lists them (Case Type included)', async () => {
	const { node } = await descriptions();
	// Resource and Operation are menus in the order of use, as in n8n's own nodes.
	const lists = node.filter((p) => p.type === 'options' && Array.isArray(p.options) && !['resource', 'operation'].includes(p.name));
	expect(lists.map((p) => p.name)).toContain('caseType');
	for (const list of lists) {
		const names = (list.options as INodePropertyOptions[]).map((o) => o.name);
		expect({ [list.name]: names }).toEqual({ [list.name]: [...names].sort((a, b) => a.localeCompare(b)) });
	}
});

test('no test account, no unit in the wrong case, and empty defaults where a placeholder should show', async () => {
	const { node, credential } = await descriptions();
	for (const property of [...node, ...credential]) {
		expect(`${property.name}: ${String(property.placeholder ?? '')} ${JSON.stringify(property.default)}`).not.toMatch(/testmodule/);
		expect(property.displayName).not.toMatch(/\(Ms\)/);
	}
	const byName = (name: string) => node.filter((p) => p.name === name);
	expect(byName('binaryProperties').map((p) => [p.default, p.placeholder, p.required ?? false])).toEqual(
		byName('binaryProperties').map(() => ['', 'attachment_0, attachment_1', false]),
	);
	expect(byName('attachmentsBase64').map((p) => [p.default, p.placeholder])).toEqual([['', '={{ $json.files }}']]);
	expect(node.find((p) => p.name === 'batchInterval')?.displayName).toBe('Batch Interval (Milliseconds)');
});

test("the credential's Other server takes a host or a test server's URL, and says which get plain http", async () => {
	const { credential } = await descriptions();
	const server = credential.find((p) => p.name === 'server')!;
	expect((server.options as INodePropertyOptions[]).map((o) => o.name)).toContain('Other');
	const custom = credential.find((p) => p.name === 'customServer')!;
	expect(custom.displayName).toBe('Server Host or URL');
	expect(custom.hint).toMatch(/http:\/\/127\.0\.0\.1:5680/);
	expect(custom.hint).toMatch(/host\.docker\.internal/);
	expect(custom.hint).not.toMatch(/Only the host/);
});
