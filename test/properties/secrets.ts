/**
 * Generators of credentials in the shapes ERP and HTTP errors really carry them, for the
 * redaction properties: authorization headers of any scheme (NetSuite NLAuth and TBA, Digest,
 * AWS Signature V4, Bearer, Basic, vendor schemes), URL user info, curl command lines, query
 * strings and form bodies, JSON bodies in strings, SOAP elements, JWTs, PEM private keys,
 * cookies, vendor-prefixed keys and credential-named keys in every spelling. Each generated
 * shape says which strings are secret (`secrets`): long random runs of letters and digits, so
 * a test can look for them in any output, escaped or not, and a coincidence is out of question.
 * Also: plain ERP error messages, with IDs and references, that hold no credential at all.
 */
import fc from 'fast-check';

/** A text (or value) that carries credentials, and the strings of it that must never leak. */
export interface SecretShape {
	/** The shape, e.g. `Authorization: NLAuth nlauth_account=…, nlauth_signature=…`. */
	text: string;
	/** Parts of the secret, each at least 8 letters or digits. */
	secrets: string[];
	/** Which shape it is, for a readable counterexample. */
	shape: string;
}

const alnum = (min: number, max: number) =>
	fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));
const upperAlnum = (length: number) => fc.stringMatching(new RegExp(`^[A-Z0-9]{${length}}$`));
/** Hex with at least one letter and one digit, as a signature or digest always has. */
const hex = (length: number) =>
	fc
		.stringMatching(new RegExp(`^[0-9a-f]{${length - 2}}$`))
		.map((text) => `${text.slice(0, 4)}9${text.slice(4)}e`);
const chunk = alnum(10, 16);
const account = fc.stringMatching(/^[1-9][0-9]{6}$/);

/** A password: two secret runs around the punctuation real passwords have. */
const password = fc
	.tuple(
		chunk,
		fc.constantFrom('', '!', '#', '$', '%', '*', '+', '-', '.', '/', '=', '@', '^', '_', '~', '!#'),
		chunk,
	)
	.map(([a, mark, b]) => ({ value: `${a}${mark}${b}`, secrets: [a, b] }));
/** A password that may also hold quotes and backslashes (it travels JSON-escaped). */
const jsonPassword = fc
	.tuple(chunk, fc.constantFrom('"', '\\', '\\"', "'", '}', ',', ' '), chunk)
	.map(([a, mark, b]) => ({ value: `${a}${mark}${b}`, secrets: [a, b] }));
/** A password as it stands in a URL: reserved characters percent-encoded. */
const urlPassword = fc
	.tuple(
		chunk,
		fc.constantFrom('', '%40', '%23', '%2F', '%3A', '-', '.', '_', '~', '!', '$', '*'),
		chunk,
	)
	.map(([a, mark, b]) => ({ value: `${a}${mark}${b}`, secrets: [a, b] }));

const user = fc.constantFrom('svc-integration', 'erp_sync', 'returns.bot', 'n8n');
const host = fc.constantFrom(
	'1234567.suitetalk.api.netsuite.com',
	'erp.example.com',
	'db.internal:5432',
	'api.returns-portal.example',
);

/** The casing a header name arrives in: as sent, lower-cased by Node, upper-cased in logs. */
function casing(name: string, style: number): string {
	if (style % 3 === 1) return name.toLowerCase();
	if (style % 3 === 2) return name.toUpperCase();
	return name;
}

const headerPrefix = (names: string[]) =>
	fc
		.tuple(fc.constantFrom(...names), fc.nat(), fc.constantFrom(': ', ':', ' : '))
		.map(([name, style, separator]) => `${casing(name, style)}${separator}`);

// --- Authorization headers -------------------------------------------------------------------

/** NetSuite's NLAuth: the signature is the user's password. */
const nlauth = fc
	.record({
		header: fc.oneof(fc.constant(''), headerPrefix(['Authorization'])),
		account,
		password,
		quoted: fc.boolean(),
		separator: fc.constantFrom(', ', ','),
	})
	.map(({ header, account: id, password: pw, quoted, separator }) => ({
		shape: 'NLAuth',
		text: `${header}NLAuth nlauth_account=${id}${separator}nlauth_email=integration@example.com${separator}nlauth_signature=${quoted ? `"${pw.value}"` : pw.value}${separator}nlauth_role=3`,
		secrets: pw.secrets,
	}));

