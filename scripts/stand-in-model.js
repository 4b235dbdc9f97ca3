#!/usr/bin/env node
'use strict';
// A stand-in for OpenAI's Chat Completions API, for the end-to-end test and the demo of "Ask
// the returns agent": n8n's OpenAI Chat Model node (Base URL of its credential pointed here)
// talks to it exactly as it talks to OpenAI, and it plays a model that knows one trick: ask our
// tools, then quote what they said. Node's standard library only; it listens on 127.0.0.1.
//
// POST /v1/chat/completions, `stream` false or true (Server-Sent Events, as OpenAI streams):
//   1. The request must carry our tools with their JSON schemas, else 400 with OpenAI's error
//      shape: the Guard (a function with a string argument `payloads`) and the Reconciler (string
//      arguments `portalReturn`, `processorRefunds`, `erpCreditMemos`, `supportTickets`), each
//      with a description, every argument described, typed and required. The expected tool names
//      are an option (n8n names a tool after its node: "Return Handoff Guard" →
//      `Return_Handoff_Guard`).
//   2. No tool result since the user's last message: it answers with one tool call. The user's
//      message holds JSON; an object with `portalReturn` (and the other three lists) goes to the
//      Reconciler, one per argument, as JSON text; anything else goes to the Guard as `payloads`.
//      No JSON in the message: a plain answer asking for the records.
//   3. Tool results present: a final assistant message quoting, for each return in the results,
//      the verdict and problem codes (Guard) or state and route (Reconciler), symptom and cause.
// GET /v1/models lists one model (n8n's model picker and credential test call it).
//
// Bookkeeping, for tests: GET /__calls → { count, requests, toolCalls, toolResults, answers }
// (requests received, with the tools they carried, the status given and the API key's last four
// characters; tool calls sent with their arguments; tool results received; final answers
// sent). DELETE /__calls clears it.
//
// CLI: node scripts/stand-in-model.js [--port 8124]

const http = require('node:http');

const MODEL_ID = 'gpt-4.1-mini';
/** The arguments each of our tools takes: the keys of the nodes' $fromAI() calls. */
const TOOL_ARGUMENTS = {
	guard: ['payloads'],
	reconciler: ['portalReturn', 'processorRefunds', 'erpCreditMemos', 'supportTickets'],
};
/** n8n's tool names for the nodes under their default names. */
const DEFAULT_TOOL_NAMES = { guard: 'Return_Handoff_Guard', reconciler: 'Returns_Reconciler' };
// OpenAI's rule for function names, which n8n follows when it names a tool after its node.
const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function readBody(request) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function sendJson(response, status, body) {
	response.writeHead(status, { 'Content-Type': 'application/json' });
	response.end(JSON.stringify(body));
}

function openAiError(message, param = null) {
	return { error: { message, type: 'invalid_request_error', param, code: null } };
}

function isObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Why the request's tools are not our tools, or null when they are. Each problem is one line;
 * the 400's message joins them so a failing run says what was missing.
 */
function toolProblems(tools, expectedNames) {
	if (!Array.isArray(tools) || tools.length === 0) {
		return [`the request carries no tools; expected ${Object.values(expectedNames).join(', ')}`];
	}
	const problems = [];
	const byName = new Map();
	tools.forEach((tool, index) => {
		const fn = isObject(tool) ? tool.function : undefined;
		if (!isObject(tool) || tool.type !== 'function' || !isObject(fn)) {
			problems.push(`tools[${index}] is not {type: 'function', function: {…}}`);
			return;
		}
		if (typeof fn.name !== 'string' || !FUNCTION_NAME.test(fn.name)) {
			problems.push(`tools[${index}].function.name ${JSON.stringify(fn.name)} is not a valid name`);
			return;
		}
		byName.set(fn.name, fn);
	});
	for (const [role, name] of Object.entries(expectedNames)) {
		const fn = byName.get(name);
		if (!fn) {
			problems.push(`tool ${name} is missing`);
			continue;
		}
		if (typeof fn.description !== 'string' || fn.description.trim() === '') {
			problems.push(`tool ${name} has no description`);
		}
		const schema = fn.parameters;
		if (!isObject(schema) || schema.type !== 'object' || !isObject(schema.properties)) {
			problems.push(`tool ${name}: parameters is not a JSON schema of type object`);
			continue;
		}
		const required = Array.isArray(schema.required) ? schema.required : [];
		for (const argument of TOOL_ARGUMENTS[role]) {
			const property = schema.properties[argument];
			if (!isObject(property)) {
				problems.push(`tool ${name}: argument ${argument} is missing from its schema`);
				continue;
			}
			if (property.type !== 'string') {
				problems.push(`tool ${name}: argument ${argument} is of type ${property.type}, not string`);
			}
			if (typeof property.description !== 'string' || property.description.trim() === '') {
				problems.push(`tool ${name}: argument ${argument} has no description`);
			}
			if (!required.includes(argument)) {
				problems.push(`tool ${name}: argument ${argument} is not required`);
			}
		}
	}
	return problems.length > 0 ? problems : null;
}

