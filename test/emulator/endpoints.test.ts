/**
 * The four endpoints beyond insert / updateCaseAttachment: queryCases.php, update.php,
 * insertAttach.php and listHistoryNote.php, over real HTTP. Each rule has a test of its own.
 */
import { randomBytes } from 'node:crypto';
import {
	ERRORS,
	GUESSED_ERRORS,
	HISTORY_FIELDS,
	HISTORY_NOTES,
	INSERT_REQUIRED,
	PATHS,
	QUERY_FIELDS,
	QUERY_REQUIRED,
	SUCCESS,
	UPDATE_MULTIPART_REQUIRED,
	invalidSearchField,
} from './contract';
import { WolkvoxEmulator, type HistoryNote } from './server';
import { UNKNOWN_REFERENCES, VALID, expectError, form, sha256, testClient, useTestEmulator } from './testClient';
import type { CallInit, Reply } from './testClient';

const OTHER_TOKEN = 'f'.repeat(32);
const INTERNAL_TOKEN = 'e'.repeat(32);
const emulator = new WolkvoxEmulator({
	extraTokens: [
		{ token: OTHER_TOKEN, operation: 'othermodule' },
		{ token: INTERNAL_TOKEN, operation: 'testmodule', tokenType: 'Internal' },
	],
});

const OTHER_VALID: Record<string, string> = {
	...VALID,
	operation: 'othermodule',
	responsible: 'ADMIN_@othermodule',
	owner: 'AGENT1_@othermodule',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface CaseRecord {
	wolkvox_id: string;
	idCase: string;
	idPrefijo: string;
	'case-type': string;
	responsible: string;
	owner: string;
	contact: string;
	description: string;
	status: string;
	priority: string;
	solution: string;
	form: Record<string, unknown>;
	attachments: number;
	created: string;
}

const { call, postJson, createCase } = testClient(emulator);

const query = (payload: unknown, init: CallInit = {}): Promise<Reply> => postJson(PATHS.queryCases, payload, init);
const insertAttach = (payload: unknown, init: CallInit = {}): Promise<Reply> => postJson(PATHS.insertAttach, payload, init);
const history = (payload: unknown, init: CallInit = {}): Promise<Reply> => postJson(PATHS.listHistoryNote, payload, init);
const updateJson = (payload: unknown, init: CallInit = {}): Promise<Reply> =>
	postJson(PATHS.updateCaseAttachment, payload, init);
const updateForm = (body: RequestInit['body'], init: CallInit = {}): Promise<Reply> =>
	call(PATHS.update, { ...init, body });

/** update.php's minimal valid fields for a case. */
const updateFields = (id: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
	operation: 'testmodule',
	'wolkvox-id': id,
	responsible: 'AGENT2_@testmodule',
	status: 'open',
	...extra,
});

const historyOf = async (id: string, extra: Record<string, unknown> = {}): Promise<HistoryNote[]> => {
	const reply = await history({ operation: 'testmodule', field: 'wolkvox-id', value: id, ...extra });
	expect(reply.body?.code).toBe(200);
	return reply.body!.data as HistoryNote[];
};

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');

const expectMissing = (reply: Reply, name: string): void => {
	expectError(reply, 400, ERRORS.parametersRequired);
	expect(reply.body!.msg).toBe(`${ERRORS.parametersRequired}: ${name}`);
};

/** A case's state that a rejected request must leave alone. */
const snapshot = (id: string): string => JSON.stringify(emulator.findCase(id));

useTestEmulator(emulator);

/** A valid request for each new endpoint, given an existing case of the main operation. */
interface Endpoint {
	path: string;
	/** a request that succeeds; `operation` overrides the body's operation */
	valid: (id: string, operation?: string) => CallInit;
	/** the same content in the other body format, which the endpoint must refuse */
	wrongFormat: (id: string) => CallInit;
	formatError: string;
	/** whether a valid request creates a case (otherwise it changes none, or the given one) */
	creates: boolean;
}

const jsonInit = (payload: unknown): CallInit => ({ body: JSON.stringify(payload), headers: { 'Content-Type': 'application/json' } });

const ENDPOINTS: Endpoint[] = [
	{
		path: PATHS.queryCases,
		valid: (id, operation = 'testmodule') => jsonInit({ operation, field: 'wolkvox-id', value: id }),
		wrongFormat: (id) => ({ body: form({ operation: 'testmodule', field: 'wolkvox-id', value: id }) }),
		formatError: GUESSED_ERRORS.bodyMustBeJson,
		creates: false,
	},
	{
		path: PATHS.update,
		valid: (id, operation = 'testmodule') => ({ body: form(updateFields(id, { operation })) }),
		wrongFormat: (id) => jsonInit(updateFields(id)),
		formatError: GUESSED_ERRORS.bodyMustBeFormData,
		creates: false,
	},
	{
		path: PATHS.insertAttach,
		valid: (_id, operation = 'testmodule') => jsonInit({ ...VALID, operation, attachments: [b64('x')] }),
		wrongFormat: () => ({ body: form(VALID) }),
		formatError: GUESSED_ERRORS.bodyMustBeJson,
		creates: true,
	},
	{
		path: PATHS.listHistoryNote,
		valid: (id, operation = 'testmodule') => jsonInit({ operation, field: 'wolkvox-id', value: id, limit: 5 }),
		wrongFormat: (id) => ({ body: form({ operation: 'testmodule', field: 'wolkvox-id', value: id }) }),
		formatError: GUESSED_ERRORS.bodyMustBeJson,
		creates: false,
	},
];

