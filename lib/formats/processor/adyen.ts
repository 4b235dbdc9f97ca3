/**
 * Adyen REFUND-family notification item (REFUND, CANCEL_OR_REFUND, REFUND_FAILED,
 * REFUNDED_REVERSED), bare or wrapped as `{ NotificationRequestItem: {...} }` the way
 * `notificationItems[]` carries it. Reference:
 * https://docs.adyen.com/api-explorer/Webhooks/1/post/REFUND and Adyen/adyen-openapi
 * `json/Webhooks-v1.json`. Defaults fixed by docs/rules.md "Record formats".
 */
import type { FormatTable } from '../table';
import {
	Unreadable,
	booleanValue,
	currencyCode,
	describeValue,
	id,
	isBlank,
	isRecord,
	minorUnits,
	ownValue,
	timestamp,
} from '../values';

const WEBHOOK = 'https://docs.adyen.com/api-explorer/Webhooks/1/post/REFUND';

/** `eventCode` with `success` ("true"/"false" as text): the refund's canonical status. */
function status(eventCode: unknown, _context: unknown, also: readonly unknown[]): unknown {
	if (isBlank(eventCode)) return null;
	if (typeof eventCode !== 'string' || eventCode.length > 50) {
		return new Unreadable(`${describeValue(eventCode)} is not an event code`);
	}
	const code = eventCode.trim().toUpperCase();
	if (code === 'REFUND_FAILED' || code === 'REFUNDED_REVERSED') return 'failed';
	if (code !== 'REFUND' && code !== 'CANCEL_OR_REFUND') {
		return new Unreadable(`event code "${code}" is not a refund event`);
	}
	const success = booleanValue(also[0]);
	if (success instanceof Unreadable) return new Unreadable(`success: ${success.reason}`);
	if (success === null) return new Unreadable(`a ${code} notification with no success flag`);
	return success ? 'succeeded' : 'failed';
}

export const adyen: FormatTable<'processor'> = {
	kind: 'processor',
	format: 'adyen',
	source: WEBHOOK,
	unwrap: (raw) => {
		const inner = ownValue(raw, 'NotificationRequestItem');
		if (inner === undefined) return raw;
		return isRecord(inner)
			? inner
			: new Unreadable(`NotificationRequestItem is ${describeValue(inner)}, not an object`);
	},
	fields: {
		refundId: { path: 'pspReference', read: id, source: `${WEBHOOK} (pspReference: the refund)` },
		returnId: { path: 'merchantReference', read: id, source: `${WEBHOOK} (merchantReference)` },
		orderId: {
			path: 'additionalData.merchantOrderReference',
			read: id,
			source: `${WEBHOOK} (additionalData.merchantOrderReference)`,
		},
		amount: {
			path: 'amount.value',
			read: minorUnits,
			source: `${WEBHOOK} (amount.value, minor units)`,
		},
		currency: {
			path: 'amount.currency',
			read: currencyCode,
			source: `${WEBHOOK} (amount.currency)`,
		},
		status: {
			path: 'eventCode',
			also: ['success'],
			read: status,
			source: `${WEBHOOK} (eventCode, success)`,
		},
		method: {
			path: null,
			read: (value) => (isBlank(value) ? null : 'original_payment'),
			absent: 'original_payment',
			source: `${WEBHOOK} (a refund goes back to the payment it refunds)`,
		},
		disbursedAt: { path: 'eventDate', read: timestamp, source: `${WEBHOOK} (eventDate, ISO 8601)` },
	},
};