/** A message's text: a string, or the text parts of a content array. */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
			.join('');
	}
	return '';
}

/** The first JSON object or array written in `text` (a question with records pasted in). */
function jsonIn(text) {
	for (let start = 0; start < text.length; start++) {
		const open = text[start];
		if (open !== '{' && open !== '[') continue;
		const close = open === '{' ? '}' : ']';
		for (let end = text.lastIndexOf(close); end > start; end = text.lastIndexOf(close, end - 1)) {
			try {
				return JSON.parse(text.slice(start, end + 1));
			} catch {
				// Not this closing bracket: try an earlier one.
			}
		}
	}
	return undefined;
}

/** The tool call the question asks for: which tool, and its arguments as OpenAI sends them. */
function toolCallFor(question, names) {
	const records = jsonIn(question);
	if (records === undefined) return null;
	if (isObject(records) && 'portalReturn' in records) {
		const args = {};
		for (const argument of TOOL_ARGUMENTS.reconciler) {
			const value = records[argument];
			args[argument] = JSON.stringify(
				argument === 'portalReturn' ? (value ?? null) : (value ?? []),
			);
		}
		return { name: names.reconciler, args };
	}
	return { name: names.guard, args: { payloads: JSON.stringify(records) } };
}

/** Every object holding a handoff tag (`handoff.state`) anywhere in a tool result. */
function taggedItems(value, found = []) {
	if (Array.isArray(value)) {
		for (const entry of value) taggedItems(entry, found);
	} else if (isObject(value)) {
		if (isObject(value.handoff) && typeof value.handoff.state === 'string') found.push(value);
		else for (const entry of Object.values(value)) taggedItems(entry, found);
	}
	return found;
}

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** One sentence per tagged return, quoting the fields a person acts on. */
function describeItem(item) {
	const tag = item.handoff;
	const returnId = item.returnId ?? tag.returnId ?? '(no return ID)';
	const parts = [];
	if (typeof tag.verdict === 'string') {
		const codes = Array.isArray(tag.problems) ? tag.problems.map((problem) => problem.code) : [];
		parts.push(`verdict ${tag.verdict}`, `problems ${codes.length ? codes.join(', ') : 'none'}`);
	} else {
		parts.push(`state ${tag.state}`);
		if (typeof item.route === 'string') parts.push(`route ${item.route}`);
	}
	parts.push(`symptom ${tag.symptom ?? 'none'}`, `cause ${tag.cause ?? 'none'}`);
	return `${returnId}: ${parts.join('; ')}.`;
}

function finalAnswer(results) {
	const items = results.flatMap((result) => taggedItems(result.parsed));
	if (items.length > 0) {
		return `The tool answered. ${items.map(describeItem).join(' ')}`;
	}
	const texts = results.map((result) => result.content).join(' ');
	return `The tool returned no handoff tag. It said: ${texts}`;
}

/**
 * Starts the stand-in model on 127.0.0.1.
 * @param {{port?: number, toolNames?: {guard?: string, reconciler?: string}}} [options]
 *   port 0 (the default) picks a free one; toolNames: the names our tools must have.
 * @returns {Promise<{url: string, baseUrl: string, port: number, calls: () => object,
 *   close: () => Promise<void>}>}
 */