describe.each(ENDPOINTS)('$path: the rules every endpoint shares', (endpoint) => {
	const post = (init: CallInit): Promise<Reply> => call(endpoint.path, init);

	it('succeeds with a valid request (the baseline of the tests below)', async () => {
		const id = await createCase();
		const reply = await post(endpoint.valid(id));
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ code: 200, error: 'null' });
		expect(emulator.cases).toHaveLength(endpoint.creates ? 2 : 1);
	});

	it('answers 405 to GET', async () => {
		expectError(await call(endpoint.path, { method: 'GET' }), 405, GUESSED_ERRORS.methodNotAllowed);
	});

	it('answers 401 without a Wolkvox-Token and 403 PLEASE VALIDATE TOKEN for an unknown one', async () => {
		const id = await createCase();
		const before = snapshot(id);
		expectError(await post({ ...endpoint.valid(id), token: null }), 401, ERRORS.enterToken);
		expectError(await post({ ...endpoint.valid(id), token: 'deadbeef'.repeat(4) }), 403, ERRORS.validateToken);
		expect(snapshot(id)).toBe(before);
		expect(emulator.cases).toHaveLength(1);
	});

	it("answers 403 PLEASE VALIDATE TOKEN when the body's operation is not the token's", async () => {
		const id = await createCase();
		const before = snapshot(id);
		expectError(await post(endpoint.valid(id, 'othermodule')), 403, ERRORS.validateToken);
		expect(snapshot(id)).toBe(before);
		expect(emulator.cases).toHaveLength(1);
	});

	it('answers 403 TOKEN LIMIT EXCEEDED once the daily quota is used', async () => {
		const id = await createCase();
		emulator.dailyQuota = emulator.tokenStats().usedToday;
		expectError(await post(endpoint.valid(id)), 403, ERRORS.tokenLimitExceeded);
		expect(emulator.cases).toHaveLength(1);
		expect(emulator.findCase(id)?.updates).toBe(0);
	});

	it('counts against the daily quota', async () => {
		const id = await createCase();
		await post(endpoint.valid(id));
		expect(emulator.tokenStats().usedToday).toBe(2);
	});

	it('rejects a third simultaneous request of the same token', async () => {
		const id = await createCase();
		emulator.latencyMs = 300;
		const replies = await Promise.all([post(endpoint.valid(id)), post(endpoint.valid(id)), post(endpoint.valid(id))]);
		const rejected = replies.filter((reply) => reply.status === 403);
		expect(rejected).toHaveLength(1);
		expect(rejected[0].body!.msg).toBe(ERRORS.simultaneousLimit);
		expect(replies.filter((reply) => reply.status === 200)).toHaveLength(2);
	});

	it('refuses the other body format', async () => {
		const id = await createCase();
		const before = snapshot(id);
		expectError(await post(endpoint.wrongFormat(id)), 400, endpoint.formatError);
		expect(snapshot(id)).toBe(before);
		expect(emulator.cases).toHaveLength(1);
	});
});

