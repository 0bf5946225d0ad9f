/**
 * The Contact resource in n8n's engine against the emulator's custom/*.php: each operation, the
 * typed values as they reach the server, zero results, and errors with and without Continue On Fail.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { binary, runCaseNode, useEmulator } from './support/fixtures';

const emulator = useEmulator();

const contactsNamed = (email: string) => emulator.contacts.filter((c) => c.fields.emailcontact === email);
const lastBody = () => JSON.parse(bodies[bodies.length - 1] ?? '{}') as IDataObject;

// The raw bodies the node sent to custom/*.php, read off the wire by a fault plan that never faults.
const bodies: string[] = [];
beforeEach(() => {
	bodies.length = 0;
	emulator.faultPlan = ({ path, fields }) => {
		if (path.startsWith('custom/')) bodies.push(JSON.stringify(fields));
		return undefined;
	};
});

async function run(parameters: INodeParameters, items: IDataObject[] = [{}], onError?: 'continueRegularOutput' | 'continueErrorOutput') {
	return await runCaseNode({ emulator, parameters: { resource: 'contact', ...parameters }, items: items.map((json) => ({ json })), onError });
}

describe('Contact: Search', () => {
	test.each([
		['emailcontact', 'ops@example.com'],
		['namecontact', 'Operaciones'],
	])('by %s finds the contact, one output item per input item', async (contactSearchField, value) => {
		const result = await run({ operation: 'search', contactSearchField, contactSearchValue: '={{ $json.v }}' }, [{ v: value }, { v: 'nadie' }]);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[0].json).toMatchObject({ count: 1, message: '1 records were are found' });
		expect((result.items[0].json.contacts as IDataObject[])[0]).toMatchObject({ emailcontact: 'ops@example.com', namecontact: 'Operaciones', wolkvox_id: expect.stringMatching(/^[0-9a-f]{24}$/) });
		// Zero results: a count of 0, never an error.
		expect(result.items[1].json).toMatchObject({ count: 0, contacts: [], message: '0 records were are found' });
	});

	test.each(['empty', 'missing', 'notFound'] as const)('no match answered as %s: count 0, never an error; Find or Create then creates', async (zeroResults) => {
		emulator.zeroResults = zeroResults;
		try {
			const search = await run({ operation: 'search', contactSearchField: 'emailcontact', contactSearchValue: 'nadie@example.com' });
			expect(search.error).toBeUndefined();
			expect(search.items[0].json).toMatchObject({ count: 0, contacts: [] });
			const found = await run({ operation: 'findOrCreate', contactEmail: 'nadie@example.com' });
			expect(found.items[0].json).toMatchObject({ created: true });
			expect(contactsNamed('nadie@example.com')).toHaveLength(1);
		} finally {
			emulator.zeroResults = 'empty';
		}
	});

	test('by identification, phone and a custom field label', async () => {
		await run({ operation: 'create', contactName: 'Ana Ruiz', contactEmail: 'ana@example.com', contactFields: { identification: '1020304050', phone: '3001234567' }, customFields: { field: [{ name: 'Ciudad', value: 'Medellín' }] } });
		for (const [contactSearchField, extra] of [
			['idcontact', { contactSearchValue: '1020304050' }],
			['telephonecontact', { contactSearchValue: '3001234567' }],
			['__label', { contactFieldLabel: 'Ciudad', contactSearchValue: 'Medellín' }],
		] as const) {
			const result = await run({ operation: 'search', contactSearchField, ...extra });
			expect(result.items[0].json.count).toBe(1);
			expect((result.items[0].json.contacts as IDataObject[])[0].emailcontact).toBe('ana@example.com');
		}
		expect(bodies.slice(1).map((b) => JSON.parse(b).field)).toEqual(['idcontact', 'telephonecontact', 'Ciudad']);
	});

	test('a label the contacts module does not have fails the item with what wolkvox said', async () => {
		const result = await run({ operation: 'search', contactSearchField: '__label', contactFieldLabel: 'Cuidad', contactSearchValue: 'x' }, [{}], 'continueRegularOutput');
		expect(result.items[0].json.error).toMatch(/wolkvox refused to search contacts: THE FIELD "Cuidad" DOES NOT EXIST IN THE MODULE "contacts"/);
	});
});

describe('Contact: Create', () => {
	test('sends the standard fields and typed custom values as wolkvox documents them', async () => {
		const result = await run({
			operation: 'create',
			contactName: 'Pedro Gómez',
			contactEmail: 'pedro@example.com',
			contactFields: { identification: '79000111', phone: '3104445566', phoneCountry: 'CO', phoneCode: '57' },
			customFields: {
				field: [
					{ name: 'Ciudad', type: 'text', value: 'Cali' },
					{ name: 'Puntos', type: 'number', value: '1500' },
					{ name: 'Fecha de nacimiento', type: 'date', value: '1990-04-30' },
					{ name: 'Dirección', type: 'address', value: 'Calle 10 # 5-20' },
					{ name: 'Saldo', type: 'currency', value: '150000', symbol: 'cop' },
					{ name: 'Empresa', type: 'search', value: 'ACME', valueId: '64cb0f2e9a1b2c3d4e5f6a7b', searchModule: 'companies' },
					{ name: 'Productos', type: 'table', value: '[{"producto":"A","cantidad":2}]' },
					{ name: 'Teléfono móvil', type: 'telephone', value: '3001112233', country: 'CO', code: '57' },
				],
			},
		});
		expect(result.error).toBeUndefined();
		const [stored] = contactsNamed('pedro@example.com');
		expect(result.items[0].json).toMatchObject({ wolkvox_id: stored.wolkvoxId, emailcontact: 'pedro@example.com', message: 'Succesfully create record' });
		expect(lastBody()).toEqual({ operation: 'testmodule', module: 'contacts' });
		expect(stored.fields).toEqual({
			namecontact: 'Pedro Gómez',
			emailcontact: 'pedro@example.com',
			idcontact: '79000111',
			telephonecontact: { type: 'telephone', value: '3104445566', country: 'CO', code: '57' },
			Ciudad: 'Cali',
			Puntos: 1500,
			'Fecha de nacimiento': '1990-04-30',
			Dirección: { type: 'address', value: 'Calle 10 # 5-20' },
			Saldo: { type: 'currency', value: 150000, symbol: 'COP' },
			Empresa: { type: 'search', value: 'ACME', value_id: '64cb0f2e9a1b2c3d4e5f6a7b', searchModuleName: 'companies' },
			Productos: { type: 'table', value: [{ producto: 'A', cantidad: 2 }] },
			'Teléfono móvil': { type: 'telephone', value: '3001112233', country: 'CO', code: '57' },
		});
	});

	test('custom fields as a JSON object, typed values included', async () => {
		const result = await run({
			operation: 'create',
			contactName: 'Luz',
			customFieldsInput: 'json',
			customFieldsJson: '={{ $json.fields }}',
		}, [{ fields: { Dirección: { type: 'address', value: 'Cra 7' }, Puntos: 3 } }]);
		expect(result.error).toBeUndefined();
		const stored = emulator.contacts.find((c) => c.fields.namecontact === 'Luz')!;
		expect(stored.fields).toEqual({ namecontact: 'Luz', Dirección: { type: 'address', value: 'Cra 7' }, Puntos: 3 });
	});

	test.each([
		[{ customFields: { field: [{ name: 'Puntos', type: 'number', value: 'muchos' }] } }, /Custom field "Puntos" of item 0 \(number\): "muchos" is not a number/],
		[{ customFields: { field: [{ name: 'Fecha de nacimiento', type: 'date', value: '30/04/1990' }] } }, /is not a date as YYYY-MM-DD/],
		[{ customFields: { field: [{ name: 'Saldo', type: 'currency', value: '10', symbol: 'pesos' }] } }, /3-letter code/],
		[{ customFieldsInput: 'json', customFieldsJson: '{"Dirección": {"type": "adress", "value": "x"}}' }, /Custom field "Dirección" of item 0 has an object whose "type" is "adress"/],
		[{ contactFields: { phone: '300', phoneCountry: 'CO' } }, /The phone in Additional Fields of item 0: its calling code is empty/],
		[{ contactName: ' ' }, /Name is empty for item 0/],
	])('refuses a bad value before sending anything (%#)', async (parameters, message) => {
		const result = await run({ operation: 'create', contactName: 'X', ...parameters });
		expect(result.error?.message).toMatch(message);
		expect(emulator.requests).toHaveLength(0);
	});

	test("wolkvox's refusal fails the item; with Continue On Fail the other items go on", async () => {
		const result = await run(
			{ operation: 'create', contactName: '={{ $json.name }}', contactEmail: '={{ $json.email }}' },
			[{ name: 'Bien', email: 'bien@example.com' }, { name: 'Mal', email: 'no es correo' }],
			'continueRegularOutput',
		);
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.wolkvox_id).toMatch(/^[0-9a-f]{24}$/);
		expect(result.items[1].json.error).toMatch(/wolkvox refused to create the contact: INVALID VALUE FOR "emailcontact"/);
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(contactsNamed('bien@example.com')).toHaveLength(1);
	});
});

describe('Contact: Update', () => {
	test('sends only the fields given', async () => {
		const [ops] = contactsNamed('ops@example.com');
		const result = await run({ operation: 'update', contactId: ops.wolkvoxId, contactUpdateFields: { phone: '6041234567' }, customFields: { field: [{ name: 'Ciudad', value: 'Bogotá' }] } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ wolkvox_id: ops.wolkvoxId, message: 'Succesfully update record', fields: { telephonecontact: '6041234567', Ciudad: 'Bogotá' } });
		expect(ops.fields).toEqual({ namecontact: 'Operaciones', emailcontact: 'ops@example.com', telephonecontact: '6041234567', Ciudad: 'Bogotá' });
		expect(ops.updates).toBe(1);
	});

	test('nothing to update fails before sending; an unknown id goes to the error output', async () => {
		let result = await run({ operation: 'update', contactId: 'x' });
		expect(result.error?.message).toMatch(/Nothing to update for item 0/);
		expect(emulator.requests).toHaveLength(0);
		result = await run({ operation: 'update', contactId: 'a'.repeat(24), contactUpdateFields: { name: 'Nadie' } }, [{}], 'continueErrorOutput');
		expect(result.items).toHaveLength(0);
		expect(result.errors[0].json.error).toMatch(/wolkvox refused to update the contact: RECORD NOT FOUND/);
	});
});

describe('Contact: Find or Create', () => {
	test('an existing contact is found, not created (its e-mail as the CRM holds it, found by a lower-case retry)', async () => {
		const result = await run({ operation: 'findOrCreate', contactEmail: 'OPS@Example.com', contactName: 'Otro nombre' });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ created: false, emailcontact: 'ops@example.com', contact: { namecontact: 'Operaciones' } });
		expect(bodies.map((b) => JSON.parse(b).value)).toEqual(['OPS@Example.com', 'ops@example.com']);
		expect(emulator.contacts).toHaveLength(3);
	});

	test('a new e-mail makes one contact, with its name and fields, and says created: true', async () => {
		const result = await run({
			operation: 'findOrCreate',
			contactEmail: '={{ $json.from }}',
			contactName: '={{ $json.name }}',
			contactFields: { identification: '55' },
		}, [{ from: 'nuevo@example.com', name: 'Nuevo Cliente' }]);
		expect(result.error).toBeUndefined();
		const [stored] = contactsNamed('nuevo@example.com');
		expect(result.items[0].json).toMatchObject({ created: true, wolkvox_id: stored.wolkvoxId, emailcontact: 'nuevo@example.com' });
		expect(stored.fields).toEqual({ namecontact: 'Nuevo Cliente', emailcontact: 'nuevo@example.com', idcontact: '55' });
	});

	test('items of one execution asking for the same new e-mail make one contact', async () => {
		emulator.latencyMs = 30;
		try {
			const result = await run({ operation: 'findOrCreate', contactEmail: '={{ $json.from }}', options: { concurrency: 4 } }, [
				{ from: 'dup@example.com' },
				{ from: 'dup@example.com' },
				{ from: 'DUP@example.com' },
				{ from: 'otro@example.com' },
			]);
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.created)).toEqual([true, false, false, true]);
			expect(contactsNamed('dup@example.com')).toHaveLength(1);
			expect(new Set(result.items.slice(0, 3).map((i) => i.json.wolkvox_id)).size).toBe(1);
			// The name falls back to the address when none is mapped.
			expect(contactsNamed('dup@example.com')[0].fields.namecontact).toBe('dup@example.com');
		} finally {
			emulator.latencyMs = 0;
		}
	});

	test('an address wrapped in a name is refused before sending', async () => {
		const result = await run({ operation: 'findOrCreate', contactEmail: 'Ana <ana@example.com>' }, [{}], 'continueErrorOutput');
		expect(result.errors[0].json.error).toMatch(/Email of item 0 is not one e-mail address/);
		expect(emulator.requests).toHaveLength(0);
	});

	test("Search and Find or Create keep the item's files, for the Create after them", async () => {
		for (const parameters of [
			{ operation: 'search', contactSearchField: 'emailcontact', contactSearchValue: 'ops@example.com' },
			{ operation: 'findOrCreate', contactEmail: 'ops@example.com' },
		]) {
			const result = await runCaseNode({
				emulator,
				parameters: { resource: 'contact', ...parameters },
				items: [{ json: {}, binary: { attachment_0: binary('%PDF', 'a.pdf', 'application/pdf') } }],
			});
			expect(result.items[0].binary?.attachment_0.fileName).toBe('a.pdf');
		}
	});
});
