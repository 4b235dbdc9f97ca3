// Our nodes as an AI Agent's tools in a real n8n: "Ask the returns agent" (n8n's own AI Agent and
// OpenAI Chat Model nodes, the Return Handoff Guard and Returns Reconciler attached as tools),
// its model credential imported with `n8n import:credentials` and pointed at the stand-in model
// on 127.0.0.1 (scripts/stand-in-model.js), run with `n8n execute`. The tests read n8n's run
// data and the stand-in's own log of what the model was sent and answered.
import { createRequire } from 'node:module';
import { join } from 'node:path';

import * as n8n from '../../scripts/n8n/env';
import {
	AGENT,
	AGENT_QUESTIONS,
	MODEL,
	NODES,
	agentWorkflow,
	chatInputOf,
	standInCredential,
	type AgentQuestion,
} from '../../scripts/agent-workflow';
import {
	TOOL_ARGUMENTS,
	startStandInModel,
	type ModelCallLog,
	type ModelRequest,
	type StandInModel,
} from '../../scripts/stand-in-model';
import { ReturnHandoffGuard } from '../../nodes/ReturnHandoffGuard/ReturnHandoffGuard.node';
import { ReturnsReconciler } from '../../nodes/ReturnsReconciler/ReturnsReconciler.node';
import { properties as guardProperties } from '../../nodes/ReturnHandoffGuard/v1/description';
import { properties as reconcilerProperties } from '../../nodes/ReturnsReconciler/v1/description';
import {
	N8N_LABEL,
	RUN_TIMEOUT_MS,
	SETUP_TIMEOUT_MS,
	describeE2e,
	installN8nWithPackage,
	removeN8nUserFolder,
	type N8nUnderTest,
} from './n8n-under-test';

type Json = Record<string, unknown>;
type Tools = NonNullable<ModelRequest['tools']>;

interface Tag {
	state: string;
	symptom: string | null;
	cause: string | null;
	verdict?: string;
	problems?: Array<{ code: string }>;
}

/** A tool node's run as n8n records it: the arguments it got, the items it answered with. */
interface ToolRun {
	inputOverride?: { ai_tool?: Array<Array<{ json: Json }>> };
	data?: { ai_tool?: Array<Array<{ json: Json }>> };
}

const TOOL_NODES: Record<string, { node: string; role: 'guard' | 'reconciler' }> = {
	Return_Handoff_Guard: { node: NODES.guard, role: 'guard' },
	Returns_Reconciler: { node: NODES.reconciler, role: 'reconciler' },
};
// The key the workflow's credential carries (its last four characters reach the stand-in).
const KEY_TAIL = String(standInCredential('').data.apiKey).slice(-4);

/** What a node tells the model about an argument: the text of its $fromAI() default. */
function fromAiDescriptions(properties: ReadonlyArray<{ default?: unknown }>): Json {
	const found: Json = {};
	for (const property of properties) {
		const match = /\$fromAI\('([\w-]+)', (".*"), 'string'\)/.exec(String(property.default ?? ''));
		if (match) found[match[1]] = JSON.parse(match[2]);
	}
	return found;
}

function questionAsked(chatInput: string): AgentQuestion {
	const question = AGENT_QUESTIONS.find((entry) => chatInputOf(entry) === chatInput);
	if (!question) throw new Error(`no sample question reads ${chatInput.slice(0, 60)}…`);
	return question;
}

function toolRunsOf(run: n8n.N8nRun, node: string): ToolRun[] {
	return (run.data.resultData.runData[node] ?? []) as unknown as ToolRun[];
}

function tagsOf(items: Json[]): Tag[] {
	return items.map((item) => item.handoff as Tag);
}

async function postCompletion(model: StandInModel, body: Json) {
	const response = await fetch(`${model.baseUrl}/chat/completions`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: 'Bearer sk-test-only' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Json };
}

