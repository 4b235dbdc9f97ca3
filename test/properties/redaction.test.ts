/**
 * Tags never carry credentials (issue 6): an error item holding a secret under
 * `authorization`, `cookie`, `token`, `password`, `apiKey` or `secret` (in any spelling a client
 * library uses, at any depth, as text, a list or an object), or in a header line inside a
 * message, gives a tag in which the secret appears nowhere; so does the redacted copy of the
 * item the Tagger node writes out.
 */
import fc from 'fast-check';

import { tagHandoffError } from '../../lib';
import { redact } from '../../lib/redact';
import { BASE_ERRORS, CREDENTIAL_KEYS, plant, runs, secret } from './generators';

const CONTAINER_KEYS = ['error', 'response', 'body', 'data', 'context', 'details', 'meta', 'cause'];

/** The shapes a credential takes: text, a scheme and text, a list, an object around it. */
function shapes(value: string): unknown[] {
	return [
		value,
		`Bearer ${value}`,
		`Basic ${Buffer.from(`integration:${value}`).toString('base64')}`,
		[value],
		{ inner: value },
		[{ inner: value }],
	];
}

/** A header line or query string carrying the secret inside an ordinary message. */
function inText(key: string, value: string): string[] {
	return [
		`Request failed. ${key}: Bearer ${value}`,
		`GET https://erp.example.com/api?${key}=${value}&page=2 failed`,
		`{"${key}":"${value}","status":"error"}`,
		`https://integration:${value}@erp.example.com/records`,
	];
}

const planted = fc
	.record({
		base: fc.constantFrom(...BASE_ERRORS),
		path: fc.array(fc.constantFrom(...CONTAINER_KEYS), { maxLength: 6 }),
		key: fc.constantFrom(...CREDENTIAL_KEYS),
		secret,
		shape: fc.nat(),
		where: fc.constantFrom('field', 'text'),
	})
	.map(({ base, path, key, secret: value, shape, where }) => {
		const options = where === 'field' ? shapes(value) : inText(key, value);
		const planted =
			where === 'field'
				? plant(base, path, key, options[shape % options.length])
				: plant(base, path, 'message', options[shape % options.length]);
		return { item: planted, secret: value };
	});

function leaks(output: unknown, value: string): boolean {
	return JSON.stringify(output).toLowerCase().includes(value.toLowerCase());
}

describe('redaction: the Tagger', () => {
	it('never writes a credential from the error item into the tag', () => {
		fc.assert(
			fc.property(planted, ({ item, secret: value }) => {
				const tag = tagHandoffError(item, { now: '2026-11-27T12:00:00Z' });
				if (leaks(tag, value))
					throw new Error(`the tag carries the secret: ${JSON.stringify(tag.findings)}`);
			}),
			runs(),
		);
	});

	it('never leaves a credential in the redacted copy of the item the node writes out', () => {
		fc.assert(
			fc.property(planted, ({ item, secret: value }) => {
				const copy = redact(item);
				if (leaks(copy, value))
					throw new Error(`the copy carries the secret: ${JSON.stringify(copy)}`);
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
			{ now: '2026-11-27T12:00:00Z' },
		);
		expect(tag.returnId).toBe('RA-10042');
		expect(redact({ returnAuthorization: 'RA-10042' })).toEqual({
			returnAuthorization: 'RA-10042',
		});
	});
});
