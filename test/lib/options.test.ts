import { OptionsError, resolveOptions } from '../../lib/options';

function messageOf(options: unknown): string {
	try {
		resolveOptions(options);
	} catch (error) {
		expect(error).toBeInstanceOf(OptionsError);
		return (error as Error).message;
	}
	throw new Error('expected the options to be rejected');
}

describe('options', () => {
	it.each([
		[
			{ slaWindowMinutes: -5 },
			/^slaWindowMinutes: expected a number of minutes, 0 or more, got -5$/,
		],
		[{ amountTolerance: -0.01 }, /^amountTolerance: .*0 or more, got -0.01$/],
		[{ idRules: { padLength: 1.5 } }, /^idRules\.padLength: expected a whole number from 0 to 64/],
		[
			{ slaWindow: 240 },
			/^slaWindow: expected a known option name, got an unknown name; did you mean slaWindowMinutes\?$/,
		],
		[{ subsidiaryMap: { web: '' } }, /^subsidiaryMap\.web: expected a non-empty text/],
		[
			{ fieldPaths: { portal: { retunId: 'rma' } } },
			/^fieldPaths\.portal\.retunId: .*; did you mean fieldPaths\.portal\.returnId\?$/,
		],
		[{ idRules: { padLenght: 7 } }, /^idRules\.padLenght: .*; did you mean idRules\.padLength\?$/],
		[{ statusMpa: {} }, /did you mean statusMap\?$/],
		[{ now: 'yesterday' }, /^now: expected an ISO 8601 time/],
		[
			{ missingAfterMinutes: 10 },
			/^missingAfterMinutes: expected at least the SLA window \(240 minutes\).*, got 10$/,
		],
		[
			{ amountUnits: { processor: 'cents' } },
			/^amountUnits\.processor: expected either "major" or "minor", got "cents"$/,
		],
		[{ structuralThreshold: 0 }, /^structuralThreshold: expected a whole number ≥ 1, got 0$/],
		['fast', /^options: expected an object, got "fast"$/],
	])('rejects %j naming the option', (options, pattern) => {
		expect(messageOf(options)).toMatch(pattern);
	});

	it('keeps __proto__ keys of maps as data and leaves Object.prototype alone', () => {
		const prototypeBefore = Object.getOwnPropertyDescriptors(Object.prototype);
		const resolved = resolveOptions({
			subsidiaryMap: JSON.parse('{"__proto__":"Polluted Inc.","web-us":"US Retail"}'),
		});
		expect(resolved.subsidiaryMap.get('__proto__')).toBe('Polluted Inc.');
		expect(resolved.subsidiaryMap.get('web-us')).toBe('US Retail');
		expect(Object.getOwnPropertyDescriptors(Object.prototype)).toEqual(prototypeBefore);
	});

	it('carries what is wrong as data: option, expected, received', () => {
		let thrown: unknown;
		try {
			resolveOptions({ idRules: { padLength: 99 } });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toMatchObject({
			option: 'idRules.padLength',
			expected: 'a whole number from 0 to 64',
			received: '99',
		});
	});

	it('applies the defaults of docs/rules.md', () => {
		const resolved = resolveOptions(undefined);
		expect(resolved.slaWindowMinutes).toBe(240);
		expect(resolved.missingAfterMinutes).toBe(4320);
		expect(resolved.amountTolerance).toBe(0.01);
		expect([...resolved.closedOrderStatuses]).toEqual(['closed']);
		expect(resolved.fieldPaths.processor.returnId).toBe('returnId');
	});
});
