import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { drain } from './body';
import {
	API_PREFIX,
	DEFAULT_DAILY_QUOTA,
	DEFAULT_MAX_SIMULTANEOUS,
	ERRORS,
	GUESSED_ERRORS,
	PATHS,
} from './contract';
import type { Account, AttachmentsMode, Handler, TokenType } from './context';
import { defaultDirectory, type Directory } from './directory';
import { fail, httpStatus, renderBody, type EnvelopeStyle, type Outcome, type ZeroResults } from './envelope';
import { FaultQueue, faultReply, type FaultSpec, type FiredFault, type Reply } from './faults';
import { peekFields, type FaultPlan } from './faultPlan';
import { customInsert } from './customInsert';
import { customQuery } from './customQuery';
import { customUpdate } from './customUpdate';
import { insertCase } from './insert';
import { insertAttach } from './insertAttach';
import { listHistoryNote } from './listHistoryNote';
import { queryCases } from './queryCases';
import { tokenInformation } from './tokenInformation';
import type { RecordedRequest, StoredCase, StoredContact, StoredFile } from './types';
import { updateCaseAttachment } from './update';
import { updateCase } from './updateMultipart';

// One import point for tests, the demo and benchmarks.
export { ALLOWED_EXTENSIONS, ERRORS, GUESSED_ERRORS, SUCCESS } from './contract';
export { defaultDirectory, type CaseTypeConfig, type Directory, type StatusCondition } from './directory';
export type { FaultKind, FaultSpec, FiredFault } from './faults';
export type { FaultPlan, PlannedRequest } from './faultPlan';
export type { HistoryNote, RecordedRequest, StoredCase, StoredContact, StoredFile } from './types';
export type { ContactFieldType } from './contactFields';
export type { AttachmentsMode, TokenType } from './context';
export type { ZeroResults } from './envelope';

export interface ExtraToken {
	token: string;
	operation: string;
	directory?: Directory;
	/** default 'External' */
	tokenType?: TokenType;
}

export interface EmulatorOptions extends Partial<EnvelopeStyle> {
	/** default: random 32 hex characters */
	token?: string;
	/** default: 'testmodule' */
	operation?: string;
	/** default: defaultDirectory(operation) */
	directory?: Directory;
	/** the main token's type; default 'External' */
	tokenType?: TokenType;
	/** more tokens, e.g. one of another operation */
	extraTokens?: ExtraToken[];
	/** delay before each answer, while the request still counts as in flight */
	latencyMs?: number;
	/** keep uploaded bytes (default true); sizes and sha256 are always kept */
	keepBytes?: boolean;
	/** per token; default 4800 */
	dailyQuota?: number;
	/** per token; default 2 */
	maxSimultaneous?: number;
	/** called once per finished request (after the response or the connection ended) */
	onRequest?: (request: RecordedRequest) => void;
	/** how queries that find nothing answer; default 'empty' (200, "0 records were are found", data []) */
	zeroResults?: ZeroResults;
	/** whether updateCaseAttachment.php adds its attachments to the case's files or replaces them; default 'append' */
	attachmentsMode?: AttachmentsMode;
}

export interface TokenStats {
	operation: string;
	usedToday: number;
	inFlight: number;
	maxInFlight: number;
	simultaneousRefusals: number;
}

const ROUTES = new Map<string, { method: 'GET' | 'POST'; handler: Handler }>([
	[PATHS.info, { method: 'GET', handler: tokenInformation }],
	[PATHS.insert, { method: 'POST', handler: insertCase }],
	[PATHS.updateCaseAttachment, { method: 'POST', handler: updateCaseAttachment }],
	[PATHS.update, { method: 'POST', handler: updateCase }],
	[PATHS.insertAttach, { method: 'POST', handler: insertAttach }],
	[PATHS.queryCases, { method: 'POST', handler: queryCases }],
	[PATHS.listHistoryNote, { method: 'POST', handler: listHistoryNote }],
	[PATHS.customInsert, { method: 'POST', handler: customInsert }],
	[PATHS.customUpdate, { method: 'POST', handler: customUpdate }],
	[PATHS.customQuery, { method: 'POST', handler: customQuery }],
]);

