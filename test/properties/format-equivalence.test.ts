/**
 * The systems' own records give the same answers as the canonical ones (docs/rules.md "Record
 * formats: the systems' own records"): a generated canonical dataset (consistent returns, one
 * known defect) has one kind rendered into a system's shape by the test-only renderer and is
 * reconciled with `formats` set; the cases, their records, states, symptoms and causes must be
 * those of the canonical run. 1,000 runs per format; PROPERTY_RUNS lowers it.
 *
 * Where a system is coarser than the canonical records (Stripe's whole seconds, the date-only
 * postings of NetSuite, Business Central and SAP, Loop's payout told only by which amount is
 * positive, Adyen and PayPal refunding only to the original payment) the generated data is first
 * brought to what the system can say and keeps (the renderer's `kept`, and `sayable` below), and
 * the canonical run is made on that same data: what survives the rendering is what is compared.
 */
import fc from 'fast-check';

import { validateHandoff } from '../../lib/guard';
import { FORMAT_NAMES, readFormatted } from '../../lib/formats';
import type { ReconcileOptions } from '../../lib/options';
import { reconcileReturns, type ReconcileResult } from '../../lib/reconcile';
import type { RecordKind } from '../../lib/types';
import { RENDERERS, render, type Renderer, type Values } from '../helpers/render-formats';
import {
	DEFECTS,
	KINDS,
	OPTIONS,
	RUNS,
	buildReturn,
	placements,
	returnSeeds,
	runs,
	type FourRecords,
	type Rec,
} from './generators';

const PER_FORMAT = Math.min(RUNS, 1_000);

/** The canonical values of a generated record (IDs as text, minor units, epoch ms). */
function canonicalValues(kind: RecordKind, raw: unknown): Values {
	const read = readFormatted(kind, 'canonical', raw, {
		amountUnits: OPTIONS.amountUnits?.[kind] ?? 'major',
	});
	if (read.problems.length > 0) {
		throw new Error(`generated ${kind} record unreadable: ${JSON.stringify(read.problems)}`);
	}
	return read.record;
}

const STORE_CREDIT = new Set(['store_credit', 'gift_card', 'giftcard', 'account_credit']);
const OPEN_TICKET = new Set(['new', 'open', 'pending', 'hold', 'on-hold', 'on_hold']);

/**
 * The values brought to words the system has, each to one the rules read alike: a refund method
 * to store credit or the original payment (what the rules make of any method), a ticket status
 * to an open or a closed one. Fields the rules read as they are keep their values.
 */
function sayable(kind: RecordKind, renderer: Renderer, values: Values): Values {
	const result = { ...values };
	if (kind === 'processor' && typeof result.method === 'string') {
		const method = result.method.replace(/[\s-]+/g, '_');
		const wanted = STORE_CREDIT.has(method) ? 'store_credit' : 'original_payment';
		const methods = renderer.methods ?? [wanted];
		result.method = methods.includes(wanted) ? wanted : 'original_payment';
	}
	const statuses = renderer.statuses;
	if (kind === 'support' && statuses !== undefined && typeof result.status === 'string') {
		if (!statuses.includes(result.status)) {
			const open = OPEN_TICKET.has(result.status);
			result.status = statuses.find((s) => OPEN_TICKET.has(s) === open) ?? null;
		}
	}
	return result;
}

/** What is compared: each case's records, state and findings; each unmatched record's. */
function outcome(result: ReconcileResult): string[] {
	const cases = result.cases.map((c) => {
		const sources = KINDS.map((kind) => `${kind}:${[...c.sources[kind]].sort().join(',')}`);
		const findings = c.tag.findings.map((f) => `${f.symptom ?? '-'}/${f.cause}`).sort();
		return `case ${c.returnId} ${c.orderId} [${sources.join(' ')}] ${c.tag.state} ${c.tag.symptom}/${c.tag.cause} {${findings.join(', ')}}`;
	});
	const unmatched = result.unmatched.map(
		(u) => `unmatched ${u.kind}:${u.index} ${u.tag.findings.map((f) => f.cause).join(',')}`,
	);
	return [...cases, ...unmatched].sort();
}

