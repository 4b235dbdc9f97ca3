import {
	Unreadable,
	booleanValue,
	businessCentralDate,
	currencyCode,
	currencyOrLocal,
	currencyReference,
	epochTime,
	id,
	isBlank,
	majorUnits,
	minorUnits,
	quantity,
	referenceName,
	sapDate,
	shopifyId,
	text,
	timestamp,
	vocabulary,
	type ReadContext,
} from '../../lib/formats/values';

function context(overrides: Partial<ReadContext> = {}): ReadContext {
	return {
		currency: 'USD',
		currencyNames: new Map(),
		localCurrency: null,
		amountUnits: 'major',
		...overrides,
	};
}

const unreadable = (value: unknown) => expect(value).toBeInstanceOf(Unreadable);

describe('blank values read as absent', () => {
	it('undefined, null, "" and whitespace', () => {
		for (const blank of [undefined, null, '', '   ', '\t\n', '\u00a0']) {
			expect(isBlank(blank)).toBe(true);
			expect(id(blank)).toBeNull();
			expect(text(blank)).toBeNull();
			expect(majorUnits(blank, context())).toBeNull();
			expect(currencyCode(blank)).toBeNull();
			expect(timestamp(blank)).toBeNull();
			expect(sapDate(blank)).toBeNull();
			expect(booleanValue(blank)).toBeNull();
		}
		for (const present of [0, false, '0', 'x', ' x ']) expect(isBlank(present)).toBe(false);
	});
});

describe('IDs and text', () => {
	it('reads text trimmed and numbers as text', () => {
		expect(id(' RA-1001 ')).toBe('RA-1001');
		expect(id(35436)).toBe('35436');
		expect(text('  US Retail ')).toBe('US Retail');
	});

	it('refuses other types and overlong text', () => {
		unreadable(id({ id: 1 }));
		unreadable(id(['RA-1']));
		unreadable(id(true));
		unreadable(id(Number.NaN));
		unreadable(id('x'.repeat(201)));
		unreadable(id('x'.repeat(1_000_000)));
		expect(id('x'.repeat(200))).toHaveLength(200);
		unreadable(text('x'.repeat(1_001)));
		unreadable(text({}));
	});

	it('reads Shopify GIDs as their numeric ID', () => {
		expect(shopifyId('gid://shopify/Order/450789469')).toBe('450789469');
		expect(shopifyId('gid://shopify/Return/945000954?foo=1')).toBe('945000954');
		expect(shopifyId(450789469)).toBe('450789469');
		expect(shopifyId('#1001')).toBe('#1001');
		unreadable(shopifyId('gid://shopify/Order/'));
		unreadable(shopifyId(`gid://shopify/Order/${'9'.repeat(400)}`));
	});

	it("reads a NetSuite reference's name, else its id", () => {
		expect(referenceName({ id: '1', refName: 'US Retail' })).toBe('US Retail');
		expect(referenceName({ id: '7' })).toBe('7');
		expect(referenceName('Parent : US')).toBe('Parent : US');
		unreadable(referenceName({ links: [] }));
		unreadable(referenceName({ refName: { nested: true } }));
	});

	it('reads a quantity of 0 or more', () => {
		expect(quantity(2)).toBe(2);
		expect(quantity(0)).toBe(0);
		unreadable(quantity(-1));
		unreadable(quantity('2'));
	});
});

describe('amounts', () => {
	it('reads integer minor units', () => {
		expect(minorUnits(2999, context())).toBe(2999);
		expect(minorUnits('2999', context())).toBe(2999);
		expect(minorUnits(500, context({ currency: 'JPY' }))).toBe(500);
		unreadable(minorUnits(29.99, context()));
		unreadable(minorUnits('29.99', context()));
	});

	it('reads decimal strings and numbers in major units by the currency exponent', () => {
		expect(majorUnits('29.99', context())).toBe(2999);
		expect(majorUnits(29.99, context())).toBe(2999);
		expect(majorUnits('0.10', context())).toBe(10);
		expect(majorUnits('1500', context({ currency: 'JPY' }))).toBe(1500);
		expect(majorUnits('12.345', context({ currency: 'KWD' }))).toBe(12345);
		expect(majorUnits('-5.00', context())).toBe(-500);
	});

	it('refuses what is not an amount', () => {
		for (const bad of [
			'1,234.00',
			'12abc',
			'1e3',
			'NaN',
			Infinity,
			{},
			[],
			true,
			'x'.repeat(1e6),
		]) {
			unreadable(majorUnits(bad, context()));
		}
	});
});