describe('the stand-in model', () => {
	let model: StandInModel;
	const guardTool = {
		type: 'function',
		function: {
			name: 'Return_Handoff_Guard',
			description: 'Checks a refund payload before it posts to the ERP',
			parameters: {
				type: 'object',
				properties: { payloads: { type: 'string', description: 'The payload as JSON text' } },
				required: ['payloads'],
			},
		},
	};
	const reconcilerTool = {
		type: 'function',
		function: {
			name: 'Returns_Reconciler',
			description: "Explains why a return's records do not agree",
			parameters: {
				type: 'object',
				properties: Object.fromEntries(
					TOOL_ARGUMENTS.reconciler.map((name) => [
						name,
						{ type: 'string', description: `${name} as JSON text` },
					]),
				),
				required: TOOL_ARGUMENTS.reconciler,
			},
		},
	};
	const question = AGENT_QUESTIONS.find((entry) => entry.tool === 'guard') as AgentQuestion;
	const messages = [{ role: 'user', content: chatInputOf(question) }];

	beforeAll(async () => {
		model = await startStandInModel();
	});
	afterAll(() => model.close());

	it('says no (400) to a request that carries no tools', async () => {
		const answer = await postCompletion(model, { model: MODEL, messages });

		expect(answer.status).toBe(400);
		expect(answer.body.error).toMatchObject({
			type: 'invalid_request_error',
			message: expect.stringContaining('carries no tools'),
		});
	});

	it('says no (400) to tools without our argument schemas, naming what is wrong', async () => {
		const untyped = JSON.parse(JSON.stringify(guardTool));
		untyped.function.parameters.properties.payloads = { type: 'object' };
		const answer = await postCompletion(model, {
			model: MODEL,
			messages,
			tools: [untyped, { ...reconcilerTool, function: { ...reconcilerTool.function, name: 'x' } }],
		});

		expect(answer.status).toBe(400);
		const message = String((answer.body.error as Json).message);
		expect(message).toContain('argument payloads is of type object, not string');
		expect(message).toContain('argument payloads has no description');
		expect(message).toContain('tool Returns_Reconciler is missing');
	});

	it('answers our tools with a tool call, and a tool result with the tag it quotes', async () => {
		const tools = [guardTool, reconcilerTool];
		const first = await postCompletion(model, { model: MODEL, messages, tools });
		const choice = (first.body.choices as Json[])[0];
		const call = ((choice.message as Json).tool_calls as Json[])[0];
		const fn = call.function as { name: string; arguments: string };

		expect(first.status).toBe(200);
		expect(choice.finish_reason).toBe('tool_calls');
		expect(fn.name).toBe('Return_Handoff_Guard');
		expect(JSON.parse(JSON.parse(fn.arguments).payloads)).toEqual(question.records);

		const result = [
			{
				returnId: question.returnId,
				handoff: {
					state: 'mismatch',
					symptom: 'missing_handoff',
					cause: 'unmapped_status',
					verdict: 'blocked',
					problems: [{ code: 'unmapped_status' }],
				},
			},
		];
		const second = await postCompletion(model, {
			model: MODEL,
			tools,
			messages: [
				...messages,
				{ role: 'assistant', content: null, tool_calls: [call] },
				{ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) },
			],
		});
		const answer = String(((second.body.choices as Json[])[0].message as Json).content);

		expect(answer).toContain(question.returnId);
		expect(answer).toMatch(/verdict blocked; problems unmapped_status; symptom missing_handoff/);
		expect(
			model
				.calls()
				.requests.slice(-2)
				.map((request) => request.status),
		).toEqual([200, 200]);
	});
});

