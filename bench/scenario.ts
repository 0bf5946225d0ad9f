/**
 * One measured case, in a fresh process: loads the built package (and, for the comparison,
 * n8n-nodes-base's HTTP Request / Extract From File / Loop Over Items nodes) into n8n-core's
 * real WorkflowExecute, stores the input files into n8n's filesystem binary store from file
 * streams, warms up, then times one workflow run and measures this process's peak RSS growth.
 *   node --import tsx bench/scenario.ts '<json spec>'
 * The last stdout line is the JSON result. (No console here: n8n's lint forbids it in .ts files.)
 */
// First: sets n8n's environment (user folder, encryption key) before n8n-core is loaded.
import { userFolder } from '../test/support/env';

import { createReadStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, PackageDirectoryLoader } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { LoggerProxy, NodeHelpers, Workflow } from 'n8n-workflow';

import { executeInEngine, PACKAGE_ROOT, WOLKVOX_NODE_TYPE } from '../test/support/engine';

interface EmulatorInfo {
	url: string;
	operation: string;
	token: string;
}

export interface ScenarioSpec {
	client: 'ours' | 'httpRequest';
	operation: 'create' | 'update';
	/** One file per item. */
	files: string[];
	concurrency: number;
	/** How the HTTP Request route is held to `concurrency`: Loop Over Items batches, or none (one item). */
	httpLimit?: 'loop' | 'batching';
	/** For httpLimit 'batching': HTTP Request's Batch Interval (ms). */
	batchInterval?: number;
	emulator: EmulatorInfo;
	wolkvoxId?: string;
	nodesBaseDir: string;
	/**
	 * Where the built package is loaded from (its package.json and dist/): a snapshot taken by
	 * run.mjs right after the build, so that every case measures the same build even while the
	 * working tree is rebuilt. Defaults to the repo.
	 */
	packageDir?: string;
	/** Small files for the warm-up run (same route, not measured). */
	warmupFiles: string[];
}

const WORKFLOW_ID = 'wolkvox-bench';
const API = '/server/API/v2/';
const MIME: Record<string, string> = { pdf: 'application/pdf', zip: 'application/zip', mp4: 'video/mp4' };

const caseFields = {
	caseType: 'Request',
	responsible: 'ADMIN_@testmodule',
	owner: 'AGENT1_@testmodule',
	contact: 'cliente@example.com',
	description: 'Case created by the benchmark',
	status: 'open',
	priority: 'low',
};

interface Engine {
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
	store(path: string): Promise<INodeExecutionData>;
}

/** Our package as n8n loads it, plus the few n8n-nodes-base nodes a user would use instead. */
async function loadEngine(spec: ScenarioSpec): Promise<Engine> {
	const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
	const logger = Object.assign(silent, { scoped: () => silent });
	LoggerProxy.init(logger);
	Container.set(Logger, logger as unknown as Logger);

	// Loaded from its package.json, as n8n loads a community package (like engine.ts's getPackage).
	const ours = new PackageDirectoryLoader(spec.packageDir ?? PACKAGE_ROOT);
	await ours.loadAll();
	const types: Record<string, INodeType | IVersionedNodeType> = {};
	const credentialTypes: Record<string, ICredentialType> = {};
	for (const loader of [ours]) {
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) types[`${loader.packageName}.${name}`] = type;
		for (const [name, { type }] of Object.entries(loader.credentialTypes)) credentialTypes[name] = type;
	}
	if (!types[WOLKVOX_NODE_TYPE]) throw new Error(`${WOLKVOX_NODE_TYPE} is not in the package`);
	const base = new PackageDirectoryLoader(spec.nodesBaseDir);
	for (const file of [
		'dist/nodes/HttpRequest/HttpRequest.node.js',
		'dist/nodes/Files/ExtractFromFile/ExtractFromFile.node.js',
		'dist/nodes/SplitInBatches/SplitInBatches.node.js',
		'dist/nodes/NoOp/NoOp.node.js',
	]) {
		base.loadNodeFromFile(file);
	}
	base.loadCredentialFromFile('dist/credentials/HttpHeaderAuth.credentials.js');
	for (const [name, { type }] of Object.entries(base.nodeTypes)) types[`${base.packageName}.${name}`] = type;
	for (const [name, { type }] of Object.entries(base.credentialTypes)) credentialTypes[name] = type;
	const nodeTypes: INodeTypes = {
		getByName: (type) => types[type],
		getByNameAndVersion: (type, version) => types[type] && NodeHelpers.getVersionedNodeType(types[type], version),
		getKnownTypes: () => ({}),
	};

	// n8n 2.x's default: binaries live on disk and items carry only their id.
	Container.get(BinaryDataConfig).mode = 'filesystem';
	const binaryData = Container.get(BinaryDataService);
	await binaryData.init();
	const location = { type: 'execution' as const, workflowId: WORKFLOW_ID, executionId: 'input' };
	const store = async (path: string): Promise<INodeExecutionData> => {
		const fileName = basename(path);
		const fileExtension = fileName.slice(fileName.lastIndexOf('.') + 1);
		const metadata = { data: '', fileName, fileExtension, mimeType: MIME[fileExtension] ?? 'application/octet-stream' };
		const data = await binaryData.store(location, createReadStream(path), metadata);
		return { json: { fileName }, binary: { data } };
	};
	return { nodeTypes, credentialTypes, store };
}

