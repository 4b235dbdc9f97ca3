/**
 * Value readers: each takes one raw value as a system sends it and gives the canonical value
 * (IDs as text, amounts as integer minor units, times as epoch ms, statuses in the canonical
 * vocabulary), `null` when the value is absent, or an `Unreadable` saying why it cannot be read.
 *
 * The sentinel form (value | null | Unreadable) rather than a `{ ok, value }` object keeps the
 * per-record read free of an allocation per field: only a value that fails allocates. Nothing
 * here throws, whatever the value.
 */
import { amountMinor, normalizeCurrency, parseAmount, type AmountUnits } from '../money';
import { parseTime, timeMs } from '../time';

/** Why a value cannot be read; becomes a problem naming the field and the format. */
export class Unreadable {
	constructor(readonly reason: string) {}
}

export function isUnreadable(value: unknown): value is Unreadable {
	return value instanceof Unreadable;
}

/** What a reader gives: the canonical value, null (absent) or the reason it cannot be read. */
export type Read<T> = T | null | Unreadable;

/** What a value reader may consult besides the value: the record's currency and the options. */
export interface ReadContext {
	/** The record's currency, read before its amounts (they need its ISO 4217 exponent). */
	currency: string | null;
	/** NetSuite currency record names → ISO codes; keys lower case. */
	currencyNames: ReadonlyMap<string, string>;
	/** Business Central's blank `currencyCode` means this currency. */
	localCurrency: string | null;
	/** The unit of amounts in canonical records (`amountUnits`). */
	amountUnits: AmountUnits;
}

export const MAX_ID_LENGTH = 200;
export const MAX_TEXT_LENGTH = 1_000;

/** Absent: undefined, null, or a string of nothing but whitespace (BC and SAP send `""`). */
export function isBlank(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value !== 'string') return false;
	if (value.length === 0) return true;
	// Nearly every value starts with a visible character: no trim for those.
	const first = value.charCodeAt(0);
	if (first > 32 && first !== 160) return false;
	return value.trim().length === 0;
}

/** What a value is, for a reason: never the value itself, which may be huge or hostile. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') {
		return value.length > 40 ? `a text of ${value.length} characters` : `"${value}"`;
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return `a ${typeof value}`;
}

function trimmed(text: string): string {
	const first = text.charCodeAt(0);
	const last = text.charCodeAt(text.length - 1);
	return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

// ---------------------------------------------------------------------------------------------
// IDs and text

/** An identifier as text: trimmed strings of at most 200 characters and finite numbers. */
export function id(value: unknown): Read<string> {
	if (typeof value === 'string') {
		if (value.length > MAX_ID_LENGTH * 4) return tooLong(value, MAX_ID_LENGTH);
		const text = trimmed(value);
		if (text.length === 0) return null;
		return text.length <= MAX_ID_LENGTH ? text : tooLong(text, MAX_ID_LENGTH);
	}
	if (typeof value === 'number') {
		return Number.isFinite(value) ? String(value) : new Unreadable(`${value} is not an ID`);
	}
	if (value === undefined || value === null) return null;
	return new Unreadable(`${describeValue(value)} is not an ID`);
}

/** Free text (a channel, a subsidiary, an order status): trimmed, at most 1,000 characters. */
export function text(value: unknown): Read<string> {
	if (typeof value === 'string') {
		if (value.length > MAX_TEXT_LENGTH * 4) return tooLong(value, MAX_TEXT_LENGTH);
		const result = trimmed(value);
		if (result.length === 0) return null;
		return result.length <= MAX_TEXT_LENGTH ? result : tooLong(result, MAX_TEXT_LENGTH);
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value === undefined || value === null) return null;
	return new Unreadable(`${describeValue(value)} is not text`);
}

function tooLong(value: string, limit: number): Unreadable {
	return new Unreadable(`a text of ${value.length} characters (at most ${limit})`);
}

const SHOPIFY_GID = /^gid:\/\/shopify\/[A-Za-z]+\/(\d{1,20})(?:\?.*)?$/;

/**
 * A Shopify ID in any of its forms: the GID `gid://shopify/Order/450789469`, the numeric
 * `id` or `legacyResourceId` → `450789469`. Other text is read as an ID as it is.
 */
export function shopifyId(value: unknown): Read<string> {
	if (typeof value === 'string' && value.startsWith('gid://')) {
		const match = value.length <= 300 ? SHOPIFY_GID.exec(value) : null;
		return match === null
			? new Unreadable(`${describeValue(value)} is not a Shopify GID`)
			: match[1];
	}
	return id(value);
}