describeE2e(`"Ask the returns agent" in ${N8N_LABEL}: our nodes as AI Agent tools`, () => {
	let under: N8nUnderTest | undefined;
	let model: StandInModel | undefined;
	let run: n8n.N8nRun;
	let calls: ModelCallLog;
	let noTools: n8n.N8nRun;
	let noToolsCalls: ModelCallLog;

	const toolsOffered = (): Tools => calls.requests[0].tools ?? [];

	beforeAll(
		async () => {
			under = await installN8nWithPackage();
			// Older n8n 1.x releases let a community node be a tool only with this set (1.123 and 2.x
			// no longer read it), so the test enables tools the way n8n documents it.
			under.ctx.env.N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE = 'true';
			model = await startStandInModel();
			await n8n.importCredentials(under.ctx, [standInCredential(model.baseUrl)]);

			// The same agent with no tools attached: the stand-in must refuse it.
			const bare = agentWorkflow();
			const toolNodes = new Set([NODES.guard, NODES.reconciler]);
			bare.id = `${AGENT.id.slice(0, 12)}Bare`;
			bare.name = `${AGENT.name} (no tools)`;
			bare.nodes = bare.nodes.filter((node) => !toolNodes.has(node.name));
			for (const name of toolNodes) delete bare.connections[name];

			const [id, bareId] = await n8n.importWorkflows(under.ctx, [agentWorkflow(), bare]);
			run = await n8n.executeWorkflow(under.ctx, id, { timeoutMs: RUN_TIMEOUT_MS });
			calls = model.calls();
			await fetch(`${model.url}/__calls`, { method: 'DELETE' });
			noTools = await n8n.executeWorkflow(under.ctx, bareId, {
				allowFailure: true,
				timeoutMs: RUN_TIMEOUT_MS,
			});
			noToolsCalls = model.calls();
		},
		SETUP_TIMEOUT_MS + 2 * RUN_TIMEOUT_MS,
	);

	afterAll(async () => {
		if (model) await model.close();
		removeN8nUserFolder(under);
	});

	it('asks the model through the imported credential: its base URL and its key', () => {
		expect(run.status).toBe('success');
		// Per question: one turn that calls a tool, one that answers from its result.
		expect(calls.requests).toHaveLength(2 * AGENT_QUESTIONS.length);
		for (const request of calls.requests) {
			expect(request).toMatchObject({
				method: 'POST',
				path: '/v1/chat/completions',
				status: 200,
				model: MODEL,
				keyTail: KEY_TAIL,
			});
		}
		expect(calls.toolCalls).toHaveLength(AGENT_QUESTIONS.length);
	});

	it('offers the Guard and the Reconciler as tools with our descriptions and JSON schemas', () => {
		const byName = new Map(toolsOffered().map((tool) => [tool.function.name, tool.function]));
		const guard = byName.get('Return_Handoff_Guard');
		const reconciler = byName.get('Returns_Reconciler');

		expect(guard?.description).toBe(new ReturnHandoffGuard().description.description);
		expect(reconciler?.description).toBe(new ReturnsReconciler().description.description);
		for (const [fn, properties, argumentsOf] of [
			[guard, guardProperties, TOOL_ARGUMENTS.guard],
			[reconciler, reconcilerProperties, TOOL_ARGUMENTS.reconciler],
		] as const) {
			const described = fromAiDescriptions(properties);
			expect(Object.keys(described).sort()).toEqual([...argumentsOf].sort());
			expect(fn?.parameters).toMatchObject({ type: 'object', required: [...argumentsOf] });
			for (const argument of argumentsOf) {
				expect(fn?.parameters?.properties?.[argument]).toEqual({
					type: 'string',
					description: described[argument],
				});
			}
		}
		// Every turn offers the same tools.
		for (const request of calls.requests) expect(request.tools).toEqual(toolsOffered());
	});

	it('hands each tool the arguments exactly as the model sent them', () => {
		const seen = new Set<string>();
		for (const call of calls.toolCalls) {
			const { node } = TOOL_NODES[call.name];
			const runs = toolRunsOf(run, node);
			const received = runs.map((toolRun) => toolRun.inputOverride?.ai_tool?.[0]?.[0]?.json);

			// n8n 1.x records the agent's input item merged in (chatInput, sessionId, toolCallId);
			// every argument must still be there as the model sent it.
			expect(received).toContainEqual(expect.objectContaining(call.arguments));
			seen.add(call.name);
		}
		expect([...seen].sort()).toEqual(Object.keys(TOOL_NODES).sort());

		// And the arguments are the records pasted into each question, not something else.
		const asked = n8n.outputOf(run, NODES.questions).map((item) => item.json.chatInput as string);
		expect(asked).toHaveLength(AGENT_QUESTIONS.length);
		for (const chatInput of asked) {
			const question = questionAsked(chatInput);
			const call = calls.toolCalls.find((entry) => TOOL_NODES[entry.name].role === question.tool);
			const parsed = Object.fromEntries(
				Object.entries(call?.arguments ?? {}).map(([name, text]) => [name, JSON.parse(text)]),
			);
			expect(question.tool === 'guard' ? parsed.payloads : parsed).toEqual(question.records);
		}
	});

	it('answers the model with our tag: verdict, problem codes, symptom and cause', () => {
		expect(calls.toolResults).toHaveLength(calls.toolCalls.length);
		for (const result of calls.toolResults) {
			const call = calls.toolCalls.find((entry) => entry.id === result.toolCallId);
			const { node, role } = TOOL_NODES[String(call?.name)];
			const question = AGENT_QUESTIONS.find((entry) => entry.tool === role) as AgentQuestion;
			const answered = toolRunsOf(run, node).map((toolRun) =>
				(toolRun.data?.ai_tool?.[0] ?? []).map((item) => item.json),
			);

			// What the model read is what our node answered, item for item.
			expect(answered).toContainEqual(result.parsed);
			const items = result.parsed as Json[];
			expect(items).toHaveLength(1);
			const [tag] = tagsOf(items);
			expect(tag).toMatchObject({
				symptom: question.expect.symptom,
				cause: question.expect.cause,
			});
			if (role === 'guard') {
				expect(tag.verdict).toBe(question.expect.verdict);
				expect((tag.problems ?? []).map((problem) => problem.code)).toEqual(
					question.expect.problems,
				);
				expect(items[0]).toMatchObject({ returnId: question.returnId, route: 'Blocked' });
			} else {
				expect(tag.state).toBe(question.expect.state);
				expect(items[0].route).toBe(question.expect.route);
			}
		}
	});

	it("ends each conversation with the agent's answer quoting the tag", () => {
		const answers = n8n.outputOf(run, NODES.agent);
		const asked = n8n.outputOf(run, NODES.questions);

		expect(answers).toHaveLength(asked.length);
		expect(answers.map((item) => item.json.output)).toEqual(calls.answers);
		answers.forEach((item, index) => {
			const question = questionAsked(asked[index].json.chatInput as string);
			const output = String(item.json.output);
			const quoted = [
				question.returnId,
				question.expect.verdict,
				question.expect.state,
				...(question.expect.problems ?? []),
				question.expect.symptom,
				question.expect.cause,
			].filter((value): value is string => typeof value === 'string');
			for (const value of quoted) expect(output).toContain(value);
		});
	});

	it('fails the run with the 400 when the agent offers the model no tools', () => {
		expect(noTools.status).toBe('error');
		expect(noToolsCalls.toolCalls).toEqual([]);
		expect(noToolsCalls.requests.length).toBeGreaterThan(0);
		for (const request of noToolsCalls.requests) {
			expect(request).toMatchObject({ status: 400, tools: [] });
			expect(request.error).toContain('carries no tools');
		}
		expect(noTools.data.resultData.error?.node?.name).toBe(NODES.agent);
		expect(JSON.stringify(noTools.data.resultData.error)).toContain('carries no tools');
	});

	it("streams (SSE) the same tool call and answer to OpenAI's own client", async () => {
		// The openai package n8n's OpenAI Chat Model node talks through, from the n8n install.
		const fromN8n = createRequire(join((under as N8nUnderTest).install.dir, 'package.json'));
		const fromLangchain = createRequire(fromN8n.resolve('@langchain/openai'));
		const { default: OpenAI } = fromLangchain('openai');
		const client = new OpenAI({ apiKey: 'sk-stream-test', baseURL: model?.baseUrl });
		const question = AGENT_QUESTIONS.find((entry) => entry.tool === 'reconciler') as AgentQuestion;
		const messages: Json[] = [{ role: 'user', content: chatInputOf(question) }];
		const tools = toolsOffered();

		const first = await client.chat.completions
			.stream({ model: MODEL, messages, tools, stream_options: { include_usage: true } })
			.finalChatCompletion();
		const [call] = first.choices[0].message.tool_calls;
		const sent = calls.toolCalls.find((entry) => entry.name === call.function.name);
		expect(first.choices[0].finish_reason).toBe('tool_calls');
		expect(JSON.parse(call.function.arguments)).toEqual(sent?.arguments);

		const result = calls.toolResults.find((entry) => entry.toolCallId === sent?.id);
		const second = await client.chat.completions
			.stream({
				model: MODEL,
				tools,
				messages: [
					...messages,
					{ role: 'assistant', content: null, tool_calls: [call] },
					{ role: 'tool', tool_call_id: call.id, content: result?.content },
				],
			})
			.finalChatCompletion();
		const streamed = model?.calls().requests.slice(-2) ?? [];

		expect(streamed.map((request) => [request.stream, request.status])).toEqual([
			[true, 200],
			[true, 200],
		]);
		expect(first.usage).toMatchObject({ total_tokens: expect.any(Number) });
		expect(calls.answers).toContain(second.choices[0].message.content);
	});
});