/**
 * A strict stand-in for the wolkvox CRM Cases API on 127.0.0.1: what the real
 * server would reject, it rejects. Public fields may be changed between tests.
 */
export class WolkvoxEmulator implements EnvelopeStyle {
	readonly token: string;
	readonly operation: string;

	latencyMs: number;
	keepBytes: boolean;
	codeAsString: boolean;
	errorNull: 'string' | 'null';
	statusMode: 'mirror' | 'always200';
	zeroResults: ZeroResults;
	attachmentsMode: AttachmentsMode;
	dailyQuota: number;
	maxSimultaneous: number;
	onRequest?: (request: RecordedRequest) => void;
	/**
	 * Decides a fault from the request's own content (its fields), asked before the queued
	 * faults: a test can then fault "the 2nd attempt of the item described X" whatever order
	 * concurrent requests arrive in. Reading the fields buffers the body up to the first file.
	 */
	faultPlan?: FaultPlan;

	readonly cases: StoredCase[] = [];
	readonly requests: RecordedRequest[] = [];
	/** multipart files PHP overwrote before the app saw them */
	readonly droppedFiles: StoredFile[] = [];
	/** multipart files under names other than file / file[] */
	readonly ignoredFiles: StoredFile[] = [];

	private readonly accounts = new Map<string, Account>();
	/** each token's contacts as they were before any request, for reset() */
	private readonly contactSeeds = new Map<string, StoredContact[]>();
	private readonly faults = new FaultQueue();
	private server?: Server;
	private baseUrl?: string;
	private stopping = new AbortController();

	constructor(options: EmulatorOptions = {}) {
		this.token = options.token ?? randomBytes(16).toString('hex');
		this.operation = options.operation ?? 'testmodule';
		this.addAccount(this.token, this.operation, options.directory, options.tokenType);
		for (const extra of options.extraTokens ?? []) {
			this.addAccount(extra.token, extra.operation, extra.directory, extra.tokenType);
		}
		this.latencyMs = options.latencyMs ?? 0;
		this.keepBytes = options.keepBytes ?? true;
		this.codeAsString = options.codeAsString ?? false;
		this.errorNull = options.errorNull ?? 'string';
		this.statusMode = options.statusMode ?? 'mirror';
		this.zeroResults = options.zeroResults ?? 'empty';
		this.attachmentsMode = options.attachmentsMode ?? 'append';
		this.dailyQuota = options.dailyQuota ?? DEFAULT_DAILY_QUOTA;
		this.maxSimultaneous = options.maxSimultaneous ?? DEFAULT_MAX_SIMULTANEOUS;
		this.onRequest = options.onRequest;
	}

	/** Base URL, e.g. http://127.0.0.1:PORT (the API lives under /server/API/v2/). */
	get url(): string {
		if (!this.baseUrl) throw new Error('WolkvoxEmulator is not started');
		return this.baseUrl;
	}

	/** The main operation's directory; mutable, so a test can add a user or a status. */
	get directory(): Directory {
		return this.accounts.get(this.token)!.directory;
	}

	get firedFaults(): readonly FiredFault[] {
		return this.faults.fired;
	}

