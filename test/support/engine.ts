// The engine API used here is that of n8n 2.x (2.41 for `npm test`, 2.8 for `npm run test:n8n28`)
// and of the 1.x line from 1.123 on (`npm run test:n8n1`, nearly the same n8n-core); where older
// 1.x releases (checked on n8n 1.85) differ, the harness detects it and adapts, each place saying
// which line needs what. The older lines' packages come from compat/ (see compat/jestConfig.js).
import { binaryDataPath } from './env';

import { dirname, resolve } from 'node:path';

import type { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	BinaryDataConfig,
	BinaryDataService,
	DataDeduplicationService,
	ExecutionLifecycleHooks,
	PackageDirectoryLoader,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
// Not re-exported by n8n-core's index; the same file in n8n 2.8 and 2.41. n8n's poll function goes through it.
import { TriggersAndPollers } from 'n8n-core/dist/execution-engine/triggers-and-pollers';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	IDataObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, LoggerProxy, NodeHelpers, Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { InMemoryDeduplicationStore } from './deduplicationStore';
import { assertOutputMatchesSchema, operationOf } from './outputSchemas';

export const PACKAGE_ROOT = resolve(__dirname, '../..');
export const WOLKVOX_NODE_TYPE = 'n8n-nodes-wolkvox.wolkvoxCases';

/** The version of the n8n-core these runs use (2.41 by default; 2.8 or 1.x under compat/). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ENGINE_VERSION: string = require('n8n-core/package.json').version;

/**
 * What n8n says when it refuses to run a workflow because a node's required parameter is
 * empty: "The workflow has issues" up to 2.x's middle lines; "The '<node>' node has issues:"
 * with a bullet per parameter in 2.41.
 */
export function workflowIssuesMessage(nodeName: string): RegExp {
	const [major, minor] = ENGINE_VERSION.split('.').map(Number);
	if (major > 2 || (major === 2 && minor >= 41)) return new RegExp(`^The '${nodeName}' node has issues:\n`);
	return /^The workflow has issues/;
}

export type BinaryMode = 'inline' | 'filesystem';

/** Everything n8n logged during the runs of this process, one JSON line per entry. */
export const logLines: string[] = [];

function capturingLogger() {
	const record = (level: string) => (message: string, metadata?: unknown) => {
		logLines.push(JSON.stringify({ level, message, metadata }, (_k, v: unknown) => (v instanceof Error ? v.message : v)));
	};
	const logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
	return Object.assign(logger, { scoped: () => logger });
}

interface LoadedPackage {
	nodeTypes: INodeTypes;
	/** Each node type's folder in dist/, where its output schemas are. */
	nodeDirs: Record<string, string>;
	credentialTypes: Record<string, ICredentialType>;
	binaryData: BinaryDataService;
}

let loaded: Promise<LoadedPackage> | undefined;

/** What n8n's deduplication helpers record during this process's runs (see deduplicationStore.ts). */
export const deduplicationStore = new InMemoryDeduplicationStore();

/**
 * The class n8n-core's services take their logger by from the container: n8n-core's own in
 * older 1.x (1.85), @n8n/backend-common's in 1.123 and 2.x (older 1.x lines lack that package).
 */
async function loggerClass(): Promise<typeof Logger> {
	const { Logger: coreLogger } = (await import('n8n-core')) as unknown as { Logger?: typeof Logger };
	return coreLogger ?? (await import('@n8n/backend-common')).Logger;
}

/** Loads the built package from its package.json, as n8n loads a community package. */
async function loadPackage(): Promise<LoadedPackage> {
	const logger = capturingLogger();
	LoggerProxy.init(logger);
	Container.set(await loggerClass(), logger as unknown as Logger);

	const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
	await loader.loadAll();
	const types: Record<string, INodeType | IVersionedNodeType> = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes)) types[`${loader.packageName}.${name}`] = type;
	const nodeDirs: Record<string, string> = {};
	for (const [name, { sourcePath }] of Object.entries(loader.known.nodes)) {
		nodeDirs[`${loader.packageName}.${name}`] = dirname(resolve(PACKAGE_ROOT, sourcePath));
	}
	const credentialTypes: Record<string, ICredentialType> = {};
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) credentialTypes[name] = type;
	const nodeTypes: INodeTypes = {
		getByName: (type) => types[type],
		getByNameAndVersion: (type, version) => types[type] && NodeHelpers.getVersionedNodeType(types[type], version),
		getKnownTypes: () => ({}),
	};
	const binaryData = Container.get(BinaryDataService);
	await DataDeduplicationService.init(deduplicationStore);
	return { nodeTypes, nodeDirs, credentialTypes, binaryData };
}

