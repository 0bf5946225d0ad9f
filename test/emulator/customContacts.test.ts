/**
 * custom/insert.php, custom/update.php and custom/query.php for module contacts, over real HTTP:
 * each strict rule of the emulator (see the [doc]/[code]/[guess] tags where they are enforced).
 */
import { ERRORS, GUESSED_ERRORS, PATHS, SUCCESS, duplicateUniqueValue, invalidFieldValue, unknownModule, unknownModuleField } from './contract';
import { WolkvoxEmulator } from './server';
import { VALID, form, testClient, useTestEmulator, type Reply } from './testClient';

const emulator = new WolkvoxEmulator();
useTestEmulator(emulator);
const { postJson, createCase, call } = testClient<Record<string, unknown> | Array<Record<string, unknown>>>(emulator);

/** A refusal: its status and the text wolkvox puts in `msg` (where `error` holds the text or the reason phrase). */
function refused(reply: Reply, status: number, text: string): void {
	expect(reply.status).toBe(status);
	expect(Number(reply.body?.code)).toBe(status);
	expect(reply.body?.msg).toContain(text);
}

const insert = (fields: unknown, extra: Record<string, unknown> = {}) =>
	postJson(PATHS.customInsert, { operation: 'testmodule', module: 'contacts', fields, ...extra });
const query = (field: string, value: string) => postJson(PATHS.customQuery, { operation: 'testmodule', module: 'contacts', field, value });
const update = (id: string, fields: unknown) => postJson(PATHS.customUpdate, { operation: 'testmodule', module: 'contacts', 'wolkvox-id': id, fields });

describe('custom/insert.php (contacts)', () => {
	test('stores a contact, answers its id; a case may then name it', async () => {
		const reply = await insert({ namecontact: 'Ana', emailcontact: 'ana@example.com', telephonecontact: '3001234567' });
		expect(reply.body).toMatchObject({ code: 200, msg: SUCCESS.created, data: { wolkvox_id: expect.stringMatching(/^[0-9a-f]{24}$/) } });
		expect(emulator.contacts.at(-1)?.fields).toEqual({ namecontact: 'Ana', emailcontact: 'ana@example.com', telephonecontact: '3001234567' });
		await createCase({ ...VALID, contact: 'ana@example.com' });
	});

	test('a case naming a contact that does not exist is refused (our guess)', async () => {
		const reply = await call(PATHS.insert, { body: form({ ...VALID, contact: 'nadie@example.com' }) });
		refused(reply, 400, 'THE CONTACT "nadie@example.com" DOES NOT EXIST');
	});

	test.each([
		['another module', { module: 'leads' }, 400, unknownModule('leads')],
		['no module', { module: undefined }, 400, ERRORS.parametersRequired],
		['another operation', { operation: 'othermodule' }, 403, ERRORS.validateToken],
	])('refuses %s', async (_, extra, status, error) => {
		refused(await insert({ namecontact: 'x' }, extra), status, error);
		expect(emulator.contacts).toHaveLength(3);
	});

	test.each([
		['fields as a list (insertMany.php takes lists)', [{ namecontact: 'x' }], GUESSED_ERRORS.fieldsNotObject],
		['no name', { emailcontact: 'x@example.com' }, ERRORS.parametersRequired],
		['an unknown label', { namecontact: 'x', Cuidad: 'Cali' }, unknownModuleField('Cuidad', 'contacts')],
		['a bad e-mail', { namecontact: 'x', emailcontact: 'Ana <a@b.co>' }, invalidFieldValue('emailcontact', 'an e-mail address')],
		['a date not as YYYY-MM-DD', { namecontact: 'x', 'Fecha de nacimiento': '30/04/1990' }, invalidFieldValue('Fecha de nacimiento', 'a date as YYYY-MM-DD')],
		['an address as plain text', { namecontact: 'x', Dirección: 'Calle 1' }, invalidFieldValue('Dirección', '{"type":"address","value"}')],
		['a telephone without its code', { namecontact: 'x', telephonecontact: { type: 'telephone', value: '300', country: 'CO' } }, invalidFieldValue('telephonecontact', 'a phone number, or {"type":"telephone","value","country","code"}')],
		['a currency with a bad symbol', { namecontact: 'x', Saldo: { type: 'currency', value: 1, symbol: 'pesos' } }, invalidFieldValue('Saldo', '{"type":"currency","value":<number>,"symbol":"COP"}')],
		['a lookup without a wolkvox_id', { namecontact: 'x', Empresa: { type: 'search', value: 'ACME', value_id: '1', searchModuleName: 'companies' } }, invalidFieldValue('Empresa', '{"type":"search","value","value_id":<24 hex>,"searchModuleName"}')],
		['a table of text', { namecontact: 'x', Productos: { type: 'table', value: ['a'] } }, invalidFieldValue('Productos', '{"type":"table","value":[{…}, …]}')],
		['a typed value with an extra key', { namecontact: 'x', Dirección: { type: 'address', value: 'Calle 1', city: 'Cali' } }, invalidFieldValue('Dirección', '{"type":"address","value"}')],
	])('refuses %s, storing nothing', async (_, fields, error) => {
		refused(await insert(fields), 400, error);
		expect(emulator.contacts).toHaveLength(3);
	});

	test('a second contact with the same e-mail is refused only where the operation made it Unique', async () => {
		expect((await insert({ namecontact: 'Otra', emailcontact: 'ops@example.com' })).status).toBe(200);
		emulator.directory.uniqueContactEmail = true;
		try {
			refused(await insert({ namecontact: 'Otra más', emailcontact: 'ops@example.com' }), 400, duplicateUniqueValue('emailcontact', 'ops@example.com'));
		} finally {
			emulator.directory.uniqueContactEmail = false;
		}
	});
});