	/**
	 * Listens on `host` (default loopback only; '0.0.0.0' also lets n8n in Docker reach it).
	 * Listening on all addresses, the URL returned is the loopback one, which works here.
	 */
	async start(port = 0, host = '127.0.0.1'): Promise<string> {
		if (this.server) throw new Error('WolkvoxEmulator is already started');
		const server = createServer((req, res) => void this.handle(req, res));
		// An idle keep-alive connection is closed by the client, never by the emulator. In tests the
		// client shares the emulator's event loop: after a long synchronous stretch (building a
		// 48 MB body on a busy machine), the server's 5 s idle timer fired in the same turn in
		// which the client picked that connection for its next request, which then met ECONNRESET.
		// The client (undici's 4 s, axios) closes its idle connections itself, without that race.
		server.keepAliveTimeout = 0;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => resolve());
		});
		this.server = server;
		const everywhere = host === '0.0.0.0' || host === '::';
		const shown = everywhere ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
		this.baseUrl = `http://${shown}:${(server.address() as AddressInfo).port}`;
		return this.baseUrl;
	}

	/** Closes every connection, hung ones included, and cancels pending latency. */
	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		this.baseUrl = undefined;
		this.stopping.abort();
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
		this.stopping = new AbortController();
	}

	/** The main operation's contacts (the directory's contact store). */
	get contacts(): StoredContact[] {
		return this.directory.contacts;
	}

	/** Forgets cases, requests, files, faults, today's usage and the contacts made since the start. */
	reset(): void {
		for (const list of [this.cases, this.requests, this.droppedFiles, this.ignoredFiles]) list.length = 0;
		this.faults.clear();
		for (const [token, seed] of this.contactSeeds) this.accounts.get(token)!.directory.contacts.splice(0, Infinity, ...structuredClone(seed));
		for (const account of this.accounts.values()) {
			account.usedToday = 0;
			account.maxInFlight = account.inFlight;
			account.simultaneousRefusals = 0;
		}
	}

	findCase(wolkvoxId: string): StoredCase | undefined {
		return this.cases.find((stored) => stored.wolkvoxId === wolkvoxId);
	}

	injectFault(spec: FaultSpec): void {
		this.faults.add(spec);
	}

	tokenStats(token: string = this.token): TokenStats {
		const account = this.accounts.get(token);
		if (!account) throw new Error('unknown token');
		const { operation, usedToday, inFlight, maxInFlight, simultaneousRefusals } = account;
		return { operation, usedToday, inFlight, maxInFlight, simultaneousRefusals };
	}

	private addAccount(token: string, operation: string, directory?: Directory, tokenType: TokenType = 'External'): void {
		const account = { operation, tokenType, directory: directory ?? defaultDirectory(operation) };
		this.accounts.set(token, { ...account, usedToday: 0, inFlight: 0, maxInFlight: 0, simultaneousRefusals: 0 });
		this.contactSeeds.set(token, structuredClone(account.directory.contacts));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = performance.now();
		const url = new URL(req.url ?? '/', 'http://emulator.invalid');
		const record: RecordedRequest = {
			method: req.method ?? '',
			path: url.pathname,
			status: 0,
			contentType: req.headers['content-type'],
			contentLength: req.headers['content-length'],
			bytesReceived: 0,
			tokenPresent: req.headers['wolkvox-token'] !== undefined,
			durationMs: 0,
		};
		// Paused so that counting bytes does not start the flow before a consumer is attached.
		req.pause();
		req.on('data', (chunk: Buffer) => {
			record.bytesReceived += chunk.length;
		});
		let account: Account | undefined;
		res.once('close', () => {
			if (account) account.inFlight -= 1;
			record.status = res.headersSent ? res.statusCode : 0;
			record.durationMs = performance.now() - started;
			this.requests.push(record);
			this.onRequest?.(record);
		});
		try {
			const reply = await this.dispatch(req, url, record, (held) => (account = held));
			await this.send(req, res, record, reply);
		} catch (error) {
			if (this.stopping.signal.aborted || res.destroyed) return;
			if (res.headersSent) return void res.destroy();
			const body = `emulator error: ${(error as Error).message}`;
			res.writeHead(500, { 'Content-Type': 'text/plain' }).end(body);
		}
	}

	/** Routing, token checks and limits, in the order a front controller would apply them. */
	private async dispatch(
		req: IncomingMessage,
		url: URL,
		record: RecordedRequest,
		hold: (account: Account) => void,
	): Promise<Reply> {
		const reject = async (outcome: Outcome, immediate = false): Promise<Reply> => {
			await drain(req);
			return { kind: 'envelope', outcome, immediate };
		};
		const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : '';
		const route = ROUTES.get(path);
		// [doc] 400 THE API YOU WANT TO CONSULT DOES NOT EXIST.
		if (!route) return reject(fail(400, ERRORS.apiDoesNotExist));
		// [doc] every CRM API is POST except tokenInformation (GET); GUESS: 405 and its text, checked before the token.
		if (req.method !== route.method) return reject(fail(405, GUESSED_ERRORS.methodNotAllowed));

		// [doc] the Wolkvox-Token header: 401 when absent, 403 PLEASE VALIDATE TOKEN when unknown.
		const token = req.headers['wolkvox-token'];
		if (typeof token !== 'string' || token.trim() === '') return reject(fail(401, ERRORS.enterToken));
		const account = this.accounts.get(token);
		if (!account) return reject(fail(403, ERRORS.validateToken));

		// [doc] at most 2 simultaneous requests per token, 403. GUESS: refused at once, without
		// taking a slot or counting against the quota: the third concurrent request never runs.
		if (account.inFlight >= this.maxSimultaneous) {
			account.simultaneousRefusals += 1;
			return reject(fail(403, ERRORS.simultaneousLimit), true);
		}
		account.inFlight += 1;
		account.maxInFlight = Math.max(account.maxInFlight, account.inFlight);
		hold(account);

		let fault: FaultSpec | undefined;
		if (this.faultPlan) {
			const peeked = await peekFields(req);
			req = peeked.req;
			const query = Object.fromEntries(url.searchParams);
			fault = this.faultPlan({ method: req.method ?? '', path, query, fields: peeked.fields });
			if (fault) this.faults.record(fault.kind, path);
		}
		fault ??= this.faults.take(path);
		if (fault) record.fault = fault.kind;
		if (fault && fault.kind !== 'resetAfterStore') {
			return faultReply({ ...fault, kind: fault.kind }, req, `http://127.0.0.2:${this.port()}${req.url}`);
		}

		// [doc] a daily quota per token (e.g. 4,800), 403 TOKEN LIMIT EXCEEDED; every call counts, the
		// token endpoint's own included [doc]. GUESS: refused calls do not count.
		if (account.usedToday >= this.dailyQuota) return reject(fail(403, ERRORS.tokenLimitExceeded));
		account.usedToday += 1;

		const outcome = await route.handler({
			req,
			query: url.searchParams,
			account,
			dailyQuota: this.dailyQuota,
			keepBytes: this.keepBytes,
			cases: this.cases,
			droppedFiles: this.droppedFiles,
			ignoredFiles: this.ignoredFiles,
			zeroResults: this.zeroResults,
			attachmentsMode: this.attachmentsMode,
		});
		// resetAfterStore: the work is done (the case may exist) but the client never hears of it.
		return fault ? { kind: 'destroy' } : { kind: 'envelope', outcome };
	}

	private async send(req: IncomingMessage, res: ServerResponse, record: RecordedRequest, reply: Reply): Promise<void> {
		if (reply.kind === 'hang') return; // the socket stays open until the client leaves or stop()
		if (reply.kind === 'destroy') return void req.socket.destroy();
		if (this.latencyMs > 0 && !(reply.kind === 'envelope' && reply.immediate)) {
			await sleep(this.latencyMs, undefined, { signal: this.stopping.signal });
		}
		if (reply.kind === 'raw') {
			const headers = { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) };
			res.writeHead(reply.status, headers).end(reply.body);
			return;
		}
		const body = renderBody(reply.outcome, this);
		record.code = reply.outcome.code;
		res
			.writeHead(reply.forceStatus ?? httpStatus(reply.outcome, this), {
				'Content-Type': 'application/json',
				'Content-Length': String(Buffer.byteLength(body)),
			})
			.end(body);
	}

	private port(): number {
		return (this.server?.address() as AddressInfo).port;
	}
}
