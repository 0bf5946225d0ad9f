/**
 * What `npm run emulator` (cli.ts) does, as functions the tests call in-process: its flags, the
 * text it prints for people, and the emulator it starts (with an optional state endpoint).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { API_PREFIX, PATHS } from './contract';
import { WolkvoxEmulator, type Directory, type StoredContact, type StoredFile } from './server';
import type { RecordedRequest } from './types';

/** Fixed, so that a credential typed once keeps working after a restart. Not a secret. */
export const DEFAULT_PORT = 5680;
export const DEFAULT_TOKEN = 'wolkvox-emulator-token';
export const DEFAULT_OPERATION = 'testmodule';

export const USAGE = `Usage: npm run emulator -- [options]

A local stand-in for the wolkvox CRM Cases API, to try the n8n node without a wolkvox account.

Options:
  --port N          port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS    address to listen on (default 127.0.0.1: this machine only).
                    0.0.0.0 lets n8n in Docker reach it (and anyone who can reach this machine)
  --token TEXT      the token it accepts (default ${DEFAULT_TOKEN})
  --operation NAME  the operation that token belongs to (default ${DEFAULT_OPERATION})
  --latency-ms MS   wait this long before each answer (default 0)
  --state-port N    also serve GET /state (cases, requests, the token's counters as JSON) on 127.0.0.1:N
                    (0: any free port); POST /state/case-status moves a case as an agent would
  --no-keep-bytes   keep only the size and sha256 of uploaded files, not their bytes
  --help            this text
`;

export interface CliOptions {
	port: number;
	host: string;
	token: string;
	operation: string;
	latencyMs: number;
	statePort?: number;
	keepBytes: boolean;
	help: boolean;
}

/** Parses the flags; a flag given twice takes its last value (so wrappers can set defaults first). */
export function parseArgs(args: string[]): CliOptions {
	const options: CliOptions = {
		port: DEFAULT_PORT,
		host: '127.0.0.1',
		token: DEFAULT_TOKEN,
		operation: DEFAULT_OPERATION,
		latencyMs: 0,
		keepBytes: true,
		help: false,
	};
	for (let i = 0; i < args.length; i++) {
		const [flag, inline] = args[i].split(/=(.*)/s, 2);
		const value = () => (inline !== undefined ? inline : args[++i]);
		switch (flag) {
			case '--help':
			case '-h':
				options.help = true;
				break;
			case '--no-keep-bytes':
				options.keepBytes = false;
				break;
			case '--port':
				options.port = wholeNumber(flag, value(), 65535);
				break;
			case '--state-port':
				options.statePort = wholeNumber(flag, value(), 65535);
				break;
			case '--latency-ms':
			case '--latency':
				options.latencyMs = wholeNumber(flag, value());
				break;
			case '--host':
				options.host = text(flag, value());
				break;
			case '--token':
				options.token = text(flag, value());
				if (/\s/.test(options.token) || options.token.length < 4) throw new Error('--token needs at least 4 characters and no spaces');
				break;
			case '--operation':
				options.operation = text(flag, value());
				break;
			default:
				throw new Error(`unknown argument: ${args[i]} (see --help)`);
		}
	}
	return options;
}

function wholeNumber(name: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER): number {
	const parsed = Number(value);
	if (value === undefined || value === '' || !Number.isInteger(parsed) || parsed < 0 || parsed > max) {
		throw new Error(`${name} needs a whole number${max < Number.MAX_SAFE_INTEGER ? ` from 0 to ${max}` : ''}`);
	}
	return parsed;
}

function text(name: string, value: string | undefined): string {
	if (value === undefined || value.trim() === '' || value.startsWith('--')) throw new Error(`${name} needs a value`);
	return value.trim();
}

const EVERYWHERE = new Set(['0.0.0.0', '::']);

/** What a person reads: the credential to type, and the values the emulator accepts. */
function banner(options: CliOptions, url: string, emulator: WolkvoxEmulator, stateUrl?: string): string {
	const port = new URL(url).port;
	const everywhere = EVERYWHERE.has(options.host);
	const lines = [
		`wolkvox emulator listening on ${options.host}:${port}${everywhere ? ' (every address of this machine)' : ''}`,
		'',
		'In n8n, create a "Wolkvox API" credential with:',
		`  Server              Other`,
		`  Server Host or URL  ${url}`,
		`  Operation           ${emulator.operation}`,
		`  Token               ${emulator.token}`,
	];
	if (everywhere) {
		lines.push(
			`n8n in Docker: type http://host.docker.internal:${port} as Server Host or URL instead`,
			'  (on Linux, start the n8n container with --add-host=host.docker.internal:host-gateway).',
			'  Anyone who can reach this machine can use this emulator and its token: stop it when done.',
		);
	} else {
		lines.push(`n8n in Docker cannot reach 127.0.0.1 on this machine: restart with --host 0.0.0.0 (see --help).`);
	}
	lines.push('', 'It accepts (case values must match exactly, upper and lower case included):', ...knownValues(emulator.directory));
	lines.push(
		'',
		`API under ${url}${API_PREFIX}: ${Object.values(PATHS).join(', ')}`,
		`latency ${options.latencyMs} ms; uploaded bytes ${options.keepBytes ? 'kept' : 'not kept'} (in memory, until it stops)`,
	);
	if (stateUrl) lines.push(`state (cases, contacts, requests): GET ${stateUrl}; move a case as an agent would: POST ${stateUrl}/case-status {"wolkvoxId","status","solution"}`);
	lines.push('Requests are listed below. Ctrl+C stops the emulator.', '');
	return lines.join('\n');
}

