import type { INodeExecutionData } from 'n8n-workflow';

import { randomBytes } from 'node:crypto';

import { binary, bytesOf, createParameters, credentialsFor, runCaseNode, sha256, useEmulator } from './support/fixtures';

const internalToken = randomBytes(16).toString('hex');
const emulator = useEmulator({ extraTokens: [{ token: internalToken, operation: 'testmodule', tokenType: 'Internal' }] });

async function openCase(contact = 'cliente@example.com', status = 'open'): Promise<string> {
	const result = await runCaseNode({
		emulator,
		parameters: { ...createParameters, contact, status, solution: status === 'closed' ? 'Resuelto' : '', files: 'none' },
		items: [{ json: {} }],
	});
	return result.items[0].json.wolkvox_id as string;
}

const one = (json: INodeExecutionData['json'] = {}) => [{ json }];

describe('Token: Get Usage', () => {
	test("reports today's quota and what is left of it", async () => {
		await openCase();
		const result = await runCaseNode({ emulator, parameters: { resource: 'token', operation: 'getUsage' }, items: one() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ token_limit: 4800, token_use_today: 2, remaining_today: 4798 });
		expect(result.items[0].json.hours_to_restart_count).toEqual(expect.any(Number));
	});
});

describe('Case: Search', () => {
	test('finds the cases of a contact, one output item per input item', async () => {
		const [a, b] = [await openCase('ops@example.com'), await openCase('ops@example.com')];
		await openCase('cliente@example.com');
		const result = await runCaseNode({
			emulator,
			parameters: { resource: 'case', operation: 'search', searchField: 'email contact', searchValue: '={{ $json.email }}' },
			items: [{ json: { email: 'ops@example.com' } }, { json: { email: 'nadie@example.com' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[0].json.count).toBe(2);
		expect((result.items[0].json.cases as Array<{ wolkvox_id: string }>).map((c) => c.wolkvox_id).sort()).toEqual([a, b].sort());
		expect(result.items[1].json).toMatchObject({ count: 0, cases: [] });
	});

	test.each([
		['wolkvox-id', (id: string) => id],
		['status', () => 'closed'],
	])('by %s', async (field, value) => {
		const id = await openCase('ops@example.com', 'closed');
		await openCase();
		const result = await runCaseNode({ emulator, parameters: { resource: 'case', operation: 'search', searchField: field, searchValue: value(id) }, items: one() });
		expect(result.items[0].json.count).toBe(1);
		expect((result.items[0].json.cases as Array<{ wolkvox_id: string }>)[0].wolkvox_id).toBe(id);
	});

	test("keeps the item's files, for the Create or Update after it", async () => {
		const item = { json: { email: 'ops@example.com' }, binary: { attachment_0: binary('%PDF', 'a.pdf', 'application/pdf') } };
		const result = await runCaseNode({ emulator, parameters: { resource: 'case', operation: 'search', searchField: 'email contact', searchValue: 'x@y.z' }, items: [item] });
		expect(result.items[0].binary?.attachment_0.fileName).toBe('a.pdf');
	});
});

describe('Case: Update', () => {
	const files = [bytesOf(10_000, 41), bytesOf(3, 42)];

	test.each(['inline', 'filesystem'] as const)('changes fields and adds named files (%s binaries)', async (binaryMode) => {
		const id = await openCase();
		const result = await runCaseNode({
			emulator,
			parameters: {
				resource: 'case',
				operation: 'update',
				wolkvoxId: id,
				responsible: 'AGENT2_@testmodule',
				status: 'Cerrado',
				solution: 'Cambio de equipo ✔',
				additionalFields: { priority: 'alta', caseType: 'Claims' },
				customFields: { field: [{ name: 'seguimiento', value: 'sí' }] },
			},
			items: [
				{
					json: {},
					binary: {
						a: binary(files[0], 'acta de entrega ñ.pdf', 'application/pdf'),
						b: binary(files[1], 'foto.png', 'image/png'),
					},
				},
			],
			binaryMode,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ wolkvox_id: id, message: 'Succesfully update record' });
		const stored = emulator.findCase(id)!;
		expect(stored.fields).toMatchObject({ responsible: 'AGENT2_@testmodule', status: 'Cerrado', solution: 'Cambio de equipo ✔', priority: 'alta', 'case-type': 'Claims' });
		expect(stored.form).toMatchObject({ seguimiento: 'sí' });
		expect(stored.files.map((f) => [f.fileName, f.sha256])).toEqual([
			['acta de entrega ñ.pdf', sha256(files[0])],
			['foto.png', sha256(files[1])],
		]);
	});

	test('refuses a file extension wolkvox does not take, before sending', async () => {
		const result = await runCaseNode({
			emulator,
			parameters: { resource: 'case', operation: 'update', wolkvoxId: 'x', responsible: 'ADMIN_@testmodule', status: 'open' },
			items: [{ json: {}, binary: { a: binary('x', 'nota.txt', 'text/plain') } }],
		});
		expect(result.error?.message).toMatch(/File "nota.txt" .* has the extension ".txt"/);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Case: Create From Base64', () => {
	const files = [bytesOf(5_000, 51), bytesOf(1, 52)];

	test('opens a case with base64 attachments from the item JSON, byte for byte', async () => {
		const result = await runCaseNode({
			emulator,
			parameters: {
				...createParameters,
				operation: 'createFromBase64',
				customFieldsInput: 'json',
				customFieldsJson: '={{ $json.form }}',
				attachmentsBase64: '={{ $json.files }}',
			},
			items: [
				{
					json: {
						form: { pedido: 'B-2' },
						// Line breaks and a data: prefix, as other systems send them.
						files: [`data:application/pdf;base64,${files[0].toString('base64').replace(/(.{76})/g, '$1\n')}`, files[1].toString('base64')],
					},
				},
			],
		});
		expect(result.error).toBeUndefined();
		const stored = emulator.findCase(result.items[0].json.wolkvox_id as string)!;
		expect(stored.form).toEqual({ pedido: 'B-2' });
		expect(stored.files.map((f) => f.sha256)).toEqual(files.map(sha256));
	});

	test('Attachments (Base64) left empty (the default) opens the case without attachments', async () => {
		const result = await runCaseNode({ emulator, parameters: { ...createParameters, operation: 'createFromBase64' }, items: one() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.attachments).toEqual([]);
		expect(emulator.findCase(result.items[0].json.wolkvox_id as string)!.files).toEqual([]);
	});

	test.each([
		['not base64', ['@@@'], /Attachment 0 of item 0 is not a base64 string/],
		['a number in the list', ['QUJD', 5], /Attachment 1 of item 0 is not a base64 string/],
	])('refuses %s before sending', async (_label, list, message) => {
		const result = await runCaseNode({
			emulator,
			parameters: { ...createParameters, operation: 'createFromBase64', attachmentsBase64: '={{ $json.files }}' },
			items: [{ json: { files: list } }],
		});
		expect(result.error?.message).toMatch(message);
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('Case: Get Notes History', () => {
	test("lists the case's notes", async () => {
		const id = await openCase();
		await runCaseNode({
			emulator,
			parameters: { resource: 'case', operation: 'updateAttachments', wolkvoxId: id, responsible: 'ADMIN_@testmodule', status: 'closed', solution: 'ok' },
			items: [{ json: {}, binary: { a: binary('x', 'a.pdf', 'application/pdf') } }],
		});
		const result = await runCaseNode({ emulator, parameters: { resource: 'case', operation: 'getNotesHistory', noteValue: id }, items: one() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.count).toBeGreaterThanOrEqual(2);
		expect(result.items[0].json.notes).toEqual(expect.arrayContaining([expect.objectContaining({ note: expect.any(String) })]));
	});

	test('says so when the token is not an External one', async () => {
		const id = await openCase();
		const result = await runCaseNode({
			emulator,
			parameters: { resource: 'case', operation: 'getNotesHistory', noteValue: id },
			items: one(),
			credentials: credentialsFor(emulator, { token: internalToken }),
		});
		expect(result.error?.message).toMatch(/wolkvox refused to read the case's notes: THE TOKEN MUST BE OF TYPE EXTERNAL/);
	});
});
