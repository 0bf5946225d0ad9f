import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import {
	ALLOWED_EXTENSIONS,
	ERRORS,
	GUESSED_ERRORS,
	INSERT_REQUIRED,
	SUCCESS,
	UPDATE_REQUIRED,
} from './contract';
import { defaultDirectory } from './directory';
import { WolkvoxEmulator } from './server';
import {
	UNKNOWN_REFERENCES,
	VALID,
	expectError,
	form,
	sha256,
	testClient,
	useTestEmulator,
	type CallInit,
	type Reply as ClientReply,
} from './testClient';


/** Large random files are made off the event loop the emulator shares with the client. */
const randomBytesAsync = promisify(randomBytes);

const OTHER_TOKEN = 'f'.repeat(32);
const emulator = new WolkvoxEmulator({ extraTokens: [{ token: OTHER_TOKEN, operation: 'othermodule' }] });

/** The fields of the envelope's data these tests read. */
interface EnvelopeData {
	wolkvox_id: string;
	token_use_today: number;
	hours_to_restart_count: number;
}

type Reply = ClientReply<EnvelopeData>;

const { call, postJson, createCase } = testClient<EnvelopeData>(emulator);

const insert = (body: RequestInit['body'], init: CallInit = {}): Promise<Reply> => call('cases/insert.php', { ...init, body });

const update = (payload: unknown, init: CallInit = {}): Promise<Reply> => postJson('cases/updateCaseAttachment.php', payload, init);

/** A hand-written multipart body, for parts FormData cannot produce. */
function rawMultipart(parts: Array<{ disposition: string; type?: string; body: string }>): CallInit {
	const boundary = 'emulatorBoundary42';
	const chunks = parts.map(
		(part) =>
			`--${boundary}\r\nContent-Disposition: form-data; ${part.disposition}\r\n` +
			(part.type ? `Content-Type: ${part.type}\r\n` : '') +
			`\r\n${part.body}\r\n`,
	);
	return {
		body: `${chunks.join('')}--${boundary}--\r\n`,
		headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
	};
}

const fieldParts = (fields: Record<string, string>): Array<{ disposition: string; body: string }> =>
	Object.entries(fields).map(([name, body]) => ({ disposition: `name="${name}"`, body }));

useTestEmulator(emulator);