/** OAuth 1.0a as NetSuite token-based authentication sends it. */
const oauth1 = fc
	.record({
		header: fc.oneof(fc.constant(''), headerPrefix(['Authorization'])),
		account,
		consumerKey: hex(64),
		token: hex(64),
		nonce: alnum(20, 20),
		signature: fc.tuple(chunk, chunk).map(([a, b]) => ({ value: `${a}+${b}=`, secrets: [a, b] })),
		separator: fc.constantFrom(',', ', '),
	})
	.map(({ header, account: id, consumerKey, token, nonce, signature, separator }) => ({
		shape: 'OAuth 1.0a',
		text: `${header}OAuth ${[
			`realm="${id}"`,
			`oauth_consumer_key="${consumerKey}"`,
			`oauth_token="${token}"`,
			'oauth_signature_method="HMAC-SHA256"',
			'oauth_timestamp="1764590000"',
			`oauth_nonce="${nonce}"`,
			'oauth_version="1.0"',
			`oauth_signature="${encodeURIComponent(signature.value)}"`,
		].join(separator)}`,
		secrets: [consumerKey, token, ...signature.secrets],
	}));

const digest = fc
	.record({
		header: fc.oneof(fc.constant(''), headerPrefix(['Authorization', 'Proxy-Authorization'])),
		response: hex(32),
		cnonce: hex(16),
	})
	.map(({ header, response, cnonce }) => ({
		shape: 'Digest',
		text: `${header}Digest username="svc-integration", realm="erp@example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/api/v1/returns", qop=auth, nc=00000001, cnonce="${cnonce}", response="${response}", opaque="5ccc069c403ebaf9f0171e9517f40e41"`,
		secrets: [response, cnonce],
	}));

const aws4 = fc
	.record({
		header: fc.oneof(fc.constant(''), headerPrefix(['Authorization'])),
		keyId: upperAlnum(16),
		signature: hex(64),
	})
	.map(({ header, keyId, signature }) => ({
		shape: 'AWS Signature V4',
		text: `${header}AWS4-HMAC-SHA256 Credential=AKIA${keyId}/20261201/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
		secrets: [`AKIA${keyId}`, signature],
	}));

const bearer = fc
	.record({
		header: fc.oneof(fc.constant(''), headerPrefix(['Authorization', 'Proxy-Authorization'])),
		token: alnum(24, 48),
	})
	.map(({ header, token }) => ({
		shape: 'Bearer',
		text: `${header}Bearer ${token}`,
		secrets: [token],
	}));

const basic = fc
	.record({
		header: fc.oneof(fc.constant(''), headerPrefix(['Authorization', 'Proxy-Authorization'])),
		user,
		password,
	})
	.map(({ header, user: name, password: pw }) => {
		const encoded = Buffer.from(`${name}:${pw.value}`).toString('base64');
		return { shape: 'Basic', text: `${header}Basic ${encoded}`, secrets: [encoded] };
	});

/** Any other scheme, or none, in an authorization header: whatever follows is the credential. */
const otherScheme = fc
	.record({
		header: headerPrefix(['Authorization', 'Proxy-Authorization', 'X-Authorization']),
		scheme: fc.oneof(
			fc.constantFrom('Token ', 'SSWS ', 'Zoho-oauthtoken ', 'Klaviyo-API-Key ', 'ApiKey ', ''),
			fc.stringMatching(/^[A-Z][a-z]{2,9}$/).map((word) => `${word} `),
		),
		token: alnum(20, 40),
	})
	.map(({ header, scheme, token }) => ({
		shape: 'authorization header, any scheme',
		text: `${header}${scheme}${token}`,
		secrets: [token],
	}));

// --- URLs, command lines, query strings, bodies ----------------------------------------------

const userinfo = fc
	.record({
		scheme: fc.constantFrom(
			'postgres',
			'postgresql',
			'mysql',
			'mongodb+srv',
			'https',
			'ftp',
			'amqp',
			'redis',
			'sftp',
		),
		user,
		password: urlPassword,
		host,
		path: fc.constantFrom('/erp', '/', '/services/rest/record/v1/returnAuthorization/10042', ''),
	})
	.map(({ scheme, user: name, password: pw, host: where, path }) => ({
		shape: 'URL user info',
		text: `${scheme}://${name}:${pw.value}@${where}${path}`,
		secrets: pw.secrets,
	}));

