/**
 * E-mail → case for a sender the CRM has never seen: Create and Create From Base64 with "If the
 * Contact Does Not Exist" set to "Create It", in n8n's engine against the emulator, whose
 * cases/insert.php refuses a contact that does not exist.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { BINARY_MODES, binary, bytesOf, createParameters, runCaseNode, sha256, useEmulator } from './support/fixtures';

const emulator = useEmulator({ latencyMs: 20 });
const SENDER = 'nuevo.cliente@example.com';

const contactsOf = (email: string) => emulator.contacts.filter((c) => c.fields.emailcontact === email);

/** An e-mail as the Email Trigger gives it: sender, subject and attachments. */
function email(subject: string, files: Array<[name: string, bytes: Buffer, mime: string]>, address = SENDER): INodeExecutionData {
	return {
		json: { from: { value: [{ address, name: 'Nuevo Cliente' }], text: `Nuevo Cliente <${address}>` }, subject },
		binary: Object.fromEntries(files.map(([name, bytes, mime], i) => [`attachment_${i}`, binary(bytes, name, mime)])),
	};
}

const fromTheEmail = {
	...createParameters,
	contact: '={{ $json.from.value[0].address }}',
	description: '={{ $json.subject }}',
	files: 'all',
};

describe('Create for an unknown sender', () => {
	const pdf = bytesOf(120_000, 7);
	const photo = bytesOf(45_000, 8);
	const csv = Buffer.from('fecha;nota\n2026-12-01;sí\n');

	test.each(BINARY_MODES)('two e-mails of one new sender in one execution: one contact, two cases with their files (%s binaries)', async (binaryMode) => {
		const result = await runCaseNode({
			emulator,
			binaryMode,
			parameters: { ...fromTheEmail, options: { ifContactMissing: 'create', newContactName: '={{ $json.from.value[0].name }}' } },
			items: [email('Pedido dañado', [['informe.pdf', pdf, 'application/pdf'], ['foto.jpg', photo, 'image/jpeg']]), email('Otra consulta', [['datos.csv', csv, 'text/csv']])],
		});
		expect(result.error).toBeUndefined();
		const contacts = contactsOf(SENDER);
		expect(contacts).toHaveLength(1);
		expect(contacts[0].fields).toEqual({ namecontact: 'Nuevo Cliente', emailcontact: SENDER });
		// Whichever item came first made the contact; the other was handed it.
		const linked = result.items.map((i) => i.json.contact as IDataObject);
		expect(linked.map((c) => [c.wolkvox_id, c.emailcontact])).toEqual([0, 1].map(() => [contacts[0].wolkvoxId, SENDER]));
		expect(linked.map((c) => c.created).sort()).toEqual([false, true]);
		expect(emulator.cases).toHaveLength(2);
		const byDescription = (d: string) => emulator.cases.find((c) => c.fields.description === d)!;
		expect(byDescription('Pedido dañado').files.map((f) => [f.fileName, f.sha256, f.size])).toEqual([
			['informe.pdf', sha256(pdf), pdf.length],
			['foto.jpg', sha256(photo), photo.length],
		]);
		expect(byDescription('Otra consulta').files.map((f) => [f.fileName, f.sha256])).toEqual([['datos.csv', sha256(csv)]]);
		expect(emulator.cases.every((c) => c.fields.contact === SENDER)).toBe(true);
		// One query and one insert for the contact; the second item waited and reused the answer.
		expect(emulator.requests.map((r) => r.path).filter((p) => p.includes('custom/')).sort()).toEqual([
			'/server/API/v2/custom/insert.php',
			'/server/API/v2/custom/query.php',
		]);
	});

	test('two executions at once in one process, same new sender: one contact', async () => {
		const parameters = { ...fromTheEmail, files: 'none', options: { ifContactMissing: 'create' } };
		const runs = await Promise.all(
			[0, 1, 2].map(async (n) => await runCaseNode({ emulator, parameters, items: [email(`Correo ${n}`, [])] })),
		);
		expect(runs.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
		expect(contactsOf(SENDER)).toHaveLength(1);
		expect(runs.map((r) => r.items[0].json.contact as IDataObject).filter((c) => c.created)).toHaveLength(1);
		expect(emulator.cases).toHaveLength(3);
	});

	test('Create From Base64 does the same', async () => {
		const files = [bytesOf(2_000, 9).toString('base64')];
		const result = await runCaseNode({
			emulator,
			parameters: { ...fromTheEmail, operation: 'createFromBase64', attachmentsBase64: '={{ $json.files }}', options: { ifContactMissing: 'create', newContactName: 'Base Sesenta' } },
			items: [{ json: { ...email('a', []).json, files } }, { json: { ...email('b', []).json, files } }],
		});
		expect(result.error).toBeUndefined();
		expect(contactsOf(SENDER)).toEqual([expect.objectContaining({ fields: { namecontact: 'Base Sesenta', emailcontact: SENDER } })]);
		expect(emulator.cases.map((c) => c.files[0].sha256)).toEqual([sha256(bytesOf(2_000, 9)), sha256(bytesOf(2_000, 9))]);
	});

	test('a known sender is found, not created again; the case names the e-mail as the CRM holds it', async () => {
		const result = await runCaseNode({
			emulator,
			parameters: { ...fromTheEmail, files: 'none', options: { ifContactMissing: 'create' } },
			items: [email('Hola', [], 'Cliente@Example.com')],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.contact).toMatchObject({ created: false, emailcontact: 'cliente@example.com' });
		expect(emulator.contacts).toHaveLength(3);
		expect(emulator.cases[0].fields.contact).toBe('cliente@example.com');
	});

	test('default (Fail): no contact is looked up; wolkvox refuses the case and the item says so', async () => {
		const result = await runCaseNode({
			emulator,
			parameters: { ...fromTheEmail, files: 'none' },
			items: [email('x', []), email('y', [], 'ops@example.com')],
			onError: 'continueRegularOutput',
		});
		expect(result.items[0].json.error).toMatch(/wolkvox refused to create the case: THE CONTACT "nuevo.cliente@example.com" DOES NOT EXIST/);
		expect(result.items[1].json.wolkvox_id).toMatch(/^[0-9a-f]{24}$/);
		expect(result.items[1].json.contact).toBeUndefined();
		expect(emulator.requests.some((r) => r.path.includes('custom/'))).toBe(false);
		expect(emulator.contacts).toHaveLength(3);
	});

	test('errors name the item, the field and the fix; nothing is created', async () => {
		const run = async (parameters: IDataObject) =>
			await runCaseNode({ emulator, parameters: { ...fromTheEmail, ...parameters, options: { ifContactMissing: 'create' } }, items: [email('x', [['nota.txt', csv, 'text/plain']])], onError: 'continueErrorOutput' });
		let result = await run({ contact: '={{ $json.from.text }}', files: 'none' });
		expect(result.errors[0].json.error).toBe('Contact of item 0 is not one e-mail address: "Nuevo Cliente <nuevo.cliente@example.com>"');
		expect(result.errors[0].error?.description).toMatch(/\{\{ \$json\.from\.value\[0\]\.address \}\}/);
		// A file wolkvox would refuse fails the item before the contact is created.
		result = await run({});
		expect(result.errors[0].json.error).toMatch(/File "nota.txt" .* has the extension ".txt"/);
		expect(emulator.requests).toHaveLength(0);
		expect(emulator.contacts).toHaveLength(3);
	});

	test('when creating the contact fails, the waiting item tries again itself', async () => {
		emulator.injectFault({ kind: 'quota', path: 'custom/insert.php' });
		const result = await runCaseNode({
			emulator,
			parameters: { ...fromTheEmail, files: 'none', options: { ifContactMissing: 'create' } },
			items: [email('uno', []), email('dos', [])],
			onError: 'continueRegularOutput',
		});
		expect(result.items[0].json.error).toMatch(/daily request quota is used up/);
		expect(result.items[1].json.contact).toMatchObject({ created: true });
		expect(contactsOf(SENDER)).toHaveLength(1);
		expect(emulator.cases).toHaveLength(1);
	});
});
