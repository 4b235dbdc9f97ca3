/**
 * Tags never carry credentials (issue 6, issue 9): an error item holding a secret in any shape
 * an ERP or HTTP error carries one (test/properties/secrets.ts: authorization headers of any
 * scheme, URL user info, curl command lines, query strings and form bodies, JSON and SOAP bodies,
 * JWTs, PEM keys, cookies, vendor keys, credential-named keys in any spelling, header maps and
 * lists), planted in a message, a description, a JSON body held in a string, a nested object or
 * a URL inside a sentence, gives a tag in which no part of the secret appears; so does the
 * redacted copy of the item the Tagger node writes out. Plain ERP messages, which hold no
 * credential, come through unchanged.
 */
import fc from 'fast-check';

import { tagHandoffError } from '../../lib';
import { redact, scrubString } from '../../lib/redact';
import { BASE_ERRORS, CREDENTIAL_KEYS, plant, runs, secret } from './generators';
import { plainErpMessage, secretAsData, secretInText, secretInUrl } from './secrets';

const NOW = '2026-11-27T12:00:00Z';
const CONTAINER_KEYS = ['error', 'response', 'body', 'data', 'context', 'details', 'meta', 'cause'];
const TEXT_KEYS = ['message', 'description', 'detail', 'error_description', 'log', 'note'];

/** The shapes a credential takes under a credential-named key: text, a scheme, a list, an object. */
function keyedShapes(value: string): unknown[] {
	return [
		value,
		`Bearer ${value}`,
		`Basic ${Buffer.from(`integration:${value}`).toString('base64')}`,
		[value],
		{ inner: value },
		[{ inner: value }],
	];
}

const FILLER = 'Return RA-10042 for order SO-1042 could not be created in the ERP. ';

/**
 * How a string with a credential sits in an error: alone, in a sentence, in a JSON body, or
 * after `pad` characters of ordinary text, so that it straddles the Tagger's cuts (the detail
 * at 500 characters, raw strings at 2,000).
 */
function inError(text: string, form: number, pad: number): unknown {
	const filler = FILLER.repeat(Math.ceil(pad / FILLER.length)).slice(0, pad);
	const forms = [
		`${filler} ${text}`,
		text,
		`Request failed: ${text}`,
		`${text} (HTTP 401, RA-10042)`,
		JSON.stringify({ error: { code: 'INVALID_LOGIN', message: text } }),
		`401 - ${JSON.stringify({ error: { code: 'INVALID_LOGIN', detail: text } })}`,
		`401 - ${JSON.stringify(JSON.stringify({ message: text }))}`,
		[{ detail: text }],
		{ request: { log: `> ${text}\n< HTTP/1.1 401 Unauthorized` } },
	];
	return forms[form % forms.length];
}

const base = fc.constantFrom(...BASE_ERRORS);
const path = fc.array(fc.constantFrom(...CONTAINER_KEYS), { maxLength: 5 });

interface Planted {
	item: Record<string, unknown>;
	secrets: string[];
	shape: string;
}

/** A secret-shaped string in a message, a description, a body or a nested field. */
const plantedText: fc.Arbitrary<Planted> = fc
	.record({
		base,
		path,
		key: fc.constantFrom(...TEXT_KEYS),
		shape: fc.oneof(
			secretInText,
			secretInUrl.map((shape) => ({ ...shape, text: `POST ${shape.text} failed with 401` })),
		),
		form: fc.nat(),
		pad: fc.oneof(fc.integer({ min: 440, max: 520 }), fc.integer({ min: 1900, max: 2300 })),
	})
	.map(({ base: error, path: where, key, shape, form, pad }) => ({
		item: plant(error, where, key, inError(shape.text, form, pad)),
		secrets: shape.secrets,
		shape: shape.shape,
	}));

/** A credential kept as data: a credential-named key, a header map, a header list, a body. */
const plantedData: fc.Arbitrary<Planted> = fc
	.record({ base, path, data: secretAsData, key: fc.constantFrom(...CONTAINER_KEYS) })
	.map(({ base: error, path: where, data, key }) => ({
		item: plant(error, where, key, data.value),
		secrets: data.secrets,
		shape: data.shape,
	}));

/** The key names HTTP clients use, with a secret in every simple shape under them. */
const plantedKeyed: fc.Arbitrary<Planted> = fc
	.record({ base, path, key: fc.constantFrom(...CREDENTIAL_KEYS), secret, shape: fc.nat() })
	.map(({ base: error, path: where, key, secret: value, shape }) => {
		const options = keyedShapes(value);
		return {
			item: plant(error, where, key, options[shape % options.length]),
			secrets: [value],
			shape: `key ${key}`,
		};
	});

const planted = fc.oneof(plantedText, plantedData, plantedKeyed);

/** The first secret part found in `output`, case-insensitively, or null. */
function leaked(output: unknown, secrets: string[]): string | null {
	const text = JSON.stringify(output).toLowerCase();
	return secrets.find((part) => text.includes(part.toLowerCase())) ?? null;
}

describe('redaction: the Tagger', () => {
	it('never writes any part of a credential from the error item into the tag', () => {
		fc.assert(
			fc.property(planted, ({ item, secrets, shape }) => {
				const tag = tagHandoffError(item, { now: NOW });
				const part = leaked(tag, secrets);
				if (part !== null) {
					throw new Error(`the tag carries ${part} (${shape}): ${JSON.stringify(tag.findings)}`);
				}
			}),
			runs(),
		);
	});

	it('never leaves any part of a credential in the redacted copy the node writes out', () => {
		fc.assert(
			fc.property(planted, ({ item, secrets, shape }) => {
				const copy = redact(item);
				const part = leaked(copy, secrets);
				if (part !== null) {
					throw new Error(`the copy carries ${part} (${shape}): ${JSON.stringify(copy)}`);
				}
			}),
			runs(),
		);
	});

	it('keeps plain ERP error messages as they are, in the tag and in the copy', () => {
		fc.assert(
			fc.property(plainErpMessage, (message) => {
				expect(scrubString(message)).toBe(message);
				const item = { error: { httpCode: '400', message }, returnId: 'RA-10042' };
				expect(redact(item)).toEqual(item);
				const tag = tagHandoffError(item, { now: NOW });
				expect(JSON.stringify(tag)).not.toContain('[redacted]');
			}),
			runs(),
		);
	});

	it('keeps a return authorization number, which is no credential', () => {
		const tag = tagHandoffError(
			{
				error: { message: 'Record not found', httpCode: '404', returnAuthorization: 'RA-10042' },
				returnId: 'RA-10042',
			},
			{ now: NOW },
		);
		expect(tag.returnId).toBe('RA-10042');
		expect(redact({ returnAuthorization: 'RA-10042' })).toEqual({
			returnAuthorization: 'RA-10042',
		});
	});
});