describe('routing and authentication', () => {
	it('answers 400 THE API YOU WANT TO CONSULT DOES NOT EXIST for unknown paths, before any token check', async () => {
		for (const path of ['cases/nope.php', 'cases/insert.php/', 'cases/Insert.php']) {
			expectError(await call(path, { token: null }), 400, ERRORS.apiDoesNotExist);
		}
		const outside = await fetch(`${emulator.url}/server/API/v1/cases/insert.php`, { method: 'POST' });
		expect(outside.status).toBe(400);
	});

	it('answers 405 for a wrong method', async () => {
		expectError(await call('cases/insert.php', { method: 'GET' }), 405, GUESSED_ERRORS.methodNotAllowed);
		expectError(await call('token/tokenInformation.php?operation=testmodule', { method: 'POST', body: '' }), 405, GUESSED_ERRORS.methodNotAllowed);
	});

	it('answers 401 PLEASE ENTER THE WOLKVOX-TOKEN without the header, even with a body to drain', async () => {
		expectError(await insert(form(), { token: null }), 401, ERRORS.enterToken);
		expectError(await insert(form(), { token: '   ' }), 401, ERRORS.enterToken);
		expect(emulator.cases).toHaveLength(0);
	});

	it('answers 403 PLEASE VALIDATE TOKEN for an unknown token', async () => {
		expectError(await insert(form(), { token: 'deadbeef'.repeat(4) }), 403, ERRORS.validateToken);
		expect(emulator.cases).toHaveLength(0);
	});

	it("answers 403 PLEASE VALIDATE TOKEN when the operation is not the token's", async () => {
		expectError(await insert(form({ ...VALID, operation: 'othermodule' })), 403, ERRORS.validateToken);
		expectError(await call('token/tokenInformation.php?operation=othermodule'), 403, ERRORS.validateToken);
		const id = await createCase();
		expectError(await update({ operation: 'othermodule', 'wolkvox-id': id, responsible: VALID.responsible, status: 'open' }), 403, ERRORS.validateToken);
		expect(emulator.cases).toHaveLength(1);
	});

	it("serves an extra token for its own operation and keeps each operation's cases apart", async () => {
		const other = { ...VALID, operation: 'othermodule', responsible: 'ADMIN_@othermodule', owner: 'ADMIN_@othermodule' };
		const created = await insert(form(other), { token: OTHER_TOKEN });
		expect(created.body!.code).toBe(200);
		expect(emulator.findCase(created.body!.data.wolkvox_id)?.operation).toBe('othermodule');
		// users belong to their operation
		expectError(await insert(form({ ...VALID, operation: 'othermodule' }), { token: OTHER_TOKEN }), 400, 'THE RESPONSIBLE "ADMIN_@testmodule" DOES NOT EXIST');
		// the main token cannot see the other operation's case
		const payload = { operation: 'testmodule', 'wolkvox-id': created.body!.data.wolkvox_id, responsible: VALID.responsible, status: 'open' };
		expectError(await update(payload), 404, GUESSED_ERRORS.recordNotFound);
		expect(emulator.tokenStats(OTHER_TOKEN).usedToday).toBe(2);
		expect(emulator.tokenStats().usedToday).toBe(1);
	});

	it('records requests without ever keeping the token value', async () => {
		await insert(form());
		await call('token/tokenInformation.php?operation=testmodule', { token: null });
		expect(emulator.requests).toHaveLength(2);
		const [first, second] = emulator.requests;
		expect(first).toMatchObject({ method: 'POST', path: '/server/API/v2/cases/insert.php', status: 200, code: 200, tokenPresent: true });
		expect(first.contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(first.bytesReceived).toBeGreaterThan(0);
		expect(second).toMatchObject({ method: 'GET', status: 401, code: 401, tokenPresent: false, bytesReceived: 0 });
		expect(JSON.stringify(emulator.requests)).not.toContain(emulator.token);
	});

	it('records the Content-Length header next to the bytes really received', async () => {
		const body = JSON.stringify({ operation: 'testmodule' });
		await update(body);
		const [record] = emulator.requests;
		expect(record.contentLength).toBe(String(Buffer.byteLength(body)));
		expect(record.bytesReceived).toBe(Buffer.byteLength(body));
	});
});

describe('token information, quota and concurrency', () => {
	it('reports the quota, counting the call itself', async () => {
		emulator.dailyQuota = 100;
		await call('token/tokenInformation.php?operation=testmodule');
		const reply = await call('token/tokenInformation.php?operation=testmodule');
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ code: 200, error: 'null', data: { token_limit: 100, token_use_today: 2, available_consumition_options: 98 } });
		expect(reply.body!.data.hours_to_restart_count).toBeGreaterThanOrEqual(0);
		expect(reply.body!.data.hours_to_restart_count).toBeLessThanOrEqual(24);
	});

	it('answers 400 SOME PARAMETERS ARE REQUIRED without ?operation', async () => {
		expectError(await call('token/tokenInformation.php'), 400, ERRORS.parametersRequired);
		expectError(await call('token/tokenInformation.php?operation='), 400, ERRORS.parametersRequired);
	});

	it('answers 403 TOKEN LIMIT EXCEEDED once the daily quota is used, and reset() restores it', async () => {
		emulator.dailyQuota = 2;
		expect((await insert(form())).status).toBe(200);
		expect((await call('token/tokenInformation.php?operation=testmodule')).status).toBe(200);
		expectError(await insert(form()), 403, ERRORS.tokenLimitExceeded);
		expect(emulator.cases).toHaveLength(1);
		emulator.reset();
		expect((await insert(form())).status).toBe(200);
	});

	it('rejects a third simultaneous request of the same token at once, draining its body', async () => {
		emulator.latencyMs = 400;
		const started = Date.now();
		const replies = await Promise.all([insert(form()), insert(form()), insert(form(VALID, [{ name: 'big.pdf', content: randomBytes(1 << 20) }]))]);
		const rejected = replies.filter((reply) => reply.status === 403);
		expect(rejected).toHaveLength(1);
		expect(rejected[0].body!.msg).toBe(ERRORS.simultaneousLimit);
		expect(emulator.cases).toHaveLength(2);
		expect(emulator.tokenStats()).toMatchObject({ maxInFlight: 2, simultaneousRefusals: 1 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
		// the rejection did not wait for the latency
		const rejectedRecord = emulator.requests.find((record) => record.code === 403);
		expect(rejectedRecord?.durationMs).toBeLessThan(300);
		expect(emulator.tokenStats().inFlight).toBe(0);
	});

	it('counts concurrency per token, and honours maxSimultaneous', async () => {
		emulator.latencyMs = 200;
		const otherInfo = call('token/tokenInformation.php?operation=othermodule', { token: OTHER_TOKEN });
		const replies = await Promise.all([insert(form()), insert(form()), otherInfo]);
		expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
		emulator.maxSimultaneous = 3;
		const three = await Promise.all([insert(form()), insert(form()), insert(form())]);
		expect(three.map((reply) => reply.status)).toEqual([200, 200, 200]);
		expect(emulator.tokenStats().maxInFlight).toBe(3);
	});

	it('applies latency before answering, while the request counts as in flight', async () => {
		emulator.latencyMs = 150;
		const pending = call('token/tokenInformation.php?operation=testmodule');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(emulator.tokenStats().inFlight).toBe(1);
		expect((await pending).status).toBe(200);
		expect(emulator.requests[0].durationMs).toBeGreaterThanOrEqual(145);
	});
});

describe('envelope variants', () => {
	it('sends the documented success envelope byte for byte', async () => {
		const reply = await insert(form());
		expect(reply.headers.get('content-type')).toBe('application/json');
		expect(reply.text).toMatch(/^\{"code":200,"error":"null","msg":"Succesfully create record","data":\{"wolkvox_id":"[0-9a-f]{24}","idPrefijo":""\}\}$/);
	});

	it('codeAsString sends "200" and errorNull null sends a JSON null', async () => {
		emulator.codeAsString = true;
		emulator.errorNull = 'null';
		const reply = await insert(form());
		expect(reply.body!.code).toBe('200');
		expect(reply.body!.error).toBeNull();
		const failed = await insert(form(), { token: null });
		expect(failed.body).toEqual({ code: '401', error: 'UNAUTHORIZED', msg: ERRORS.enterToken, data: [] });
	});

	it('statusMode always200 puts the code only in the body', async () => {
		emulator.statusMode = 'always200';
		const reply = await insert(form(), { token: 'nope' });
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ code: 403, error: 'FORBIDDEN', msg: ERRORS.validateToken });
	});
});

