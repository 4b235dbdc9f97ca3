#!/usr/bin/env node
'use strict';
// The two sample workflows of the demo, built from code so the demo, the end-to-end tests and
// the copies in workflows/ (for importing into your own n8n) are the same workflows:
//
//   1. "Nightly returns audit": four Code nodes holding a few hundred sample returns as the
//      portal, processor, ERP and support systems export them → Returns Reconciler → Handoff
//      Pattern Report on the Mismatch output.
//   2. "Guarded ERP posting": refund payloads → Return Handoff Guard (looking the orders up in
//      NetSuite, the stand-in ERP, with a token-based credential) → HTTP Request posting a
//      NetSuite credit memo with the same credential → Return Handoff Tagger on its error output.
//
//   node scripts/demo-workflows.js --write      regenerates workflows/*.json
//   node scripts/demo-workflows.js --check      exits 1 when workflows/ is out of date
//
// Both start with a Manual Trigger, which `n8n execute` needs; a real deployment swaps in a
// Schedule Trigger (the sticky notes say so).

const fs = require('node:fs');
const path = require('node:path');

const { parseArgsOrExit, usageOf } = require('./lib/args.js');
const {
	connect,
	keyValueEntries,
	manualTrigger,
	nodeIds,
	noOp,
	serialize,
	stickyNote,
} = require('./lib/workflow.js');
const { generateDataset, renderDataset } = require('./sample-data.js');
const { AGENT, agentWorkflow } = require('./agent-workflow.js');
const { WATCH, errorWatchWorkflow } = require('./error-watch-workflow.js');

const PACKAGE = 'n8n-nodes-returns-handoff';
const WORKFLOWS_DIR = path.join(__dirname, '..', 'workflows');
// Where the stand-in ERP listens unless that port is taken (the demo then rewrites the URL).
const DEFAULT_ERP_PORT = 8123;
const CREDIT_MEMO_PATH = '/services/rest/record/v1/creditMemo';

const AUDIT = {
	id: 'rhNightlyAudit01',
	name: 'Nightly returns audit',
	file: 'nightly-returns-audit.json',
	returns: 300,
	seed: 42,
	// A troubled integration: 30% of returns break somewhere, so some patterns repeat often
	// enough to be structural (at the generator's default 80% none does among 300 returns).
	consistentShare: 0.7,
	now: '2026-11-27T06:00:00Z',
};
const POSTING = {
	id: 'rhGuardedErpPost',
	name: 'Guarded ERP posting',
	file: 'guarded-erp-posting.json',
};
/** The token-based NetSuite credential the posting workflow uses (`n8n import:credentials`). */
const POSTING_CREDENTIAL = {
	id: 'rhNetSuiteTba0001',
	name: 'NetSuite (stand-in, token-based)',
	type: 'netSuiteTokenApi',
};

/** The node names, which the tests and the demo read outputs by. */
const NODES = {
	audit: {
		trigger: 'Run the audit',
		portal: 'Portal returns',
		processor: 'Processor refunds',
		erp: 'ERP credit memos',
		support: 'Support tickets',
		reconciler: 'Returns Reconciler',
		report: 'Handoff Pattern Report',
		pending: 'Pending: check tomorrow',
		consistent: 'Consistent',
		unmatched: 'Unmatched refunds',
	},
	posting: {
		trigger: 'Post approved refunds',
		webhook: 'Refund approved (webhook)',
		webhookRefund: 'The posted refund',
		payloads: 'Refunds approved in the portal',
		guard: 'Return Handoff Guard',
		blocked: 'Blocked: fix before posting',
		post: 'Post credit memo',
		posted: 'Posted',
		tagger: 'Return Handoff Tagger',
		retry: 'Retry later',
		fix: 'Fix the mapping',
		unclassified: 'Needs a look',
	},
};

// Stable node IDs: a re-import replaces the workflow instead of adding nodes.
const nodeIdOf = { audit: nodeIds('a'), posting: nodeIds('b') };
function nodeId(workflow, index) {
	return nodeIdOf[workflow](index);
}

/**
 * A Code node that returns records written inline, one per line so the Code editor stays
 * readable: it stands where the real workflow reads the system's API.
 */
function dataNode(id, name, position, comment, records) {
	const lines = records.map((record) => `\t${JSON.stringify(record)},`).join('\n');
	return {
		id,
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position,
		parameters: {
			jsCode: `${comment}\nconst records = [\n${lines}\n];\nreturn records.map((json) => ({ json }));\n`,
		},
	};
}