export const getPackage = async () => await (loaded ??= loadPackage());

/**
 * Switches n8n's binary data mode: 'inline' keeps binaries as base64 in the items (n8n's
 * `default` mode); 'filesystem' stores them on disk and items carry only `binaryData.id`.
 */
async function useBinaryMode(binaryData: BinaryDataService, mode: BinaryMode) {
	const configMode = mode === 'inline' ? 'default' : 'filesystem';
	if (typeof BinaryDataConfig === 'function') {
		// n8n 1.123 and 2.x: the service reads its mode from n8n-core's BinaryDataConfig.
		Container.get(BinaryDataConfig).mode = configMode;
		await binaryData.init();
	} else {
		// Older 1.x (1.85): n8n-core has no BinaryDataConfig; init() is handed the config.
		const init = binaryData.init as unknown as (config: LegacyBinaryDataConfig) => Promise<void>;
		await init.call(binaryData, { mode: configMode, availableModes: ['default', 'filesystem'], localStoragePath: binaryDataPath });
	}
}

interface LegacyBinaryDataConfig {
	mode: 'default' | 'filesystem';
	availableModes: Array<'default' | 'filesystem'>;
	localStoragePath: string;
}

/** store() as older 1.x (1.85) has it: the workflow and execution ids apart, not as a location. */
type LegacyStore = (workflowId: string, executionId: string, data: Buffer, metadata: IBinaryData) => Promise<IBinaryData>;

/** Puts each inline binary of the items into n8n's binary store, as a trigger node would. */
async function storeBinaries(binaryData: BinaryDataService, items: INodeExecutionData[], executionId: string) {
	const location = { type: 'execution' as const, workflowId: 'wolkvox-test', executionId };
	return await Promise.all(
		items.map(async (item) => {
			if (!item.binary) return item;
			const binary: INodeExecutionData['binary'] = {};
			for (const [key, value] of Object.entries(item.binary)) {
				const { data, ...metadata } = value;
				const bytes = Buffer.from(data, 'base64');
				binary[key] =
					binaryData.store.length === 4
						? await (binaryData.store as unknown as LegacyStore).call(binaryData, location.workflowId, executionId, bytes, { ...metadata, data: '' })
						: await binaryData.store(location, bytes, { ...metadata, data: '' });
			}
			return { ...item, binary };
		}),
	);
}

export interface WorkflowDefinition {
	nodes: INode[];
	connections: IConnections;
}

export interface RunRequest {
	workflow: WorkflowDefinition;
	/** The node that receives `items` as its input; the run goes on through its children. */
	startAt: string;
	items: INodeExecutionData[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	binaryMode: BinaryMode;
	/** Cancels the execution when it aborts, as n8n's Stop button does. */
	signal?: AbortSignal;
}

export interface WorkflowRun {
	run: IRun;
	/** The items a node sent out on one of its outputs (0: main, 1: error output). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error that stopped the workflow, when one did. */
	error?: IRun['data']['resultData']['error'];
	/** The items as the node received them (with `binaryData.id` in filesystem mode). */
	input: INodeExecutionData[];
}

let executionCounter = 0;

/** The run data a manual execution starts from, with the start node's input on the stack. */
function runExecutionData(nodeExecutionStack: IExecuteData[]): IRunExecutionData {
	if (typeof createRunExecutionData === 'function') return createRunExecutionData({ executionData: { nodeExecutionStack } });
	// Older 1.x (n8n-workflow 1.83 in n8n 1.85) has no createRunExecutionData: the same object by hand.
	const executionData = { contextData: {}, nodeExecutionStack, metadata: {}, waitingExecution: {}, waitingExecutionSource: {} };
	return { startData: {}, resultData: { runData: {} }, executionData } as unknown as IRunExecutionData;
}

export interface EngineRun {
	workflow: Workflow;
	/** The node that receives `input`; the run goes on through its children. */
	startAt: string;
	input: INodeExecutionData[];
	executionId: string;
	credentialTypes: Record<string, ICredentialType>;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	signal?: AbortSignal;
}

/** What n8n hands a node's context besides the workflow: hooks, credentials, URLs. */
function additionalDataFor(
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	credentialTypes: Record<string, ICredentialType>,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentialTypes, credentials),
		executionId,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not part of these runs');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('The Code node needs a task runner, which these runs do not start');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs a prepared workflow in n8n-core's WorkflowExecute, as n8n does for a CLI execution. */
export async function executeInEngine(request: EngineRun): Promise<IRun> {
	const { workflow, executionId } = request;
	const startNode = workflow.getNode(request.startAt);
	if (!startNode) throw new Error(`The workflow has no node "${request.startAt}"`);
	const nodes = Object.values(workflow.nodes);
	const hooks = new ExecutionLifecycleHooks('cli', executionId, { id: workflow.id, nodes } as unknown as IWorkflowBase);
	// A plain promise: n8n-workflow's createDeferredPromise is gone in 2.41.
	let fail: (error: Error) => void = () => {};
	const finished = new Promise<IRun>((resolve, reject) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run));
		fail = reject;
	});
	const additionalData = additionalDataFor(hooks, executionId, request.credentialTypes, request.credentials);

	const runData = runExecutionData([{ node: startNode, data: { main: [request.input] }, source: null }]);
	const running = new WorkflowExecute(additionalData, 'cli', runData).processRunExecutionData(workflow);
	// A cancelled run reports through workflowExecuteAfter; its own promise then never settles.
	request.signal?.addEventListener('abort', () => running.cancel(), { once: true });
	running.catch((error: Error) => fail(error));
	return await finished;
}

