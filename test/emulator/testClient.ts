/**
 * What the emulator's own tests share: requests to it over real HTTP, the bodies they send, the
 * checks of its error envelope and the emulator's lifecycle around a test file.
 */
import { createHash } from 'node:crypto';
import { PATHS } from './contract';
import { reasonPhrase } from './envelope';
import type { WolkvoxEmulator } from './server';

/** insert.php's fields for a valid case of the main operation. */
export const VALID: Record<string, string> = {
	operation: 'testmodule',
	'case-type': 'Request',
	responsible: 'ADMIN_@testmodule',
	owner: 'AGENT1_@testmodule',
	contact: 'cliente@example.com',
	description: 'Case created through API.',
	status: 'open',
	priority: 'low',
};

/** For each field backed by the operation's directory, a value it does not know (matching is case-sensitive). */
export const UNKNOWN_REFERENCES: Array<[field: string, value: string]> = [
	['responsible', 'NOBODY_@testmodule'],
	['owner', 'admin_@testmodule'],
	['contact', 'unknown@example.com'],
	['case-type', 'request'],
	['status', 'Open'],
	['priority', 'urgent'],
];

/** The fields of the JSON envelope the tests read (error replies carry `data: []`). */
export interface Envelope<Data = unknown> {
	code: number | string;
	error: string | null;
	msg: string;
	data: Data;
}

export interface Reply<Data = unknown> {
	status: number;
	headers: Headers;
	text: string;
	/** the parsed envelope; undefined when the text is not JSON */
	body: Envelope<Data> | undefined;
}

export interface CallInit {
	method?: string;
	body?: RequestInit['body'];
	headers?: Record<string, string>;
	/** null: send no Wolkvox-Token header */
	token?: string | null;
	base?: string;
}

export interface FilePart {
	field?: string;
	name: string;
	content?: string | Buffer;
	type?: string;
}

export interface TestClient<Data> {
	/** A request to `/server/API/v2/{path}`: GET without a body, POST with one, redirects not followed. */
	call(path: string, init?: CallInit): Promise<Reply<Data>>;
	/** A POST of `payload` as raw JSON (a string is sent as it is). */
	postJson(path: string, payload: unknown, init?: CallInit): Promise<Reply<Data>>;
	/** Creates a case through insert.php, expects it to succeed, and answers its wolkvox_id. */
	createCase(fields?: Record<string, string>, files?: FilePart[], init?: CallInit): Promise<string>;
}

/** A client of `emulator`, with its token unless `init.token` says otherwise. */
export function testClient<Data = unknown>(emulator: WolkvoxEmulator): TestClient<Data> {
	async function call(path: string, init: CallInit = {}): Promise<Reply<Data>> {
		const headers: Record<string, string> = { ...init.headers };
		const token = init.token === undefined ? emulator.token : init.token;
		if (token !== null) headers['Wolkvox-Token'] = token;
		const response = await fetch(`${init.base ?? emulator.url}/server/API/v2/${path}`, {
			method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
			headers,
			body: init.body,
			redirect: 'manual',
		});
		const text = await response.text();
		let body: Envelope<Data> | undefined;
		try {
			body = JSON.parse(text) as Envelope<Data>;
		} catch {
			body = undefined;
		}
		return { status: response.status, headers: response.headers, text, body };
	}

	const postJson = (path: string, payload: unknown, init: CallInit = {}): Promise<Reply<Data>> =>
		call(path, {
			...init,
			body: typeof payload === 'string' ? payload : JSON.stringify(payload),
			headers: { 'Content-Type': 'application/json', ...init.headers },
		});

	async function createCase(fields: Record<string, string> = VALID, files: FilePart[] = [], init: CallInit = {}): Promise<string> {
		const reply = await call(PATHS.insert, { ...init, body: form(fields, files) });
		expect(reply.body?.code).toBe(200);
		return (reply.body!.data as { wolkvox_id: string }).wolkvox_id;
	}

	return { call, postJson, createCase };
}

/** A multipart body: the defined fields, then each file (a PDF of placeholder text unless told). */
export function form(fields: Record<string, string | undefined> = VALID, files: FilePart[] = []): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) if (value !== undefined) data.append(name, value);
	for (const file of files) {
		const blob = new Blob([file.content ?? `content of ${file.name}`], { type: file.type ?? 'application/pdf' });
		data.append(file.field ?? 'file', blob, file.name);
	}
	return data;
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** A failure: `error` the HTTP reason phrase [doc], `msg` the text (or the text, a colon and details). */
export const expectError = (reply: Reply, status: number, text: string): void => {
	expect(reply.status).toBe(status);
	expect(reply.body).toMatchObject({ code: status, error: reasonPhrase(status), data: [] });
	const msg = String(reply.body!.msg);
	expect(msg === text || msg.startsWith(`${text}: `) ? text : msg).toBe(text);
};

/**
 * Starts `emulator` before the file's tests and stops it after; before each test, forgets its
 * state and puts back the settings the tests may change.
 */
export function useTestEmulator(emulator: WolkvoxEmulator): void {
	beforeAll(async () => {
		await emulator.start();
	});

	afterAll(async () => {
		await emulator.stop();
	});

	beforeEach(() => {
		emulator.reset();
		Object.assign(emulator, {
			latencyMs: 0,
			keepBytes: true,
			codeAsString: false,
			errorNull: 'string',
			statusMode: 'mirror',
			zeroResults: 'empty',
			attachmentsMode: 'append',
			dailyQuota: 4800,
			maxSimultaneous: 2,
		});
	});
}