describe('cases/insert.php', () => {
	it('stores a valid case with its fields, parsed form and files', async () => {
		const fields: Record<string, string> = { ...VALID, form: '{"additional-field":"text","n":1}', solution: 'not needed', extra: 'kept' };
		const reply = await insert(form(fields, [{ name: 'report.pdf', content: 'PDF!' }]));
		expect(reply.status).toBe(200);
		expect(reply.body!.msg).toBe(SUCCESS.created);
		const stored = emulator.findCase(reply.body!.data.wolkvox_id)!;
		const plain = { ...fields };
		delete plain.operation;
		delete plain.form;
		expect(stored).toMatchObject({ operation: 'testmodule', idPrefijo: '', updates: 0, createdVia: 'insert', fields: plain });
		expect(stored.form).toEqual({ 'additional-field': 'text', n: 1 });
		expect(stored.files).toEqual([
			{ field: 'file', fileName: 'report.pdf', contentType: 'application/pdf', size: 4, sha256: sha256('PDF!'), bytes: Buffer.from('PDF!'), source: 'multipart' },
		]);
	});

	it('gives each case its own ObjectId-like id', async () => {
		const ids = [await createCase(), await createCase(), await createCase()];
		expect(new Set(ids).size).toBe(3);
		for (const id of ids) expect(id).toMatch(/^[0-9a-f]{24}$/);
	});

	it('requires a multipart/form-data body', async () => {
		const asJson = await insert(JSON.stringify(VALID), { headers: { 'Content-Type': 'application/json' } });
		expectError(asJson, 400, GUESSED_ERRORS.bodyMustBeFormData);
		const asUrlEncoded = await insert(new URLSearchParams(VALID));
		expectError(asUrlEncoded, 400, GUESSED_ERRORS.bodyMustBeFormData);
		expect(emulator.cases).toHaveLength(0);
	});

	it('rejects a broken multipart body', async () => {
		const noBoundary = await insert('x', { headers: { 'Content-Type': 'multipart/form-data' } });
		expectError(noBoundary, 400, GUESSED_ERRORS.malformedMultipart);
		const truncated = rawMultipart(fieldParts(VALID));
		const cut = (truncated.body as string).slice(0, -30);
		expectError(await insert(cut, { headers: truncated.headers }), 400, GUESSED_ERRORS.malformedMultipart);
		expect(emulator.cases).toHaveLength(0);
	});

	it.each(INSERT_REQUIRED)('answers 400 SOME PARAMETERS ARE REQUIRED without %s, or with it blank', async (name) => {
		for (const value of [undefined, '', '  ']) {
			const reply = await insert(form({ ...VALID, [name]: value }));
			expectError(reply, 400, ERRORS.parametersRequired);
			expect(reply.body!.msg).toBe(`${ERRORS.parametersRequired}: ${name}`);
		}
		expect(emulator.cases).toHaveLength(0);
	});

	it('lists every missing parameter', async () => {
		const reply = await insert(form({ operation: 'testmodule', description: 'only this' }));
		expect(reply.body!.msg).toBe(`${ERRORS.parametersRequired}: case-type, responsible, owner, contact, status, priority`);
	});

	it.each(['not json', '[1,2]', '"a string"', 'null', '42', ''])('rejects form=%j: it must be a JSON object string', async (value) => {
		expectError(await insert(form({ ...VALID, form: value })), 400, GUESSED_ERRORS.formNotObject);
		expect(emulator.cases).toHaveLength(0);
	});

	it.each(UNKNOWN_REFERENCES)('rejects a %s that does not exist (%s)', async (field, value) => {
		const reply = await insert(form({ ...VALID, [field]: value }));
		expect(reply.status).toBe(400);
		expect(reply.body!.msg).toContain(`"${value}" DOES NOT EXIST`);
		expect(emulator.cases).toHaveLength(0);
	});

	it('accepts a custom case type, Spanish statuses and a non-ASCII contact', async () => {
		const fields = { ...VALID, 'case-type': 'Incidente', status: 'Abierto', priority: 'alta', contact: 'maría.núñez@example.com' };
		const id = await createCase(fields);
		expect(emulator.findCase(id)?.fields.contact).toBe('maría.núñez@example.com');
	});

	it('requires a solution when the status is Closed', async () => {
		for (const status of ['closed', 'Cerrado']) {
			expectError(await insert(form({ ...VALID, status })), 400, GUESSED_ERRORS.solutionRequired);
			expectError(await insert(form({ ...VALID, status, solution: ' ' })), 400, GUESSED_ERRORS.solutionRequired);
		}
		expect(emulator.cases).toHaveLength(0);
		const id = await createCase({ ...VALID, status: 'Cerrado', solution: 'Fixed.' });
		expect(emulator.findCase(id)?.fields.solution).toBe('Fixed.');
	});

	it('checks status and priority against the case type (configurable directory)', async () => {
		const directory = defaultDirectory('acme');
		directory.caseTypes.Incidente.statuses.Escalado = 'Open';
		directory.caseTypes.Incidente.priorities.push('crítica');
		const acme = new WolkvoxEmulator({ token: 'a'.repeat(32), operation: 'acme', directory });
		const base = await acme.start();
		try {
			const fields = { ...VALID, operation: 'acme', responsible: 'ADMIN_@acme', owner: 'AGENT2_@acme', status: 'Escalado' };
			const wrongType = await insert(form(fields), { base, token: acme.token });
			expect(wrongType.body!.msg).toBe('THE STATUS "Escalado" DOES NOT EXIST FOR CASE TYPE "Request"');
			const wrongPriority = await insert(form({ ...fields, 'case-type': 'Request', status: 'open', priority: 'crítica' }), { base, token: acme.token });
			expect(wrongPriority.body!.msg).toBe('THE PRIORITY "crítica" DOES NOT EXIST FOR CASE TYPE "Request"');
			const created = await insert(form({ ...fields, 'case-type': 'Incidente', priority: 'crítica' }), { base, token: acme.token });
			expect(created.body!.code).toBe(200);
			// update validates against the stored case type when none is sent
			const id = created.body!.data.wolkvox_id;
			const updated = await update({ operation: 'acme', 'wolkvox-id': id, responsible: 'ADMIN_@acme', status: 'Escalado' }, { base, token: acme.token });
			expect(updated.body!.code).toBe(200);
			const retyped = await update({ operation: 'acme', 'wolkvox-id': id, responsible: 'ADMIN_@acme', status: 'Escalado', 'case-type': 'Claims' }, { base, token: acme.token });
			expect(retyped.body!.msg).toBe('THE STATUS "Escalado" DOES NOT EXIST FOR CASE TYPE "Claims"');
		} finally {
			await acme.stop();
		}
	});

	it('accepts every documented extension, in any letter case', async () => {
		const files = ALLOWED_EXTENSIONS.map((ext, i) => ({ field: 'file[]', name: `f${i}.${i % 2 ? ext.toUpperCase() : ext}` }));
		const reply = await insert(form(VALID, files));
		expect(reply.body!.code).toBe(200);
		expect(emulator.cases[0].files.map((file) => file.fileName)).toEqual(files.map((file) => file.name));
	});

	it.each(['virus.exe', 'README', 'archive.', 'photo.webp', 'doc.pdf.exe', 'report.pdf/evil.exe'])(
		'rejects the file %j and stores nothing, even next to a good file',
		async (name) => {
			const reply = await insert(form(VALID, [{ field: 'file[]', name: 'good.pdf' }, { field: 'file[]', name }]));
			expect(reply.status).toBe(400);
			expect(reply.body!.msg).toContain(`"${name.split('/').pop()}"`);
			expect(emulator.cases).toHaveLength(0);
		},
	);
});