/**
 * Every run checks what each of the package's nodes sent out against the output schema of its
 * operation (the file n8n's editor shows before a first run), so a schema cannot drift from
 * the output: a new operation, or an option that adds a field, fails the tests until its
 * schema says so.
 */
function checkOutputSchemas(pkg: LoadedPackage, workflow: Workflow, run: IRun) {
	for (const node of Object.values(workflow.nodes)) {
		const nodeDir = pkg.nodeDirs[node.type];
		if (!nodeDir) continue;
		const { description } = pkg.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const op = operationOf(description, node.parameters);
		for (const task of run.data.resultData.runData[node.name] ?? []) {
			assertOutputMatchesSchema(nodeDir, node.typeVersion, op, task.data?.main?.[0] ?? []);
		}
	}
}

/** Runs a workflow in n8n-core's own engine (WorkflowExecute), over real HTTP. */
export async function runWorkflow(request: RunRequest): Promise<WorkflowRun> {
	const pkg = await getPackage();
	const { nodeTypes, credentialTypes, binaryData } = pkg;
	await useBinaryMode(binaryData, request.binaryMode);
	const executionId = String(++executionCounter);
	const input =
		request.binaryMode === 'filesystem' ? await storeBinaries(binaryData, request.items, executionId) : request.items;

	const nodes = structuredClone(request.workflow.nodes);
	const workflow = new Workflow({
		id: 'wolkvox-test',
		nodes,
		connections: request.workflow.connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const run = await executeInEngine({
		workflow,
		startAt: request.startAt,
		input,
		executionId,
		credentialTypes,
		credentials: request.credentials,
		signal: request.signal,
	});
	checkOutputSchemas(pkg, workflow, run);

	return {
		run,
		input,
		error: run.data.resultData.error,
		output(nodeName, outputIndex = 0) {
			const task = run.data.resultData.runData[nodeName]?.[0];
			return task?.data?.main?.[outputIndex] ?? [];
		},
	};
}

export const WOLKVOX_TRIGGER_TYPE = 'n8n-nodes-wolkvox.wolkvoxTrigger';

/** What one poll gave, as n8n's ActiveWorkflows sees it. */
export interface PollOutcome {
	/** What the poll emitted (n8n starts one execution with it); null when it emitted nothing. */
	emitted: INodeExecutionData[][] | null;
	/** The error a poll threw (n8n records it as a failed execution); undefined when it succeeded. */
	error?: Error;
}

export interface PollingWorkflowOptions {
	/** The trigger's parameters, n8n's own `pollTimes` included. */
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The workflow's Settings → Time zone. */
	timezone?: string;
	/** The static data as n8n's database holds it (e.g. from before a restart). */
	savedStaticData?: IDataObject;
	/** The workflow's id (n8n makes 16-character ones). */
	workflowId?: string;
}

/**
 * An active workflow with a polling trigger, run as n8n 2.x runs it: each poll calls the node's
 * `poll` through n8n-core's TriggersAndPollers with a PollContext (what ActiveWorkflows'
 * poll function does), in mode 'trigger'; the first is the activation poll. The workflow's
 * static data lives in the Workflow object between polls and is written to the "database"
 * (`savedStaticData`) when n8n writes it: after activation and when a poll emits
 * (ActiveWorkflowManager.getExecutePollFunctions → saveStaticData), never after a poll that
 * emitted nothing or failed. A restart builds a new Workflow from what the database holds.
 */
/**
 * Calls the node's `poll` as n8n-core does: TriggersAndPollers.runPollFunction in 2.41,
 * runPoll in 2.8 and 1.x (the same checks, then `nodeType.poll.call(pollFunctions)`).
 */
async function runPollFunction(workflow: Workflow, node: INode, context: PollContext): Promise<INodeExecutionData[][] | null> {
	const pollers = Container.get(TriggersAndPollers) as unknown as Record<
		'runPollFunction' | 'runPoll',
		((workflow: Workflow, node: INode, context: PollContext) => Promise<INodeExecutionData[][] | null>) | undefined
	>;
	const run = pollers.runPollFunction ?? pollers.runPoll;
	if (!run) throw new Error('This n8n-core has neither runPollFunction nor runPoll');
	return await run.call(pollers, workflow, node, context);
}

export class PollingWorkflow {
	savedStaticData: IDataObject;
	private workflow?: Workflow;
	/** n8n makes one PollContext at activation and polls with it until deactivation. */
	private context?: PollContext;
	private emitted: INodeExecutionData[][] | null = null;
	private readonly node: INode;

	constructor(private readonly options: PollingWorkflowOptions) {
		this.savedStaticData = structuredClone(options.savedStaticData ?? {});
		this.node = {
			id: 'wolkvox-trigger-id',
			name: 'Wolkvox Trigger',
			type: WOLKVOX_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			credentials: { wolkvoxApi: { id: '1', name: 'Wolkvox account' } },
		};
	}

	/** Activation (`activate`, or `init` when n8n starts): the first poll, whose errors fail the activation. */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<PollOutcome> {
		const workflow = await this.buildWorkflow(true);
		this.workflow = workflow;
		this.context = await this.pollContext(workflow, 'trigger', activation, (data) => {
			this.emitted = data;
			this.saveStaticData();
		});
		const outcome = await this.poll();
		if (!outcome.error) this.saveStaticData();
		return outcome;
	}

	/** One scheduled poll of the active workflow (ActiveWorkflows.createPollExecuteFn). */
	async poll(): Promise<PollOutcome> {
		const { workflow, context } = this;
		if (!workflow || !context) throw new Error('The workflow is not active');
		this.emitted = null;
		try {
			const response = await runPollFunction(workflow, workflow.getNode(this.node.name)!, context);
			if (response !== null) context.__emit(response);
			return { emitted: this.emitted };
		} catch (error) {
			return { emitted: null, error: error as Error };
		}
	}

	/** n8n stopped and started again: the workflow is activated anew from the database's static data. */
	async restart(): Promise<PollOutcome> {
		this.workflow = undefined;
		this.context = undefined;
		return await this.activate('init');
	}

	/** The editor's "Fetch Test Event": a manual run of the poll on a fresh copy of the workflow. */
	async testRun(): Promise<PollOutcome> {
		const workflow = await this.buildWorkflow(false);
		const context = await this.pollContext(workflow, 'manual', 'manual', () => {});
		try {
			return { emitted: await runPollFunction(workflow, workflow.getNode(this.node.name)!, context) };
		} catch (error) {
			return { emitted: null, error: error as Error };
		}
	}

	/** The static data as the running workflow holds it (in memory). */
	get liveStaticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow?.staticData ?? {})) as IDataObject;
	}

	private async buildWorkflow(active: boolean): Promise<Workflow> {
		const { nodeTypes } = await getPackage();
		return new Workflow({
			id: this.options.workflowId ?? 'wolkvoxPollTest1',
			nodes: [structuredClone(this.node)],
			connections: {},
			nodeTypes,
			active,
			staticData: structuredClone(this.savedStaticData),
			settings: { executionOrder: 'v1', timezone: this.options.timezone ?? 'UTC' },
		});
	}

	private async pollContext(
		workflow: Workflow,
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
		emit: (data: INodeExecutionData[][]) => void,
	): Promise<PollContext> {
		const { credentialTypes } = await getPackage();
		const executionId = String(++executionCounter);
		const hooks = new ExecutionLifecycleHooks(mode, executionId, { id: workflow.id, nodes: [this.node] } as unknown as IWorkflowBase);
		const additionalData = additionalDataFor(hooks, executionId, credentialTypes, this.options.credentials);
		return new PollContext(workflow, workflow.getNode(this.node.name)!, additionalData, mode, activation, emit);
	}

	/** WorkflowStaticDataService.saveStaticData: the live static data goes to the database. */
	private saveStaticData(): void {
		if (this.workflow) this.savedStaticData = this.liveStaticData;
	}
}
