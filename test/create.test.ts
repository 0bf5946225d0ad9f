import {
	BINARY_MODES,
	binary,
	bytesOf,
	createParameters,
	runCaseNode,
	sha256,
	useEmulator,
} from './support/fixtures';

const emulator = useEmulator();

const pdf = bytesOf(70_001, 11);
const jpg = bytesOf(1_234, 12);
const mp3 = bytesOf(300_000, 13);

const email = (attachments: number) => ({
	json: { subject: 'Reclamo' },
	binary: Object.fromEntries(
		[
			binary(pdf, 'factura_diciembre_ñ.pdf', 'application/pdf'),
			binary(jpg, 'foto_daño_🚗.jpg', 'image/jpeg'),
			binary(mp3, 'registro llamada.mp3', 'audio/mpeg'),
		]
			.slice(0, attachments)
			.map((b, i) => [`attachment_${i}`, b]),
	),
});

describe.each(BINARY_MODES)('Create with %s binaries', (binaryMode) => {
	test.each([0, 1, 3])('%i file(s) arrive byte for byte, none dropped', async (count) => {
		const result = await runCaseNode({ emulator, parameters: createParameters, items: [email(count)], binaryMode });

		expect(result.error).toBeUndefined();
		if (binaryMode === 'filesystem' && count > 0) {
			// The node got references into n8n's binary store, not the bytes.
			expect(result.input[0].binary?.attachment_0.id).toMatch(/^filesystem/);
			expect(result.input[0].binary?.attachment_0.data).not.toHaveLength(pdf.toString('base64').length);
		}
		const [stored] = emulator.cases;
		const sent = [pdf, jpg, mp3].slice(0, count);
		expect(stored.files.map((f) => f.sha256)).toEqual(sent.map(sha256));
		// Buffer.equals, not toEqual: jest compares buffers byte by byte, very slowly.
		expect(stored.files.map((f, i) => f.bytes?.equals(sent[i]))).toEqual(sent.map(() => true));
		expect(stored.files.map((f) => f.fileName)).toEqual(
			['factura_diciembre_ñ.pdf', 'foto_daño_🚗.jpg', 'registro llamada.mp3'].slice(0, count),
		);
		expect(stored.files.map((f) => f.field)).toEqual(sent.map(() => (count > 1 ? 'file[]' : 'file')));
		expect(emulator.droppedFiles).toHaveLength(0);
		expect(result.items).toEqual([
			{
				json: {
					wolkvox_id: stored.wolkvoxId,
					idPrefijo: '',
					message: 'Succesfully create record',
					files: sent.map((bytes, i) => expect.objectContaining({ size: bytes.length, binaryProperty: `attachment_${i}` })),
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

test('every field is mapped, with non-ASCII text intact', async () => {
	const result = await runCaseNode({
		emulator,
		parameters: {
			...createParameters,
			caseType: '__custom',
			customCaseType: 'Incidente',
			responsible: '  AGENT2_@testmodule ',
			owner: 'ADMIN_@testmodule',
			contact: '={{ $json.from }}',
			description: '={{ $json.body }}',
			status: 'Cerrado',
			priority: 'alta',
			solution: 'Se reemplazó la pieza 🚗',
			customFieldsInput: 'keyValue',
			customFields: {
				field: [
					{ name: 'pedido', value: '={{ $json.order }}' },
					{ name: 'ciudad', value: 'Medellín' },
				],
			},
			files: 'none',
		},
		items: [{ json: { from: 'maría.núñez@example.com', body: 'Llegó dañado — ¿reembolso? ñandú', order: 'A-17' } }],
	});

	expect(result.error).toBeUndefined();
	expect(emulator.cases).toHaveLength(1);
	expect(emulator.cases[0].fields).toEqual({
		'case-type': 'Incidente',
		responsible: 'AGENT2_@testmodule',
		owner: 'ADMIN_@testmodule',
		contact: 'maría.núñez@example.com',
		description: 'Llegó dañado — ¿reembolso? ñandú',
		status: 'Cerrado',
		priority: 'alta',
		solution: 'Se reemplazó la pieza 🚗',
	});
	expect(emulator.cases[0].form).toEqual({ pedido: 'A-17', ciudad: 'Medellín' });
});

test('custom fields given as a JSON object keep their types', async () => {
	await runCaseNode({
		emulator,
		parameters: {
			...createParameters,
			customFieldsInput: 'json',
			customFieldsJson: '={{ $json.form }}',
			files: 'none',
		},
		items: [{ json: { form: { pedido: 'A-17', unidades: 3, urgente: true, nota: null } } }],
	});
	expect(emulator.cases[0].form).toEqual({ pedido: 'A-17', unidades: 3, urgente: true, nota: null });
});

test('named binary properties send only those files, in the order named', async () => {
	const result = await runCaseNode({
		emulator,
		parameters: { ...createParameters, files: 'properties', binaryProperties: 'attachment_2, attachment_0' },
		items: [email(3)],
	});
	expect(result.error).toBeUndefined();
	expect(emulator.cases[0].files.map((f) => f.sha256)).toEqual([sha256(mp3), sha256(pdf)]);
});

test('named binary properties left empty (the default) send every file of the item, as the Email Trigger names them', async () => {
	// Parameters as the editor stores them: a default value is not saved, so Binary Properties is absent.
	const result = await runCaseNode({ emulator, parameters: { ...createParameters, files: 'properties' }, items: [email(3)] });
	expect(result.error).toBeUndefined();
	expect(emulator.cases[0].files.map((f) => f.sha256)).toEqual([pdf, jpg, mp3].map(sha256));
	// Typed empty, or only commas and spaces, means the same.
	emulator.reset();
	await runCaseNode({ emulator, parameters: { ...createParameters, files: 'properties', binaryProperties: ' , ' }, items: [email(2)] });
	expect(emulator.cases[0].files.map((f) => f.sha256)).toEqual([pdf, jpg].map(sha256));
});

test('several items make several cases, each with its own files and paired to its item', async () => {
	const result = await runCaseNode({
		emulator,
		parameters: { ...createParameters, description: '={{ "mail " + $itemIndex }}' },
		items: [email(1), email(2), email(3), email(0)],
		binaryMode: 'filesystem',
	});
	expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	const byDescription = new Map(emulator.cases.map((c) => [c.fields.description, c]));
	for (let i = 0; i < 4; i++) {
		const stored = byDescription.get(`mail ${i}`)!;
		expect(result.items[i].json.wolkvox_id).toBe(stored.wolkvoxId);
		expect(stored.files.map((f) => f.sha256)).toEqual([pdf, jpg, mp3].slice(0, [1, 2, 3, 0][i]).map(sha256));
	}
});

test('a file without a name is named from its property and MIME type', async () => {
	await runCaseNode({
		emulator,
		parameters: createParameters,
		items: [{ json: {}, binary: { data: binary(pdf, undefined, 'application/pdf') } }],
	});
	expect(emulator.cases[0].files[0]).toMatchObject({ fileName: 'data.pdf', contentType: 'application/pdf' });
});