/** A generated dataset with one defect, as canonical records (the known-answers generator). */
const datasets = fc
	.tuple(returnSeeds(1, 3), fc.nat(), fc.constantFrom(...DEFECTS), fc.nat({ max: 1_000 }))
	.map(([seeds, pick, defect, variant]): FourRecords => {
		const target = pick % seeds.length;
		const records: FourRecords = { portal: [], processor: [], erp: [], support: [] };
		seeds.forEach((seed, i) => {
			const built = buildReturn(i === target && defect.seed ? defect.seed(seed) : seed);
			const orphan = i === target ? defect.apply(built, variant)?.orphanErp : undefined;
			records.portal.push(built.portal);
			records.processor.push(...built.processor);
			records.erp.push(...built.erp);
			records.support.push(...built.support);
			if (orphan !== undefined) records.erp.push(orphan);
		});
		return records;
	});

/**
 * The two runs of one dataset for one format of one kind: the canonical records of what the
 * format keeps, and the same values rendered in the format.
 */
function bothRuns(kind: RecordKind, format: string, records: FourRecords) {
	const renderer = RENDERERS[kind][format];
	const said = records[kind].map((raw) => sayable(kind, renderer, canonicalValues(kind, raw)));
	// The format's records are rendered from the values; the canonical run gets what reading
	// them gives back (the renderer's `kept`, which the round-trip property holds it to).
	const canonicalRecords = {
		...records,
		[kind]: said.map((v) => render(kind, 'canonical', renderer.kept(v))),
	};
	const formatRecords = { ...records, [kind]: said.map((v) => render(kind, format, v)) };
	const canonicalOptions: ReconcileOptions = {
		...OPTIONS,
		// The canonical renderer writes major units.
		amountUnits: { ...OPTIONS.amountUnits, [kind]: 'major' },
	};
	const own = renderer.options;
	const formatOptions: ReconcileOptions = {
		...OPTIONS,
		formats: { [kind]: format },
		...(own.fieldPaths === undefined ? {} : { fieldPaths: { [kind]: own.fieldPaths } }),
		...(own.currencyNames === undefined
			? {}
			: { currencyNames: Object.fromEntries(Object.entries(own.currencyNames)) }),
		...(own.localCurrency == null ? {} : { localCurrency: own.localCurrency }),
	};
	return {
		canonical: reconcileReturns(canonicalRecords, canonicalOptions),
		formatted: reconcileReturns(formatRecords, formatOptions),
		formatRecords: formatRecords as FourRecords,
	};
}

const RECONCILED_KINDS = ['portal', 'processor', 'erp', 'support'] as const;
const CASES = RECONCILED_KINDS.flatMap((kind) =>
	FORMAT_NAMES[kind].filter((format) => format !== 'canonical').map((format) => [kind, format]),
) as Array<[RecordKind, string]>;