/**
 * "Nightly returns audit", with the dataset it holds (its `expected` outcomes are what the
 * end-to-end test checks the run against).
 * @param {{returns?: number, seed?: number, now?: string, consistentShare?: number}} [settings]
 */
function auditWorkflow(settings = {}) {
	const returns = settings.returns ?? AUDIT.returns;
	const seed = settings.seed ?? AUDIT.seed;
	const now = settings.now ?? AUDIT.now;
	const consistentShare = settings.consistentShare ?? AUDIT.consistentShare;
	// The records as the four systems send them, with the formats and paths that read them.
	const data = renderDataset(generateDataset({ returns, seed, now, consistentShare }));
	const names = NODES.audit;
	const id = (index) => nodeId('audit', index);
	const nodes = [
		stickyNote(
			id(90),
			[
				'## Nightly returns audit',
				`The records of ${returns} sample returns in four systems (returns portal, payment processor, ERP, support desk) are matched per return. Every broken handoff leaves **Mismatch** tagged with its symptom, cause, boundary and fix; the report counts them by pattern.`,
				'',
				'The records come as the systems send them (Loop returns, Stripe refunds, NetSuite credit memos, Zendesk tickets): each Reconciler input has its **Format** set. In production: a Schedule Trigger, and the Loop, Stripe, NetSuite and Zendesk APIs in place of the four sample-data nodes.',
			].join('\n'),
			[-40, -180],
			1000,
			150,
		),
		manualTrigger(id(1), names.trigger, [0, 220]),
		dataNode(
			id(2),
			names.portal,
			[260, 0],
			'// Returns as Loop sends them (return webhook / Returns List API), with the warehouse\n// receipt and the middleware log attached. Sample data: replace this node with the Loop API.',
			data.portal,
		),
		dataNode(
			id(3),
			names.processor,
			[260, 150],
			'// Stripe Refund objects (GET /v1/refunds: cents, lower-case currency, epoch seconds).\n// Sample data: replace this node with the Stripe API.',
			data.processor,
		),
		dataNode(
			id(4),
			names.erp,
			[260, 300],
			'// NetSuite credit memos (GET /services/rest/record/v1/creditMemo/{id}). Sample data:\n// replace this node with the NetSuite REST API or a saved search.',
			data.erp,
		),
		dataNode(
			id(5),
			names.support,
			[260, 450],
			"// Zendesk tickets about returns, as n8n's Zendesk node returns them (order ID and refund\n// status in custom fields). Sample data: replace this node with the Zendesk node.",
			data.support,
		),
		{
			id: id(10),
			name: names.reconciler,
			type: `${PACKAGE}.returnsReconciler`,
			typeVersion: 1.1,
			position: [560, 200],
			parameters: {
				portalFormat: data.options.formats.portal,
				processorFormat: data.options.formats.processor,
				erpFormat: data.options.formats.erp,
				supportFormat: data.options.formats.support,
				slaWindowMinutes: 240,
				missingAfterMinutes: 4320,
				idRules: data.options.idRules,
				mapsInput: 'keyValue',
				subsidiaryMap: keyValueEntries(data.options.subsidiaryMap),
				currencyNames: keyValueEntries(data.options.currencyNames),
				fieldPaths: data.options.fieldPaths,
				// The sample data was generated as of this time; a live audit leaves it empty.
				options: { now: data.options.now },
			},
		},
		{
			id: id(11),
			name: names.report,
			type: `${PACKAGE}.handoffPatternReport`,
			typeVersion: 1,
			position: [900, 40],
			parameters: {
				structuralThreshold: 3,
				slaWindowMinutes: 240,
				// Each run sees every return again: remembering earlier runs would count them twice.
				rememberDays: 0,
				options: { title: AUDIT.name, now: data.options.now },
			},
		},
		noOp(id(12), names.pending, [900, 200]),
		noOp(id(13), names.consistent, [900, 340]),
		noOp(id(14), names.unmatched, [900, 480]),
	];

	const connections = {};
	for (const kind of ['portal', 'processor', 'erp', 'support']) {
		connect(connections, names.trigger, names[kind]);
	}
	connect(connections, names.portal, names.reconciler, { input: 0 });
	connect(connections, names.processor, names.reconciler, { input: 1 });
	connect(connections, names.erp, names.reconciler, { input: 2 });
	connect(connections, names.support, names.reconciler, { input: 3 });
	connect(connections, names.reconciler, names.report, { output: 0 });
	connect(connections, names.reconciler, names.pending, { output: 1 });
	connect(connections, names.reconciler, names.consistent, { output: 2 });
	connect(connections, names.reconciler, names.unmatched, { output: 3 });

	return {
		workflow: {
			id: AUDIT.id,
			name: AUDIT.name,
			active: false,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
			pinData: {},
		},
		data,
	};
}

