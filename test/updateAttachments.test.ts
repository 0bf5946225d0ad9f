import { BINARY_MODES, binary, bytesOf, createParameters, runCaseNode, sha256, updateParameters, useEmulator } from './support/fixtures';

const emulator = useEmulator();

/** A case opened through the node itself, so updates act on what the server really holds. */
async function openCase(): Promise<string> {
	const result = await runCaseNode({ emulator, parameters: { ...createParameters, files: 'none' }, items: [{ json: {} }] });
	return result.items[0].json.wolkvox_id as string;
}

const files = [bytesOf(1, 21), bytesOf(2, 22), bytesOf(100_003, 23)];

describe.each(BINARY_MODES)('Update Attachments with %s binaries', (binaryMode) => {
	test.each([0, 1, 3])('%i attachment(s) arrive as base64, byte for byte', async (count) => {
		const id = await openCase();
		const result = await runCaseNode({
			emulator,
			parameters: { ...updateParameters, wolkvoxId: id },
			items: [
				{
					json: {},
					binary: Object.fromEntries(
						files.slice(0, count).map((bytes, i) => [`file_${i}`, binary(bytes, `sync ${i}.pdf`, 'application/pdf')]),
					),
				},
			],
			binaryMode,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: {
					wolkvox_id: id,
					message: 'Succesfully update record',
					files: files.slice(0, count).map((bytes) => expect.objectContaining({ size: bytes.length, field: 'attachments' })),
				},
				pairedItem: { item: 0 },
			},
		]);
		const stored = emulator.findCase(id)!;
		expect(stored.files.map((f) => f.sha256)).toEqual(files.slice(0, count).map(sha256));
		expect(stored.files.every((f) => f.source === 'base64')).toBe(true);
		// The body was streamed with its length announced up front.
		const request = emulator.requests.find((r) => r.path.endsWith('updateCaseAttachment.php'))!;
		expect(Number(request.contentLength)).toBe(request.bytesReceived);
	});
});

test('every field is mapped; custom fields go as a JSON object', async () => {
	const id = await openCase();
	const result = await runCaseNode({
		emulator,
		parameters: {
			...updateParameters,
			wolkvoxId: '={{ $json.id }}',
			responsible: 'AGENT1_@testmodule',
			status: 'closed',
			solution: 'Resuelto: se envió el repuesto ✅',
			files: 'none',
			additionalFields: {
				caseType: 'Claims',
				priority: 'high',
				owner: 'AGENT2_@testmodule',
				contact: 'ops@example.com',
				description: 'Actualización — año 2026',
			},
			customFieldsInput: 'json',
			customFieldsJson: '{"pedido": "A-18", "unidades": 2}',
		},
		items: [{ json: { id } }],
	});

	expect(result.error).toBeUndefined();
	const stored = emulator.findCase(id)!;
	expect(stored.updates).toBe(1);
	expect(stored.fields).toMatchObject({
		responsible: 'AGENT1_@testmodule',
		status: 'closed',
		solution: 'Resuelto: se envió el repuesto ✅',
		'case-type': 'Claims',
		priority: 'high',
		owner: 'AGENT2_@testmodule',
		contact: 'ops@example.com',
		description: 'Actualización — año 2026',
	});
	expect(stored.form).toMatchObject({ pedido: 'A-18', unidades: 2 });
});

test('files of several items go to their own cases, in parallel, paired in order', async () => {
	const ids = [await openCase(), await openCase(), await openCase()];
	const result = await runCaseNode({
		emulator,
		parameters: { ...updateParameters, wolkvoxId: '={{ $json.id }}' },
		items: ids.map((id, i) => ({ json: { id }, binary: { data: binary(files[i], `f${i}.zip`, 'application/zip') } })),
		binaryMode: 'filesystem',
	});
	expect(result.items.map((item) => [item.json.wolkvox_id, item.pairedItem])).toEqual(
		ids.map((id, item) => [id, { item }]),
	);
	ids.forEach((id, i) => expect(emulator.findCase(id)!.files.map((f) => f.sha256)).toEqual([sha256(files[i])]));
});