function knownValues(directory: Directory): string[] {
	const lines = [
		`  Responsible, Owner  ${directory.users.join(', ')}`,
		`  Contact             ${directory.contacts.map(contactLabel).join(', ')}`,
		`  Case Type           ${Object.keys(directory.caseTypes).join(', ')}`,
	];
	// Types usually share their statuses and priorities: print each distinct set once.
	const groups = new Map<string, string[]>();
	for (const [type, config] of Object.entries(directory.caseTypes)) {
		const byCondition = (condition: string) =>
			Object.entries(config.statuses)
				.filter(([, c]) => c === condition)
				.map(([name]) => name)
				.join(', ');
		const key = [
			`    Status            open: ${byCondition('Open')}; closed (needs a Solution): ${byCondition('Closed')}`,
			`    Priority          ${config.priorities.join(', ')}`,
		].join('\n');
		groups.set(key, [...(groups.get(key) ?? []), type]);
	}
	for (const [key, types] of groups) lines.push(`  for ${groups.size === 1 ? 'every case type' : types.join(', ')}:`, key);
	return lines;
}

/** A contact of the directory's store, by the e-mail cases name it by. */
function contactLabel(contact: StoredContact): string {
	return String(contact.fields.emailcontact);
}

function describe(request: RecordedRequest): string {
	const code = request.code === undefined ? '' : ` code ${request.code}`;
	const fault = request.fault ? ` [fault ${request.fault}]` : '';
	const ms = Math.round(request.durationMs);
	return `${request.method} ${request.path} -> ${request.status}${code}, ${request.bytesReceived} bytes in, ${ms} ms${fault}\n`;
}

const withoutBytes = (file: StoredFile): StoredFile => {
	const copy = { ...file };
	delete copy.bytes;
	return copy;
};

/**
 * POST /state/case-status {"wolkvoxId", "status", "solution"?}: an agent moves a case in the CRM
 * (emulator.setCaseStatus), so that the e2e can watch the Wolkvox Trigger see it. 200 with the
 * case; 400 when the body is not that JSON or the case is unknown.
 */
async function moveCase(emulator: WolkvoxEmulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	try {
		const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { wolkvoxId?: unknown; status?: unknown; solution?: unknown };
		if (typeof body.wolkvoxId !== 'string' || typeof body.status !== 'string' || !['string', 'undefined'].includes(typeof body.solution)) {
			throw new Error('send {"wolkvoxId": "…", "status": "…", "solution"?: "…"}');
		}
		const moved = emulator.setCaseStatus(body.wolkvoxId, body.status, body.solution as string | undefined);
		res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...moved, files: moved.files.map(withoutBytes) }));
	} catch (error) {
		res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (error as Error).message }));
	}
}

/**
 * A view of what the emulator holds (file bytes left out), on loopback only; POST /state/reset
 * forgets it (cases, requests, today's usage, the token's peak in flight and refusals), and
 * POST /state/case-status moves a case as an agent would (see moveCase).
 */
async function startStateServer(emulator: WolkvoxEmulator, port: number): Promise<{ server: Server; url: string }> {
	const server = createServer((req, res) => {
		if (req.method === 'POST' && req.url === '/state/reset') {
			emulator.reset();
			res.writeHead(204).end();
			return;
		}
		if (req.method === 'POST' && req.url === '/state/case-status') {
			void moveCase(emulator, req, res);
			return;
		}
		if (req.method !== 'GET') {
			res.writeHead(405).end();
			return;
		}
		const body = JSON.stringify({
			cases: emulator.cases.map((c) => ({ ...c, files: c.files.map(withoutBytes) })),
			contacts: emulator.contacts,
			requests: emulator.requests,
			droppedFiles: emulator.droppedFiles.map(withoutBytes),
			ignoredFiles: emulator.ignoredFiles.map(withoutBytes),
			// usedToday, inFlight, maxInFlight (the most at once) and simultaneousRefusals
			tokenStats: emulator.tokenStats(),
		});
		res.writeHead(200, { 'content-type': 'application/json' }).end(body);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/state` };
}

export interface Launched {
	emulator: WolkvoxEmulator;
	url: string;
	stateUrl?: string;
	stop(): Promise<void>;
}

/**
 * Starts the emulator as the flags say and writes, through `write`, the summary line (JSON:
 * url, operation, token[, stateUrl]), the text for people, then one line per request.
 */
export async function launch(options: CliOptions, write: (text: string) => void): Promise<Launched> {
	const emulator = new WolkvoxEmulator({
		token: options.token,
		operation: options.operation,
		latencyMs: options.latencyMs,
		keepBytes: options.keepBytes,
		onRequest: (request) => write(describe(request)),
	});
	const url = await emulator.start(options.port, options.host).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'EADDRINUSE') throw new Error(`port ${options.port} is in use: pick another with --port`);
		throw error;
	});
	const state = options.statePort === undefined ? undefined : await startStateServer(emulator, options.statePort);
	const summary = { url, operation: emulator.operation, token: emulator.token, ...(state ? { stateUrl: state.url } : {}) };
	write(`${JSON.stringify(summary)}\n`);
	write(banner(options, url, emulator, state?.url));
	return {
		emulator,
		url,
		stateUrl: state?.url,
		async stop() {
			state?.server.close();
			state?.server.closeAllConnections();
			await emulator.stop();
		},
	};
}
