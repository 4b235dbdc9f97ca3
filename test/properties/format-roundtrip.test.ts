/**
 * Every format reads back what the test-only renderer wrote: generated canonical values,
 * rendered into a system's shape, read with that format, give the same canonical values (up to
 * what the system's own vocabulary keeps). 1,000 runs per format; PROPERTY_RUNS lowers it.
 */
import fc from 'fast-check';

import { FORMAT_NAMES, readFormatted, type FormatKind } from '../../lib/formats';
import { RENDERERS, render, type Renderer, type Values } from '../helpers/render-formats';
import { RUNS, runs } from './generators';

const PER_FORMAT = Math.min(RUNS, 1_000);

const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const identifier = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9#_-]{0,15}$/);
const label = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _-]{0,18}[A-Za-z0-9]$/);
const time = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });
const currency = orNull(fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'KWD', 'CAD'));
const amount = fc.integer({ min: 0, max: 99_999_999 });

function status(renderer: Renderer, all: readonly string[]): fc.Arbitrary<string | null> {
	return orNull(fc.constantFrom(...(renderer.statuses ?? all)));
}

function values(kind: FormatKind, renderer: Renderer): fc.Arbitrary<Values> {
	switch (kind) {
		case 'portal':
			return fc.record({
				returnId: identifier,
				orderId: orNull(identifier),
				status: status(renderer, [
					'requested',
					'approved',
					'received',
					'refunded',
					'rejected',
					'cancelled',
				]),
				refundAmount: orNull(amount),
				currency,
				approvedAt: orNull(time),
				refundInstructedAt: orNull(time),
				refundMethod: orNull(fc.constantFrom('original_payment', 'store_credit', 'exchange')),
				channel: orNull(label),
				lines: orNull(
					fc.array(
						fc.record({
							sku: orNull(identifier),
							quantity: orNull(fc.integer({ min: 1, max: 5 })),
							category: orNull(label),
							amount: orNull(amount),
						}),
						{ maxLength: 3 },
					),
				),
				receipt: orNull(
					fc.record({
						condition: orNull(fc.constantFrom('new', 'opened', 'damaged')),
						restockingFee: orNull(amount),
						receivedAt: orNull(time),
					}),
				),
				integrationLog: orNull(
					fc.record({
						callMade: orNull(fc.boolean()),
						status: orNull(fc.constantFrom('ok', 'error')),
						error: orNull(label),
					}),
				),
			});
		case 'processor':
			return fc.record({
				refundId: identifier,
				returnId: orNull(identifier),
				orderId: orNull(identifier),
				amount: orNull(amount),
				currency,
				status: status(renderer, ['succeeded', 'pending', 'failed']),
				method: orNull(
					fc.constantFrom(...(renderer.methods ?? ['original_payment', 'store_credit'])),
				),
				disbursedAt: orNull(time),
			});
		case 'erp':
			return fc.record({
				creditMemoId: identifier,
				returnId: orNull(identifier),
				orderRef: orNull(identifier),
				postedAmount: orNull(amount),
				restockingFee: orNull(amount),
				currency,
				postedAt: orNull(time),
				subsidiary: orNull(label),
				orderStatus: orNull(fc.constantFrom('open', 'pendingReturn', 'closed')),
				orderClosedAt: orNull(time),
				postingStatus: fc.constantFrom(...(renderer.statuses ?? ['posted', 'draft', 'cancelled'])),
			});
		case 'support':
			return fc.record({
				ticketId: identifier,
				returnId: orNull(identifier),
				orderId: orNull(identifier),
				status: status(renderer, ['new', 'open', 'pending', 'solved', 'closed']),
				refundStatusToldCustomer: orNull(fc.constantFrom('pending', 'sent', 'none')),
				updatedAt: orNull(time),
			});
		case 'orders':
			return fc.record({
				orderRef: identifier,
				status: status(renderer, ['open', 'closed', 'fullyBilled']),
				subsidiary: orNull(label),
			});
	}
}

const cases = (Object.keys(RENDERERS) as FormatKind[]).flatMap((kind) =>
	FORMAT_NAMES[kind].map((format) => [kind, format] as const),
);

describe('rendered into a format and read back with it', () => {
	it('every format has a renderer', () => {
		for (const [kind, format] of cases) expect(RENDERERS[kind][format]).toBeDefined();
	});

	it.each(cases)('%s %s gives back the canonical values', (kind, format) => {
		const renderer = RENDERERS[kind][format];
		fc.assert(
			fc.property(values(kind, renderer), (canonical) => {
				const raw = render(kind, format, canonical);
				const { record, problems } = readFormatted(kind, format, raw, renderer.options);
				expect(problems).toEqual([]);
				expect(record).toEqual(renderer.kept(canonical));
			}),
			runs(PER_FORMAT),
		);
	});
});