const curl = fc
	.record({
		form: fc.nat({ max: 6 }),
		user,
		password,
		token: alnum(24, 40),
		host,
	})
	.map(({ form, user: name, password: pw, token, host: where }) => {
		const url = `https://${where}/api/v1/returns`;
		const forms: Array<[string, string[]]> = [
			[`curl -sS -u ${name}:${pw.value} ${url}`, pw.secrets],
			[`curl --user '${name}:${pw.value}' ${url}`, pw.secrets],
			[`curl --user=${name}:${pw.value} -X POST ${url}`, pw.secrets],
			[
				`curl -X POST ${url} -H 'Authorization: Bearer ${token}' -H 'Accept: application/json'`,
				[token],
			],
			[`curl ${url} -H "X-API-Key: ${token}"`, [token]],
			[`curl --oauth2-bearer ${token} ${url}`, [token]],
			[`wget --password ${pw.value} ${url}`, pw.secrets],
		];
		const [text, secrets] = forms[form];
		return { shape: 'command line', text, secrets };
	});

const QUERY_KEYS = [
	'api_key',
	'apikey',
	'apiKey',
	'token',
	'access_token',
	'refresh_token',
	'id_token',
	'client_secret',
	'password',
	'sig',
	'signature',
	'X-Amz-Signature',
	'X-Amz-Security-Token',
	'auth',
	'secret',
	'sessionid',
];

const query = fc
	.record({ key: fc.constantFrom(...QUERY_KEYS), value: alnum(16, 40), host, first: fc.boolean() })
	.map(({ key, value, host: where, first }) => ({
		shape: 'query string',
		text: first
			? `https://${where}/api/v1/returns?${key}=${value}&limit=25`
			: `https://${where}/api/v1/returns?limit=25&${key}=${value}`,
		secrets: [value],
	}));

/** OAuth 2.0: a form body, and the authorization code on its way back to the redirect URI. */
const oauth2 = fc
	.record({
		form: fc.nat({ max: 2 }),
		secret: alnum(24, 40),
		token: alnum(24, 40),
		code: alnum(16, 32),
	})
	.map(({ form, secret, token, code }) => {
		const forms: Array<[string, string[]]> = [
			[
				`grant_type=refresh_token&client_id=returns-portal&client_secret=${secret}&refresh_token=${token}`,
				[secret, token],
			],
			[
				`grant_type=authorization_code&code=${code}&redirect_uri=https%3A%2F%2Fn8n.example.com%2Frest%2Foauth2-credential%2Fcallback`,
				[code],
			],
			[
				`GET https://n8n.example.com/rest/oauth2-credential/callback?code=${code}&state=eyJ0b2tlbiI6InN0YXRlIn0`,
				[code],
			],
		];
		const [text, secrets] = forms[form];
		return { shape: 'OAuth 2.0 form', text, secrets };
	});

// --- Credential-named keys in every spelling -------------------------------------------------

/** Credentials as word lists, spelled below in the styles clients and ERPs use. */
const CREDENTIAL_WORDS: readonly string[][] = [
	['password'],
	['secret'],
	['token'],
	['api', 'key'],
	['consumer', 'secret'],
	['token', 'secret'],
	['private', 'key'],
	['client', 'secret'],
	['nlauth', 'signature'],
	['oauth', 'signature'],
	['oauth', 'token'],
	['access', 'token'],
	['refresh', 'token'],
	['x', 'api', 'key'],
	['db', 'password'],
	['aws', 'secret', 'access', 'key'],
	['webhook', 'secret'],
	['signing', 'key'],
	['x', 'shopify', 'access', 'token'],
	['stripe', 'signature'],
	['passphrase'],
	['session', 'id'],
];