/** A NetSuite record reference `{ id, refName }` (or a bare ID): the reference's name. */
export function referenceName(value: unknown): Read<string> {
	if (isRecord(value)) {
		const name = text(ownValue(value, 'refName'));
		if (name !== null) return name;
		const key = id(ownValue(value, 'id'));
		return key === null ? new Unreadable('a reference with neither refName nor id') : key;
	}
	return text(value);
}

/** A NetSuite record reference `{ id, refName }` (or a bare ID): the referenced record's ID. */
export function referenceId(value: unknown): Read<string> {
	if (isRecord(value)) {
		const key = id(ownValue(value, 'id'));
		return key === null ? new Unreadable('a reference with no id') : key;
	}
	return id(value);
}

// ---------------------------------------------------------------------------------------------
// Amounts and currencies

function amountIn(value: unknown, units: AmountUnits, context: ReadContext): Read<number> {
	if (isBlank(value)) return null;
	if (typeof value !== 'number' && typeof value !== 'string') {
		return new Unreadable(`${describeValue(value)} is not an amount`);
	}
	const minor = amountMinor(value, context.currency, units);
	if (minor === minor) return minor;
	const parsed = parseAmount(value, context.currency, units);
	return new Unreadable(parsed.ok ? 'not an amount' : parsed.reason);
}

/** Integer minor units (Stripe's `amount`, Adyen's `amount.value`): 2999 is 29.99 USD. */
export function minorUnits(value: unknown, context: ReadContext): Read<number> {
	return amountIn(value, 'minor', context);
}

/** Major units as a decimal string ("29.99") or a number (NetSuite's `total`) → minor units. */
export function majorUnits(value: unknown, context: ReadContext): Read<number> {
	return amountIn(value, 'major', context);
}

/** An amount in the units the `amountUnits` option names (the canonical records). */
export function amountInConfiguredUnits(value: unknown, context: ReadContext): Read<number> {
	return amountIn(value, context.amountUnits, context);
}

/** An ISO 4217 code in any case: `usd` → `USD`. */
export function currencyCode(value: unknown): Read<string> {
	if (isBlank(value)) return null;
	const code = normalizeCurrency(value);
	return code === null
		? new Unreadable(`${describeValue(value)} is not an ISO 4217 currency code`)
		: code;
}

/**
 * ISO 4217 codes (current, funds and precious metals). A NetSuite currency's name passes as a
 * code only when it is one of these: Oracle's default name of the US dollar is "USA", three
 * letters that are not a currency, and taking it as one would make every amount a mismatch.
 */
const ISO_4217: ReadonlySet<string> = new Set(
	(
		'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD ' +
		'BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP ' +
		'DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR ' +
		'IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD ' +
		'MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB ' +
		'PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD ' +
		'SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS ' +
		'VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA ' +
		'YER ZAR ZMW ZWG ZWL'
	).split(' '),
);

/**
 * A NetSuite currency reference `{ id, refName }`: refName is the currency record's name
 * ("USA", "British pound"), looked up in `currencyNames` (case-insensitive); a name that is an
 * ISO 4217 code in any case is taken as that code.
 */
export function currencyReference(value: unknown, context: ReadContext): Read<string> {
	if (isBlank(value)) return null;
	const name = isRecord(value) ? ownValue(value, 'refName') : value;
	if (typeof name !== 'string') {
		return new Unreadable(`${describeValue(value)} is not a currency reference with a refName`);
	}
	if (name.length > MAX_TEXT_LENGTH) return tooLong(name, MAX_TEXT_LENGTH);
	const key = name.trim().toLowerCase();
	const mapped = context.currencyNames.get(key);
	if (mapped !== undefined) return mapped;
	const code = normalizeCurrency(name);
	if (code !== null && ISO_4217.has(code)) return code;
	return new Unreadable(
		`currency "${name.trim()}" is not an ISO 4217 code: add it to the currencyNames option`,
	);
}

/** Business Central's `currencyCode`: blank means the company's local currency. */
export function currencyOrLocal(value: unknown, context: ReadContext): Read<string> {
	return isBlank(value) ? context.localCurrency : currencyCode(value);
}

// ---------------------------------------------------------------------------------------------
// Times

/**
 * A time: ISO 8601 (one without an offset is UTC), a date only (`2026-03-09`: the start of that
 * day, UTC, so a day-precision ERP never proves a late posting it cannot), or an epoch number
 * (below 10^11 seconds, as Stripe sends `created`; else milliseconds).
 */
export function timestamp(value: unknown): Read<number> {
	if (isBlank(value)) return null;
	if (typeof value !== 'number' && typeof value !== 'string') {
		return new Unreadable(`${describeValue(value)} is not a time`);
	}
	const ms = timeMs(value);
	if (ms === ms) return ms;
	const parsed = parseTime(value);
	return new Unreadable(parsed.ok ? 'not a time' : parsed.reason);
}