describe('records in a system’s format reconcile as the canonical records they stand for', () => {
	it('covers every format of the four record kinds', () => {
		expect(CASES.map(([kind, format]) => `${kind}/${format}`)).toEqual([
			'portal/loop',
			'portal/shopify',
			'portal/aftership',
			'processor/stripe',
			'processor/adyen',
			'processor/paypal',
			'processor/shopify',
			'erp/netsuite',
			'erp/businessCentral',
			'erp/sap',
			'support/zendesk',
			'support/gorgias',
			'support/freshdesk',
		]);
	});

	it.each(CASES)('%s records as %s', (kind, format) => {
		fc.assert(
			fc.property(datasets, (records) => {
				const { canonical, formatted, formatRecords } = bothRuns(kind, format, records);
				// Every input record comes out exactly once.
				placements(formatRecords, formatted);
				expect(outcome(formatted)).toEqual(outcome(canonical));
			}),
			runs(PER_FORMAT),
		);
	});

	it('would notice a format read wrongly: Stripe amounts taken as major units', () => {
		const records = fc.sample(datasets, { numRuns: 50, seed: 7 });
		const differs = records.some((dataset) => {
			const renderer = RENDERERS.processor.stripe;
			const said = dataset.processor.map((raw) =>
				sayable('processor', renderer, canonicalValues('processor', raw)),
			);
			if (said.length === 0) return false;
			const canonicalRecords = {
				...dataset,
				processor: said.map((v) => render('processor', 'canonical', renderer.kept(v))),
			};
			const wrong = reconcileReturns(
				{ ...dataset, processor: said.map((v) => render('processor', 'stripe', v)) },
				{
					...OPTIONS,
					formats: { processor: 'canonical' },
					fieldPaths: { processor: { refundId: 'id', returnId: 'metadata.return_id' } },
					amountUnits: { processor: 'major' },
				},
			);
			const right = reconcileReturns(canonicalRecords, {
				...OPTIONS,
				amountUnits: { processor: 'major' },
			});
			return JSON.stringify(outcome(wrong)) !== JSON.stringify(outcome(right));
		});
		expect(differs).toBe(true);
	});
});

// ---------------------------------------------------------------------------------------------
// The Guard's known ERP orders

const GUARD_OPTIONS = {
	now: OPTIONS.now,
	idRules: OPTIONS.idRules,
	subsidiaryMap: OPTIONS.subsidiaryMap,
	statusMap: { refunded: 'refunded' },
	closedOrderStatuses: ['closed', 'cancelled', 'fullyBilled'],
};

/** Known orders as canonical values, and a payload on one of them (or on none). */
const guardCases = (renderer: Renderer) =>
	fc.record({
		orders: fc.uniqueArray(
			fc.record({
				order: fc.integer({ min: 1, max: 9_999_999 }),
				status: fc.option(fc.constantFrom(...(renderer.statuses ?? ['open', 'closed'])), {
					nil: null,
				}),
				subsidiary: fc.option(fc.constantFrom('US Retail', 'Canada Retail'), { nil: null }),
			}),
			{ selector: (o) => o.order, maxLength: 5 },
		),
		pick: fc.nat(),
		channel: fc.constantFrom('web-us', 'web-ca'),
	});

describe('the Guard reads known orders in an ERP’s format as the canonical ones', () => {
	it.each(FORMAT_NAMES.orders.filter((f) => f !== 'canonical'))('orders as %s', (format) => {
		const renderer = RENDERERS.orders[format];
		fc.assert(
			fc.property(guardCases(renderer), ({ orders, pick, channel }) => {
				const values: Values[] = orders.map((o) => ({
					orderRef: `SO-${String(o.order).padStart(7, '0')}`,
					status: o.status,
					subsidiary: o.subsidiary,
				}));

				const chosen = orders.length === 0 ? 4242 : orders[pick % orders.length].order;
				const payload: Rec = {
					returnId: `RA-${chosen}`,
					orderId: `#${chosen}`,
					status: 'refunded',
					channel,
					refundAmount: '10.00',
					currency: 'USD',
				};
				const canonical = validateHandoff(payload, {
					...GUARD_OPTIONS,
					knownOrders: values.map((v) => render('orders', 'canonical', renderer.kept(v))) as never,
				});
				const formatted = validateHandoff(payload, {
					...GUARD_OPTIONS,
					formats: { orders: format as never },
					...(renderer.options.fieldPaths === undefined
						? {}
						: { fieldPaths: { orders: renderer.options.fieldPaths } }),
					knownOrders: values.map((v) => render('orders', format, v)) as never,
				});
				expect(formatted.problems.map((p) => p.code)).toEqual(
					canonical.problems.map((p) => p.code),
				);
				expect(formatted.verdict).toBe(canonical.verdict);
				expect(formatted.normalized).toEqual(canonical.normalized);
			}),
			runs(PER_FORMAT),
		);
	});
});