describe('cases/insert.php with PHP multipart semantics', () => {
	it('keeps only the last of several parts named file, and records the dropped ones', async () => {
		const reply = await insert(form(VALID, [{ name: 'a.pdf' }, { name: 'b.pdf' }, { name: 'c.pdf' }]));
		expect(reply.body!.code).toBe(200);
		expect(emulator.cases[0].files.map((file) => file.fileName)).toEqual(['c.pdf']);
		expect(emulator.droppedFiles.map((file) => file.fileName)).toEqual(['a.pdf', 'b.pdf']);
	});

	it('keeps every part named file[] in order', async () => {
		await insert(form(VALID, [{ field: 'file[]', name: 'a.pdf' }, { field: 'file[]', name: 'b.png' }, { field: 'file[]', name: 'c.zip' }]));
		const files = emulator.cases[0].files;
		expect(files.map((file) => [file.field, file.fileName])).toEqual([['file[]', 'a.pdf'], ['file[]', 'b.png'], ['file[]', 'c.zip']]);
		expect(emulator.droppedFiles).toHaveLength(0);
	});

	it('lets the shape of the last part win when file and file[] are mixed, as $_FILES does', async () => {
		await insert(form(VALID, [{ name: 'single.pdf' }, { field: 'file[]', name: 'l1.pdf' }, { field: 'file[]', name: 'l2.pdf' }]));
		expect(emulator.cases[0].files.map((file) => file.fileName)).toEqual(['l1.pdf', 'l2.pdf']);
		expect(emulator.droppedFiles.map((file) => file.fileName)).toEqual(['single.pdf']);
		emulator.reset();
		await insert(form(VALID, [{ field: 'file[]', name: 'l1.pdf' }, { field: 'file[]', name: 'l2.pdf' }, { name: 'single.pdf' }]));
		expect(emulator.cases[0].files.map((file) => file.fileName)).toEqual(['single.pdf']);
		expect(emulator.droppedFiles.map((file) => file.fileName)).toEqual(['l1.pdf', 'l2.pdf']);
	});

	it('overwrites a repeated explicit index in place, like a PHP array', async () => {
		await insert(form(VALID, [{ field: 'file[]', name: 'zero.pdf' }, { field: 'file[]', name: 'one.pdf' }, { field: 'file[0]', name: 'again.pdf' }]));
		expect(emulator.cases[0].files.map((file) => file.fileName)).toEqual(['again.pdf', 'one.pdf']);
		expect(emulator.droppedFiles.map((file) => file.fileName)).toEqual(['zero.pdf']);
	});

	it("applies PHP's basename() to uploaded file names", async () => {
		await insert(form(VALID, [{ field: 'file[]', name: 'dir/sub/report.pdf' }]));
		const escaped = rawMultipart([
			...fieldParts(VALID),
			{ disposition: 'name="file[]"; filename="C:\\\\Users\\\\me\\\\scan.png"', type: 'image/png', body: 'png' },
		]);
		await insert(escaped.body!, { headers: escaped.headers });
		expect(emulator.cases.map((stored) => stored.files[0].fileName)).toEqual(['report.pdf', 'scan.png']);
	});

	it('ignores files sent under other field names (not even checking their extension)', async () => {
		const reply = await insert(form(VALID, [{ field: 'attachment', name: 'x.exe' }, { field: 'files[]', name: 'y.pdf' }]));
		expect(reply.body!.code).toBe(200);
		expect(emulator.cases[0].files).toEqual([]);
		expect(emulator.ignoredFiles.map((file) => [file.field, file.fileName])).toEqual([['attachment', 'x.exe'], ['files[]', 'y.pdf']]);
	});

	it('keeps the last value of a repeated plain field', async () => {
		const data = form(VALID);
		data.append('description', 'second');
		await insert(data);
		expect(emulator.cases[0].fields.description).toBe('second');
	});

	it('treats a part without filename as a plain field, whatever its type', async () => {
		const raw = rawMultipart([
			...fieldParts({ ...VALID, description: 'overwritten' }),
			{ disposition: 'name="description"', type: 'application/octet-stream', body: 'from an octet-stream part' },
		]);
		expect((await insert(raw.body!, { headers: raw.headers })).body!.code).toBe(200);
		expect(emulator.cases[0].fields.description).toBe('from an octet-stream part');
		expect(emulator.cases[0].files).toEqual([]);
	});

	it('hashes while streaming and keeps no bytes when keepBytes is off', async () => {
		emulator.keepBytes = false;
		const big = await randomBytesAsync(48 * 1024 * 1024);
		const reply = await insert(form(VALID, [{ name: 'video.mp4', content: big, type: 'video/mp4' }]));
		expect(reply.body!.code).toBe(200);
		const [file] = emulator.cases[0].files;
		expect(file).toEqual({ field: 'file', fileName: 'video.mp4', contentType: 'video/mp4', size: big.length, sha256: sha256(big), source: 'multipart' });
	});
});