describe.each([PATHS.queryCases, PATHS.insertAttach, PATHS.listHistoryNote])('%s: raw JSON bodies', (path) => {
	it.each(['{"operation":', '[]', '"text"', 'null', ''])('rejects the body %j: it must be a JSON object', async (body) => {
		expectError(await postJson(path, body), 400, GUESSED_ERRORS.invalidJson);
	});

	it('rejects a JSON body sent as text/plain, and accepts a charset parameter', async () => {
		const id = await createCase();
		const valid = ENDPOINTS.find((endpoint) => endpoint.path === path)!.valid(id);
		expectError(await call(path, { ...valid, headers: { 'Content-Type': 'text/plain' } }), 400, GUESSED_ERRORS.bodyMustBeJson);
		const withCharset = await call(path, { ...valid, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
		expect(withCharset.body?.code).toBe(200);
	});
});

describe('cases/queryCases.php', () => {
	it('answers the documented envelope with an array of case records', async () => {
		const id = await createCase({ ...VALID, form: '{"order":"A-1","n":2}' }, [{ name: 'a.pdf' }]);
		expect((await updateJson({ operation: 'testmodule', 'wolkvox-id': id, responsible: VALID.responsible, status: 'open', attachments: [b64('x'), b64('y')] })).body?.code).toBe(200);
		const reply = await query({ operation: 'testmodule', field: 'wolkvox-id', value: id });
		expect(reply.status).toBe(200);
		expect(reply.text.startsWith('{"code":200,"error":"null","msg":"1 records were are found","data":[{"wolkvox_id":')).toBe(true);
		const stored = emulator.findCase(id)!;
		expect(reply.body!.data).toEqual([
			{
				wolkvox_id: id,
				idCase: '1',
				idPrefijo: '',
				'case-type': 'Request',
				responsible: VALID.responsible,
				owner: VALID.owner,
				contact: VALID.contact,
				description: VALID.description,
				status: 'open',
				priority: 'low',
				solution: '',
				form: { order: 'A-1', n: 2 },
				attachments: 3,
				created: stored.created,
			},
		]);
		expect(stored.created).toMatch(ISO_DATE);
		expect(Math.abs(Date.parse(stored.created!) - Date.now())).toBeLessThan(10_000);
	});

	it('answers 200 with data [] and "0 records were are found" when nothing matches', async () => {
		await createCase();
		const reply = await query({ operation: 'testmodule', field: 'status', value: 'closed' });
		expect(reply.status).toBe(200);
		expect(reply.text).toBe('{"code":200,"error":"null","msg":"0 records were are found","data":[]}');
		expect(SUCCESS.found(0)).toBe('0 records were are found');
	});

	describe('searches each documented field', () => {
		// A and C share everything searchable; B differs in every field.
		const A = VALID;
		const B = {
			...VALID,
			'case-type': 'Claims',
			responsible: 'AGENT2_@testmodule',
			owner: 'ADMIN_@testmodule',
			contact: 'ops@example.com',
			status: 'closed',
			solution: 'Fixed.',
			priority: 'high',
		};
		const C = { ...VALID, description: 'another' };
		let ids: string[] = [];
		beforeEach(async () => {
			ids = [await createCase(A), await createCase(B), await createCase(C)];
			emulator.cases[1].idPrefijo = 'PQR-2';
		});

		it.each<[string, (id: string[]) => string, number[]]>([
			['status', () => 'closed', [1]],
			['status', () => 'open', [0, 2]],
			['priority', () => 'high', [1]],
			['idCase', () => '2', [1]],
			['idCase', () => '3', [2]],
			['idPrefijo', () => 'PQR-2', [1]],
			['prefix', () => 'PQR-2', [1]],
			['wolkvox-id', (id) => id[2], [2]],
			['responsible user', () => 'AGENT2_@testmodule', [1]],
			['responsible user', () => 'ADMIN_@testmodule', [0, 2]],
			['owner user', () => 'ADMIN_@testmodule', [1]],
			['type case', () => 'Claims', [1]],
			['email contact', () => 'ops@example.com', [1]],
			['email contact', () => 'cliente@example.com', [0, 2]],
			['description', () => 'another', [2]],
			['solution', () => 'Fixed.', [1]],
		])('%s', async (field, value, expected) => {
			const reply = await query({ operation: 'testmodule', field, value: value(ids) });
			expect(reply.body!.msg).toBe(SUCCESS.found(expected.length));
			expect((reply.body!.data as CaseRecord[]).map((record) => record.wolkvox_id)).toEqual(expected.map((index) => ids[index]));
		});

		it('takes exactly the 26 field values the vendor lists, verbatim', () => {
			expect(QUERY_FIELDS).toEqual([
				'status', 'priority', 'email contact', 'name contact', 'contact wolkvox id', 'contact identification',
				'contact phone', 'description', 'idCase', 'idPrefijo', 'companyName', 'company name', 'company id', 'prefix',
				'reopened', 'responsible name', 'responsible user', 'responsible id', 'owner name', 'owner user', 'owner id',
				'solution', 'wolkvox-id', 'type case', 'case expired', 'reason',
			]);
		});

		it.each(QUERY_FIELDS)('accepts the field %j', async (field) => {
			const reply = await query({ operation: 'testmodule', field, value: 'n8n-nodes-wolkvox: matches nothing' });
			expect([reply.status, reply.body]).toEqual([200, { code: 200, error: 'null', msg: SUCCESS.found(0), data: [] }]);
		});

		it('compares with exact, case-sensitive string equality', async () => {
			for (const [field, value] of [
				['status', 'Open'],
				['status', 'ope'],
				['status', ' open'],
				['email contact', 'CLIENTE@example.com'],
				['type case', 'request'],
				['idCase', '02'],
				['idCase', '2.0'],
				['wolkvox-id', ids[0].toUpperCase()],
				['owner user', 'ADMIN_'],
			]) {
				const reply = await query({ operation: 'testmodule', field, value });
				expect([field, value, reply.body!.data]).toEqual([field, value, []]);
			}
		});

		it('finds the solution and the new status after an update', async () => {
			await updateForm(form(updateFields(ids[0], { status: 'closed', solution: 'Done.' })));
			const reply = await query({ operation: 'testmodule', field: 'status', value: 'closed' });
			const records = reply.body!.data as CaseRecord[];
			expect(records.map((record) => [record.wolkvox_id, record.solution, record.responsible])).toEqual([
				[ids[0], 'Done.', 'AGENT2_@testmodule'],
				[ids[1], 'Fixed.', B.responsible],
			]);
		});
	});

	it("sees only the token's own operation", async () => {
		const own = await createCase();
		const other = await createCase(OTHER_VALID, [], { token: OTHER_TOKEN });
		const mine = await query({ operation: 'testmodule', field: 'status', value: 'open' });
		expect((mine.body!.data as CaseRecord[]).map((record) => record.wolkvox_id)).toEqual([own]);
		expect((await query({ operation: 'testmodule', field: 'wolkvox-id', value: other })).body!.data).toEqual([]);
		const theirs = await query({ operation: 'othermodule', field: 'idCase', value: '1' }, { token: OTHER_TOKEN });
		expect((theirs.body!.data as CaseRecord[]).map((record) => record.wolkvox_id)).toEqual([other]);
	});

	it('numbers idCase from 1 per operation, and again after reset()', async () => {
		await createCase();
		await createCase(OTHER_VALID, [], { token: OTHER_TOKEN });
		await createCase();
		expect(emulator.cases.map((stored) => [stored.operation, stored.idCase])).toEqual([
			['testmodule', '1'],
			['othermodule', '1'],
			['testmodule', '2'],
		]);
		emulator.reset();
		await createCase();
		expect(emulator.cases[0].idCase).toBe('1');
	});

	it.each(['responsible', 'owner', 'case-type', 'contact', 'contact email', 'Status', 'type-case', 'wolkvox_id', 'idcase', 'email contact '])(
		'answers 400 for the unknown field %j',
		async (field) => {
			await createCase();
			expectError(await query({ operation: 'testmodule', field, value: 'x' }), 400, invalidSearchField(field, QUERY_FIELDS));
		},
	);

	it.each(QUERY_REQUIRED)('answers 400 SOME PARAMETERS ARE REQUIRED without %s, or with it blank', async (name) => {
		for (const value of [undefined, '', '  ']) {
			expectMissing(await query({ operation: 'testmodule', field: 'status', value: 'open', [name]: value }), name);
		}
	});

	it.each([
		['value', 1],
		['value', null],
		['value', ['open']],
		['field', 3],
		['operation', true],
	])('rejects a non-string %s (%j)', async (name, value) => {
		const reply = await query({ operation: 'testmodule', field: 'idCase', value: '1', [name]: value });
		expectError(reply, 400, `INVALID PARAMETER TYPE: ${name}`);
	});

	it('changes nothing', async () => {
		const id = await createCase();
		const before = snapshot(id);
		await query({ operation: 'testmodule', field: 'wolkvox-id', value: id });
		expect(snapshot(id)).toBe(before);
	});
});

describe.each([PATHS.queryCases, PATHS.listHistoryNote])('%s: zero results in each shape (zeroResults)', (path) => {
	const nothing = { operation: 'testmodule', field: 'wolkvox-id', value: '0123456789abcdef01234567' };

	it.each<[string, number, string]>([
		['empty', 200, '{"code":200,"error":"null","msg":"0 records were are found","data":[]}'],
		['missing', 200, '{"code":200,"error":"null","msg":"0 records were are found"}'],
		['notFound', 404, '{"code":404,"error":"NOT FOUND","msg":"NOT FOUND","data":[]}'],
	])('%s', async (mode, status, text) => {
		emulator.zeroResults = mode as WolkvoxEmulator['zeroResults'];
		await createCase();
		const reply = await postJson(path, nothing);
		expect([reply.status, reply.text]).toEqual([status, text]);
		// a match is answered the same way in every mode
		const id = emulator.cases[0].wolkvoxId;
		expect((await postJson(path, { ...nothing, value: id })).body!.msg).toMatch(/^[1-9]\d* records were are found$/);
	});

	it('answers code "200" as a string when codeAsString is set', async () => {
		emulator.codeAsString = true;
		expect((await postJson(path, nothing)).text).toBe('{"code":"200","error":"null","msg":"0 records were are found","data":[]}');
	});
});

describe('cases/updateCaseAttachment.php: attachmentsMode', () => {
	const attach = (id: string, attachments?: string[]): Promise<Reply> =>
		updateJson({ operation: 'testmodule', 'wolkvox-id': id, responsible: VALID.responsible, status: 'open', ...(attachments ? { attachments } : {}) });

	it.each<[string, string[][]]>([
		['append', [['one.pdf'], ['one.pdf', 'attachments[0]', 'attachments[1]'], ['one.pdf', 'attachments[0]', 'attachments[1]']]],
		['replace', [['one.pdf'], ['attachments[0]', 'attachments[1]'], ['attachments[0]', 'attachments[1]']]],
	])('%s: what the case holds after an update with two files, then one without attachments', async (mode, expected) => {
		emulator.attachmentsMode = mode as WolkvoxEmulator['attachmentsMode'];
		const id = await createCase(VALID, [{ name: 'one.pdf' }]);
		const names = () => emulator.findCase(id)!.files.map((file) => file.fileName ?? file.field);
		const seen = [names()];
		expect((await attach(id, [b64('x'), b64('y')])).body!.code).toBe(200);
		seen.push(names());
		expect((await attach(id)).body!.code).toBe(200);
		seen.push(names());
		expect(seen).toEqual(expected);
	});

	it('replace with an empty list leaves the case without files', async () => {
		emulator.attachmentsMode = 'replace';
		const id = await createCase(VALID, [{ name: 'one.pdf' }]);
		expect((await attach(id, [])).body!.code).toBe(200);
		expect(emulator.findCase(id)!.files).toEqual([]);
	});
});

describe('cases/update.php', () => {
	it('updates fields, merges form, appends files and answers the documented envelope', async () => {
		const id = await createCase({ ...VALID, form: '{"a":"1","b":"2"}' }, [{ name: 'first.pdf', content: 'one' }]);
		const fields = updateFields(id, { priority: 'high', description: 'edited', form: '{"b":"B","c":3}', extra: 'kept' });
		const reply = await updateForm(
			form(fields, [
				{ field: 'file[]', name: 'dir/scan.png', content: 'PNG', type: 'image/png' },
				{ field: 'file[]', name: 'b.zip', content: 'ZIP', type: 'application/zip' },
			]),
		);
		expect(reply.status).toBe(200);
		expect(reply.text).toBe(`{"code":200,"error":"null","msg":"Succesfully update record","data":{"wolkvox_id":"${id}"}}`);
		const stored = emulator.findCase(id)!;
		expect(stored.updates).toBe(1);
		const expected: Record<string, string> = { ...VALID, responsible: 'AGENT2_@testmodule', priority: 'high', description: 'edited', extra: 'kept' };
		delete expected.operation;
		expect(stored.fields).toEqual(expected);
		for (const key of ['operation', 'wolkvox-id', 'form']) expect(stored.fields).not.toHaveProperty([key]);
		expect(stored.form).toEqual({ a: '1', b: 'B', c: 3 });
		expect(stored.files.map((file) => [file.field, file.fileName, file.contentType, file.size, file.sha256, file.source])).toEqual([
			['file', 'first.pdf', 'application/pdf', 3, sha256('one'), 'multipart'],
			['file[]', 'scan.png', 'image/png', 3, sha256('PNG'), 'multipart'],
			['file[]', 'b.zip', 'application/zip', 3, sha256('ZIP'), 'multipart'],
		]);
		expect(stored.files[1].bytes).toEqual(Buffer.from('PNG'));
		expect(stored.createdVia).toBe('insert');
	});

	it('keeps only the last of several parts named file, and records the dropped ones', async () => {
		const id = await createCase();
		const reply = await updateForm(form(updateFields(id), [{ name: 'a.pdf' }, { name: 'b.pdf' }]));
		expect(reply.body?.code).toBe(200);
		expect(emulator.findCase(id)!.files.map((file) => file.fileName)).toEqual(['b.pdf']);
		expect(emulator.droppedFiles.map((file) => file.fileName)).toEqual(['a.pdf']);
	});

	it('ignores files under other names', async () => {
		const id = await createCase();
		expect((await updateForm(form(updateFields(id), [{ field: 'attachments', name: 'x.exe' }]))).body?.code).toBe(200);
		expect(emulator.findCase(id)!.files).toEqual([]);
		expect(emulator.ignoredFiles.map((file) => file.fileName)).toEqual(['x.exe']);
	});

	it('hashes without keeping bytes when keepBytes is off', async () => {
		emulator.keepBytes = false;
		const id = await createCase();
		await updateForm(form(updateFields(id), [{ name: 'a.pdf', content: 'abc' }]));
		expect(emulator.findCase(id)!.files).toEqual([
			{ field: 'file', fileName: 'a.pdf', contentType: 'application/pdf', size: 3, sha256: sha256('abc'), source: 'multipart' },
		]);
	});

	it.each(['virus.exe', 'README', 'photo.webp', 'report.pdf/evil.exe'])('rejects the file %j and changes nothing, even next to a good file', async (name) => {
		const id = await createCase();
		const before = snapshot(id);
		const reply = await updateForm(form(updateFields(id, { status: 'Abierto' }), [{ field: 'file[]', name: 'good.pdf' }, { field: 'file[]', name }]));
		expect(reply.status).toBe(400);
		expect(reply.body!.msg).toContain(`FILE EXTENSION NOT ALLOWED: "${name.split('/').pop()}"`);
		expect(snapshot(id)).toBe(before);
	});

	it('accepts an allowed extension in any letter case', async () => {
		const id = await createCase();
		expect((await updateForm(form(updateFields(id), [{ name: 'SCAN.JPEG' }]))).body?.code).toBe(200);
	});

	it('rejects a broken multipart body', async () => {
		const id = await createCase();
		expectError(await updateForm('x', { headers: { 'Content-Type': 'multipart/form-data' } }), 400, GUESSED_ERRORS.malformedMultipart);
		const before = snapshot(id);
		const boundary = 'b0undary';
		const cut = `--${boundary}\r\nContent-Disposition: form-data; name="operation"\r\n\r\ntestmodule\r\n--${boundary}\r\nContent-Disposition: form-data; name="status"\r\n\r\nop`;
		expectError(await updateForm(cut, { headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` } }), 400, GUESSED_ERRORS.malformedMultipart);
		expect(snapshot(id)).toBe(before);
	});

	it('refuses application/x-www-form-urlencoded', async () => {
		const id = await createCase();
		expectError(await updateForm(new URLSearchParams(updateFields(id) as Record<string, string>)), 400, GUESSED_ERRORS.bodyMustBeFormData);
	});

	it.each(UPDATE_MULTIPART_REQUIRED)('answers 400 SOME PARAMETERS ARE REQUIRED without %s, or with it blank', async (name) => {
		const id = await createCase();
		const before = snapshot(id);
		for (const value of [undefined, '', ' ']) expectMissing(await updateForm(form(updateFields(id, { [name]: value }))), name);
		expect(snapshot(id)).toBe(before);
	});

	it('requires operation, wolkvox-id, responsible and status only', async () => {
		expect([...UPDATE_MULTIPART_REQUIRED]).toEqual(['operation', 'wolkvox-id', 'responsible', 'status']);
		const reply = await updateForm(form({ operation: 'testmodule' }));
		expect(reply.body!.msg).toBe(`${ERRORS.parametersRequired}: wolkvox-id, responsible, status`);
	});

	it.each(['not json', '[1]', '"text"', 'null', ''])('rejects form=%j: it must be a JSON object string', async (value) => {
		const id = await createCase();
		const before = snapshot(id);
		expectError(await updateForm(form(updateFields(id, { form: value }))), 400, GUESSED_ERRORS.formNotObject);
		expect(snapshot(id)).toBe(before);
	});

	it('answers 404 RECORD NOT FOUND for an unknown id, or a case of another operation', async () => {
		expectError(await updateForm(form(updateFields('0123456789abcdef01234567'))), 404, GUESSED_ERRORS.recordNotFound);
		const other = await createCase(OTHER_VALID, [], { token: OTHER_TOKEN });
		const before = snapshot(other);
		expectError(await updateForm(form(updateFields(other))), 404, GUESSED_ERRORS.recordNotFound);
		expect(snapshot(other)).toBe(before);
	});

	it.each([
		['responsible', 'GHOST_@testmodule', 'THE RESPONSIBLE "GHOST_@testmodule" DOES NOT EXIST'],
		['owner', 'admin_@testmodule', 'THE OWNER "admin_@testmodule" DOES NOT EXIST'],
		['owner', '', 'THE OWNER "" DOES NOT EXIST'],
		['contact', 'nobody@example.com', 'THE CONTACT "nobody@example.com" DOES NOT EXIST'],
		['case-type', 'Nope', 'THE CASE-TYPE "Nope" DOES NOT EXIST'],
		['status', 'Open', 'THE STATUS "Open" DOES NOT EXIST FOR CASE TYPE "Request"'],
		['priority', 'LOW', 'THE PRIORITY "LOW" DOES NOT EXIST FOR CASE TYPE "Request"'],
	])('rejects a %s that does not exist (%j)', async (field, value, error) => {
		const id = await createCase();
		const before = snapshot(id);
		expectError(await updateForm(form(updateFields(id, { [field]: value }))), 400, error);
		expect(snapshot(id)).toBe(before);
	});

	it('checks the status against the stored case type unless a case-type is sent', async () => {
		const { statuses } = emulator.directory.caseTypes.Incidente;
		statuses.Escalado = 'Open';
		try {
			const incident = await createCase({ ...VALID, 'case-type': 'Incidente' });
			const request = await createCase();
			expect((await updateForm(form(updateFields(incident, { status: 'Escalado' })))).body?.code).toBe(200);
			expectError(await updateForm(form(updateFields(request, { status: 'Escalado' }))), 400, 'THE STATUS "Escalado" DOES NOT EXIST FOR CASE TYPE "Request"');
			const retyped = await updateForm(form(updateFields(incident, { status: 'Escalado', 'case-type': 'Claims' })));
			expectError(retyped, 400, 'THE STATUS "Escalado" DOES NOT EXIST FOR CASE TYPE "Claims"');
			expect((await updateForm(form(updateFields(request, { status: 'Escalado', 'case-type': 'Incidente' })))).body?.code).toBe(200);
			expect(emulator.findCase(request)?.fields['case-type']).toBe('Incidente');
		} finally {
			delete statuses.Escalado;
		}
	});

	it('requires a solution for a Closed status', async () => {
		const id = await createCase();
		const before = snapshot(id);
		for (const status of ['closed', 'Cerrado']) {
			expectError(await updateForm(form(updateFields(id, { status }))), 400, GUESSED_ERRORS.solutionRequired);
			expectError(await updateForm(form(updateFields(id, { status, solution: '  ' }))), 400, GUESSED_ERRORS.solutionRequired);
		}
		expect(snapshot(id)).toBe(before);
		expect((await updateForm(form(updateFields(id, { status: 'Cerrado', solution: 'Fixed.' })))).body?.code).toBe(200);
		expect(emulator.findCase(id)?.fields).toMatchObject({ status: 'Cerrado', solution: 'Fixed.' });
	});
});

describe('cases/insertAttach.php', () => {
	const payload = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...VALID, ...extra });

	it('creates a case with decoded attachments and answers like insert.php', async () => {
		const one = Buffer.from('first attachment');
		const two = randomBytes(1000);
		const reply = await insertAttach(payload({ form: { order: 'A-1', n: 2 }, solution: 'n/a', attachments: [b64(one), b64(two)] }));
		expect(reply.status).toBe(200);
		expect(reply.text).toMatch(/^\{"code":200,"error":"null","msg":"Succesfully create record","data":\{"wolkvox_id":"[0-9a-f]{24}","idPrefijo":""\}\}$/);
		const id = (reply.body!.data as { wolkvox_id: string }).wolkvox_id;
		const stored = emulator.findCase(id)!;
		const plain: Record<string, string> = { ...VALID, solution: 'n/a' };
		delete plain.operation;
		expect(stored).toMatchObject({ operation: 'testmodule', idCase: '1', idPrefijo: '', updates: 0, createdVia: 'insertAttach', fields: plain });
		expect(stored.fields).toEqual(plain);
		expect(stored.form).toEqual({ order: 'A-1', n: 2 });
		expect(stored.created).toMatch(ISO_DATE);
		expect(stored.files).toEqual([
			{ field: 'attachments[0]', size: one.length, sha256: sha256(one), bytes: one, source: 'base64' },
			{ field: 'attachments[1]', size: two.length, sha256: sha256(two), bytes: two, source: 'base64' },
		]);
	});

	it('creates a case without attachments or form', async () => {
		const reply = await insertAttach(payload());
		expect(reply.body?.code).toBe(200);
		expect(emulator.cases[0]).toMatchObject({ files: [], form: {}, createdVia: 'insertAttach' });
	});

	it('keeps no bytes when keepBytes is off', async () => {
		emulator.keepBytes = false;
		await insertAttach(payload({ attachments: [b64('abc')] }));
		expect(emulator.cases[0].files).toEqual([{ field: 'attachments[0]', size: 3, sha256: sha256('abc'), source: 'base64' }]);
	});

	it.each(INSERT_REQUIRED)('answers 400 SOME PARAMETERS ARE REQUIRED without %s, or with it blank', async (name) => {
		for (const value of [undefined, '', '  ']) expectMissing(await insertAttach(payload({ [name]: value })), name);
		expect(emulator.cases).toHaveLength(0);
	});

	it('lists every missing parameter', async () => {
		const reply = await insertAttach({ operation: 'testmodule', description: 'only this' });
		expect(reply.body!.msg).toBe(`${ERRORS.parametersRequired}: case-type, responsible, owner, contact, status, priority`);
	});

	it.each(['status', 'priority', 'owner', 'description', 'solution'])('rejects a non-string %s', async (name) => {
		expectError(await insertAttach(payload({ [name]: 3 })), 400, `INVALID PARAMETER TYPE: ${name}`);
		expectError(await insertAttach(payload({ [name]: null })), 400, `INVALID PARAMETER TYPE: ${name}`);
		expect(emulator.cases).toHaveLength(0);
	});

	it.each([['a JSON string', '{"a":1}'], ['an array', [1]], ['null', null]])('rejects form as %s: it must be an object', async (_label, value) => {
		expectError(await insertAttach(payload({ form: value })), 400, GUESSED_ERRORS.formNotObject);
		expect(emulator.cases).toHaveLength(0);
	});

	it('rejects attachments that are not an array of strict base64 strings, storing nothing', async () => {
		expectError(await insertAttach(payload({ attachments: b64('hello') })), 400, GUESSED_ERRORS.attachmentsNotArray);
		expectError(await insertAttach(payload({ attachments: [{ data: b64('hello') }] })), 400, 'INVALID BASE64 IN attachments[0]');
		for (const bad of ['aGVsbG8', 'aGVs bG8=', 'aGk_aGk-', 'data:text/plain;base64,aGVsbG8=', '']) {
			expectError(await insertAttach(payload({ attachments: [b64('ok'), bad] })), 400, 'INVALID BASE64 IN attachments[1]');
		}
		expect(emulator.cases).toHaveLength(0);
	});

	it.each(UNKNOWN_REFERENCES)('rejects a %s that does not exist (%s)', async (field, value) => {
		const reply = await insertAttach(payload({ [field]: value }));
		expect(reply.status).toBe(400);
		expect(reply.body!.msg).toContain(`"${value}" DOES NOT EXIST`);
		expect(emulator.cases).toHaveLength(0);
	});

	it('requires a solution when the status is Closed', async () => {
		expectError(await insertAttach(payload({ status: 'closed' })), 400, GUESSED_ERRORS.solutionRequired);
		expectError(await insertAttach(payload({ status: 'Cerrado', solution: ' ' })), 400, GUESSED_ERRORS.solutionRequired);
		expect(emulator.cases).toHaveLength(0);
		expect((await insertAttach(payload({ status: 'Cerrado', solution: 'Fixed.' }))).body?.code).toBe(200);
	});
});

describe('cases/listHistoryNote.php', () => {
	const ask = (extra: Record<string, unknown>, init: CallInit = {}): Promise<Reply> =>
		history({ operation: 'testmodule', field: 'wolkvox-id', ...extra }, init);

	it('answers the notes newest first in the documented envelope', async () => {
		const id = await createCase(VALID, [{ name: 'a.pdf' }]);
		await updateJson({ operation: 'testmodule', 'wolkvox-id': id, responsible: 'AGENT2_@testmodule', status: 'closed', solution: 'Done.', attachments: [b64('x'), b64('y')] });
		const reply = await ask({ value: id });
		expect(reply.status).toBe(200);
		expect(reply.text.startsWith('{"code":200,"error":"null","msg":"4 records were are found","data":[{"date":"')).toBe(true);
		const notes = reply.body!.data as HistoryNote[];
		expect(notes.map(({ user, note }) => ({ user, note }))).toEqual([
			{ user: 'AGENT2_@testmodule', note: '2 files attached' },
			{ user: 'AGENT2_@testmodule', note: 'responsible: ADMIN_@testmodule → AGENT2_@testmodule; status: open → closed; solution: (empty) → Done.' },
			{ user: VALID.owner, note: '1 file attached' },
			{ user: VALID.owner, note: 'Case created' },
		]);
		for (const note of notes) expect(Object.keys(note)).toEqual(['date', 'user', 'note']);
		const dates = notes.map((note) => note.date);
		for (const date of dates) expect(date).toMatch(ISO_DATE);
		expect([...dates].sort().reverse()).toEqual(dates);
		expect(dates.at(-1)).toBe(emulator.findCase(id)!.created);
		// stored oldest first
		expect(emulator.findCase(id)!.history!.map((note) => note.note)).toEqual(notes.map((note) => note.note).reverse());
	});

	it('writes "Case created" (by the owner) and nothing else for a case without files', async () => {
		const id = await createCase();
		expect((await historyOf(id)).map(({ user, note }) => [user, note])).toEqual([[VALID.owner, HISTORY_NOTES.created]]);
	});

	it('writes the history of insertAttach.php and update.php too', async () => {
		const created = await insertAttach({ ...VALID, form: { a: '1' }, attachments: [b64('1'), b64('2')] });
		const id = (created.body!.data as { wolkvox_id: string }).wolkvox_id;
		await updateForm(form(updateFields(id, { responsible: VALID.responsible, priority: 'high', form: '{"a":"1","b":{"x":1}}' }), [{ name: 'c.pdf' }]));
		await updateForm(form(updateFields(id, { responsible: VALID.responsible, priority: 'high', form: '{"a":"2"}' })));
		await updateForm(form(updateFields(id, { responsible: VALID.responsible, priority: 'high' })));
		expect((await historyOf(id)).map(({ user, note }) => [user, note])).toEqual([
			[VALID.responsible, HISTORY_NOTES.unchanged],
			[VALID.responsible, 'form.a: 1 → 2'],
			[VALID.responsible, '1 file attached'],
			[VALID.responsible, 'priority: low → high; form.b: (empty) → {"x":1}'],
			[VALID.owner, '2 files attached'],
			[VALID.owner, 'Case created'],
		]);
	});

	it('an update that only attaches files writes only the files note', async () => {
		const id = await createCase();
		await updateJson({ operation: 'testmodule', 'wolkvox-id': id, responsible: VALID.responsible, status: 'open', attachments: [b64('x')] });
		expect((await historyOf(id)).map((note) => note.note)).toEqual(['1 file attached', 'Case created']);
	});

	it('finds the case by idCase', async () => {
		await createCase();
		const second = await createCase({ ...VALID, owner: 'AGENT2_@testmodule' });
		const reply = await ask({ field: 'idCase', value: '2' });
		expect(reply.body!.data).toEqual([{ date: emulator.findCase(second)!.created, user: 'AGENT2_@testmodule', note: 'Case created' }]);
		expect(HISTORY_FIELDS).toBe(QUERY_FIELDS);
	});

	it('finds the cases by "type case", as the vendor\'s example does, newest note first across them', async () => {
		const first = await createCase({ ...VALID, 'case-type': 'Claims' });
		await createCase();
		await new Promise((resolve) => setTimeout(resolve, 5));
		const second = await createCase({ ...VALID, 'case-type': 'Claims', owner: 'AGENT2_@testmodule' });
		const reply = await ask({ field: 'type case', value: 'Claims', limit: '2' });
		expect(reply.body!.msg).toBe('2 records were are found');
		expect(reply.body!.data).toEqual([
			{ date: emulator.findCase(second)!.created, user: 'AGENT2_@testmodule', note: 'Case created' },
			{ date: emulator.findCase(first)!.created, user: VALID.owner, note: 'Case created' },
		]);
	});

	it('answers at most limit notes (default 10, up to 100)', async () => {
		const id = await createCase();
		for (let i = 0; i < 11; i++) {
			await updateJson({ operation: 'testmodule', 'wolkvox-id': id, responsible: VALID.responsible, status: 'open', description: `edit ${i}` });
		}
		const byDefault = await ask({ value: id });
		expect(byDefault.body!.msg).toBe('10 records were are found');
		expect((byDefault.body!.data as HistoryNote[]).map((note) => note.note)).toEqual(
			Array.from({ length: 10 }, (_, i) => `description: edit ${9 - i} → edit ${10 - i}`),
		);
		const three = await ask({ value: id, limit: 3 });
		expect((three.body!.data as HistoryNote[]).map((note) => note.note)).toEqual([
			'description: edit 9 → edit 10',
			'description: edit 8 → edit 9',
			'description: edit 7 → edit 8',
		]);
		expect(three.body!.msg).toBe('3 records were are found');
		expect((await ask({ value: id, limit: 1 })).body!.data).toHaveLength(1);
		const all = await ask({ value: id, limit: 100 });
		expect(all.body!.data).toHaveLength(12);
		expect(all.body!.msg).toBe('12 records were are found');
	});

	it.each([0, -1, 101, 1.5, '1.5', ' 5', '', null, true, [5]])('answers 400 for limit %j', async (limit) => {
		const id = await createCase();
		expectError(await ask({ value: id, limit }), 400, GUESSED_ERRORS.invalidLimit);
	});

	it('answers 403 to an Internal token, before reading the body', async () => {
		const id = await createCase();
		expectError(await ask({ value: id }, { token: INTERNAL_TOKEN }), 403, GUESSED_ERRORS.tokenMustBeExternal);
		expectError(await history('not even json', { token: INTERNAL_TOKEN }), 403, GUESSED_ERRORS.tokenMustBeExternal);
		// the same Internal token may use the other endpoints
		expect((await query({ operation: 'testmodule', field: 'wolkvox-id', value: id }, { token: INTERNAL_TOKEN })).body?.code).toBe(200);
		expect((await updateForm(form(updateFields(id)), { token: INTERNAL_TOKEN })).body?.code).toBe(200);
	});

	it('treats the main token as External unless told otherwise', async () => {
		const own = new WolkvoxEmulator({ tokenType: 'Internal' });
		const base = await own.start();
		try {
			const created = await call(PATHS.insert, { base, token: own.token, body: form(VALID) });
			const id = (created.body!.data as { wolkvox_id: string }).wolkvox_id;
			const reply = await history({ operation: 'testmodule', field: 'wolkvox-id', value: id }, { base, token: own.token });
			expectError(reply, 403, GUESSED_ERRORS.tokenMustBeExternal);
		} finally {
			await own.stop();
		}
		const external = await createCase();
		expect((await ask({ value: external })).body?.code).toBe(200);
	});

	it.each(['idcase', 'wolkvox_id', 'contact', 'case-type'])('answers 400 for the field %j', async (field) => {
		const id = await createCase();
		expectError(await ask({ field, value: id }), 400, invalidSearchField(field, HISTORY_FIELDS));
	});

	it('finds nothing for an unknown case, or one of another operation', async () => {
		await createCase();
		const nothing = { code: 200, error: 'null', msg: SUCCESS.found(0), data: [] };
		expect((await ask({ value: '0123456789abcdef01234567' })).body).toEqual(nothing);
		expect((await ask({ field: 'idCase', value: '2' })).body).toEqual(nothing);
		const other = await createCase(OTHER_VALID, [], { token: OTHER_TOKEN });
		expect((await ask({ value: other })).body).toEqual(nothing);
	});

	it.each(['operation', 'field', 'value'])('answers 400 SOME PARAMETERS ARE REQUIRED without %s, or with it blank', async (name) => {
		const id = await createCase();
		for (const value of [undefined, '', ' ']) expectMissing(await ask({ value: id, [name]: value }), name);
	});

	it.each([
		['value', 1],
		['value', null],
		['field', ['idCase']],
	])('rejects a non-string %s (%j)', async (name, value) => {
		await createCase();
		expectError(await ask({ field: 'idCase', value: '1', [name]: value }), 400, `INVALID PARAMETER TYPE: ${name}`);
	});
});