function startStandInModel({ port = 0, toolNames = {} } = {}) {
	const names = { ...DEFAULT_TOOL_NAMES, ...toolNames };
	const log = { requests: [], toolCalls: [], toolResults: [], answers: [] };
	let nextId = 1;
	const snapshot = () => ({ count: log.requests.length, ...JSON.parse(JSON.stringify(log)) });

	const server = http.createServer(async (request, response) => {
		const url = new URL(request.url, 'http://stand-in');
		const path = url.pathname.replace(/\/+$/, '');
		if (path === '/__calls') {
			if (request.method === 'DELETE') {
				for (const list of Object.values(log)) list.length = 0;
				response.writeHead(204);
				return response.end();
			}
			return sendJson(response, 200, snapshot());
		}

		const text = await readBody(request);
		const entry = { at: new Date().toISOString(), method: request.method, path };
		// The key's last four characters, enough to tell which credential sent it.
		const auth = /^Bearer (\S+)$/.exec(String(request.headers.authorization || ''));
		entry.keyTail = auth ? auth[1].slice(-4) : null;
		log.requests.push(entry);
		const answer = (status, body) => {
			entry.status = status;
			if (status >= 400) entry.error = body.error.message;
			return sendJson(response, status, body);
		};

		if (request.method === 'GET' && path === '/v1/models') {
			return answer(200, {
				object: 'list',
				data: [{ id: MODEL_ID, object: 'model', created: 1735689600, owned_by: 'stand-in' }],
			});
		}
		if (request.method !== 'POST' || path !== '/v1/chat/completions') {
			return answer(
				404,
				openAiError(`The stand-in model serves POST /v1/chat/completions, not ${path}`),
			);
		}

		const body = parseJson(text);
		if (!isObject(body) || !Array.isArray(body.messages) || body.messages.length === 0) {
			return answer(400, openAiError('The body must be JSON with a non-empty messages list'));
		}
		entry.model = body.model;
		entry.stream = body.stream === true;
		entry.tools = Array.isArray(body.tools) ? body.tools : [];
		entry.messages = body.messages.map((message) => message.role);
		const problems = toolProblems(body.tools, names);
		if (problems) return answer(400, openAiError(problems.join('; '), 'tools'));

		const lastUser = body.messages.map((message) => message.role).lastIndexOf('user');
		const results = body.messages
			.slice(lastUser + 1)
			.filter((message) => message.role === 'tool')
			.map((message) => {
				const content = textOf(message.content);
				return { toolCallId: message.tool_call_id, content, parsed: parseJson(content) };
			});

		const id = `chatcmpl-stand-in-${nextId++}`;
		let message;
		let finishReason;
		if (results.length > 0) {
			log.toolResults.push(...results);
			message = { role: 'assistant', content: finalAnswer(results) };
			finishReason = 'stop';
			log.answers.push(message.content);
		} else {
			const call = toolCallFor(textOf((body.messages[lastUser] || {}).content), names);
			if (call) {
				const toolCall = {
					id: `call_stand_in_${nextId}`,
					type: 'function',
					function: { name: call.name, arguments: JSON.stringify(call.args) },
				};
				log.toolCalls.push({ id: toolCall.id, name: call.name, arguments: call.args });
				message = { role: 'assistant', content: null, tool_calls: [toolCall] };
				finishReason = 'tool_calls';
			} else {
				message = {
					role: 'assistant',
					content: 'Paste the payload (or the four record lists) as JSON and I will ask the tools.',
				};
				finishReason = 'stop';
				log.answers.push(message.content);
			}
		}
		entry.status = 200;
		entry.answered = finishReason;
		const usage = { prompt_tokens: text.length >> 2, completion_tokens: 16, total_tokens: 0 };
		usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
		const model = typeof body.model === 'string' ? body.model : MODEL_ID;
		if (body.stream === true) {
			const withUsage = isObject(body.stream_options) && body.stream_options.include_usage;
			return stream(response, { id, model, message, finishReason, usage: withUsage && usage });
		}
		return sendJson(response, 200, {
			id,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model,
			choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
			usage,
		});
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const actualPort = server.address().port;
			const url = `http://127.0.0.1:${actualPort}`;
			resolve({
				url,
				baseUrl: `${url}/v1`,
				port: actualPort,
				calls: snapshot,
				close: () =>
					new Promise((done) => {
						server.closeAllConnections();
						server.close(() => done());
					}),
			});
		});
	});
}

/** The answer as OpenAI streams it: chunks of deltas, then `[DONE]`. */
function stream(response, { id, model, message, finishReason, usage }) {
	response.writeHead(200, {
		'Content-Type': 'text/event-stream',
		'Cache-Control': 'no-cache',
		Connection: 'keep-alive',
	});
	const created = Math.floor(Date.now() / 1000);
	const chunk = (delta, finish = null, extra = {}) =>
		response.write(
			`data: ${JSON.stringify({
				id,
				object: 'chat.completion.chunk',
				created,
				model,
				choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
				...extra,
			})}\n\n`,
		);
	if (message.tool_calls) {
		chunk({ role: 'assistant', content: null });
		message.tool_calls.forEach((call, index) => {
			chunk({
				tool_calls: [
					{
						index,
						id: call.id,
						type: 'function',
						function: { name: call.function.name, arguments: '' },
					},
				],
			});
			chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] });
		});
	} else {
		chunk({ role: 'assistant', content: '' });
		// A few pieces, split at spaces, as a model streams its words.
		for (const piece of message.content.match(/\S+\s*|\s+/g) || []) chunk({ content: piece });
	}
	chunk({}, finishReason);
	if (usage) {
		response.write(
			`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`,
		);
	}
	response.end('data: [DONE]\n\n');
}

function argValue(argv, name) {
	const index = argv.indexOf(name);
	if (index !== -1) return argv[index + 1];
	const inline = argv.find((arg) => arg.startsWith(`${name}=`));
	return inline ? inline.slice(name.length + 1) : undefined;
}

if (require.main === module) {
	const port = Number(argValue(process.argv.slice(2), '--port') || 0);
	startStandInModel({ port }).then(
		(model) => {
			process.stdout.write(
				`stand-in model listening on ${model.url} (Base URL ${model.baseUrl}; calls: ${model.url}/__calls)\n`,
			);
			const stop = () => model.close().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		},
		(error) => {
			process.stderr.write(`stand-in model could not start: ${error.message}\n`);
			process.exit(1);
		},
	);
}

module.exports = {
	startStandInModel,
	toolProblems,
	MODEL_ID,
	TOOL_ARGUMENTS,
	DEFAULT_TOOL_NAMES,
};