const capital = (word: string) => word[0].toUpperCase() + word.slice(1);

/** A credential's key name: camelCase, PascalCase, snake_case, kebab-case, UPPER or glued. */
export const credentialKey = fc
	.tuple(fc.constantFrom(...CREDENTIAL_WORDS), fc.nat({ max: 6 }))
	.map(([words, style]) => {
		switch (style) {
			case 0:
				return words[0] + words.slice(1).map(capital).join('');
			case 1:
				return words.map(capital).join('');
			case 2:
				return words.join('_');
			case 3:
				return words.join('-');
			case 4:
				return words.join('_').toUpperCase();
			case 5:
				return words.map(capital).join('-');
			default:
				return words.join('');
		}
	});

/** `key=value`, `key: value`, `KEY = value` as logs and env dumps print them. */
const pair = fc
	.record({ key: credentialKey, password, separator: fc.constantFrom('=', ': ', ' = ', ':') })
	.map(({ key, password: pw, separator }) => ({
		shape: 'key and value in text',
		text: `${key}${separator}${pw.value}`,
		secrets: pw.secrets,
	}));

/** A JSON body inside a message, its values escaped as JSON escapes them. */
const jsonInText = fc
	.record({ key: credentialKey, password: jsonPassword, escaped: fc.boolean() })
	.map(({ key, password: pw, escaped }) => {
		const body = JSON.stringify({
			username: 'svc-integration',
			[key]: pw.value,
			returnId: 'RA-10042',
		});
		return {
			shape: 'JSON body in text',
			text: escaped ? `Request body: ${JSON.stringify(body)}` : `Request body: ${body}`,
			secrets: pw.secrets,
		};
	});

/** NetSuite SuiteTalk (SOAP): a passport with the password, a token passport with a signature. */
const soap = fc
	.record({
		password,
		consumerKey: hex(64),
		token: hex(64),
		signature: chunk,
		tokenPassport: fc.boolean(),
	})
	.map(({ password: pw, consumerKey, token, signature, tokenPassport }) =>
		tokenPassport
			? {
					shape: 'SOAP token passport',
					text: `<tokenPassport><account>1234567</account><consumerKey>${consumerKey}</consumerKey><token>${token}</token><nonce>2f8e3a1b</nonce><timestamp>1764590000</timestamp><signature algorithm="HMAC-SHA256">${signature}=</signature></tokenPassport>`,
					secrets: [consumerKey, token, signature],
				}
			: {
					shape: 'SOAP passport',
					text: `<passport><email>integration@example.com</email><platformCore:password>${pw.value}</platformCore:password><account>1234567</account></passport>`,
					secrets: pw.secrets,
				},
	);

// --- Tokens by their own shape ---------------------------------------------------------------

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const jwt = fc
	.record({ subject: alnum(8, 12), signature: alnum(43, 43) })
	.map(({ subject, signature }) => {
		const header = base64url({ alg: 'HS256', typ: 'JWT' });
		const payload = base64url({ sub: subject, iss: 'https://auth.example.com', exp: 1764590000 });
		return {
			shape: 'JWT',
			text: `${header}.${payload}.${signature}`,
			secrets: [payload, signature],
		};
	});

const pem = fc
	.record({
		type: fc.constantFrom(
			'PRIVATE KEY',
			'RSA PRIVATE KEY',
			'EC PRIVATE KEY',
			'OPENSSH PRIVATE KEY',
			'ENCRYPTED PRIVATE KEY',
			'PGP PRIVATE KEY BLOCK',
		),
		lines: fc.array(alnum(64, 64), { minLength: 1, maxLength: 4 }),
		newline: fc.constantFrom('\n', '\r\n'),
	})
	.map(({ type, lines, newline }) => ({
		shape: 'PEM private key',
		text: [`-----BEGIN ${type}-----`, ...lines, `-----END ${type}-----`].join(newline),
		secrets: lines,
	}));

