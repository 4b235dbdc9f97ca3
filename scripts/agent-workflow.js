#!/usr/bin/env node
'use strict';
// The fourth sample workflow, "Ask the returns agent", built from code like the other three so
// the demo, the end-to-end test and the copy in workflows/ are the same workflow:
//
//   Chat Trigger ─┐
//                 ├→ AI Agent (OpenAI Chat Model) with the Return Handoff Guard and the Returns
//   Manual ──→ Sample questions ┘    Reconciler attached as tools
//
// In the editor you chat with it; `n8n execute` (which needs a Manual Trigger, and ignores the
// Chat Trigger) asks the two sample questions. The model credential points at the stand-in
// model (scripts/stand-in-model.js) until you pick a real OpenAI credential; the sticky note
// says how.
// `npm run workflows` (scripts/demo-workflows.js) writes it to workflows/ with the others.

const { keyValueEntries, nodeIds, stickyNote } = require('./lib/workflow.js');

const PACKAGE = 'n8n-nodes-returns-handoff';
// Where the stand-in model listens unless that port is taken (the demo then rewrites the URL).
const DEFAULT_MODEL_PORT = 8124;

const AGENT = {
	id: 'rhAskReturnsAgent',
	name: 'Ask the returns agent',
	file: 'ask-the-returns-agent.json',
};

/** The model credential the workflow names; import it with standInCredential(). */
const MODEL_CREDENTIAL = { id: 'rhStandInModel01', name: 'Stand-in model (local)' };
// The model the workflow asks for: a real OpenAI model, so a real credential works unchanged.
const MODEL = 'gpt-4.1-mini';

/** The node names, which the tests read run data by. */
const NODES = {
	chat: 'When chat message received',
	trigger: 'Ask the sample questions',
	questions: 'Sample questions',
	agent: 'Returns agent',
	model: 'OpenAI Chat Model',
	guard: 'Return Handoff Guard',
	reconciler: 'Returns Reconciler',
};

const SUBSIDIARIES = { 'web-us': 'US Retail', 'web-ca': 'Canada Retail', 'web-uk': 'UK Retail' };
const STATUSES = { approved: 'pendingReceipt', received: 'pendingRefund', refunded: 'refunded' };
const ID_RULES = { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 };

const SYSTEM_MESSAGE = [
	'You help an ops team with returns and refunds between the returns portal, the payment processor, the ERP (NetSuite) and support.',
	'Before saying a refund can post to the ERP, check its payload with the Return_Handoff_Guard tool.',
	'To explain why a return did not reconcile, pass its portal return, processor refunds, ERP credit memos and support tickets to the Returns_Reconciler tool.',
	'Answer from what the tool returns: quote the verdict or state, the problem codes, the symptom and the cause, and give the next step. Never guess a value the tool did not return.',
].join(' ');

/**
 * The sample questions, each with the records a user would paste and what the tools must find
 * in them (docs/rules.md "The Guard's checks" and "Rule 5: ERP record present").
 */
const AGENT_QUESTIONS = [
	{
		tool: 'guard',
		returnId: 'RA-20102',
		// An "exchanged" status has no entry in the status map: NetSuite has no such status.
		expect: {
			verdict: 'blocked',
			problems: ['unmapped_status'],
			symptom: 'missing_handoff',
			cause: 'unmapped_status',
		},
		question: 'Can this refund post to NetSuite?',
		records: {
			returnId: 'RA-20102',
			orderId: '#20102',
			// The ERP's spelling, as middleware sends it (the portal's alone is order_ref_format).
			orderRef: 'SO-0020102',
			status: 'exchanged',
			refundAmount: 60,
			currency: 'USD',
			channel: 'web-us',
			refundMethod: 'original_payment',
			lines: [{ sku: 'TEE-BLK-M', quantity: 1, category: 'apparel', amount: 60 }],
		},
	},
	{
		tool: 'reconciler',
		returnId: 'RA-10042',
		// A web-ca return whose credit memo went to the US subsidiary.
		expect: {
			state: 'mismatch',
			route: 'Mismatch',
			symptom: 'id_linkage_failure',
			cause: 'wrong_subsidiary',
		},
		question: 'Why did RA-10042 not reconcile? Here are its records.',
		records: {
			portalReturn: {
				returnId: 'RA-10042',
				orderId: '#10042',
				status: 'refunded',
				refundAmount: 89,
				currency: 'CAD',
				approvedAt: '2026-11-28T14:02:00Z',
				refundInstructedAt: '2026-11-28T16:30:00Z',
				refundMethod: 'original_payment',
				channel: 'web-ca',
				lines: [{ sku: 'JKT-NVY-L', quantity: 1, category: 'outerwear', amount: 89 }],
			},
			processorRefunds: [
				{
					refundId: 're_3QfXk2LkdIwHu7ix0M1bR2Tq',
					returnId: 'RA-10042',
					orderId: '#10042',
					amount: 8900,
					currency: 'cad',
					status: 'succeeded',
					disbursedAt: '2026-11-28T16:31:12Z',
				},
			],
			erpCreditMemos: [
				{
					creditMemoId: 'CM-0088412',
					returnId: 'RA-10042',
					orderRef: 'SO-0010042',
					postedAmount: 89,
					currency: 'CAD',
					postedAt: '2026-11-28T17:05:00Z',
					subsidiary: 'US Retail',
				},
			],
			supportTickets: [
				{
					ticketId: '48213',
					returnId: 'RA-10042',
					status: 'solved',
					refundStatusToldCustomer: 'Your refund has been sent',
					updatedAt: '2026-11-28T17:20:00Z',
				},
			],
		},
	},
];