describe('currencies', () => {
	it('reads ISO codes in any case', () => {
		expect(currencyCode('usd')).toBe('USD');
		expect(currencyCode(' Eur ')).toBe('EUR');
		unreadable(currencyCode('US Dollar'));
		unreadable(currencyCode(840));
	});

	it('reads NetSuite currency references through currencyNames', () => {
		const names = context({
			currencyNames: new Map([
				['usa', 'USD'],
				['british pound', 'GBP'],
			]),
		});
		expect(currencyReference({ id: '1', refName: 'USA' }, names)).toBe('USD');
		expect(currencyReference({ id: '2', refName: 'British Pound' }, names)).toBe('GBP');
		expect(currencyReference({ id: '3', refName: 'eur' }, names)).toBe('EUR');
		const missing = currencyReference({ id: '4', refName: 'Canadian Dollar' }, names);
		unreadable(missing);
		expect((missing as Unreadable).reason).toMatch(/currencyNames/);
		unreadable(currencyReference({ id: '5' }, names));
		unreadable(currencyReference({ id: '1', refName: 'USA' }, context()));
	});

	it("reads Business Central's blank currency code as the local currency", () => {
		expect(currencyOrLocal('', context({ localCurrency: 'EUR' }))).toBe('EUR');
		expect(currencyOrLocal('usd', context({ localCurrency: 'EUR' }))).toBe('USD');
		expect(currencyOrLocal('', context())).toBeNull();
	});
});

describe('times', () => {
	it('reads epoch seconds and milliseconds', () => {
		expect(epochTime(1_764_000_000)).toBe(1_764_000_000_000);
		expect(epochTime(1_764_000_000_123)).toBe(1_764_000_000_123);
		expect(epochTime('1764000000')).toBe(1_764_000_000_000);
		unreadable(epochTime('2026-03-09'));
	});

	it("reads SAP's /Date(ms)/ with or without an offset", () => {
		expect(sapDate('/Date(1492041600000)/')).toBe(Date.UTC(2017, 3, 13));
		expect(sapDate('/Date(1492041600000+0000)/')).toBe(Date.UTC(2017, 3, 13));
		expect(sapDate('/Date(1492041600000+0200)/')).toBe(Date.UTC(2017, 3, 13));
		expect(sapDate('2017-04-13T00:00:00Z')).toBe(Date.UTC(2017, 3, 13));
		unreadable(sapDate('/Date(abc)/'));
		unreadable(sapDate('/Date(1492041600000'));
	});

	it('reads a date only as the start of that day, UTC', () => {
		expect(timestamp('2026-03-09')).toBe(Date.UTC(2026, 2, 9));
		expect(businessCentralDate('2026-03-09')).toBe(Date.UTC(2026, 2, 9));
	});

	it('reads ISO timestamps with offsets', () => {
		expect(timestamp('2026-03-09T10:00:00+02:00')).toBe(Date.UTC(2026, 2, 9, 8));
		expect(timestamp('2026-03-09T10:00:00.250Z')).toBe(Date.UTC(2026, 2, 9, 10, 0, 0, 250));
	});

	it("reads Business Central's empty date 0001-01-01 as absent", () => {
		expect(businessCentralDate('0001-01-01')).toBeNull();
		expect(businessCentralDate('0001-01-01T00:00:00Z')).toBeNull();
	});

	it('refuses what is not a time', () => {
		for (const bad of ['yesterday', '2026-13-01', {}, [], true, 'x'.repeat(1e6), Infinity]) {
			unreadable(timestamp(bad));
		}
	});
});

describe('booleans and status vocabularies', () => {
	it('reads string booleans', () => {
		expect(booleanValue('true')).toBe(true);
		expect(booleanValue('FALSE')).toBe(false);
		expect(booleanValue('T')).toBe(true);
		expect(booleanValue('F')).toBe(false);
		expect(booleanValue(false)).toBe(false);
		unreadable(booleanValue('yes'));
		unreadable(booleanValue(1));
	});

	it('maps a status case-insensitively, numbers as text, and refuses unknown words', () => {
		const freshdesk = vocabulary({ '2': 'open', '4': 'solved' });
		expect(freshdesk(4)).toBe('solved');
		expect(freshdesk('2')).toBe('open');
		const stripe = vocabulary({ requires_action: 'pending', succeeded: 'succeeded' });
		expect(stripe(' Succeeded ')).toBe('succeeded');
		expect(stripe('REQUIRES_ACTION')).toBe('pending');
		const unknown = stripe('refunded_partially');
		unreadable(unknown);
		expect((unknown as Unreadable).reason).toMatch(/expected one of: requires_action, succeeded/);
		unreadable(stripe({ status: 'succeeded' }));
		unreadable(stripe('x'.repeat(1e6)));
	});
});
