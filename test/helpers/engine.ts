/**
 * Runs a workflow JSON fixture in-process through n8n-core's own engine (WorkflowExecute), the
 * way n8n runs a manual execution: real parameter defaults, expressions, continue-on-fail, error
 * outputs, pairedItem bookkeeping, static data, binary data on disk and sub-nodes used as AI tools.
 *
 * n8n-nodes-base is not installed here, so the few of its nodes the fixtures use (Manual Trigger,
 * No Operation) have stand-ins below with the same type names and behaviour; data enters a
 * fixture as pinned data on those nodes, as it does in a workflow a user pinned in the editor.
 * Two more test-only types exist: a stand-in for an HTTP Request node whose calls fail, and a
 * stand-in for an AI agent that calls its connected tool once with fixed arguments.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	BinaryDataService,
	ErrorReporter,
	ExecutionLifecycleHooks,
	WorkflowExecute,
	type BinaryDataConfig,
} from 'n8n-core';
import {
	createDeferredPromise,
	createRunExecutionData,
	deepCopy,
	NodeApiError,
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	type ExecutionError,
	type IBinaryData,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IPairedItemData,
	type IPinData,
	type IRun,
	type ITaskData,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type IWorkflowSettings,
	type JsonObject,
} from 'n8n-workflow';

import { HandoffPatternReport } from '../../nodes/HandoffPatternReport/HandoffPatternReport.node';
import { ReturnHandoffGuard } from '../../nodes/ReturnHandoffGuard/ReturnHandoffGuard.node';
import { ReturnHandoffTagger } from '../../nodes/ReturnHandoffTagger/ReturnHandoffTagger.node';
import { ReturnsReconciler } from '../../nodes/ReturnsReconciler/ReturnsReconciler.node';
import { OpsProbe } from './ops-probe';

export const PACKAGE = 'n8n-nodes-returns-handoff';
const WORKFLOWS_DIR = path.join(__dirname, '..', 'workflows');

// n8n-core resolves its own copy of @n8n/di; services must be registered in that container.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy n8n-core sees is only reachable by path
const { Container } = require(
	require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core'))] }),
) as typeof import('@n8n/di');

// Not re-exported by n8n-core's index; the class is the container's key.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const { SSHClientsManager } = require(
	require.resolve('n8n-core/dist/execution-engine/ssh-clients-manager'),
) as typeof import('n8n-core/dist/execution-engine/ssh-clients-manager');
type SSHClientsManager = InstanceType<typeof SSHClientsManager>;

// ---------------------------------------------------------------------------------------------
// Test-only node types

class ManualTriggerStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.manualTrigger',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class NoOpStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'Stand-in for n8n-nodes-base.noOp: fixtures pin their data on it',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * Fails every call the way HTTP Request v3 does: each item names the response it "gets" in
 * `simulate` ({ httpCode, body } or { code, message } for a transport error); with
 * continue-on-fail the node returns `{ json: { error } }` carrying the error object itself.
 */
class FailingErpCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Failing ERP Call',
		name: 'failingErpCall',
		group: ['transform'],
		version: 1,
		description: 'Test-only: an ERP call that fails as its item says',
		defaults: { name: 'ERP call' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returned: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const simulate = (items[itemIndex].json.simulate ?? {}) as IDataObject;
			const error =
				simulate.httpCode !== undefined
					? new NodeApiError(
							this.getNode(),
							{ message: String(simulate.message ?? ''), body: simulate.body } as JsonObject,
							{ httpCode: String(simulate.httpCode), itemIndex },
						)
					: new NodeApiError(
							this.getNode(),
							{ code: simulate.code, message: simulate.message } as JsonObject,
							{ itemIndex },
						);
			if (!this.continueOnFail()) throw error;
			returned.push({ json: { error } as unknown as IDataObject, pairedItem: { item: itemIndex } });
		}
		return [returned];
	}
}

/**
 * Stands in for an AI agent: asks n8n-core for the tool connected to it (n8n-core builds it with
 * createNodeAsTool, exactly as for a real agent), calls it once with `toolArguments`, and outputs
 * what the model would have read.
 */
class AgentStandIn implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Agent Stand-in',
		name: 'agent',
		group: ['transform'],
		version: 1,
		description: 'Test-only: calls its connected tool once',
		defaults: { name: 'Agent' },
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiTool, displayName: 'Tool', required: true, maxConnections: 1 },
		],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Tool Arguments', name: 'toolArguments', type: 'json', default: '{}' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const tool = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as {
			name: string;
			invoke(args: unknown): Promise<string>;
		};
		const raw = this.getNodeParameter('toolArguments', 0) as string | IDataObject;
		const args = typeof raw === 'string' ? (JSON.parse(raw) as IDataObject) : raw;
		const answer = await tool.invoke(args);
		let response: unknown = answer;
		try {
			response = JSON.parse(answer);
		} catch {
			// A tool error comes back as plain text; keep it as such.
		}
		return [[{ json: { tool: tool.name, response } as IDataObject, pairedItem: { item: 0 } }]];
	}
}