describe('cases/updateCaseAttachment.php', () => {
	const payloadFor = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
		operation: 'testmodule',
		'wolkvox-id': id,
		responsible: 'AGENT2_@testmodule',
		status: 'Abierto',
		...extra,
	});

	it('appends decoded attachments and merges fields and form', async () => {
		const id = await createCase({ ...VALID, form: '{"a":"1","b":"2"}' });
		const one = Buffer.from('first attachment');
		const two = randomBytes(1000);
		const reply = await update(payloadFor(id, { priority: 'high', description: 'edited', form: { b: 'B', c: 'C' }, attachments: [one.toString('base64'), two.toString('base64')] }));
		expect(reply.status).toBe(200);
		expect(reply.text).toBe(`{"code":200,"error":"null","msg":"Succesfully update record","data":{"wolkvox_id":"${id}"}}`);
		const stored = emulator.findCase(id)!;
		expect(stored.updates).toBe(1);
		expect(stored.fields).toMatchObject({ responsible: 'AGENT2_@testmodule', status: 'Abierto', priority: 'high', description: 'edited', owner: VALID.owner });
		expect(stored.fields).not.toHaveProperty('wolkvox-id');
		expect(stored.form).toEqual({ a: '1', b: 'B', c: 'C' });
		expect(stored.files).toEqual([
			{ field: 'attachments[0]', size: one.length, sha256: sha256(one), bytes: one, source: 'base64' },
			{ field: 'attachments[1]', size: two.length, sha256: sha256(two), bytes: two, source: 'base64' },
		]);
	});

	it('accepts a body without attachments and counts each update', async () => {
		const id = await createCase();
		expect((await update(payloadFor(id))).body!.code).toBe(200);
		expect((await update(payloadFor(id, { attachments: [] }))).body!.code).toBe(200);
		expect(emulator.findCase(id)?.updates).toBe(2);
	});

	it('requires Content-Type application/json', async () => {
		const id = await createCase();
		const body = JSON.stringify(payloadFor(id));
		expectError(await update(body, { headers: { 'Content-Type': 'text/plain' } }), 400, GUESSED_ERRORS.bodyMustBeJson);
		expectError(await call('cases/updateCaseAttachment.php', { body: form({ ...VALID, 'wolkvox-id': id }) }), 400, GUESSED_ERRORS.bodyMustBeJson);
		expect((await update(body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } })).body!.code).toBe(200);
	});

	it.each(['{"operation":', '[]', '"text"', 'null', '\uFEFF{}'])('rejects the body %j: it must be a JSON object', async (body) => {
		expectError(await update(body), 400, GUESSED_ERRORS.invalidJson);
	});

	it.each(UPDATE_REQUIRED)('answers 400 SOME PARAMETERS ARE REQUIRED without %s', async (name) => {
		const id = await createCase();
		for (const value of [undefined, '', ' ']) {
			const reply = await update(payloadFor(id, { [name]: value }));
			expectError(reply, 400, ERRORS.parametersRequired);
			expect(reply.body!.msg).toBe(`${ERRORS.parametersRequired}: ${name}`);
		}
		expect(emulator.findCase(id)?.updates).toBe(0);
	});

	it.each(['status', 'priority', 'description', 'solution'])('rejects a non-string %s', async (name) => {
		const id = await createCase();
		expectError(await update(payloadFor(id, { [name]: 3 })), 400, `INVALID PARAMETER TYPE: ${name}`);
		expectError(await update(payloadFor(id, { [name]: null })), 400, `INVALID PARAMETER TYPE: ${name}`);
	});

	it('answers 404 RECORD NOT FOUND for an unknown wolkvox-id', async () => {
		expectError(await update(payloadFor('0123456789abcdef01234567')), 404, GUESSED_ERRORS.recordNotFound);
	});

	it.each([['a string', '{"a":1}'], ['an array', [1]], ['null', null]])('rejects form as %s: it must be a JSON object here', async (_label, value) => {
		const id = await createCase();
		expectError(await update(payloadFor(id, { form: value })), 400, GUESSED_ERRORS.formNotObject);
	});

	it('rejects attachments that are not an array of strings', async () => {
		const id = await createCase();
		expectError(await update(payloadFor(id, { attachments: 'aGVsbG8=' })), 400, GUESSED_ERRORS.attachmentsNotArray);
		expectError(await update(payloadFor(id, { attachments: [{ data: 'aGVsbG8=' }] })), 400, 'INVALID BASE64 IN attachments[0]');
	});

	it.each([
		['missing padding', 'aGVsbG8'],
		['inner space', 'aGVs bG8='],
		['trailing newline', 'aGVsbG8=\n'],
		['line-wrapped', 'aGVsbG8gd29y\r\nbGQ='],
		['base64url alphabet', 'aGk_aGk-'],
		['data URL', 'data:text/plain;base64,aGVsbG8='],
		['non-canonical last bits', 'aGVsbG9='],
		['padding only', '===='],
		['padding in the middle', 'aG==bG8='],
		['empty', ''],
	])('rejects an attachment with %s and stores nothing', async (_label, bad) => {
		const id = await createCase();
		const reply = await update(payloadFor(id, { attachments: ['aGVsbG8=', bad] }));
		expectError(reply, 400, 'INVALID BASE64 IN attachments[1]');
		expect(emulator.findCase(id)).toMatchObject({ updates: 0, files: [] });
	});

	it('validates present directory fields and the closed-status solution', async () => {
		const id = await createCase();
		expect((await update(payloadFor(id, { responsible: 'GHOST_@testmodule' }))).body!.msg).toBe('THE RESPONSIBLE "GHOST_@testmodule" DOES NOT EXIST');
		expect((await update(payloadFor(id, { owner: '' }))).body!.msg).toBe('THE OWNER "" DOES NOT EXIST');
		expect((await update(payloadFor(id, { contact: 'nobody@example.com' }))).body!.msg).toBe('THE CONTACT "nobody@example.com" DOES NOT EXIST');
		expect((await update(payloadFor(id, { 'case-type': 'Nope' }))).body!.msg).toBe('THE CASE-TYPE "Nope" DOES NOT EXIST');
		expect((await update(payloadFor(id, { priority: 'LOW' }))).body!.msg).toBe('THE PRIORITY "LOW" DOES NOT EXIST FOR CASE TYPE "Request"');
		expectError(await update(payloadFor(id, { status: 'closed' })), 400, GUESSED_ERRORS.solutionRequired);
		expect(emulator.findCase(id)?.updates).toBe(0);
		expect((await update(payloadFor(id, { status: 'closed', solution: 'Done.' }))).body!.code).toBe(200);
		expect(emulator.findCase(id)?.fields).toMatchObject({ status: 'closed', solution: 'Done.' });
	});

	// About 200 MB go through one event loop (the client encodes, the emulator decodes and hashes):
	// seconds on an idle machine, more than the default 60 s on a loaded one, hence its own bound.
	it('streams a body of more than 100 MB of base64', async () => {
		emulator.keepBytes = false;
		const id = await createCase();
		const bytes = await randomBytesAsync(78 * 1024 * 1024);
		// Built as bytes around the base64: JSON.stringify would scan 104 MB and fetch encode them again.
		const [head, tail] = JSON.stringify(payloadFor(id, { attachments: ['@'] })).split('"@"');
		const body = Buffer.concat([Buffer.from(`${head}"`), Buffer.from(bytes.toString('base64'), 'latin1'), Buffer.from(`"${tail}`)]);
		expect(body.length).toBeGreaterThan(100 * 1024 * 1024);
		const reply = await call('cases/updateCaseAttachment.php', { body, headers: { 'Content-Type': 'application/json' } });
		expect(reply.body!.code).toBe(200);
		expect(emulator.findCase(id)?.files).toEqual([{ field: 'attachments[0]', size: bytes.length, sha256: sha256(bytes), source: 'base64' }]);
		expect(emulator.requests.at(-1)?.bytesReceived).toBe(body.length);
	}, 240_000);
});