const cookie = fc
	.record({
		header: headerPrefix(['Cookie', 'Set-Cookie']),
		value: alnum(20, 40),
		form: fc.nat({ max: 2 }),
	})
	.map(({ header, value, form }) => {
		const forms = [
			`NS_ROUTING_VERSION=LAGGING; JSESSIONID=${value}; lastUser=1234567_3`,
			`JSESSIONID=${value}; Path=/; Secure; HttpOnly`,
			`_session_id=${value}`,
		];
		return { shape: 'cookie', text: `${header}${forms[form]}`, secrets: [value] };
	});

/** Keys whose vendor prefix says what they are (Stripe object IDs such as re_ are not keys). */
const vendorKey = fc
	.record({
		form: fc.nat({ max: 12 }),
		body: alnum(24, 32),
		digits: fc.stringMatching(/^[0-9]{10,13}$/),
	})
	.map(({ form, body, digits }) => {
		const keys: Array<[string, string]> = [
			[`sk_live_${body}`, body],
			[`sk_test_${body}`, body],
			[`rk_live_${body}`, body],
			[`whsec_${body}`, body],
			[`ghp_${body}`, body],
			[`github_pat_11${body}_${body}`, body],
			[`xoxb-${digits}-${digits}-${body}`, body],
			[`xoxp-${digits}-${digits}-${body}`, body],
			[`shpat_${body}`, body],
			[`shpss_${body}`, body],
			[`AKIA${body.slice(0, 16).toUpperCase()}`, `AKIA${body.slice(0, 16).toUpperCase()}`],
			[`AIza${body}${body.slice(0, 35 - body.length)}`, body],
			[`SG.${body.slice(0, 22)}.${body}${body.slice(0, 11)}`, body],
		];
		const [text, secret] = keys[form];
		return { shape: 'vendor key', text, secrets: [secret] };
	});

/** A generated token right after a credential word in prose. */
const afterWord = fc
	.record({
		word: fc.constantFrom(
			'token',
			'secret',
			'password',
			'API key',
			'access key',
			'signature',
			'Token',
		),
		value: hex(40),
	})
	.map(({ word, value }) => ({
		shape: 'token after a credential word',
		text: `the ${word} ${value}`,
		secrets: [value],
	}));

/** Every shape a credential takes inside a string. */
export const secretInText: fc.Arbitrary<SecretShape> = fc.oneof(
	nlauth,
	oauth1,
	digest,
	aws4,
	bearer,
	basic,
	otherScheme,
	userinfo,
	curl,
	query,
	oauth2,
	pair,
	jsonInText,
	soap,
	jwt,
	pem,
	cookie,
	vendorKey,
	afterWord,
);

/** Shapes that stand in a message as a URL (so they can be wrapped as "GET <url> failed"). */
export const secretInUrl: fc.Arbitrary<SecretShape> = fc.oneof(userinfo, query);

// --- Credentials as data: objects, header maps, header lists ---------------------------------

export interface SecretValue {
	value: unknown;
	secrets: string[];
	shape: string;
}

const HEADER_NAMES = [
	'Authorization',
	'Proxy-Authorization',
	'Cookie',
	'X-API-Key',
	'X-Shopify-Access-Token',
	'X-Auth-Token',
	'Stripe-Signature',
];

/** A credential-named key at the end of a path, its value a string, a list or an object. */
const keyedValue = fc
	.record({ key: credentialKey, secret: alnum(16, 32), form: fc.nat({ max: 3 }) })
	.map(({ key, secret, form }) => {
		const values = [secret, [secret], { value: secret }, [{ current: secret }]];
		return { shape: `key ${key}`, value: { [key]: values[form] }, secrets: [secret] };
	});

/** Request headers as client libraries keep them: a map in any casing, rawHeaders, entries. */
const headerData = fc
	.record({
		name: fc.constantFrom(...HEADER_NAMES),
		style: fc.nat(),
		secret: alnum(20, 40),
		form: fc.nat({ max: 3 }),
	})
	.map(({ name, style, secret, form }) => {
		const header = casing(name, style);
		const values: unknown[] = [
			{ headers: { Accept: 'application/json', [header]: `Bearer ${secret}` } },
			{ headers: { [header]: [`JSESSIONID=${secret}; Path=/`] } },
			{
				rawHeaders: [
					'Accept',
					'application/json',
					header,
					`NLAuth nlauth_account=1234567, nlauth_signature=${secret}`,
				],
			},
			{
				headerParameters: {
					parameters: [
						{ name: header, value: secret },
						{ name: 'Accept', value: 'application/json' },
					],
				},
			},
		];
		return { shape: `header ${header}`, value: values[form], secrets: [secret] };
	});