/** A question as a user types it in the chat: the sentence, then the records as JSON. */
function chatInputOf(entry) {
	return `${entry.question}\n${JSON.stringify(entry.records)}`;
}

const nodeId = nodeIds('c');

/**
 * "Ask the returns agent". Its model credential is MODEL_CREDENTIAL, whatever URL that
 * credential points at (the stand-in's, or OpenAI's once replaced).
 */
function agentWorkflow() {
	const questions = AGENT_QUESTIONS.map((entry) => ({
		chatInput: chatInputOf(entry),
		sessionId: `sample-${entry.returnId}`,
	}));
	const lines = questions.map((json) => `\t${JSON.stringify(json)},`).join('\n');

	const nodes = [
		stickyNote(
			nodeId(90),
			[
				'## Ask the returns agent',
				'Chat with an AI Agent that checks refunds with the **Return Handoff Guard** ("can this refund post?") and explains returns with the **Returns Reconciler** ("why did RA-10042 not reconcile?"). Paste the payload or the records as JSON into the chat.',
				'',
				`**Model:** the credential **${MODEL_CREDENTIAL.name}** points at a local stand-in model that \`npm run demo\` starts (it only knows how to call these two tools). For a real model, open **${NODES.model}**, create an **OpenAI** credential with your API key (Base URL \`https://api.openai.com/v1\`, or your OpenAI-compatible gateway) and keep the model \`${MODEL}\` or pick another that supports tool calling.`,
				'',
				'Older n8n 1.x releases let community nodes be tools only with `N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE=true`; n8n 1.123 and 2.x need nothing.',
			].join('\n'),
			[-60, -400],
			1120,
			300,
		),
		{
			id: nodeId(1),
			name: NODES.chat,
			type: '@n8n/n8n-nodes-langchain.chatTrigger',
			typeVersion: 1.1,
			position: [0, 0],
			webhookId: 'c0d3e000-0000-4000-8000-0000000000ce',
			parameters: { options: {} },
		},
		{
			id: nodeId(2),
			name: NODES.trigger,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 200],
			parameters: {},
		},
		{
			id: nodeId(3),
			name: NODES.questions,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 200],
			parameters: {
				jsCode: `// Two questions as they would arrive from the chat, for running the workflow without it.\nconst questions = [\n${lines}\n];\nreturn questions.map((json) => ({ json }));\n`,
			},
		},
		{
			id: nodeId(10),
			name: NODES.agent,
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 3,
			position: [480, 80],
			parameters: { options: { systemMessage: SYSTEM_MESSAGE } },
		},
		{
			id: nodeId(11),
			name: NODES.model,
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.2,
			position: [380, 320],
			parameters: {
				model: { __rl: true, mode: 'list', value: MODEL },
				options: {},
			},
			credentials: { openAiApi: { ...MODEL_CREDENTIAL } },
		},
		{
			id: nodeId(12),
			name: NODES.guard,
			type: `${PACKAGE}.returnHandoffGuardTool`,
			typeVersion: 1,
			position: [580, 320],
			parameters: {
				mode: 'normalize',
				idRules: ID_RULES,
				mapsInput: 'keyValue',
				statusMap: keyValueEntries(STATUSES),
				subsidiaryMap: keyValueEntries(SUBSIDIARIES),
			},
		},
		{
			id: nodeId(13),
			name: NODES.reconciler,
			type: `${PACKAGE}.returnsReconcilerTool`,
			typeVersion: 1,
			position: [780, 320],
			parameters: {
				idRules: ID_RULES,
				mapsInput: 'keyValue',
				subsidiaryMap: keyValueEntries(SUBSIDIARIES),
				// Stripe sends cents.
				amountUnits: { processor: 'minor' },
			},
		},
	];

	const connections = {
		[NODES.chat]: { main: [[{ node: NODES.agent, type: 'main', index: 0 }]] },
		[NODES.trigger]: { main: [[{ node: NODES.questions, type: 'main', index: 0 }]] },
		[NODES.questions]: { main: [[{ node: NODES.agent, type: 'main', index: 0 }]] },
		[NODES.model]: {
			ai_languageModel: [[{ node: NODES.agent, type: 'ai_languageModel', index: 0 }]],
		},
		[NODES.guard]: { ai_tool: [[{ node: NODES.agent, type: 'ai_tool', index: 0 }]] },
		[NODES.reconciler]: { ai_tool: [[{ node: NODES.agent, type: 'ai_tool', index: 0 }]] },
	};

	return {
		id: AGENT.id,
		name: AGENT.name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * The workflow's model credential, pointing at `baseUrl` (the stand-in's `…/v1`), in the shape
 * `n8n import:credentials` reads: its `data` in plain text, which n8n encrypts on import.
 */
function standInCredential(baseUrl) {
	return {
		...MODEL_CREDENTIAL,
		type: 'openAiApi',
		// The stand-in checks no key; OpenAI's client refuses to start without one.
		data: { apiKey: 'sk-stand-in-model-no-key-needed', url: baseUrl, header: false },
	};
}

module.exports = {
	AGENT,
	NODES,
	AGENT_QUESTIONS,
	MODEL,
	MODEL_CREDENTIAL,
	DEFAULT_MODEL_PORT,
	agentWorkflow,
	chatInputOf,
	standInCredential,
};
