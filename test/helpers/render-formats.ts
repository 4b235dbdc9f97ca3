/**
 * Test-only renderer: canonical values (what `readFormatted(kind, 'canonical', raw)` gives:
 * IDs as text, amounts in minor units, times in epoch ms) → a record in each system's shape,
 * the inverse of the format tables. Property tests render generated canonical datasets into
 * every format and require the same results as the canonical run.
 *
 * A canonical field the system has no place for (Business Central's order reference, a
 * Stripe refund's receipt) is written under `x_<field>` and read back through a field path
 * override in the renderer's `options`, as a user would point a Field Path at a custom field;
 * so every format round-trips every field, except where a system's own vocabulary is
 * coarser (`kept` says what reading the rendering gives back).
 */
import type { FormatKind, FormatOptions } from '../../lib/formats';
import { FORMAT_FIELDS } from '../../lib/formats';
import { currencyExponent } from '../../lib/money';

export type Values = Record<string, unknown>;

export interface Renderer {
	/** Options to read the rendering with: currency names, local currency, path overrides. */
	readonly options: FormatOptions;
	/** Canonical statuses the system can say (undefined: every canonical status). */
	readonly statuses?: readonly string[];
	/** Canonical methods the system can say (processor formats). */
	readonly methods?: readonly string[];
	render(values: Values): Record<string, unknown>;
	/** The canonical values reading the rendering gives back. */
	kept(values: Values): Values;
}

// ---------------------------------------------------------------------------------------------
// Value writers

const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : undefined);
const seconds = (ms: unknown) => (typeof ms === 'number' ? Math.floor(ms / 1000) : undefined);
const dayText = (ms: unknown) =>
	typeof ms === 'number' ? new Date(ms).toISOString().slice(0, 10) : undefined;
const dayStart = (ms: unknown) =>
	typeof ms === 'number' ? ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000) : null;