describe('fault injection', () => {
	const info = (): Promise<Reply> => call('token/tokenInformation.php?operation=testmodule');

	it('fires only on its path, the given number of times, and records what fired', async () => {
		emulator.injectFault({ kind: 'simultaneous', path: 'cases/insert.php', times: 2 });
		expect((await info()).status).toBe(200);
		expectError(await insert(form()), 403, ERRORS.simultaneousLimit);
		expectError(await insert(form()), 403, ERRORS.simultaneousLimit);
		expect((await insert(form())).status).toBe(200);
		expect(emulator.firedFaults).toEqual([
			{ kind: 'simultaneous', path: 'cases/insert.php' },
			{ kind: 'simultaneous', path: 'cases/insert.php' },
		]);
		expect(emulator.requests.filter((record) => record.fault === 'simultaneous')).toHaveLength(2);
		expect(emulator.cases).toHaveLength(1);
	});

	it('quota: 403 TOKEN LIMIT EXCEEDED', async () => {
		emulator.injectFault({ kind: 'quota' });
		expectError(await insert(form()), 403, ERRORS.tokenLimitExceeded);
		expect(emulator.cases).toHaveLength(0);
	});

	it('backupHtml: 403 with an HTML page', async () => {
		emulator.injectFault({ kind: 'backupHtml' });
		const reply = await insert(form());
		expect(reply.status).toBe(403);
		expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
		expect(reply.text).toMatch(/^<!DOCTYPE html>/);
		expect(emulator.cases).toHaveLength(0);
	});

	it('status5xx: 503 with Retry-After, or the given status', async () => {
		emulator.injectFault({ kind: 'status5xx' });
		emulator.injectFault({ kind: 'status5xx', status: 502 });
		const first = await info();
		expect([first.status, first.headers.get('retry-after'), first.text]).toEqual([503, '1', 'Service Unavailable']);
		expect((await info()).status).toBe(502);
		emulator.injectFault({ kind: 'status5xx', status: 429, retryAfter: '0' });
		const third = await info();
		expect([third.status, third.headers.get('retry-after')]).toEqual([429, '0']);
	});

	it('resetMidUpload: the connection dies during the upload and nothing is stored', async () => {
		emulator.injectFault({ kind: 'resetMidUpload' });
		await expect(insert(form(VALID, [{ name: 'big.pdf', content: randomBytes(8 * 1024 * 1024) }]))).rejects.toThrow();
		expect(emulator.cases).toHaveLength(0);
		await waitFor(() => emulator.requests.length === 1);
		expect(emulator.requests[0]).toMatchObject({ status: 0, fault: 'resetMidUpload' });
		expect(emulator.requests[0].bytesReceived).toBeLessThan(8 * 1024 * 1024);
	});

	it('hang: no answer; the slot is freed when the client gives up', async () => {
		emulator.injectFault({ kind: 'hang' });
		const hung = fetch(`${emulator.url}/server/API/v2/cases/insert.php`, {
			method: 'POST',
			headers: { 'Wolkvox-Token': emulator.token },
			body: form(),
			signal: AbortSignal.timeout(300),
		});
		await expect(hung).rejects.toThrow();
		await waitFor(() => emulator.tokenStats().inFlight === 0);
		expect(emulator.cases).toHaveLength(0);
	});

	it('malformedJson: 200 with a truncated JSON body', async () => {
		emulator.injectFault({ kind: 'malformedJson' });
		const reply = await insert(form());
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toBe('application/json');
		expect(reply.body).toBeUndefined();
		expect(reply.text.startsWith('{"code":200')).toBe(true);
	});

	it('errorCodeUnder200: HTTP 200 whose body carries code 400', async () => {
		emulator.injectFault({ kind: 'errorCodeUnder200' });
		const reply = await insert(form());
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ code: 400, error: 'BAD REQUEST', msg: expect.stringContaining(ERRORS.parametersRequired) });
		expect(emulator.cases).toHaveLength(0);
	});

	it('redirect: 302 to another host', async () => {
		emulator.injectFault({ kind: 'redirect' });
		emulator.injectFault({ kind: 'redirect', location: 'http://127.0.0.2:9/elsewhere' });
		const first = await insert(form());
		expect(first.status).toBe(302);
		expect(first.headers.get('location')).toBe(`http://127.0.0.2:${new URL(emulator.url).port}/server/API/v2/cases/insert.php`);
		expect((await insert(form())).headers.get('location')).toBe('http://127.0.0.2:9/elsewhere');
		expect(emulator.cases).toHaveLength(0);
	});

	it('resetAfterStore: the case is stored but the client gets no answer', async () => {
		emulator.injectFault({ kind: 'resetAfterStore' });
		await expect(insert(form())).rejects.toThrow();
		expect(emulator.cases).toHaveLength(1);
		expect(emulator.tokenStats().usedToday).toBe(1);
	});

	it('applies latency to fault answers too', async () => {
		emulator.latencyMs = 150;
		emulator.injectFault({ kind: 'status5xx' });
		const started = Date.now();
		expect((await info()).status).toBe(503);
		expect(Date.now() - started).toBeGreaterThanOrEqual(145);
	});
});