describe('custom/query.php (contacts)', () => {
	test('exact, case-sensitive match; no match is "0 records were are found" with an empty list', async () => {
		let reply = await query('emailcontact', 'ops@example.com');
		expect(reply.body).toMatchObject({ code: 200, msg: SUCCESS.found(1), data: [{ emailcontact: 'ops@example.com', namecontact: 'Operaciones', wolkvox_fecha_creacion: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/) }] });
		reply = await query('emailcontact', 'OPS@example.com');
		expect(reply.body).toMatchObject({ code: 200, msg: SUCCESS.found(0), data: [] });
	});

	test('a typed value matches by its value; a custom label is a field', async () => {
		await insert({ namecontact: 'Tel', telephonecontact: { type: 'telephone', value: '3009998877', country: 'CO', code: '57' }, Ciudad: 'Pasto' });
		expect((await query('telephonecontact', '3009998877')).body?.data).toHaveLength(1);
		expect((await query('Ciudad', 'Pasto')).body?.data).toHaveLength(1);
	});

	test('refuses a field the module does not have, and a missing value', async () => {
		refused(await query('email', 'ops@example.com'), 400, unknownModuleField('email', 'contacts'));
		refused(await postJson(PATHS.customQuery, { operation: 'testmodule', module: 'contacts', field: 'emailcontact' }), 400, ERRORS.parametersRequired);
	});
});

describe('custom/update.php (contacts)', () => {
	test('changes only the fields sent', async () => {
		const ops = emulator.contacts.find((c) => c.fields.emailcontact === 'ops@example.com')!;
		const reply = await update(ops.wolkvoxId, { idcontact: '900123' });
		expect(reply.body).toMatchObject({ code: 200, msg: SUCCESS.updated, data: { wolkvox_id: ops.wolkvoxId } });
		expect(ops.fields).toEqual({ namecontact: 'Operaciones', emailcontact: 'ops@example.com', idcontact: '900123' });
	});

	test('refuses an unknown id (404), no fields, and bad values', async () => {
		const ops = emulator.contacts[0];
		refused(await update('a'.repeat(24), { namecontact: 'x' }), 404, GUESSED_ERRORS.recordNotFound);
		refused(await update(ops.wolkvoxId, {}), 400, GUESSED_ERRORS.noFieldsToUpdate);
		refused(await update(ops.wolkvoxId, { Puntos: 'muchos' }), 400, invalidFieldValue('Puntos', 'a number'));
		expect(ops.updates).toBe(0);
	});

	test('reset() puts the contacts back as they were', async () => {
		await insert({ namecontact: 'Temporal' });
		emulator.reset();
		expect(emulator.contacts.map((c) => c.fields.emailcontact)).toEqual(['cliente@example.com', 'maría.núñez@example.com', 'ops@example.com']);
	});
});