// Storefront → NetSuite subsidiary, and the portal → ERP status map of the posting flow.
const SUBSIDIARIES = { 'web-us': 'US Retail', 'web-ca': 'Canada Retail', 'web-uk': 'UK Retail' };
const STATUSES = { approved: 'pendingReceipt', received: 'pendingRefund', refunded: 'refunded' };
const ID_RULES = { stripPrefixes: ['#'], erpPrefix: 'SO-', padLength: 7 };

function payload(number, overrides = {}) {
	const amount = 40 + (number % 7) * 10;
	return {
		returnId: `RA-${number}`,
		orderId: `#${number}`,
		// The ERP ref the middleware derived: an order ID in the portal's form alone is blocked.
		orderRef: `SO-${String(number).padStart(7, '0')}`,
		status: 'refunded',
		refundAmount: amount,
		currency: 'USD',
		channel: 'web-us',
		refundMethod: 'original_payment',
		lines: [{ sku: 'TEE-BLK-M', quantity: 1, category: 'apparel', amount }],
		...overrides,
	};
}

/**
 * The payloads of "Guarded ERP posting". The stand-in NetSuite answers each one from its own
 * state (stand-in-erp-posting.js sets it up per case: the orders it has, a credit memo that
 * exists already, an order with less left to credit, and faults injected for the failures no
 * payload can cause); the return IDs' suffixes are labels for people reading the run, nothing
 * answers by them. The Guard looks every order up in NetSuite, so a payload for an order
 * NetSuite lacks, has closed or keeps in another subsidiary is blocked before the call.
 * `expect`: `posted`, `blocked:<problem code>`, or `<tagger route>:<symptom>/<cause>`.
 */
const POSTING_CASES = [
	{ payload: payload(20001), expect: 'posted' },
	// The ERP ref spelled the portal's way: fixable, so the Guard passes a normalized copy.
	{ payload: payload(20002, { orderRef: 'so-20002' }), expect: 'posted' },
	{
		payload: payload(20003, { returnId: 'RA-20003-DUP' }),
		expect: 'fix:duplicate_posting/already_posted',
	},
	// NetSuite does not have the order: found by the live lookup, not by the credit memo call.
	{ payload: payload(20004, { returnId: 'RA-20004-BADREF' }), expect: 'blocked:order_ref_unknown' },
	{
		payload: payload(20005, { returnId: 'RA-20005-STATUS' }),
		expect: 'fix:missing_handoff/unmapped_status',
	},
	// NetSuite keeps the order in Canada Retail; the storefront maps to US Retail.
	{
		payload: payload(20006, { returnId: 'RA-20006-SUBSIDIARY' }),
		expect: 'blocked:wrong_subsidiary',
	},
	{
		payload: payload(20007, { returnId: 'RA-20007-AMOUNT' }),
		expect: 'fix:partial_receipt_conflict/amount_mismatch',
	},
	{
		payload: payload(20008, { returnId: 'RA-20008-AUTH' }),
		expect: 'fix:missing_handoff/auth_failed',
	},
	{
		payload: payload(20009, { returnId: 'RA-20009-RATELIMIT' }),
		expect: 'retry:timing_latency/rate_limited',
	},
	{
		payload: payload(20010, { returnId: 'RA-20010-UNAVAILABLE' }),
		expect: 'retry:missing_handoff/erp_unavailable',
	},
	{
		payload: payload(20011, { returnId: 'RA-20011-RESET' }),
		expect: 'retry:missing_handoff/transport_failed',
	},
	{ payload: payload(20012, { returnId: 'RA-20012-UNKNOWN' }), expect: 'unclassified' },
	// Stopped before the call; RA-20102-DUP's memo would also be a duplicate, so a leak would show.
	{ payload: payload(20101, { returnId: undefined }), expect: 'blocked:return_id_missing' },
	{
		payload: payload(20102, { returnId: 'RA-20102-DUP', status: 'exchanged' }),
		expect: 'blocked:unmapped_status',
	},
	{ payload: payload(20103, { channel: 'web-mx' }), expect: 'blocked:wrong_subsidiary' },
	{
		payload: payload(20104, {
			refundAmount: 60,
			lines: [{ sku: 'BOOT-BRN-44', quantity: 1, category: 'footwear', amount: 60 }],
			receipt: { condition: 'opened', restockingFee: 9, receivedAt: '2026-11-26T15:00:00Z' },
		}),
		expect: 'blocked:restocking_fee',
	},
	{ payload: payload(20105), expect: 'blocked:order_closed' },
	{ payload: payload(20106), expect: 'blocked:order_ref_unknown' },
	{ payload: payload(20107, { orderRef: 'SO-0020999' }), expect: 'blocked:order_ref_format' },
	{ payload: payload(20108, { refundAmount: 'twelve' }), expect: 'blocked:amount_invalid' },
];