/** An OAuth token request body kept as data. */
const oauthBody = fc.record({ code: alnum(16, 32) }).map(({ code }) => ({
	shape: 'OAuth code in a body',
	value: {
		body: {
			grant_type: 'authorization_code',
			code,
			redirect_uri: 'https://n8n.example.com/callback',
		},
	},
	secrets: [code],
}));

export const secretAsData: fc.Arbitrary<SecretValue> = fc.oneof(keyedValue, headerData, oauthBody);

// --- Plain ERP error messages ----------------------------------------------------------------

const returnId = fc.stringMatching(/^RA-[0-9]{5}$/);
const orderRef = fc.stringMatching(/^SO-[0-9]{4,7}$/);
const stripeId = fc
	.tuple(fc.constantFrom('re_', 'ch_', 'pi_', 'cus_', 'evt_', 'txn_'), alnum(24, 24))
	.map(([prefix, id]) => `${prefix}${id}`);
const internalId = fc.integer({ min: 1, max: 99_999_999 }).map(String);
const uuid = fc.uuid();
const amount = fc.integer({ min: 100, max: 999_999 }).map((cents) => (cents / 100).toFixed(2));

/** Error messages as NetSuite, SAP, Dynamics, Stripe, Shopify and HTTP clients word them. */
export const plainErpMessage: fc.Arbitrary<string> = fc
	.record({
		template: fc.nat({ max: 21 }),
		returnId,
		orderRef,
		stripeId,
		internalId,
		uuid,
		amount,
		account,
	})
	.map(
		({
			template,
			returnId: ra,
			orderRef: so,
			stripeId: sid,
			internalId: id,
			uuid: guid,
			amount: sum,
			account: acct,
		}) => {
			const templates = [
				`Invalid Field Value pendingRefund for the following field: status`,
				`You have entered an Invalid Field Value ${id} for the following field: createdfrom`,
				`Record not found: returnAuthorization ${ra} (internal ID ${id})`,
				`The record you are trying to update has been changed since you retrieved it (${ra}).`,
				`SSS_REQUEST_LIMIT_EXCEEDED: Request limit exceeded for account ${acct}.`,
				`Charge ${sid} has already been refunded.`,
				`No such refund: '${sid}'`,
				`Refund amount ($${sum}) is greater than unrefunded amount on charge ($${sum})`,
				`Order #${id} has already been refunded; line item quantity exceeds refundable quantity`,
				`Sales document ${id} does not exist`,
				`Material TEE-BLK-M is not defined for sales org. 1000, distribution channel 10`,
				`Entity 'salesorder' With Id = ${guid} Does Not Exist`,
				`Request failed with status code 404`,
				`connect ETIMEDOUT 10.0.4.17:443`,
				`getaddrinfo ENOTFOUND ${acct}.suitetalk.api.netsuite.com`,
				`GET https://${acct}.suitetalk.api.netsuite.com/services/rest/record/v1/returnAuthorization/${id}?expandSubResources=true failed`,
				`Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.`,
				`The token has expired; request a new one. Invalid signature for webhook event ${sid}.`,
				`Duplicate record: ${ra} already exists for order ${so} (internal ID ${id}), code=DUP_RCRD`,
				`400 - {"type":"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1","title":"Bad Request","status":400,"o:errorDetails":[{"detail":"Invalid value for the resource or sub-resource field: ${so}","o:errorCode":"INVALID_KEY_OR_REF"}]}`,
				`Payment intent ${sid} requires a payment method (${ra}, ${so}, amount ${sum} USD, at 2026-11-27T12:00:00Z)`,
				`Basic validation failed for ${ra}: quantity 2 exceeds received quantity 1; status: pendingReceipt`,
			];
			return templates[template];
		},
	);