describe('fault plan', () => {
	afterEach(() => {
		emulator.faultPlan = undefined;
	});

	it('decides from the request\'s own fields, before the queued faults', async () => {
		const seen: Array<Record<string, string>> = [];
		emulator.faultPlan = (request) => {
			seen.push(request.fields);
			return request.fields.description === 'fault me' ? { kind: 'quota' } : undefined;
		};
		emulator.injectFault({ kind: 'backupHtml', path: 'cases/insert.php' });
		expectError(await insert(form({ ...VALID, description: 'fault me' })), 403, ERRORS.tokenLimitExceeded);
		expect((await insert(form())).status).toBe(403); // the queued fault, not consumed by the plan
		expect((await insert(form())).status).toBe(200);
		expect(emulator.firedFaults).toEqual([
			{ kind: 'quota', path: 'cases/insert.php' },
			{ kind: 'backupHtml', path: 'cases/insert.php' },
		]);
		expect(emulator.requests.map((record) => record.fault)).toEqual(['quota', 'backupHtml', undefined]);
		expect(seen[0]).toEqual({ ...VALID, description: 'fault me' });
	});

	it('leaves the body whole for the endpoint when it plans nothing', async () => {
		const bytes = randomBytes(3 * 1024 * 1024 + 7);
		emulator.faultPlan = () => undefined;
		const reply = await insert(form(VALID, [{ name: 'big.pdf', content: bytes }]));
		expect(reply.body!.code).toBe(200);
		expect(emulator.cases[0].files.map((file) => [file.size, file.sha256])).toEqual([[bytes.length, sha256(bytes)]]);
		expect(emulator.cases[0].fields).toMatchObject({ description: VALID.description });
	});

	it('reads a multipart body only up to the first file: a planned resetMidUpload still cuts the upload', async () => {
		emulator.faultPlan = () => ({ kind: 'resetMidUpload' });
		await expect(insert(form(VALID, [{ name: 'big.pdf', content: randomBytes(8 * 1024 * 1024) }]))).rejects.toThrow();
		await waitFor(() => emulator.requests.length === 1);
		expect(emulator.requests[0]).toMatchObject({ status: 0, fault: 'resetMidUpload' });
		expect(emulator.requests[0].bytesReceived).toBeLessThan(8 * 1024 * 1024);
		expect(emulator.cases).toHaveLength(0);
	});

	it('sees the top-level strings of a JSON body, and the query', async () => {
		const id = await createCase();
		const seen: Array<{ path: string; fields: Record<string, string>; query: Record<string, string> }> = [];
		emulator.faultPlan = ({ path, fields, query }) => {
			seen.push({ path, fields, query });
			return path === PATHS_UPDATE ? { kind: 'resetAfterStore' } : undefined;
		};
		expect((await call('token/tokenInformation.php?operation=testmodule')).status).toBe(200);
		const payload = { operation: 'testmodule', 'wolkvox-id': id, responsible: 'ADMIN_@testmodule', status: 'open', attachments: ['QUJD'] };
		await expect(update(payload)).rejects.toThrow();
		expect(seen[0]).toEqual({ path: 'token/tokenInformation.php', fields: {}, query: { operation: 'testmodule' } });
		expect(seen[1]).toMatchObject({ path: PATHS_UPDATE, fields: { 'wolkvox-id': id, status: 'open' }, query: {} });
		expect(emulator.findCase(id)?.files).toHaveLength(1); // stored, then the answer was lost
	});
});

