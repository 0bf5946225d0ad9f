import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { INodeExecutionData, INodeParameters, INodeTypeDescription } from 'n8n-workflow';

import { getPackage, PACKAGE_ROOT, WOLKVOX_NODE_TYPE } from './support/engine';
import { binary, bytesOf, createParameters, runCaseNode, useEmulator } from './support/fixtures';
import { assertOutputMatchesSchema, operationsOf, schemaPath, type Operation } from './support/outputSchemas';

// n8n's editor shows a node's output fields before its first run from a JSON Schema the node
// ships per operation (GET /schemas/<node type>/<version>/<resource>/<operation>.json, which n8n
// serves from <node dir>/__schema__/v<version>/<resource>/<operation>.json). Every operation has
// one, and its real output matches it: here for one sample run each, and in every other engine
// test too (test/support/engine.ts checks each run's output against its schema).

const emulator = useEmulator();

interface Sample {
	parameters: INodeParameters;
	items: INodeExecutionData[];
}

/** One run per operation that ends in a success item. A new operation needs a row here. */
const SAMPLES: Record<string, (caseId: string) => Sample> = {
	'case/create': () => ({
		parameters: { ...createParameters, files: 'all' },
		items: [{ json: {}, binary: { attachment_0: binary(bytesOf(2_000), 'factura.pdf', 'application/pdf') } }],
	}),
	'case/createFromBase64': () => ({
		parameters: { ...createParameters, operation: 'createFromBase64', attachmentsBase64: '={{ $json.files }}' },
		items: [{ json: { files: [bytesOf(300).toString('base64')] } }],
	}),
	'case/update': (caseId) => ({
		parameters: { resource: 'case', operation: 'update', wolkvoxId: caseId, responsible: 'ADMIN_@testmodule', status: 'open' },
		items: [{ json: {}, binary: { foto: binary(bytesOf(500), 'foto.jpg', 'image/jpeg') } }],
	}),
	'case/updateAttachments': (caseId) => ({
		parameters: { resource: 'case', operation: 'updateAttachments', wolkvoxId: caseId, responsible: 'ADMIN_@testmodule', status: 'open' },
		items: [{ json: {}, binary: { foto: binary(bytesOf(500), 'foto.jpg', 'image/jpeg') } }],
	}),
	'case/search': () => ({
		parameters: { resource: 'case', operation: 'search', searchField: 'email contact', searchValue: createParameters.contact },
		items: [{ json: {} }],
	}),
	'case/getNotesHistory': (caseId) => ({
		parameters: { resource: 'case', operation: 'getNotesHistory', noteValue: caseId },
		items: [{ json: {} }],
	}),
	'token/getUsage': () => ({ parameters: { resource: 'token', operation: 'getUsage' }, items: [{ json: {} }] }),
	'contact/search': () => ({ parameters: { resource: 'contact', operation: 'search', contactSearchValue: 'ops@example.com' }, items: [{ json: {} }] }),
	'contact/create': () => ({ parameters: { resource: 'contact', operation: 'create', contactName: 'Ana', contactEmail: 'ana@example.com' }, items: [{ json: {} }] }),
	'contact/update': () => ({ parameters: { resource: 'contact', operation: 'update', contactId: '={{ $json.id }}', contactUpdateFields: { name: 'Ana' } }, items: [{ json: { id: emulator.contacts[0].wolkvoxId } }] }),
	'contact/findOrCreate': () => ({ parameters: { resource: 'contact', operation: 'findOrCreate', contactEmail: 'nueva@example.com' }, items: [{ json: {} }] }),
};

async function node(): Promise<{ description: INodeTypeDescription; nodeDir: string }> {
	const { nodeTypes, nodeDirs } = await getPackage();
	return { description: nodeTypes.getByNameAndVersion(WOLKVOX_NODE_TYPE, 1).description, nodeDir: nodeDirs[WOLKVOX_NODE_TYPE] };
}

const key = ({ resource, operation }: Operation) => `${resource}/${operation}`;

test('the node offers operations (the list below is read from its description)', async () => {
	const { description } = await node();
	expect(operationsOf(description).map(key)).toEqual(expect.arrayContaining(['case/create', 'token/getUsage']));
});

test('every operation of the node has a schema where n8n looks for it (dist/, built from nodes/), one the editor shows, and a sample run below', async () => {
		const { description, nodeDir } = await node();
		const problems: string[] = [];
		for (const op of operationsOf(description)) {
			const file = schemaPath(nodeDir, description.version as number, op);
			const source = file && join(PACKAGE_ROOT, relative(join(PACKAGE_ROOT, 'dist'), file));
			let schema: { type?: string; properties?: object } | undefined;
			try {
				schema = JSON.parse(readFileSync(file ?? '', 'utf8'));
				if (readFileSync(source ?? '', 'utf8') !== readFileSync(file ?? '', 'utf8')) problems.push(`${key(op)}: dist/ is stale, run npm run build`);
			} catch {
				problems.push(`${key(op)}: no schema, add ${source ? relative(PACKAGE_ROOT, source) : '(no path)'}`);
			}
			// The editor shows a schema only when it is an object with properties (isNonEmptyJsonSchema).
			if (schema && (schema.type !== 'object' || Object.keys(schema.properties ?? {}).length === 0)) {
				problems.push(`${key(op)}: the editor shows only an object schema with properties`);
			}
			if (!SAMPLES[key(op)]) problems.push(`${key(op)}: no sample run in SAMPLES of test/outputSchemas.test.ts`);
		}
		expect(problems).toEqual([]);
});

describe("each operation's real output matches its schema", () => {
	test.each(Object.keys(SAMPLES))('%s', async (name) => {
		const seeded = await runCaseNode({ emulator, parameters: { ...createParameters, files: 'none' }, items: [{ json: {} }] });
		const sample = SAMPLES[name](seeded.items[0].json.wolkvox_id as string);
		// runCaseNode checks the output against the schema itself; the items say it had some to check.
		const result = await runCaseNode({ emulator, ...sample });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].error).toBeUndefined();
	});
});

describe('the check fails when output and schema part', () => {
	const [resource, operation] = ['case', 'create'];
	const output = { wolkvox_id: '1', idPrefijo: 'CASE-1', message: 'ok', files: [] };

	test.each([
		['a field the schema does not list', { ...output, contactCreated: true }],
		['a field missing', { wolkvox_id: '1', message: 'ok', files: [] }],
		['a field of another type', { ...output, files: [{ field: 'file', fileName: 'a.pdf', mimeType: 'application/pdf', size: '7', binaryProperty: 'a' }] }],
	])('%s', async (_label, json) => {
		const { nodeDir } = await node();
		assertOutputMatchesSchema(nodeDir, 1, { resource, operation }, [{ json: output }]);
		expect(() => assertOutputMatchesSchema(nodeDir, 1, { resource, operation }, [{ json }])).toThrow(/does not match its output schema/);
	});

	test('an operation without a schema fails, naming the file to add', async () => {
		const { nodeDir } = await node();
		expect(() => assertOutputMatchesSchema(nodeDir, 1, { resource: 'contact', operation: 'merge' }, [{ json: {} }])).toThrow(
			'No output schema for contact/merge: add nodes/WolkvoxCases/__schema__/v1.0.0/contact/merge.json',
		);
	});
});
