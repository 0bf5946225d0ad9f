import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { WolkvoxEmulator, type StoredCase } from './emulator/server';
import { workflowIssuesMessage } from './support/engine';
import {
	binary,
	bytesOf,
	createParameters,
	credentialsFor,
	NODE_NAME,
	runCaseNode,
	sha256,
	updateParameters,
	useEmulator,
	type CaseNodeRun,
} from './support/fixtures';

// Hostile input, one table: every row must end in a clear error before any request, or in a
// request that is safe (what the server stored is asserted), or in a refusal by the server that
// stores nothing.

const emulator = useEmulator();
const otherHost = new WolkvoxEmulator({ token: emulator.token });
beforeAll(async () => {
	await otherHost.start();
});
afterAll(async () => {
	await otherHost.stop();
});

const port = () => new URL(emulator.url).port;

/**
 * The plain fields a Create with createParameters stores, nothing more: its parameters but
 * resource and operation, caseType sent as case-type.
 */
const PLAIN_FIELDS: Record<string, string> = Object.fromEntries(
	Object.entries(createParameters)
		.filter(([name]) => name !== 'resource' && name !== 'operation')
		.map(([name, value]) => [name === 'caseType' ? 'case-type' : name, String(value)]),
);

const PDF = bytesOf(1_000, 7);
const withFile = (fileName: string | undefined, bytes: Buffer = PDF, mimeType = 'application/pdf'): INodeExecutionData => ({
	json: {},
	binary: { data: binary(bytes, fileName, mimeType) },
});

const SEEDED_ID = 'c0ffee00c0ffee00c0ffee00';
/** A case for Update Attachments to work on, put straight into the emulator (no request). */
function seedCase(): void {
	emulator.cases.push({
		wolkvoxId: SEEDED_ID,
		idPrefijo: '',
		operation: emulator.operation,
		fields: { ...PLAIN_FIELDS },
		form: {},
		files: [],
		updates: 0,
		createdVia: 'insert',
	});
}

interface Run {
	/** Undefined when n8n refused to run the workflow at all. */
	result?: CaseNodeRun;
	/** What n8n threw instead of running. */
	thrown?: Error;
	/** The item's error, when it failed. */
	message?: string;
	description?: string;
	/** The case the Create stored, when exactly one was. */
	stored?: StoredCase;
	output?: IDataObject;
}

type Outcome =
	/** The node refused the item without sending anything. */
	| { refused: RegExp; description?: RegExp }
	/** Sent, and the item succeeded: check what the server holds. */
	| { stored: (stored: StoredCase, output: IDataObject) => void }
	/** Sent, and the server refused it: nothing stored, the error says why. */
	| { serverRefused: RegExp; description?: RegExp }
	/** n8n itself refuses to run the workflow (a required parameter left empty in the editor), in its line's words. */
	| { workflowIssues: true }
	/** Either of several acceptable outcomes (for rows that describe a fix). */
	| { check: (run: Run) => void };

interface Row {
	input: string;
	operation?: 'create' | 'updateAttachments';
	parameters?: INodeParameters;
	item?: INodeExecutionData;
	credentials?: () => Partial<ICredentialDataDecryptedObject>;
	setup?: () => void;
	expect: Outcome;
	/** Further checks after the common ones. */
	also?: (run: Run) => void;
}

/** A file name row: the item's one file must arrive, whole, under `storedName`. */
function fileName(input: string, name: string, storedName: string): Row {
	return {
		input,
		item: withFile(name),
		expect: {
			stored: (stored, output) => {
				expect(stored.files).toHaveLength(1);
				expect(stored.files[0].fileName).toBe(storedName);
				expect(stored.files[0].bytes?.equals(PDF)).toBe(true);
				expect((output.files as IDataObject[])[0].fileName).toBe(storedName);
				expect(stored.fields).toEqual(PLAIN_FIELDS);
			},
		},
	};
}