function withoutUndefined(record) {
	return JSON.parse(JSON.stringify(record));
}

/**
 * The posting workflow's NetSuite credential for the stand-in ERP at `erpUrl`, as `n8n
 * import:credentials` takes it (n8n encrypts the data on import). The secrets are the
 * stand-in's own test-only ones.
 * @param {{erpUrl: string, tba: Record<string, string>}} erp
 */
function postingCredential(erp) {
	const { accountId, consumerKey, consumerSecret, tokenId, tokenSecret } = erp.tba;
	return {
		...POSTING_CREDENTIAL,
		data: { accountId, consumerKey, consumerSecret, tokenId, tokenSecret, baseUrl: erp.erpUrl },
	};
}

/**
 * "Guarded ERP posting", posting to `creditMemoUrl` (the stand-in ERP's credit memo endpoint)
 * and looking orders up at the credential's base URL.
 * @param {{creditMemoUrl?: string}} [settings]
 */
function postingWorkflow(settings = {}) {
	const creditMemoUrl =
		settings.creditMemoUrl ?? `http://127.0.0.1:${DEFAULT_ERP_PORT}${CREDIT_MEMO_PATH}`;
	const names = NODES.posting;
	const id = (index) => nodeId('posting', index);
	const payloads = POSTING_CASES.map((entry) => withoutUndefined(entry.payload));
	const credentials = {
		[POSTING_CREDENTIAL.type]: { id: POSTING_CREDENTIAL.id, name: POSTING_CREDENTIAL.name },
	};

	// NetSuite's REST record shape; the Guard wrote the ERP's own values under `erp`.
	const body = [
		'={',
		'  "externalId": "{{ $json.returnId }}",',
		'  "returnId": "{{ $json.returnId }}",',
		'  "createdFrom": { "refName": "{{ $json.erp.createdFrom }}" },',
		'  "subsidiary": { "refName": "{{ $json.erp.subsidiary }}" },',
		'  "status": "{{ $json.erp.status }}",',
		'  "currency": { "refName": "{{ $json.currency }}" },',
		'  "total": {{ $json.refundAmount }}',
		'}',
	].join('\n');

	const nodes = [
		stickyNote(
			id(90),
			[
				'## Guarded ERP posting',
				"The **Guard** stops payloads the ERP would reject or misfile (no return ID, unmapped status, closed or unknown order…) before the call; fixable ones leave normalized. The **Tagger** reads the ERP call's error output and routes each failure to **Retry**, **Fix** or **Unclassified**.",
				'',
				"The Guard looks the batch's orders up in NetSuite (one SuiteQL query per 1,000 orders) with the token-based credential the credit memo call uses too. The ERP here is a local stand-in that answers like NetSuite's REST API (started by `npm run demo`).",
			].join('\n'),
			[-40, -330],
			1400,
			160,
		),
		manualTrigger(id(1), names.trigger, [0, 100]),
		// Production: the portal posts each approved refund here. A failed execution (a node that
		// throws) starts "Handoff error watch", named in the settings below.
		{
			id: id(4),
			name: names.webhook,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [240, 420],
			webhookId: '5f0c9d2e-8a41-4c3b-9d6e-7a1b2c3d4e5f',
			parameters: { httpMethod: 'POST', path: 'guarded-erp-posting', options: {} },
		},
		{
			// The Webhook node puts the posted JSON under `body`; the Guard checks the refund itself.
			id: id(6),
			name: names.webhookRefund,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [500, 420],
			parameters: { jsCode: 'return $input.all().map((item) => ({ json: item.json.body }));\n' },
		},
		dataNode(
			id(2),
			names.payloads,
			[240, 0],
			'// Approved refunds about to be posted to the ERP as credit memos. Sample data: replace\n// this node with the returns portal trigger or API.',
			payloads,
		),
		{
			id: id(10),
			name: names.guard,
			type: `${PACKAGE}.returnHandoffGuard`,
			typeVersion: 1.1,
			position: [500, 100],
			parameters: {
				mode: 'normalize',
				normalizedFields: {
					orderRef: 'erp.createdFrom',
					status: 'erp.status',
					subsidiary: 'erp.subsidiary',
				},
				checkOrdersAgainst: 'netSuite',
				authentication: POSTING_CREDENTIAL.type,
				idRules: ID_RULES,
				mapsInput: 'keyValue',
				statusMap: keyValueEntries(STATUSES),
				subsidiaryMap: keyValueEntries(SUBSIDIARIES),
			},
			credentials,
		},
		noOp(id(11), names.blocked, [780, 260]),
		{
			id: id(12),
			name: names.post,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [780, 0],
			onError: 'continueErrorOutput',
			parameters: {
				method: 'POST',
				url: creditMemoUrl,
				// Our credential signs the call (OAuth 1.0a over this exact URL).
				authentication: 'predefinedCredentialType',
				nodeCredentialType: POSTING_CREDENTIAL.type,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: body,
				options: {},
			},
			credentials,
		},
		noOp(id(13), names.posted, [1060, -100]),
		{
			id: id(14),
			name: names.tagger,
			type: `${PACKAGE}.returnHandoffTagger`,
			typeVersion: 1,
			position: [1060, 80],
			parameters: {},
		},
		noOp(id(15), names.retry, [1320, -40]),
		noOp(id(16), names.fix, [1320, 100]),
		noOp(id(17), names.unclassified, [1320, 240]),
	];

	const connections = {};
	connect(connections, names.trigger, names.payloads);
	connect(connections, names.payloads, names.guard, { input: 0 });
	connect(connections, names.webhook, names.webhookRefund);
	connect(connections, names.webhookRefund, names.guard, { input: 0 });
	connect(connections, names.guard, names.post, { output: 0 });
	connect(connections, names.guard, names.blocked, { output: 1 });
	connect(connections, names.post, names.posted, { output: 0 });
	connect(connections, names.post, names.tagger, { output: 1 });
	connect(connections, names.tagger, names.retry, { output: 0 });
	connect(connections, names.tagger, names.fix, { output: 1 });
	connect(connections, names.tagger, names.unclassified, { output: 2 });

	return {
		id: POSTING.id,
		name: POSTING.name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1', errorWorkflow: WATCH.id },
		pinData: {},
	};
}