/** Minor units as the decimal string of the currency's major unit. */
function major(minor: unknown, currency: unknown): string | undefined {
	if (typeof minor !== 'number') return undefined;
	const exponent = currencyExponent(typeof currency === 'string' ? currency : null);
	const sign = minor < 0 ? '-' : '';
	const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
	return exponent === 0
		? `${sign}${digits}`
		: `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

const majorNumber = (minor: unknown, currency: unknown) => {
	const text = major(minor, currency);
	return text === undefined ? undefined : Number(text);
};

/** A copy without the keys whose value is undefined (absent fields are left out). */
function compact(record: Record<string, unknown>): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(record)) {
		if (value === undefined) continue;
		result[key] =
			value !== null && typeof value === 'object' && !Array.isArray(value)
				? compact(value as Record<string, unknown>)
				: value;
	}
	return result;
}

const defined = (value: unknown) => (value === null ? undefined : value);

function lines(values: Values, write: (line: Values, currency: unknown) => unknown): unknown {
	const list = values.lines;
	return Array.isArray(list)
		? list.map((line) => write(line as Values, values.currency))
		: undefined;
}

function receipt(values: Values): unknown {
	const r = values.receipt as Values | null;
	if (r === null || r === undefined) return undefined;
	return {
		condition: defined(r.condition),
		restockingFee: major(r.restockingFee, values.currency),
		receivedAt: iso(r.receivedAt),
	};
}

function integrationLog(values: Values): unknown {
	const log = values.integrationLog as Values | null;
	if (log === null || log === undefined) return undefined;
	return {
		callMade: defined(log.callMade),
		status: defined(log.status),
		error: defined(log.error),
	};
}

/** The portal fields no system format has a place for, under `x_` keys. */
const PORTAL_EXTRAS = {
	receipt: 'x_receipt',
	integrationLog: 'x_integrationLog',
};

function invert(map: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
	return Object.fromEntries(Object.entries(map).map(([canonical, word]) => [word, canonical]));
}

function word(
	map: Readonly<Record<string, string>>,
	value: unknown,
	what: string,
): string | undefined {
	if (value === null || value === undefined) return undefined;
	const result = map[value as string];
	if (result === undefined) throw new Error(`${what} ${String(value)} cannot be rendered`);
	return result;
}

const same = (values: Values) => ({ ...values });

// ---------------------------------------------------------------------------------------------
// Portal

const canonicalPortal: Renderer = {
	options: {},
	render: (v) =>
		compact({
			returnId: defined(v.returnId),
			orderId: defined(v.orderId),
			status: defined(v.status),
			refundAmount: major(v.refundAmount, v.currency),
			currency: defined(v.currency),
			approvedAt: iso(v.approvedAt),
			refundInstructedAt: iso(v.refundInstructedAt),
			refundMethod: defined(v.refundMethod),
			channel: defined(v.channel),
			lines: lines(v, (line, currency) => ({
				sku: defined(line.sku),
				quantity: defined(line.quantity),
				category: defined(line.category),
				amount: major(line.amount, currency),
			})),
			receipt: receipt(v),
			integrationLog: integrationLog(v),
		}),
	kept: same,
};

const LOOP_STATES = {
	requested: 'review',
	approved: 'open',
	refunded: 'closed',
	cancelled: 'cancelled',
	rejected: 'rejected',
};

const loop: Renderer = {
	options: { fieldPaths: PORTAL_EXTRAS },
	statuses: Object.keys(LOOP_STATES),
	render: (v) => {
		const method = v.refundMethod;
		const amount = (wanted: string) =>
			v.refundAmount === null
				? undefined
				: major(method === wanted ? v.refundAmount : 0, v.currency);
		return compact({
			id: defined(v.returnId),
			order_name: defined(v.orderId),
			state: word(LOOP_STATES, v.status, 'Loop state'),
			refund: amount('original_payment'),
			gift_card: amount('store_credit'),
			exchange_total: amount('exchange'),
			currency: defined(v.currency),
			created_at: iso(v.approvedAt),
			edited_at: iso(v.refundInstructedAt ?? v.approvedAt),
			provider_order_sales_channel: defined(v.channel),
			line_items: lines(v, (line, currency) => ({
				sku: defined(line.sku),
				refund: major(line.amount, currency),
			})),
			x_receipt: receipt(v),
			x_integrationLog: integrationLog(v),
		});
	},
	// Loop says how a return was paid out only by which of its amounts is positive, and a
	// processed time only as the last edit of a closed return; lines are one unit each, with
	// no product type.
	kept: (v) => {
		const paid = typeof v.refundAmount === 'number' && v.refundAmount > 0 ? v.refundMethod : null;
		return {
			...v,
			refundAmount:
				v.refundAmount === null ? null : v.refundMethod === 'original_payment' ? v.refundAmount : 0,
			refundMethod: paid ?? null,
			refundInstructedAt:
				v.status === 'refunded' || v.status === null
					? (v.refundInstructedAt ?? v.approvedAt)
					: null,
			lines: Array.isArray(v.lines)
				? (v.lines as Values[]).map((line) => ({ ...line, quantity: null, category: null }))
				: v.lines,
		};
	},
};

const SHOPIFY_RETURN_STATUSES = {
	requested: 'REQUESTED',
	approved: 'OPEN',
	refunded: 'CLOSED',
	rejected: 'DECLINED',
	cancelled: 'CANCELED',
};

const shopifyReturn: Renderer = {
	options: {
		fieldPaths: { ...PORTAL_EXTRAS, refundMethod: 'x_refundMethod', channel: 'x_channel' },
	},
	statuses: Object.keys(SHOPIFY_RETURN_STATUSES),
	render: (v) => {
		const refunded =
			v.refundAmount !== null || v.currency !== null || v.refundInstructedAt !== null;
		return compact({
			id: 'gid://shopify/Return/945000954',
			name: defined(v.returnId),
			status: word(SHOPIFY_RETURN_STATUSES, v.status, 'Shopify return status'),
			requestApprovedAt: iso(v.approvedAt),
			order: v.orderId === null ? undefined : { name: v.orderId },
			refunds: {
				nodes: refunded
					? [
							compact({
								createdAt: iso(v.refundInstructedAt),
								totalRefundedSet: {
									shopMoney: {
										amount: major(v.refundAmount, v.currency),
										currencyCode: defined(v.currency),
									},
								},
							}),
						]
					: [],
			},
			returnLineItems:
				v.lines === null
					? undefined
					: {
							nodes: lines(v, (line, currency) =>
								compact({
									quantity: defined(line.quantity),
									fulfillmentLineItem: {
										originalTotalSet: { shopMoney: { amount: major(line.amount, currency) } },
										lineItem: {
											sku: defined(line.sku),
											product: { productType: defined(line.category) },
										},
									},
								}),
							),
						},
			x_refundMethod: defined(v.refundMethod),
			x_channel: defined(v.channel),
			x_receipt: receipt(v),
			x_integrationLog: integrationLog(v),
		});
	},
	kept: same,
};

const AFTERSHIP_STATUSES = {
	requested: 'submitted',
	approved: 'approved',
	refunded: 'done',
	rejected: 'rejected',
	cancelled: 'expired',
};

const aftership: Renderer = {
	options: { fieldPaths: { ...PORTAL_EXTRAS, channel: 'x_channel' } },
	statuses: Object.keys(AFTERSHIP_STATUSES),
	render: (v) =>
		compact({
			id: 'a4f9e2c1b7d84e5f9a3c2b1d0e9f8a7b',
			rma_number: defined(v.returnId),
			order: { order_name: defined(v.orderId) },
			approval_status: word(AFTERSHIP_STATUSES, v.status, 'AfterShip approval status'),
			refunded_total: {
				amount: major(v.refundAmount, v.currency),
				currency: defined(v.currency),
			},
			approved_at: iso(v.approvedAt),
			refunded_at: iso(v.refundInstructedAt),
			refund_destination: defined(v.refundMethod),
			return_items: lines(v, (line) => ({
				sku: defined(line.sku),
				intended_return_quantity: defined(line.quantity),
				product_categories: line.category === null ? [] : [line.category],
			})),
			x_channel: defined(v.channel),
			x_receipt: receipt(v),
			x_integrationLog: integrationLog(v),
		}),
	// AfterShip's return items carry no amount.
	kept: (v) => ({
		...v,
		lines: Array.isArray(v.lines)
			? (v.lines as Values[]).map((line) => ({ ...line, amount: null }))
			: v.lines,
	}),
};

// ---------------------------------------------------------------------------------------------
// Processor

const canonicalProcessor: Renderer = {
	options: {},
	render: (v) =>
		compact({
			refundId: defined(v.refundId),
			returnId: defined(v.returnId),
			orderId: defined(v.orderId),
			amount: major(v.amount, v.currency),
			currency: defined(v.currency),
			status: defined(v.status),
			method: defined(v.method),
			disbursedAt: iso(v.disbursedAt),
		}),
	kept: same,
};

const STRIPE_STATUSES = { succeeded: 'succeeded', pending: 'pending', failed: 'failed' };

const stripe: Renderer = {
	options: {},
	statuses: Object.keys(STRIPE_STATUSES),
	methods: ['original_payment', 'store_credit'],
	render: (v) =>
		compact({
			id: defined(v.refundId),
			object: 'refund',
			amount: defined(v.amount),
			currency: typeof v.currency === 'string' ? v.currency.toLowerCase() : undefined,
			status: word(STRIPE_STATUSES, v.status, 'Stripe status'),
			created: seconds(v.disbursedAt),
			destination_details:
				v.method === null
					? undefined
					: { type: v.method === 'store_credit' ? 'customer_cash_balance' : 'card' },
			metadata: { return_id: defined(v.returnId), order_id: defined(v.orderId) },
		}),
	// Stripe's `created` is whole seconds; any destination but cash balance is the card.
	kept: (v) => ({
		...v,
		disbursedAt: typeof v.disbursedAt === 'number' ? Math.floor(v.disbursedAt / 1000) * 1000 : null,
		method: v.method === 'store_credit' ? 'store_credit' : 'original_payment',
	}),
};

const adyen: Renderer = {
	options: {},
	statuses: ['succeeded', 'failed'],
	methods: ['original_payment'],
	render: (v) => {
		if (v.status === 'pending') throw new Error('Adyen sends no pending refund');
		const item = compact({
			pspReference: defined(v.refundId),
			merchantReference: defined(v.returnId),
			additionalData: { merchantOrderReference: defined(v.orderId) },
			amount: { value: defined(v.amount), currency: defined(v.currency) },
			eventCode: v.status === null ? undefined : 'REFUND',
			success: v.status === null ? undefined : String(v.status === 'succeeded'),
			eventDate: iso(v.disbursedAt),
		});
		// Half the records arrive as `notificationItems[]` elements, half unwrapped.
		return String(v.refundId).length % 2 === 0 ? { NotificationRequestItem: item } : item;
	},
	kept: (v) => ({ ...v, method: 'original_payment' }),
};

const PAYPAL_STATUSES = { succeeded: 'COMPLETED', pending: 'PENDING', failed: 'FAILED' };

const paypal: Renderer = {
	options: {},
	statuses: Object.keys(PAYPAL_STATUSES),
	methods: ['original_payment'],
	render: (v) =>
		compact({
			id: defined(v.refundId),
			invoice_id: defined(v.returnId),
			custom_id: defined(v.orderId),
			amount: { value: major(v.amount, v.currency), currency_code: defined(v.currency) },
			status: word(PAYPAL_STATUSES, v.status, 'PayPal status'),
			create_time: iso(v.disbursedAt),
			update_time: iso(v.disbursedAt),
		}),
	kept: (v) => ({ ...v, method: 'original_payment' }),
};

const SHOPIFY_TRANSACTION_STATUSES = {
	succeeded: 'success',
	pending: 'pending',
	failed: 'failure',
};

const shopifyTransaction: Renderer = {
	options: { fieldPaths: { returnId: 'x_returnId' } },
	statuses: Object.keys(SHOPIFY_TRANSACTION_STATUSES),
	methods: ['original_payment', 'store_credit'],
	render: (v) =>
		compact({
			id: defined(v.refundId),
			order_id: defined(v.orderId),
			kind: 'refund',
			gateway:
				v.method === null
					? undefined
					: v.method === 'store_credit'
						? 'gift_card'
						: 'shopify_payments',
			status: word(SHOPIFY_TRANSACTION_STATUSES, v.status, 'Shopify transaction status'),
			amount: major(v.amount, v.currency),
			currency: defined(v.currency),
			processed_at: iso(v.disbursedAt),
			x_returnId: defined(v.returnId),
		}),
	kept: (v) => ({
		...v,
		method: v.method === 'store_credit' ? 'store_credit' : 'original_payment',
	}),
};

// ---------------------------------------------------------------------------------------------
// ERP

const canonicalErp: Renderer = {
	options: {},
	render: (v) =>
		compact({
			creditMemoId: defined(v.creditMemoId),
			returnId: defined(v.returnId),
			orderRef: defined(v.orderRef),
			postedAmount: major(v.postedAmount, v.currency),
			restockingFee: major(v.restockingFee, v.currency),
			currency: defined(v.currency),
			postedAt: iso(v.postedAt),
			subsidiary: defined(v.subsidiary),
			orderStatus: defined(v.orderStatus),
			orderClosedAt: iso(v.orderClosedAt),
			postingStatus: defined(v.postingStatus),
		}),
	kept: same,
};

/** Oracle names the US dollar's currency record "USA": the rendering does too. */
const NETSUITE_CURRENCY_NAMES: Readonly<Record<string, string>> = {
	USD: 'USA',
	GBP: 'British pound',
};

const dayPrecision = (v: Values) => ({ ...v, postedAt: dayStart(v.postedAt) });

const netsuite: Renderer = {
	options: {
		currencyNames: invert(NETSUITE_CURRENCY_NAMES),
		fieldPaths: {
			restockingFee: 'x_restockingFee',
			orderStatus: 'x_orderStatus',
			orderClosedAt: 'x_orderClosedAt',
		},
	},
	statuses: ['posted', 'cancelled'],
	render: (v) =>
		compact({
			id: '8841',
			tranId: defined(v.creditMemoId),
			externalId: defined(v.returnId),
			otherRefNum: defined(v.orderRef),
			total: majorNumber(v.postedAmount, v.currency),
			currency:
				v.currency === null
					? undefined
					: { id: '1', refName: NETSUITE_CURRENCY_NAMES[v.currency as string] ?? v.currency },
			tranDate: dayText(v.postedAt),
			subsidiary: v.subsidiary === null ? undefined : { id: '3', refName: v.subsidiary },
			status:
				v.postingStatus === 'cancelled'
					? { id: 'V', refName: 'Voided' }
					: { id: 'A', refName: 'Open' },
			x_restockingFee: majorNumber(v.restockingFee, v.currency),
			x_orderStatus: v.orderStatus === null ? undefined : { id: 'H', refName: v.orderStatus },
			x_orderClosedAt: iso(v.orderClosedAt),
		}),
	kept: dayPrecision,
};

const BC_STATUSES = { posted: 'Open', draft: 'Draft', cancelled: 'Canceled' };
const LOCAL_CURRENCY = 'EUR';

const businessCentral: Renderer = {
	options: {
		localCurrency: LOCAL_CURRENCY,
		fieldPaths: {
			orderRef: 'x_orderRef',
			restockingFee: 'x_restockingFee',
			subsidiary: 'x_subsidiary',
			orderStatus: 'x_orderStatus',
			orderClosedAt: 'x_orderClosedAt',
		},
	},
	statuses: Object.keys(BC_STATUSES),
	render: (v) =>
		compact({
			id: '5d115c9c-44e3-ea11-bb43-000d3a2feca1',
			number: defined(v.creditMemoId),
			// Business Central writes an empty field as "" and an empty date as 0001-01-01.
			externalDocumentNumber: v.returnId ?? '',
			totalAmountIncludingTax: majorNumber(v.postedAmount, v.currency),
			currencyCode: v.currency === LOCAL_CURRENCY ? '' : (v.currency ?? undefined),
			postingDate: dayText(v.postedAt) ?? '0001-01-01',
			status: word(BC_STATUSES, v.postingStatus, 'Business Central status'),
			x_orderRef: defined(v.orderRef),
			x_restockingFee: majorNumber(v.restockingFee, v.currency),
			x_subsidiary: defined(v.subsidiary),
			x_orderStatus: defined(v.orderStatus),
			x_orderClosedAt: iso(v.orderClosedAt),
		}),
	kept: (v) => ({
		...dayPrecision(v),
		currency: v.currency ?? LOCAL_CURRENCY,
	}),
};

const sap: Renderer = {
	options: {
		fieldPaths: {
			orderRef: 'x_orderRef',
			restockingFee: 'x_restockingFee',
			orderStatus: 'x_orderStatus',
			orderClosedAt: 'x_orderClosedAt',
		},
	},
	statuses: ['posted', 'cancelled'],
	render: (v) => {
		const day = dayStart(v.postedAt);
		const document = compact({
			BillingDocument: defined(v.creditMemoId),
			BillingDocumentType: 'G2',
			PurchaseOrderByCustomer: v.returnId ?? '',
			TotalGrossAmount: major(v.postedAmount, v.currency),
			TransactionCurrency: defined(v.currency),
			BillingDocumentDate: day === null ? undefined : `/Date(${day})/`,
			CompanyCode: v.subsidiary ?? '',
			BillingDocumentIsCancelled: v.postingStatus === 'cancelled',
			x_orderRef: defined(v.orderRef),
			x_restockingFee: major(v.restockingFee, v.currency),
			x_orderStatus: defined(v.orderStatus),
			x_orderClosedAt:
				typeof v.orderClosedAt === 'number' ? `/Date(${v.orderClosedAt}+0000)/` : undefined,
		});
		// Half the documents come as a single-entity answer, `{ d: {...} }`.
		return String(v.creditMemoId).length % 2 === 0 ? { d: document } : document;
	},
	kept: dayPrecision,
};

// ---------------------------------------------------------------------------------------------
// Support

const canonicalSupport: Renderer = {
	options: {},
	render: (v) =>
		compact({
			ticketId: defined(v.ticketId),
			returnId: defined(v.returnId),
			orderId: defined(v.orderId),
			status: defined(v.status),
			refundStatusToldCustomer: defined(v.refundStatusToldCustomer),
			updatedAt: iso(v.updatedAt),
		}),
	kept: same,
};

const zendesk: Renderer = {
	options: {
		fieldPaths: {
			orderId: 'custom_fields[id=360001].value',
			refundStatusToldCustomer: 'custom_fields[id=360002].value',
		},
	},
	statuses: ['new', 'open', 'pending', 'solved', 'closed'],
	render: (v) =>
		compact({
			id: /^[1-9]\d{0,14}$/.test(String(v.ticketId)) ? Number(v.ticketId) : defined(v.ticketId),
			external_id: v.returnId,
			// On hold is Zendesk's other pending.
			status:
				v.status === 'pending' && String(v.ticketId).endsWith('7') ? 'hold' : defined(v.status),
			updated_at: iso(v.updatedAt),
			custom_fields: [
				{ id: 360000, value: null },
				{ id: 360001, value: v.orderId },
				{ id: 360002, value: v.refundStatusToldCustomer },
			],
		}),
	kept: same,
};

const gorgias: Renderer = {
	options: {
		fieldPaths: { orderId: 'meta.order_id', refundStatusToldCustomer: 'meta.refund_status' },
	},
	statuses: ['open', 'closed'],
	render: (v) =>
		compact({
			id: defined(v.ticketId),
			external_id: defined(v.returnId),
			status: defined(v.status),
			updated_datetime: iso(v.updatedAt),
			meta: { order_id: defined(v.orderId), refund_status: defined(v.refundStatusToldCustomer) },
		}),
	kept: same,
};

const FRESHDESK_STATUSES = { open: 2, pending: 3, solved: 4, closed: 5 };

const freshdesk: Renderer = {
	options: { fieldPaths: { refundStatusToldCustomer: 'custom_fields.cf_refund_status' } },
	statuses: Object.keys(FRESHDESK_STATUSES),
	render: (v) =>
		compact({
			id: defined(v.ticketId),
			status:
				v.status === null
					? undefined
					: (FRESHDESK_STATUSES[v.status as keyof typeof FRESHDESK_STATUSES] ??
						(() => {
							throw new Error(`Freshdesk status ${String(v.status)} cannot be rendered`);
						})()),
			custom_fields: {
				cf_return_id: v.returnId,
				cf_order_id: v.orderId,
				cf_refund_status: v.refundStatusToldCustomer,
			},
			updated_at: iso(v.updatedAt),
		}),
	kept: same,
};

// ---------------------------------------------------------------------------------------------
// Orders

const canonicalOrders: Renderer = {
	options: {},
	render: (v) =>
		compact({
			orderRef: defined(v.orderRef),
			status: defined(v.status),
			subsidiary: defined(v.subsidiary),
		}),
	kept: same,
};

const NETSUITE_ORDER_STATUSES: Readonly<Record<string, [string, string]>> = {
	pendingApproval: ['A', 'Pending Approval'],
	pendingFulfillment: ['B', 'Pending Fulfillment'],
	cancelled: ['C', 'Cancelled'],
	partiallyFulfilled: ['D', 'Partially Fulfilled'],
	pendingBilling: ['F', 'Pending Billing'],
	fullyBilled: ['G', 'Billed'],
	closed: ['H', 'Closed'],
};

const netsuiteOrders: Renderer = {
	options: {},
	statuses: Object.keys(NETSUITE_ORDER_STATUSES),
	render: (v) => {
		const status = v.status === null ? undefined : NETSUITE_ORDER_STATUSES[v.status as string];
		if (v.status !== null && status === undefined) throw new Error(`status ${String(v.status)}`);
		// Odd references come as SuiteQL rows (lower-case columns, letter codes), even ones as records.
		if (String(v.orderRef).length % 2 === 1) {
			return compact({
				id: '7001',
				tranid: defined(v.orderRef),
				status: status?.[0],
				subsidiary: defined(v.subsidiary),
			});
		}
		return compact({
			id: '7001',
			tranId: defined(v.orderRef),
			status: status === undefined ? undefined : { id: status[0], refName: status[1] },
			subsidiary: v.subsidiary === null ? undefined : { id: '3', refName: v.subsidiary },
		});
	},
	kept: same,
};

const BC_ORDER_STATUSES = {
	draft: 'Draft',
	inReview: 'In Review',
	open: 'Open',
	released: 'Released',
};

const businessCentralOrders: Renderer = {
	options: { fieldPaths: { subsidiary: 'x_subsidiary' } },
	statuses: Object.keys(BC_ORDER_STATUSES),
	render: (v) =>
		compact({
			id: 'f9b2b1f9-6a9d-ea11-bb2f-000d3a2feca1',
			number: defined(v.orderRef),
			status: word(BC_ORDER_STATUSES, v.status, 'Business Central order status'),
			x_subsidiary: defined(v.subsidiary),
		}),
	kept: same,
};

export const RENDERERS: { readonly [K in FormatKind]: Readonly<Record<string, Renderer>> } = {
	portal: { canonical: canonicalPortal, loop, shopify: shopifyReturn, aftership },
	processor: {
		canonical: canonicalProcessor,
		stripe,
		adyen,
		paypal,
		shopify: shopifyTransaction,
	},
	erp: { canonical: canonicalErp, netsuite, businessCentral, sap },
	support: { canonical: canonicalSupport, zendesk, gorgias, freshdesk },
	orders: {
		canonical: canonicalOrders,
		netsuite: netsuiteOrders,
		businessCentral: businessCentralOrders,
	},
};

/** Canonical values → the format's record; throws for a value the system cannot say. */
export function render(kind: FormatKind, format: string, values: Values): Record<string, unknown> {
	const renderer = RENDERERS[kind][format];
	if (renderer === undefined) throw new Error(`no renderer for ${kind} ${format}`);
	for (const field of FORMAT_FIELDS[kind]) {
		if (!(field in values)) throw new Error(`render: ${kind} values lack ${field}`);
	}
	return renderer.render(values);
}
