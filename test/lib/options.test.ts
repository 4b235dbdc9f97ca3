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
		[{ slaWindow: 240 }, /^slaWindow is not a known option; check its spelling$/],
		[{ subsidiaryMap: { web: '' } }, /^subsidiaryMap\.web: expected a non-empty text/],
		[
			{ fieldPaths: { portal: { retunId: 'rma' } } },
			/^fieldPaths\.portal\.retunId is not a known option of fieldPaths\.portal/,
		],
		[{ now: 'yesterday' }, /^now: expected an ISO 8601 time/],
		[
			{ missingAfterMinutes: 10 },
			/^missingAfterMinutes \(10\) must be at least slaWindowMinutes \(240\)/,
		],
		[
			{ amountUnits: { processor: 'cents' } },
			/^amountUnits\.processor: expected either "major" or "minor", got "cents"$/,
		],
		[{ structuralThreshold: 0 }, /^structuralThreshold: expected a whole number ≥ 1, got 0$/],
		['fast', /^options must be an object/],
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

	it('applies the defaults of SPEC.md', () => {
		const resolved = resolveOptions(undefined);
		expect(resolved.slaWindowMinutes).toBe(240);
		expect(resolved.missingAfterMinutes).toBe(4320);
		expect(resolved.amountTolerance).toBe(0.01);
		expect([...resolved.closedOrderStatuses]).toEqual(['closed']);
		expect(resolved.fieldPaths.processor.returnId).toBe('returnId');
	});
});