const blankRequired = (operation: 'create' | 'updateAttachments', parameter: string, label: string): Row[] =>
	[
		// A literal '' never reaches the node: n8n refuses the workflow (see the row below).
		['empty (from an expression)', "={{ '' }}"],
		['blank', ' \t\r\n '],
	].map(([how, value]) => ({
		input: `${operation}: ${label} ${how}`,
		operation,
		parameters: parameter === 'customCaseType' ? { caseType: '__custom', customCaseType: value } : { [parameter]: value },
		expect: { refused: new RegExp(`^${label.replace(/[()]/g, '\\$&')} is empty for item 0$`), description: /wolkvox requires it/ },
	}));

const FORGED_PART = 'Content-Disposition: form-data; name="operation"\r\n\r\nhacked';
const ONE_MB = 'ñ'.repeat(512 * 1024); // 1 MiB of UTF-8

const rows: Row[] = [
	// Required fields, each of them, empty and blank: refused before sending.
	...blankRequired('create', 'responsible', 'Responsible'),
	...blankRequired('create', 'owner', 'Owner'),
	...blankRequired('create', 'contact', 'Contact'),
	...blankRequired('create', 'description', 'Description'),
	...blankRequired('create', 'status', 'Status'),
	...blankRequired('create', 'priority', 'Priority'),
	...blankRequired('create', 'customCaseType', 'Custom Case Type'),
	...blankRequired('updateAttachments', 'wolkvoxId', 'Case ID'),
	...blankRequired('updateAttachments', 'responsible', 'Responsible'),
	...blankRequired('updateAttachments', 'status', 'Status'),
	{
		input: "create: Responsible left empty in the editor (literal '')",
		parameters: { responsible: '' },
		expect: { workflowIssues: true },
	},
	{
		input: 'create: Contact from an expression that yields nothing',
		parameters: { contact: '={{ $json.missing }}' },
		expect: { refused: /^Contact is empty for item 0$/ },
	},

	// Binary properties and extensions.
	{
		input: 'create: a named binary property the item lacks',
		parameters: { files: 'properties', binaryProperties: 'data, attachment_9' },
		item: withFile('a.pdf'),
		expect: { refused: /Item 0 has no binary property "attachment_9"/, description: /Its binary properties are: data/ },
	},
	{
		input: 'update: a named binary property on an item without binaries',
		operation: 'updateAttachments',
		parameters: { files: 'properties', binaryProperties: 'data' },
		expect: { refused: /Item 0 has no binary property "data"/, description: /no binary data at all/ },
	},
	{
		input: 'create: extension wolkvox refuses (llamada.wav)',
		item: { json: {}, binary: { attachment_0: binary('RIFF', 'llamada.wav', 'audio/wav') } },
		expect: {
			refused: /File "llamada.wav" \(binary property "attachment_0"\) has the extension ".wav"/,
			description: /wolkvox accepts: xlsx, csv, pdf/,
		},
	},
	{ input: 'create: double extension (factura.pdf.exe)', item: withFile('factura.pdf.exe'), expect: { refused: /has the extension ".exe"/ } },
	{ input: 'create: no extension (README)', item: withFile('README'), expect: { refused: /File "README" .* has no extension/ } },
	{ input: 'create: a trailing dot (a.pdf.)', item: withFile('a.pdf.'), expect: { refused: /File "a.pdf." .* has no extension/ } },
	{
		input: 'create: no file name and an unknown MIME type',
		item: withFile(undefined, PDF, 'application/x-unknown'),
		expect: { refused: /File "data" .* has no extension/ },
	},
	fileName('create: upper-case extension (SCAN.PDF)', 'SCAN.PDF', 'SCAN.PDF'),
	{
		input: 'create: a 0-byte file',
		item: withFile('empty.pdf', Buffer.alloc(0)),
		expect: {
			check: ({ message, stored }) => {
				if (emulator.requests.length === 0) expect(message).toMatch(/empty\.pdf/);
				else expect(stored?.files.map((file) => [file.fileName, file.size])).toEqual([['empty.pdf', 0]]);
			},
		},
	},
	{
		input: 'update: a 0-byte file (sent as "")',
		operation: 'updateAttachments',
		setup: seedCase,
		item: withFile('empty.pdf', Buffer.alloc(0)),
		expect: { serverRefused: /wolkvox refused to update the case: INVALID BASE64 IN attachments\[0\]/ },
		also: () => expect(emulator.findCase(SEEDED_ID)).toMatchObject({ files: [], updates: 0 }),
	},
	{
		input: 'create: inline base64 wrapped in lines (as MIME sources send it)',
		item: {
			json: {},
			binary: { data: { ...binary(PDF, 'wrapped.pdf', 'application/pdf'), data: PDF.toString('base64').replace(/(.{76})/g, '$1\r\n') } },
		},
		parameters: { options: { timeout: 5 } },
		expect: {
			check: ({ message, stored }) => {
				expect(message).toBeUndefined();
				expect(stored?.files[0].bytes?.equals(PDF)).toBe(true);
			},
		},
	},

	// File names: the name wolkvox stores is the name the output reports, and it is harmless.
	fileName('create: file name with quotes', 'say "hi".pdf', 'say _hi_.pdf'),
	fileName('create: file name with CR/LF', 'a\r\nb.pdf', 'a__b.pdf'),
	fileName('create: file name with / (path traversal)', '../../etc/passwd.pdf', '.._.._etc_passwd.pdf'),
	fileName('create: file name with \\ (Windows path)', 'C:\\fakepath\\scan.pdf', 'C:_fakepath_scan.pdf'),
	fileName('create: file name with NUL (evil.exe\\0.pdf)', 'evil.exe\u0000.pdf', 'evil.exe_.pdf'),
	fileName('create: file name of 300 characters', `${'n'.repeat(296)}.pdf`, `${'n'.repeat(196)}.pdf`),
	fileName('create: file name of 300 emoji', `${'😀'.repeat(296)}.pdf`, `${'😀'.repeat(196)}.pdf`),
	{
		...fileName('create: file name with C1 controls (U+0085, U+009B)', 'a\u0085b\u009b.pdf', 'a_b_.pdf'),
	},
	{
		...fileName(`create: file name with a forged part header (…${'hacked.pdf'})`, `a.pdf"\r\n${FORGED_PART}.pdf`, `a.pdf___${FORGED_PART.replace(/["\r\n]/g, '_')}.pdf`),
		also: ({ stored }) => {
			expect(stored?.files[0].fileName).not.toMatch(/[\r\n"]/);
			expect([emulator.ignoredFiles, emulator.droppedFiles]).toEqual([[], []]);
		},
	},
	{
		input: 'create: the brief\'s forged name as is (no .pdf at the end)',
		item: withFile(`a.pdf"\r\n${FORGED_PART}`),
		expect: { refused: /has the extension "\.pdf___content-disposition: form-data; name=_operation_____hacked"/ },
	},
	{
		input: 'create: a binary property name with a forged header, no file name',
		item: { json: {}, binary: { [`x"\r\n${FORGED_PART}`]: binary(PDF, undefined, 'application/pdf') } },
		expect: {
			stored: (stored) => {
				expect(stored.files.map((file) => file.fileName)).toEqual([`x___${FORGED_PART.replace(/["\r\n]/g, '_')}.pdf`]);
				expect(stored.fields).toEqual(PLAIN_FIELDS);
			},
		},
	},
	{
		input: 'create: a MIME type with CR/LF and a forged header',
		item: withFile('a.pdf', PDF, `application/pdf\r\n${FORGED_PART}`),
		expect: {
			check: ({ stored, message }) => {
				if (!stored) return void expect(message).toMatch(/MIME|type/i);
				expect(stored.files).toHaveLength(1);
				expect(stored.files[0].bytes?.equals(PDF)).toBe(true);
				expect(stored.files[0].contentType).not.toMatch(/[\r\n]/);
				expect(stored.fields).toEqual(PLAIN_FIELDS);
			},
		},
	},

	// Field values that try to break out of their part, and very large ones.
	{
		input: 'create: description with CR/LF, NUL and a forged boundary',
		parameters: { description: `line 1\r\n------------------------x\r\n${FORGED_PART}\u0000 end` },
		expect: {
			stored: (stored) => {
				expect(stored.fields).toEqual({ ...PLAIN_FIELDS, description: `line 1\r\n------------------------x\r\n${FORGED_PART}\u0000 end` });
				expect(stored.operation).toBe(emulator.operation);
			},
		},
	},
	{
		input: 'create: custom field name with quotes, CR/LF and a forged header',
		parameters: { customFieldsInput: 'json', customFieldsJson: '={{ $json.form }}' },
		item: { json: { form: { [`k"\r\n${FORGED_PART}`]: 'v' } } },
		expect: {
			stored: (stored) => {
				expect(stored.form).toEqual({ [`k"\r\n${FORGED_PART}`]: 'v' });
				expect(stored.fields).toEqual(PLAIN_FIELDS);
			},
		},
	},
	{
		input: 'create: a 1 MB description',
		parameters: { description: '={{ $json.text }}' },
		item: { json: { text: ONE_MB } },
		expect: { stored: (stored) => expect(sha256(Buffer.from(stored.fields.description))).toBe(sha256(Buffer.from(ONE_MB))) },
	},
	{
		input: 'create: a 1 MB custom field value',
		parameters: { customFields: { field: [{ name: 'notes', value: '={{ $json.text }}' }] } },
		item: { json: { text: ONE_MB } },
		expect: { stored: (stored) => expect(stored.form.notes === ONE_MB).toBe(true) },
	},

	// Custom fields.
	{
		input: 'create: custom fields JSON that does not parse',
		parameters: { customFieldsInput: 'json', customFieldsJson: '{"a": ' },
		expect: { refused: /Custom Fields \(JSON\) of item 0 is not valid JSON/ },
	},
	...(['[1, 2]', 'null', '"text"', '42'] as const).map(
		(json): Row => ({
			input: `create: custom fields JSON ${json} (not an object)`,
			parameters: { customFieldsInput: 'json', customFieldsJson: json },
			expect: { refused: /Custom Fields \(JSON\) of item 0 must be an object/ },
		}),
	),
	{
		input: 'create: a nested object as a custom field value',
		parameters: { customFieldsInput: 'json', customFieldsJson: '{"a": {"b": 1}}' },
		expect: { refused: /Custom field "a" has an object as its value/ },
	},
	{
		input: 'create: a list as a custom field value',
		parameters: { customFieldsInput: 'json', customFieldsJson: '{"a": [1]}' },
		expect: { refused: /Custom field "a" has a list as its value/ },
	},
	{
		input: 'create: Field by Field value that is an object (expression)',
		parameters: { customFields: { field: [{ name: 'a', value: '={{ $json.nested }}' }] } },
		item: { json: { nested: { b: 1 } } },
		expect: { refused: /Custom field "a" has an object as its value/ },
	},
	{
		input: 'create: Field by Field row without a name',
		parameters: { customFields: { field: [{ name: '  ', value: 'x' }] } },
		expect: { refused: /Custom field 1 of item 0 has no name/ },
	},
	{
		input: 'create: a custom field given twice',
		parameters: { customFields: { field: [{ name: 'a', value: '1' }, { name: ' a ', value: '2' }] } },
		expect: { refused: /Custom field "a" is given twice/ },
	},
	{
		input: 'create: Field by Field custom field named "constructor"',
		parameters: { customFields: { field: [{ name: 'constructor', value: '1' }] } },
		expect: { stored: (stored) => expect(stored.form).toEqual({ constructor: '1' }) },
	},
	{
		input: 'create: custom fields JSON {"__proto__": "x"}',
		parameters: { customFieldsInput: 'json', customFieldsJson: '{"__proto__": "x", "a": "1"}' },
		expect: {
			check: ({ stored, message }) => {
				if (!stored) return void expect(message).toMatch(/__proto__/);
				expect(Object.keys(stored.form).sort()).toEqual(['__proto__', 'a']);
			},
		},
	},

	// Credentials: token and operation.
	{
		input: 'token empty',
		credentials: () => ({ token: '' }),
		expect: { serverRefused: /without a token/, description: /Fill in the Token/ },
	},
	{
		input: 'token blank (spaces and a tab)',
		credentials: () => ({ token: '  \t ' }),
		expect: { serverRefused: /without a token/ },
	},
	{
		input: 'token with surrounding spaces and a trailing CR/LF',
		credentials: () => ({ token: `  ${emulator.token}\r\n` }),
		expect: { stored: (stored) => expect(stored.fields).toEqual(PLAIN_FIELDS) },
	},
	{
		input: 'token with CR/LF inside (a forged header)',
		credentials: () => ({ token: `${emulator.token.slice(0, 16)}\r\nX-Forged: 1` }),
		expect: {
			check: ({ message, description }) => {
				expect(emulator.requests).toHaveLength(0);
				expect(`${message} ${description}`).toMatch(/token/i);
				expect(description).not.toMatch(/may already exist|after the request was sent/);
			},
		},
	},
	{
		input: 'operation empty',
		credentials: () => ({ operation: '' }),
		expect: { refused: /^The credential's Operation is empty$/ },
	},
	{
		input: 'operation blank (spaces)',
		credentials: () => ({ operation: '   ' }),
		expect: { refused: /^The credential's Operation is empty$/ },
	},

	// Servers: refused before sending unless the request can only go to the host meant.
	...(
		[
			['server with user-info', () => `https://user:pw@127.0.0.1:${port()}`, /contains a user name/],
			['server with user-info after the port', () => `http://127.0.0.1:${port()}@crm0001.wolkvox.com`, /contains a user name/],
			['server with user-info behind a backslash', () => `http://127.0.0.1:${port()}\\@crm0001.wolkvox.com`, /contains a user name/],
			['server http:// to a public host', () => 'http://crm0001.wolkvox.com', /must be reached over https/],
			['server ftp://', () => `ftp://127.0.0.1:${port()}`, /uses the scheme "ftp:\/\/"/],
			['server file://', () => 'file:///etc/passwd', /uses the scheme "file:\/\/"/],
			['server javascript:', () => 'javascript:alert(1)', /is not a server host name/],
			['server with a look-alike (Cyrillic) letter', () => 'https://сrm0001.wolkvox.com', /is not a server host name/],
			['server IP literal in decimal (2130706433)', () => `http://2130706433:${port()}`, /must be reached over https/],
			['server IP literal in hex (0x7f000001)', () => `http://0x7f000001:${port()}`, /must be reached over https/],
			['server IP literal shortened (127.1)', () => `http://127.1:${port()}`, /must be reached over https/],
			['server IPv4-mapped IPv6 literal', () => `http://[::ffff:127.0.0.1]:${port()}`, /must be reached over https/],
			['server loopback-looking name (127.0.0.1.nip.io)', () => `http://127.0.0.1.nip.io:${port()}`, /must be reached over https/],
			['server with a fragment hiding the host (evil#@127.0.0.1)', () => `http://evil.example#@127.0.0.1:${port()}`, /must be reached over https/],
		] as const
	).map(
		([input, customServer, problem]): Row => ({
			input,
			credentials: () => ({ customServer: customServer() }),
			expect: { refused: problem, description: /Fix the Server of the Wolkvox API credential/ },
		}),
	),
	...(
		[
			['server with a path, query and fragment', () => `http://127.0.0.1:${port()}/server/API/v2/cases/insert.php?x=1#y`],
			['server with a dot-dot path', () => `http://127.0.0.1:${port()}/../../admin/`],
			['server http:// typed twice', () => `http://http://127.0.0.1:${port()}`],
			['server with spaces, a tab and a newline', () => ` http://127.0.0.1:${port()} \t\n`],
		] as const
	).map(
		([input, customServer]): Row => ({
			input: `${input} (forgiven)`,
			credentials: () => ({ customServer: customServer() }),
			expect: { stored: (stored) => expect(stored.fields).toEqual(PLAIN_FIELDS) },
		}),
	),
	{
		input: 'a redirect to another host that knows the token',
		setup: () => emulator.injectFault({ kind: 'redirect', location: `${otherHost.url}/server/API/v2/cases/insert.php` }),
		expect: { serverRefused: /redirect \(HTTP 302\) that was not followed/, description: /never sent to another host/ },
		also: ({ description }) => {
			expect(description).toContain(otherHost.url);
			expect(otherHost.requests).toHaveLength(0); // the token never travelled
			expect(emulator.requests.map((request) => request.status)).toEqual([302]);
		},
	},
];

const printed: Array<{ input: string; outcome: string }> = [];

afterAll(() => {
	const width = Math.max(...printed.map((row) => row.input.length));
	const lines = printed.map(({ input, outcome }) => `${input.padEnd(width)}  →  ${outcome}`);
	process.stdout.write(['', `hostile input (${printed.length} rows)`, ...lines, ''].join('\n'));
});

function describeOutcome(run: Run): string {
	// One line, control characters (C0 and C1) made visible.
	// eslint-disable-next-line no-control-regex
	const flat = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
	const short = (text: string) => (text.length > 110 ? `${text.slice(0, 110)}…` : text);
	if (run.stored && run.output) {
		const files = run.stored.files.map((file) => `${flat(file.fileName ?? '')} (${file.size} B)`).join(', ');
		return `sent, case stored${files ? `: ${short(files)}` : ''}`;
	}
	if (run.message === undefined) return `sent, ${emulator.cases.length} case(s) changed`;
	const where = emulator.requests.length === 0 ? 'no request reached the emulator' : `sent (${emulator.requests.length}), item failed`;
	return `${where}: ${short(flat(run.message)) || '(an empty error message)'}`;
}

async function runRow(row: Row): Promise<Run> {
	row.setup?.();
	const operation = row.operation ?? 'create';
	const base = operation === 'create' ? { ...createParameters, files: 'all' } : { ...updateParameters, wolkvoxId: SEEDED_ID, files: 'all' };
	let result: CaseNodeRun;
	try {
		result = await runCaseNode({
			emulator,
			parameters: { ...base, ...row.parameters },
			items: [row.item ?? { json: {} }],
			onError: 'continueErrorOutput',
			credentials: credentialsFor(emulator, row.credentials?.()),
		});
	} catch (error) {
		const run: Run = { thrown: error as Error, message: (error as Error).message };
		printed.push({ input: row.input, outcome: `n8n refuses to run the workflow: ${(error as Error).message}` });
		return run;
	}
	const failed = result.errors[0];
	const run: Run = {
		result,
		message: failed ? String(failed.json.error) : undefined,
		description: failed?.error?.description ?? undefined,
		output: result.items[0]?.json,
		stored: operation === 'create' && emulator.cases.length === 1 ? emulator.cases[0] : undefined,
	};
	printed.push({ input: row.input, outcome: describeOutcome(run) });
	return run;
}

for (const row of rows) {
	test(row.input, async () => {
		const run = await runRow(row);
		const outcome = row.expect;
		if ('workflowIssues' in outcome) {
			expect(run.thrown?.message).toMatch(workflowIssuesMessage(NODE_NAME));
			expect(emulator.requests).toEqual([]);
			return;
		}
		const { result } = run;
		if (!result) throw run.thrown;
		expect(result.error).toBeUndefined();
		expect(result.items.length + result.errors.length).toBe(1);
		expect([...result.items, ...result.errors][0].pairedItem).toEqual({ item: 0 });
		if ('refused' in outcome) {
			expect(emulator.requests).toEqual([]);
			expect(emulator.cases.filter((stored) => stored.wolkvoxId !== SEEDED_ID)).toEqual([]);
			expect(run.message).toMatch(outcome.refused);
			if (outcome.description) expect(run.description).toMatch(outcome.description);
		} else if ('stored' in outcome) {
			expect(run.message).toBeUndefined();
			expect(emulator.cases).toHaveLength(1);
			expect(run.stored?.operation).toBe(emulator.operation);
			outcome.stored(run.stored!, run.output!);
		} else if ('serverRefused' in outcome) {
			expect(emulator.requests.length).toBeGreaterThan(0);
			expect(emulator.cases.filter((stored) => stored.wolkvoxId !== SEEDED_ID)).toEqual([]);
			expect(run.message).toMatch(outcome.serverRefused);
			if (outcome.description) expect(run.description).toMatch(outcome.description);
		} else {
			outcome.check(run);
		}
		row.also?.(run);
	});
}