/** The files workflows/ should hold: name → contents. */
function workflowFiles() {
	return {
		[AUDIT.file]: serialize(auditWorkflow().workflow),
		[POSTING.file]: serialize(postingWorkflow()),
		[WATCH.file]: serialize(errorWatchWorkflow()),
		[AGENT.file]: serialize(agentWorkflow()),
	};
}

if (require.main === module) {
	const spec = {
		usage: 'node scripts/demo-workflows.js --write | --check',
		options: {
			write: { type: 'flag', help: 'regenerate workflows/*.json' },
			check: { type: 'flag', help: 'exit 1 when workflows/ is out of date' },
		},
	};
	const args = parseArgsOrExit(spec);
	const files = workflowFiles();
	if (args.write) {
		fs.mkdirSync(WORKFLOWS_DIR, { recursive: true });
		for (const [name, text] of Object.entries(files)) {
			fs.writeFileSync(path.join(WORKFLOWS_DIR, name), text);
			process.stdout.write(`wrote workflows/${name} (${(text.length / 1024).toFixed(0)} KB)\n`);
		}
	} else if (args.check) {
		const stale = Object.entries(files).filter(([name, text]) => {
			const file = path.join(WORKFLOWS_DIR, name);
			return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text;
		});
		for (const [name] of stale) process.stderr.write(`workflows/${name} is out of date\n`);
		if (stale.length > 0) {
			process.stderr.write('run: node scripts/demo-workflows.js --write\n');
			process.exit(1);
		}
	} else {
		process.stderr.write(`${usageOf(spec)}\n`);
		process.exit(2);
	}
}

module.exports = {
	AUDIT,
	POSTING,
	POSTING_CREDENTIAL,
	NODES,
	POSTING_CASES,
	DEFAULT_ERP_PORT,
	CREDIT_MEMO_PATH,
	auditWorkflow,
	postingWorkflow,
	postingCredential,
	workflowFiles,
	WORKFLOWS_DIR,
};
