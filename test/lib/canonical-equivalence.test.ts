/**
 * Canonical records keep their own reader (lib/records.ts), the one every earlier version used,
 * instead of going through the `canonical` format table: this checks that the two read the same
 * records alike, so the formats' property test, anchored on the canonical run, says what the
 * table says (docs/rules.md "Record formats: the systems' own records").
 */
import fc from 'fast-check';

import { compileFormat } from '../../lib/formats';
import { resolveOptions, type ResolvedOptions } from '../../lib/options';
import { READERS, type AnyRecord } from '../../lib/records';
import type { RecordKind } from '../../lib/types';
import {
	DEFECTS,
	KINDS,
	OPTIONS,
	buildReturn,
	messyErp,
	messyPortal,
	messyProcessor,
	messySupport,
	returnSeeds,
	runs,
} from '../properties/generators';

/** The same options, with every kind read through the `canonical` format table instead. */
function throughTable(options: ResolvedOptions): ResolvedOptions {
	const tables = { ...options.formatReaders };
	for (const kind of KINDS) {
		tables[kind] = compileFormat(kind, 'canonical', {
			amountUnits: options.amountUnits[kind],
			fieldPaths: {},
		});
	}
	return { ...options, formatReaders: tables };
}

/** A record as the rules see it; problems by field and reason (the table adds the format). */
function seen(record: AnyRecord): Record<string, unknown> {
	return {
		...record,
		problems: record.problems.map(
			(p) => `${p.field}: ${p.reason.replace(/^unparseable \w+: /, '')}`,
		),
	};
}

const records = fc
	.tuple(returnSeeds(1, 3), fc.constantFrom(...DEFECTS), fc.nat({ max: 1_000 }))
	.map(([seeds, defect, variant]) => {
		const lists: Record<RecordKind, unknown[]> = {
			portal: [],
			processor: [],
			erp: [],
			support: [],
		};
		seeds.forEach((seed, i) => {
			const built = buildReturn(i === 0 && defect.seed ? defect.seed(seed) : seed);
			const orphan = i === 0 ? defect.apply(built, variant)?.orphanErp : undefined;
			lists.portal.push(built.portal);
			lists.processor.push(...built.processor);
			lists.erp.push(...built.erp, ...(orphan === undefined ? [] : [orphan]));
			lists.support.push(...built.support);
		});
		return lists;
	});

describe('the canonical reader and the canonical format table', () => {
	const options = resolveOptions(OPTIONS);
	const table = throughTable(options);

	it('read generated records alike', () => {
		fc.assert(
			fc.property(records, (lists) => {
				for (const kind of KINDS) {
					lists[kind].forEach((raw, i) => {
						expect(seen(READERS[kind](raw, i, table))).toEqual(
							seen(READERS[kind](raw, i, options)),
						);
					});
				}
			}),
			runs(Math.min(1_000, Number(process.env.PROPERTY_RUNS ?? 1_000))),
		);
	});

	it('read messy records (colliding keys, the odd hostile value) to the same keys and amounts where both can', () => {
		const messy = fc.record({
			portal: messyPortal,
			processor: messyProcessor,
			erp: messyErp,
			support: messySupport,
		});
		fc.assert(
			fc.property(messy, (one) => {
				for (const kind of KINDS) {
					const a = READERS[kind](one[kind], 0, options) as unknown as Record<string, unknown>;
					const b = READERS[kind](one[kind], 0, table) as unknown as Record<string, unknown>;
					// The canonical reader is the more lenient of the two on odd values (a receipt that
					// is not an object reads as absent there, as a problem in the table): where both
					// read the record, they read the same keys and amounts.
					const problems = (r: Record<string, unknown>) => (r.problems as unknown[]).length;
					if (problems(a) > 0 || problems(b) > 0) continue;
					for (const field of [
						'returnId',
						'orderId',
						'orderRef',
						'currency',
						'amount',
						'postedAmount',
						'refundAmount',
					]) {
						expect(b[field]).toEqual(a[field]);
					}
				}
			}),
			runs(Math.min(500, Number(process.env.PROPERTY_RUNS ?? 500))),
		);
	});
});