// ---------------------------------------------------------------------------------------------
// Node types registry

const registered: Record<string, INodeType | IVersionedNodeType> = {
	'n8n-nodes-base.manualTrigger': new ManualTriggerStandIn(),
	'n8n-nodes-base.noOp': new NoOpStandIn(),
	'test.failingErpCall': new FailingErpCall(),
	'test.agent': new AgentStandIn(),
	'test.opsProbe': new OpsProbe(),
	[`${PACKAGE}.returnHandoffGuard`]: new ReturnHandoffGuard(),
	[`${PACKAGE}.returnHandoffTagger`]: new ReturnHandoffTagger(),
	[`${PACKAGE}.returnsReconciler`]: new ReturnsReconciler(),
	[`${PACKAGE}.handoffPatternReport`]: new HandoffPatternReport(),
};

/**
 * What n8n 2.8's NodeTypes.getByNameAndVersion does for a type named `<base>Tool` that no package
 * defines: it takes the base node (which must be `usableAsTool`) and wraps its description the
 * way `convertNodeToAiTool` does: name + 'Tool', no inputs, one `ai_tool` output, and a
 * `toolDescription` parameter. The node's own execute() is then run by n8n-core in tool mode.
 */
function asTool(base: INodeType): INodeType {
	const description = base.description;
	if (!description.usableAsTool) throw new Error(`${description.name} is not usable as a tool`);
	const toolDescription: INodeTypeDescription = {
		...description,
		name: `${description.name}Tool`,
		displayName: `${description.displayName} Tool`,
		inputs: [],
		outputs: [NodeConnectionTypes.AiTool],
		properties: [
			{
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				default: description.description,
				required: true,
			},
			...description.properties,
		],
	};
	delete toolDescription.usableAsTool;
	const tool = Object.create(base) as INodeType;
	Object.defineProperty(tool, 'description', { value: toolDescription });
	return tool;
}

const nodeTypes: INodeTypes = {
	getByName(type) {
		const found = registered[type];
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found;
	},
	getByNameAndVersion(type, version) {
		const found = registered[type];
		if (found) return NodeHelpers.getVersionedNodeType(found, version);
		if (type.endsWith('Tool') && registered[type.slice(0, -4)]) {
			return asTool(NodeHelpers.getVersionedNodeType(registered[type.slice(0, -4)], version));
		}
		throw new Error(`Unknown node type ${type}`);
	},
	getKnownTypes() {
		return {};
	},
};

// ---------------------------------------------------------------------------------------------
// Engine services: binary data on disk, no error reporting, an n8n folder of our own

const engineRoot = mkdtempSync(path.join(tmpdir(), 'returns-handoff-engine-'));
afterAll(() => rmSync(engineRoot, { recursive: true, force: true }));

let servicesReady: Promise<void> | undefined;

function setUpServices(): Promise<void> {
	// n8n-core reads its instance settings from here on the first node it runs.
	process.env.N8N_USER_FOLDER = engineRoot;
	const quiet = () => undefined;
	const logger = { debug: quiet, info: quiet, warn: quiet, error: quiet, scoped: () => logger };
	const errorReporter = { error: quiet, warn: quiet, info: quiet };
	Container.set(ErrorReporter, errorReporter as unknown as ErrorReporter);
	// Every node context asks for the SSH tunnel manager, whose cleanup interval would keep jest
	// from exiting; no node here opens a tunnel.
	Container.set(SSHClientsManager, { onShutdown: quiet } as unknown as SSHClientsManager);
	// n8n 2.x has no in-memory binary mode: files go to a folder, as with N8N_DEFAULT_BINARY_DATA_MODE=filesystem.
	const config = {
		mode: 'filesystem',
		availableModes: ['filesystem'],
		localStoragePath: path.join(engineRoot, 'binary-data'),
		signingSecret: 'test-only',
		dbMaxFileSize: 512,
	} as unknown as BinaryDataConfig;
	const service = new BinaryDataService(
		config,
		errorReporter as unknown as ErrorReporter,
		logger as never,
	);
	Container.set(BinaryDataService, service);
	return service.init();
}

// ---------------------------------------------------------------------------------------------
// Running a fixture

export interface WorkflowFixture {
	name?: string;
	nodes: INode[];
	connections: IConnections;
	pinData?: IPinData;
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
}

