import { createHash } from 'node:crypto';
import { createServer } from 'node:net';

import type { IBinaryData, ICredentialDataDecryptedObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { WolkvoxEmulator } from '../emulator/server';
import { type BinaryMode, runWorkflow, WOLKVOX_NODE_TYPE, type WorkflowRun } from './engine';

export const NODE_NAME = 'Wolkvox';
export const BINARY_MODES: BinaryMode[] = ['inline', 'filesystem'];

/** One emulator for a test file: started before its tests, stopped after, reset between them. */
export function useEmulator(options: ConstructorParameters<typeof WolkvoxEmulator>[0] = {}): WolkvoxEmulator {
	const emulator = new WolkvoxEmulator(options);
	beforeAll(async () => {
		await emulator.start();
	});
	afterEach(async () => {
		await untilIdle(emulator);
		emulator.reset();
	});
	afterAll(async () => {
		await emulator.stop();
	});
	return emulator;
}

/** Waits (up to 2 s) until the server has seen every connection end, e.g. after a timeout. */
export async function untilIdle(emulator: WolkvoxEmulator): Promise<void> {
	for (let waited = 0; emulator.tokenStats().inFlight > 0 && waited < 2000; waited += 20) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** A loopback port that nothing listens on (found free, then closed). */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** The `wolkvoxApi` credential data pointing at the emulator (a custom loopback host). */
export function credentialsFor(emulator: WolkvoxEmulator, overrides: Partial<ICredentialDataDecryptedObject> = {}) {
	return {
		wolkvoxApi: {
			server: 'custom',
			customServer: emulator.url,
			operation: emulator.operation,
			token: emulator.token,
			...overrides,
		},
	};
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** An inline n8n binary, as a trigger or a Read File node makes one. */
export function binary(bytes: Buffer | string, fileName: string | undefined, mimeType: string): IBinaryData {
	const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
	const dot = fileName?.lastIndexOf('.') ?? -1;
	return {
		data: buffer.toString('base64'),
		mimeType,
		...(fileName ? { fileName } : {}),
		...(fileName && dot > 0 ? { fileExtension: fileName.slice(dot + 1) } : {}),
	};
}

/** Deterministic pseudo-random bytes, so a failing byte comparison is reproducible. */
export function bytesOf(size: number, seed = 1): Buffer {
	const out = Buffer.alloc(size);
	let x = seed >>> 0 || 1;
	for (let i = 0; i < size; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		out[i] = x & 0xff;
	}
	return out;
}

/** The base parameters of a Create that the emulator's directory accepts. */
export const createParameters: INodeParameters = {
	resource: 'case',
	operation: 'create',
	caseType: 'Request',
	responsible: 'ADMIN_@testmodule',
	owner: 'AGENT1_@testmodule',
	contact: 'cliente@example.com',
	description: 'Case created by the tests',
	status: 'open',
	priority: 'low',
};

export const updateParameters: INodeParameters = {
	resource: 'case',
	operation: 'updateAttachments',
	responsible: 'ADMIN_@testmodule',
	status: 'open',
};

export interface CaseNodeRun extends WorkflowRun {
	/** The node's main output. */
	items: INodeExecutionData[];
	/** The node's error output (when `onError` is continueErrorOutput). */
	errors: INodeExecutionData[];
}

export interface CaseNodeRequest {
	emulator: WolkvoxEmulator;
	parameters: INodeParameters;
	items: INodeExecutionData[];
	binaryMode?: BinaryMode;
	onError?: INode['onError'];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	signal?: AbortSignal;
}

/** Runs one Wolkvox Cases node in n8n's engine with the given input items. */
export async function runCaseNode(request: CaseNodeRequest): Promise<CaseNodeRun> {
	const node: INode = {
		id: 'wolkvox-node',
		name: NODE_NAME,
		type: WOLKVOX_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: request.parameters,
		credentials: { wolkvoxApi: { id: '1', name: 'Wolkvox test' } },
		...(request.onError ? { onError: request.onError } : {}),
	};
	const run = await runWorkflow({
		workflow: { nodes: [node], connections: {} },
		startAt: NODE_NAME,
		items: request.items,
		credentials: request.credentials ?? credentialsFor(request.emulator),
		binaryMode: request.binaryMode ?? 'inline',
		signal: request.signal,
	});
	return { ...run, items: run.output(NODE_NAME, 0), errors: run.output(NODE_NAME, 1) };
}
