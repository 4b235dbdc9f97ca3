'use strict';
// Return payloads with known verdicts for the queue test. Each payload is built to be right or
// to be wrong in one named way (or two), and its expected verdict and problem codes are what
// that construction means under the webhook workflow's Guard settings (test/workflows/
// queue-guard-webhook.json: validate mode; ID rules strip "#", prefix "SO-", pad to 7 digits;
// status map approved/received/refunded; subsidiary map web-us/web-ca/web-uk). They are not
// computed by calling the library under test.

const CHANNELS = [
	{ channel: 'web-us', subsidiary: 'US Retail', currency: 'USD' },
	{ channel: 'web-ca', subsidiary: 'Canada Retail', currency: 'CAD' },
	{ channel: 'web-uk', subsidiary: 'UK Retail', currency: 'GBP' },
];
const STATUSES = ['approved', 'received', 'refunded'];
const SKUS = [
	{ sku: 'TEE-BLK-M', category: 'apparel' },
	{ sku: 'HOODIE-GRY-L', category: 'apparel' },
	{ sku: 'BOOT-BRN-44', category: 'footwear' },
	{ sku: 'SNKR-WHT-42', category: 'footwear' },
	{ sku: 'MUG-CER-12OZ', category: 'home' },
];

// Seeded PRNG (mulberry32): the same seed gives the same payloads, run after run.
function random(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const erpRef = (orderNumber) => `SO-${String(orderNumber).padStart(7, '0')}`;
const major = (cents) => cents / 100;

/**
 * The kinds of payload, with their share of the mix and what each does to a valid payload.
 * `codes` are the problem codes the Guard must answer (order irrelevant).
 */
const KINDS = [
	{ kind: 'valid', weight: 34, codes: [] },
	{ kind: 'valid_with_receipt', weight: 8, codes: [], receipt: true },
	{ kind: 'valid_with_erp_fields', weight: 6, codes: [], erpFields: true },
	{
		kind: 'no_return_id',
		weight: 6,
		codes: ['return_id_missing'],
		spoil: (p) => delete p.returnId,
	},
	{
		kind: 'no_order_id',
		weight: 5,
		codes: ['order_ref_missing'],
		spoil: (p) => {
			delete p.orderId;
			delete p.orderRef;
		},
	},
	{
		kind: 'order_ref_unpadded',
		weight: 5,
		codes: ['order_ref_format'],
		spoil: (p, n) => {
			p.orderRef = `SO-${orderNumber(n)}`;
		},
	},
	{
		kind: 'order_ref_other_order',
		weight: 4,
		codes: ['order_ref_format'],
		spoil: (p, n) => {
			p.orderRef = erpRef(orderNumber(n) + 500000);
		},
	},
	{
		kind: 'unmapped_status',
		weight: 6,
		codes: ['unmapped_status'],
		spoil: (p) => {
			p.status = 'inspection_pending';
		},
	},
	{
		kind: 'unmapped_channel',
		weight: 5,
		codes: ['wrong_subsidiary'],
		spoil: (p) => {
			p.channel = 'web-mx';
			p.currency = 'MXN';
		},
	},
	{
		kind: 'other_subsidiary',
		weight: 4,
		codes: ['wrong_subsidiary'],
		spoil: (p) => {
			p.subsidiary = p.channel === 'web-uk' ? 'US Retail' : 'UK Retail';
		},
	},
	{
		kind: 'restocking_fee_not_deducted',
		weight: 6,
		codes: ['restocking_fee'],
		receipt: true,
		spoil: (p, n, sumCents) => {
			p.refundAmount = major(sumCents);
		},
	},
	{
		kind: 'amount_unreadable',
		weight: 4,
		codes: ['amount_invalid'],
		spoil: (p) => {
			p.refundAmount = 'twelve';
		},
	},
	{
		kind: 'currency_unreadable',
		weight: 3,
		codes: ['currency_invalid'],
		spoil: (p) => {
			p.currency = 'US Dollars';
		},
	},
	{
		kind: 'no_return_id_and_unmapped_status',
		weight: 4,
		codes: ['return_id_missing', 'unmapped_status'],
		spoil: (p) => {
			delete p.returnId;
			p.status = 'in_transit';
		},
	},
];
const TOTAL_WEIGHT = KINDS.reduce((sum, k) => sum + k.weight, 0);

function orderNumber(n) {
	return 100000 + n;
}

function pickKind(r) {
	let x = r() * TOTAL_WEIGHT;
	for (const kind of KINDS) {
		x -= kind.weight;
		if (x < 0) return kind;
	}
	return KINDS[0];
}

/**
 * `count` payloads for one load phase, each with a unique `payloadId` (`<phase>-<n>`) that the
 * workflow records as execution custom data and echoes in its answer.
 * @returns {Array<{id: string, kind: string, body: object, verdict: 'pass'|'blocked', codes: string[]}>}
 */
function makePayloads(phase, count, { seed = 13, offset = 0 } = {}) {
	const r = random(seed * 7919 + offset);
	const out = [];
	for (let i = 0; i < count; i++) {
		const n = offset + i;
		const kind = pickKind(r);
		const where = CHANNELS[Math.floor(r() * CHANNELS.length)];
		const lineCount = 1 + Math.floor(r() * 3);
		const lines = [];
		let sumCents = 0;
		for (let l = 0; l < lineCount; l++) {
			const item = SKUS[Math.floor(r() * SKUS.length)];
			const quantity = 1 + Math.floor(r() * 2);
			const cents = quantity * (1000 + Math.floor(r() * 9000));
			sumCents += cents;
			lines.push({ ...item, quantity, amount: major(cents) });
		}
		const id = `${phase}-${String(n).padStart(5, '0')}`;
		const payload = {
			payloadId: id,
			returnId: `RA-${orderNumber(n)}`,
			orderId: `#${orderNumber(n)}`,
			// The ERP's spelling of the order, as middleware sends it: a payload carrying only the
			// portal's `#1001` is order_ref_format (docs/rules.md "The Guard's checks").
			orderRef: erpRef(orderNumber(n)),
			status: STATUSES[Math.floor(r() * STATUSES.length)],
			refundAmount: major(sumCents),
			currency: where.currency,
			channel: where.channel,
			refundMethod: r() < 0.8 ? 'original_payment' : 'store_credit',
			lines,
		};
		if (kind.receipt) {
			const feeCents = 500 + Math.floor(r() * 1000);
			payload.receipt = {
				condition: 'opened',
				restockingFee: major(feeCents),
				receivedAt: '2026-11-30T15:04:00Z',
			};
			payload.refundAmount = major(sumCents - feeCents);
		}
		if (kind.erpFields) {
			payload.subsidiary = where.subsidiary;
		}
		if (kind.spoil) kind.spoil(payload, n, sumCents);
		out.push({
			id,
			kind: kind.kind,
			body: payload,
			verdict: kind.codes.length === 0 ? 'pass' : 'blocked',
			codes: [...kind.codes].sort(),
		});
	}
	return out;
}

module.exports = { makePayloads, KINDS };