const PATHS_UPDATE = 'cases/updateCaseAttachment.php';

describe('lifecycle', () => {
	it('stop() closes hung connections and pending latency at once', async () => {
		const own = new WolkvoxEmulator({ latencyMs: 60_000 });
		const base = await own.start();
		own.injectFault({ kind: 'hang', path: 'cases/insert.php' });
		const replies = Promise.allSettled([
			call('cases/insert.php', { base, token: own.token, body: form() }),
			call('token/tokenInformation.php?operation=testmodule', { base, token: own.token }),
		]);
		await waitFor(() => own.tokenStats().inFlight === 2);
		expect(own.firedFaults).toEqual([{ kind: 'hang', path: 'cases/insert.php' }]);
		const started = Date.now();
		await own.stop();
		expect(Date.now() - started).toBeLessThan(1000);
		expect((await replies).map((reply) => reply.status)).toEqual(['rejected', 'rejected']);
		expect(() => own.url).toThrow('not started');
	});

	it('reset() forgets cases, requests, files, faults and usage', async () => {
		emulator.injectFault({ kind: 'quota', path: 'cases/insert.php' });
		emulator.injectFault({ kind: 'quota', path: 'cases/updateCaseAttachment.php' });
		await insert(form());
		await insert(form(VALID, [{ name: 'a.pdf' }, { name: 'b.pdf' }, { field: 'other', name: 'c.pdf' }]));
		emulator.reset();
		expect([emulator.cases, emulator.requests, emulator.droppedFiles, emulator.ignoredFiles, emulator.firedFaults]).toEqual([[], [], [], [], []]);
		expect(emulator.tokenStats()).toMatchObject({ usedToday: 0, maxInFlight: 0, simultaneousRefusals: 0 });
		expect((await update({})).status).toBe(400); // the pending fault is gone
	});
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