function oursWorkflow(spec: ScenarioSpec): { nodes: INode[]; connections: IConnections; startAt: string; resultNodes: string[] } {
	const options = { concurrency: spec.concurrency };
	const parameters =
		spec.operation === 'create'
			? { resource: 'case', operation: 'create', ...caseFields, files: 'all', options }
			: {
					resource: 'case',
					operation: 'updateAttachments',
					wolkvoxId: spec.wolkvoxId ?? '',
					responsible: caseFields.responsible,
					status: caseFields.status,
					files: 'all',
					options,
				};
	const node: INode = {
		id: 'wolkvox',
		name: 'Wolkvox Cases',
		type: WOLKVOX_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { wolkvoxApi: { id: '1', name: 'wolkvox' } },
	};
	return { nodes: [node], connections: {}, startAt: node.name, resultNodes: [node.name] };
}

/** What a user builds without our node: HTTP Request (multipart), or Extract From File + HTTP Request (JSON). */
function httpRequestWorkflow(spec: ScenarioSpec): { nodes: INode[]; connections: IConnections; startAt: string; resultNodes: string[] } {
	const { url, operation } = spec.emulator;
	const http: INode = {
		id: 'http',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.4,
		position: [400, 0],
		parameters: {},
		credentials: { httpHeaderAuth: { id: '2', name: 'Wolkvox-Token header' } },
	};
	const options: IDataObject = {};
	if (spec.httpLimit === 'batching') {
		options.batching = { batch: { batchSize: spec.concurrency, batchInterval: spec.batchInterval ?? 0 } };
	}
	const common = { method: 'POST', authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', sendBody: true, options };
	const nodes: INode[] = [http];
	const connections: IConnections = {};
	let startAt = http.name;
	if (spec.operation === 'create') {
		const field = (name: string, value: string) => ({ parameterType: 'formData', name, value });
		http.parameters = {
			...common,
			url: `${url}${API}cases/insert.php`,
			contentType: 'multipart-form-data',
			bodyParameters: {
				parameters: [
					field('operation', operation),
					field('case-type', caseFields.caseType),
					field('responsible', caseFields.responsible),
					field('owner', caseFields.owner),
					field('contact', caseFields.contact),
					field('description', caseFields.description),
					field('status', caseFields.status),
					field('priority', caseFields.priority),
					field('form', '{}'),
					{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' },
				],
			},
		} as INodeParameters;
	} else {
		const extract: INode = {
			id: 'extract',
			name: 'Extract from File',
			type: 'n8n-nodes-base.extractFromFile',
			typeVersion: 1.1,
			position: [200, 0],
			parameters: { operation: 'binaryToPropery', binaryPropertyName: 'data', destinationKey: 'data', options: {} },
		};
		// As typed into the JSON body editor, with the base64 dragged in as {{ $json.data }}.
		http.parameters = {
			...common,
			url: `${url}${API}cases/updateCaseAttachment.php`,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: `={\n  "operation": "${operation}",\n  "wolkvox-id": "${spec.wolkvoxId}",\n  "responsible": "${caseFields.responsible}",\n  "status": "${caseFields.status}",\n  "attachments": ["{{ $json.data }}"]\n}`,
		} as INodeParameters;
		nodes.unshift(extract);
		connections[extract.name] = { main: [[{ node: http.name, type: 'main', index: 0 }]] };
		startAt = extract.name;
	}
	if (spec.httpLimit === 'loop') {
		// Loop Over Items hands the next batch on only when the previous one has come back:
		// at most `concurrency` requests in flight, as wolkvox requires.
		const loop: INode = {
			id: 'loop',
			name: 'Loop Over Items',
			type: 'n8n-nodes-base.splitInBatches',
			typeVersion: 3,
			position: [0, 0],
			parameters: { batchSize: spec.concurrency, options: {} },
		};
		connections[loop.name] = { main: [[], [{ node: startAt, type: 'main', index: 0 }]] };
		connections[http.name] = { main: [[{ node: loop.name, type: 'main', index: 0 }]] };
		nodes.unshift(loop);
		startAt = loop.name;
	}
	return { nodes, connections, startAt, resultNodes: [http.name] };
}

/**
 * Both routes start at a No Operation node that receives the input items, as a trigger's
 * child would (Loop Over Items needs a parent to read its source from).
 */
function withEntry(route: { nodes: INode[]; connections: IConnections; startAt: string; resultNodes: string[] }) {
	const entry: INode = {
		id: 'entry',
		name: 'Input',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [-200, 0],
		parameters: {},
	};
	return {
		...route,
		nodes: [entry, ...route.nodes],
		connections: { ...route.connections, [entry.name]: { main: [[{ node: route.startAt, type: 'main' as const, index: 0 }]] } },
		startAt: entry.name,
	};
}

let executionCounter = 0;

async function runOnce(engine: Engine, spec: ScenarioSpec, items: INodeExecutionData[]) {
	const { nodes, connections, startAt, resultNodes } = withEntry(
		spec.client === 'ours' ? oursWorkflow(spec) : httpRequestWorkflow(spec),
	);
	const executionId = `bench-${++executionCounter}`;
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		nodes,
		connections,
		nodeTypes: engine.nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const { token, operation } = spec.emulator;
	const credentials: Record<string, ICredentialDataDecryptedObject> = {
		wolkvoxApi: { server: 'custom', customServer: spec.emulator.url, operation, token },
		httpHeaderAuth: { name: 'Wolkvox-Token', value: token },
	};
	const run = await executeInEngine({
		workflow,
		startAt,
		input: items,
		executionId,
		credentialTypes: engine.credentialTypes,
		credentials,
	});

	// Every run of the result node (Loop Over Items runs HTTP Request once per batch).
	const outputs: INodeExecutionData[] = [];
	for (const name of resultNodes) {
		for (const task of run.data.resultData.runData[name] ?? []) outputs.push(...(task.data?.main?.[0] ?? []));
	}
	const succeeded = outputs.filter((item) => {
		const json = item.json as IDataObject;
		if (item.error || json.error !== undefined && json.error !== 'null' && json.error !== null) return false;
		return spec.client === 'ours' ? typeof json.wolkvox_id === 'string' && json.wolkvox_id !== '' : Number(json.code) === 200;
	}).length;
	const runError = run.data.resultData.error;
	const firstBad = outputs.find((item) => item.error || (spec.client !== 'ours' && Number(item.json.code) !== 200));
	return {
		items: items.length,
		succeeded,
		error: runError ? `${runError.message}${runError.description ? `: ${runError.description}` : ''}` : firstBad ? JSON.stringify(firstBad.json).slice(0, 300) : undefined,
	};
}

const rssNow = () => process.memoryUsage.rss();

function peakRssSinceReset(): number {
	const status = readFileSync('/proc/self/status', 'utf8');
	const match = /VmHWM:\s+(\d+) kB/.exec(status);
	return match ? Number(match[1]) * 1024 : 0;
}

function resetPeakRss(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

async function main(): Promise<void> {
	const spec = JSON.parse(process.argv[2]) as ScenarioSpec;
	const engine = await loadEngine(spec);
	const warmupItems = await Promise.all(spec.warmupFiles.map(engine.store));
	const items: INodeExecutionData[] = [];
	for (const file of spec.files) items.push(await engine.store(file));

	const warmup = await runOnce(engine, spec, warmupItems);
	if (warmup.succeeded !== warmupItems.length) throw new Error(`warm-up failed: ${warmup.error ?? 'no result'}`);

	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	gc?.();
	await new Promise((resolve) => setTimeout(resolve, 50));
	const baselineRss = rssNow();
	const hwmReset = resetPeakRss();
	let sampledPeak = baselineRss;
	const sampler = setInterval(() => {
		sampledPeak = Math.max(sampledPeak, rssNow());
	}, 20);

	const started = performance.now();
	const result = await runOnce(engine, spec, items);
	const wallMs = performance.now() - started;

	clearInterval(sampler);
	sampledPeak = Math.max(sampledPeak, rssNow());
	const hwm = hwmReset ? peakRssSinceReset() : 0;
	const peakRss = Math.max(sampledPeak, hwm);
	process.stdout.write(
		`${JSON.stringify({
			...result,
			wallMs,
			baselineRss,
			peakRss,
			sampledPeakRss: sampledPeak,
			kernelPeakRss: hwm,
			peakGrowth: peakRss - baselineRss,
		})}\n`,
	);
}

main()
	.catch((error: Error) => {
		process.stdout.write(`${JSON.stringify({ fatal: error.stack ?? error.message })}\n`);
		process.exitCode = 1;
	})
	.finally(() => {
		rmSync(userFolder, { recursive: true, force: true });
		setTimeout(() => process.exit(), 100).unref();
	});