export interface RunOptions {
	/** Changes applied to a copy of the fixture's nodes before the run, by node name. */
	patch?: Record<string, Partial<INode> & { parameters?: IDataObject }>;
	/** Replaces the pinned data of the named nodes. */
	pinData?: IPinData;
	/** The workflow's static data before the run (as n8n would load it from the database). */
	staticData?: IDataObject;
	mode?: 'manual' | 'trigger';
	/** Added to the execution's additional data, e.g. a `credentialsHelper` for nodes with credentials. */
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
}

export interface NodeRun {
	/** The items on each output, by output index (the error output is the last one, when on). */
	outputs: INodeExecutionData[][];
	error?: ExecutionError;
}

export interface WorkflowRun {
	run: IRun;
	/** The node's first run. Throws when the node did not run. */
	node(name: string): NodeRun;
	/** Shorthand for node(name).outputs[output]. */
	output(name: string, output?: number): INodeExecutionData[];
	/** The error the execution stopped with, if any. */
	error?: ExecutionError;
	/** The workflow's static data after the run, as n8n would save it. */
	staticData: IDataObject;
	readBinary(binary: IBinaryData): Promise<Buffer>;
}

export function loadFixture(fileName: string): WorkflowFixture {
	return JSON.parse(readFileSync(path.join(WORKFLOWS_DIR, fileName), 'utf8')) as WorkflowFixture;
}

export async function runWorkflow(
	fixture: string | WorkflowFixture,
	options: RunOptions = {},
): Promise<WorkflowRun> {
	servicesReady ??= setUpServices();
	await servicesReady;

	const source = typeof fixture === 'string' ? loadFixture(fixture) : fixture;
	const nodes = deepCopy(source.nodes).map((node) => {
		const change = options.patch?.[node.name];
		if (!change) return node;
		return {
			...node,
			...change,
			parameters: { ...node.parameters, ...(change.parameters ?? {}) },
		} as INode;
	});
	const pinData = { ...(source.pinData ?? {}), ...(options.pinData ?? {}) };
	const workflow = new Workflow({
		id: 'test-workflow',
		name: source.name ?? 'test',
		nodes,
		connections: source.connections,
		nodeTypes,
		settings: { executionOrder: 'v1', ...(source.settings ?? {}) },
		staticData: deepCopy(options.staticData ?? source.staticData ?? {}),
		active: false,
	});

	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: 'test-workflow',
		name: source.name ?? 'test',
		nodes,
		connections: source.connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as never);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (data) => finished.resolve(data));

	const additionalData = {
		hooks,
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
		logAiEvent: () => undefined,
		getRunExecutionData: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not part of these tests');
		},
		startRunnerTask: async () => {
			throw new Error('Task runners are not part of these tests');
		},
		...options.additionalData,
	} as unknown as IWorkflowExecuteAdditionalData;

	const trigger = nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error('The fixture must start with a Manual Trigger');
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }],
		},
		resultData: { pinData, runData: {} },
	});
	const execute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const returned = await execute.processRunExecutionData(workflow);
	const run = (await Promise.race([finished.promise, Promise.resolve(returned)])) ?? returned;

	const firstRun = (name: string): ITaskData => {
		const runs = run.data.resultData.runData[name];
		if (!runs?.length) {
			const why = run.data.resultData.error?.message;
			throw new Error(`Node "${name}" did not run${why ? ` (execution error: ${why})` : ''}`);
		}
		return runs[0];
	};
	const result: WorkflowRun = {
		run,
		error: run.data.resultData.error,
		staticData: deepCopy(workflow.staticData as IDataObject),
		node(name) {
			const task = firstRun(name);
			const main = (task.data?.[NodeConnectionTypes.Main] ?? []) as Array<
				INodeExecutionData[] | null
			>;
			const aiTool = (task.data?.[NodeConnectionTypes.AiTool] ?? []) as Array<
				INodeExecutionData[] | null
			>;
			const outputs = (main.length ? main : aiTool).map((items) => items ?? []);
			return {
				outputs,
				error: task.error,
			};
		},
		output(name, output = 0) {
			return result.node(name).outputs[output] ?? [];
		},
		async readBinary(binary) {
			return await Container.get(BinaryDataService).getAsBuffer(binary);
		},
	};
	return result;
}

/** The `pairedItem`s of an item as a sorted list of `input:item` strings, for easy assertions. */
export function pairs(item: INodeExecutionData): string[] {
	const paired = item.pairedItem;
	if (paired === undefined) return [];
	const list = (Array.isArray(paired) ? paired : [paired]) as Array<IPairedItemData | number>;
	return list
		.map((entry) =>
			typeof entry === 'number' ? `0:${entry}` : `${entry.input ?? 0}:${entry.item}`,
		)
		.sort();
}