/** Epoch seconds or milliseconds as a number (or digits in a string). */
export function epochTime(value: unknown): Read<number> {
	if (isBlank(value)) return null;
	if (
		typeof value === 'number' ||
		(typeof value === 'string' && /^\s*-?\d{1,16}\s*$/.test(value))
	) {
		return timestamp(typeof value === 'string' ? Number(value) : value);
	}
	return new Unreadable(`${describeValue(value)} is not an epoch time`);
}

const SAP_DATE = /^\/Date\((-?\d{1,16})(?:[+-]\d{4})?\)\/$/;

/**
 * SAP OData V2 dates: `/Date(1492041600000)/`, or `/Date(1492041600000+0000)/` for an
 * Edm.DateTimeOffset, whose number is already UTC (the offset only says where it was written).
 * ISO strings are read too, for services that send OData V4 dates.
 */
export function sapDate(value: unknown): Read<number> {
	if (typeof value === 'string' && value.startsWith('/Date(')) {
		const match = value.length <= 40 ? SAP_DATE.exec(value) : null;
		if (match === null) return new Unreadable(`${describeValue(value)} is not an OData /Date(ms)/`);
		const ms = Number(match[1]);
		return Math.abs(ms) <= 8.64e15 ? ms : new Unreadable(`${describeValue(value)} is out of range`);
	}
	return timestamp(value);
}

/** A date as Business Central sends it: `0001-01-01` (its empty date) is absent. */
export function businessCentralDate(value: unknown): Read<number> {
	if (typeof value === 'string' && value.startsWith('0001-01-01')) return null;
	return timestamp(value);
}

/** A count (a line's quantity): a finite number of 0 or more. */
export function quantity(value: unknown): Read<number> {
	if (isBlank(value)) return null;
	if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
	return new Unreadable(`${describeValue(value)} is not a quantity`);
}

// ---------------------------------------------------------------------------------------------
// Booleans and vocabularies

/** true/false, and their text forms: "true"/"false" (Adyen), 'T'/'F' (NetSuite SuiteQL). */
export function booleanValue(value: unknown): Read<boolean> {
	if (typeof value === 'boolean') return value;
	if (isBlank(value)) return null;
	if (typeof value === 'string' && value.length <= 10) {
		const word = value.trim().toLowerCase();
		if (word === 'true' || word === 't') return true;
		if (word === 'false' || word === 'f') return false;
	}
	return new Unreadable(`${describeValue(value)} is not a boolean`);
}

export type Vocabulary = (value: unknown) => Read<string>;

/**
 * A reader of a system's status words: `map` gives the canonical status of each (keys compared
 * trimmed and lower case; numbers as text, for Freshdesk's 2-5). A word not in the map cannot
 * be read: guessing a status would classify the return wrongly.
 */
export function vocabulary(map: Readonly<Record<string, string>>): Vocabulary {
	const lookup = new Map<string, string>();
	for (const key of Object.keys(map)) lookup.set(key.trim().toLowerCase(), map[key]);
	const expected = [...lookup.keys()].join(', ');
	// The words as the system spells them, looked up first: no lower-cased copy per record.
	const exact = new Map<string, string>(lookup);
	for (const key of Object.keys(map)) exact.set(key, map[key]);
	return (value) => {
		if (typeof value === 'string') {
			const status = exact.get(value);
			if (status !== undefined) return status;
		}
		if (isBlank(value)) return null;
		let word: string;
		if (typeof value === 'string') {
			if (value.length > 100) return new Unreadable(`${describeValue(value)} is not a status`);
			word = value.trim().toLowerCase();
		} else if (typeof value === 'number' && Number.isFinite(value)) {
			word = String(value);
		} else {
			return new Unreadable(`${describeValue(value)} is not a status`);
		}
		const status = lookup.get(word);
		return status === undefined
			? new Unreadable(`unknown status ${describeValue(value)}; expected one of: ${expected}`)
			: status;
	};
}

/** Status-like text as the canonical records take it: trimmed, lower case, as is. */
export function lowerText(value: unknown): Read<string> {
	const result = text(value);
	return typeof result === 'string' ? result.toLowerCase() : result;
}

// ---------------------------------------------------------------------------------------------
// Helpers for table entries

const hasOwn = Object.prototype.hasOwnProperty;

export function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An own property of an object (never an inherited one), else undefined. */
export function ownValue(value: unknown, key: string): unknown {
	return value !== null && typeof value === 'object' && hasOwn.call(value, key)
		? (value as Record<string, unknown>)[key]
		: undefined;
}
