/**
 * Options (issue 6, docs/rules.md "Bad input"): an invalid window, a negative tolerance, an empty or
 * enormous map, a wrong type or an unknown name is refused with an OptionsError whose `option`
 * and message name the option at fault, whatever valid options come with it, in every library
 * function. (An empty map `{}` is valid: it means "not configured"; an empty key or value in a
 * map is what is refused.)
 */
import fc from 'fast-check';

import {
	OptionsError,
	reconcileReturns,
	summarizePatterns,
	tagHandoffError,
	validateHandoff,
} from '../../lib';
import { MAX_MAP_ENTRIES } from '../../lib/options';
import { runs } from './generators';

type Fn = 'reconcile' | 'guard' | 'tagger' | 'patterns';

interface BadOption {
	/** The option as the caller spelled it (`idRules`), and the name the error must carry. */
	option: string;
	value: unknown;
	named: string;
	/** The functions that read this option (the others ignore it: one vocabulary serves all). */
	in: readonly Fn[];
	/** Options the value is wrong against, set over the valid companions. */
	with?: Record<string, unknown>;
}

const ENORMOUS_MAP = Object.freeze(
	Object.fromEntries(Array.from({ length: MAX_MAP_ENTRIES + 1 }, (_, i) => [`k${i}`, 'v'])),
);
const LONG = 'x'.repeat(1_001);
const NOT_NUMBERS = [
	Number.NaN,
	Number.POSITIVE_INFINITY,
	Number.NEGATIVE_INFINITY,
	'240',
	null,
	true,
	[],
	{},
];
const NOT_MAPS = [[], 'web-us', 5, true, null, [['web-us', 'US Retail']]];

function bad(
	option: string,
	values: readonly unknown[],
	fns: readonly Fn[],
	named = option,
	against?: Record<string, unknown>,
): BadOption[] {
	return values.map((value) => ({ option, value, named, in: fns, with: against }));
}

const RG: readonly Fn[] = ['reconcile', 'guard'];
const BAD_OPTIONS: readonly BadOption[] = [
	...bad(
		'slaWindowMinutes',
		[-1, -0.5, 5_256_001, 1e12, ...NOT_NUMBERS],
		['reconcile', 'patterns'],
	),
	...bad('missingAfterMinutes', [-1, 1e12, ...NOT_NUMBERS], ['reconcile']),
	// Missing before overdue: the window pair is inconsistent, named by the later one.
	...bad('missingAfterMinutes', [0, 100, 239], ['reconcile'], 'missingAfterMinutes', {
		slaWindowMinutes: 240,
	}),
	...bad('amountTolerance', [-0.01, -1, 1_000_001, ...NOT_NUMBERS], RG),
	...bad(
		'now',
		['yesterday', '2026-13-45T00:00:00Z', '', Number.NaN, 1e20, {}, [], true],
		['reconcile', 'guard', 'tagger'],
	),
	...bad(
		'statusMap',
		[
			...NOT_MAPS,
			{ '': 'x' },
			{ refunded: '' },
			{ refunded: 5 },
			{ [LONG]: 'x' },
			{ refunded: LONG },
			{ refunded: {} },
		],
		RG,
	),
	...bad('subsidiaryMap', [...NOT_MAPS, { ' ': 'US' }, { 'web-us': '  ' }, { 'web-us': null }], RG),
	...bad('idMap', [...NOT_MAPS, { '': 'SO-1' }, { '#1': [] }], RG),
	...bad('idRules', ['SO-', 5, [], null], RG),
	...bad(
		'idRules',
		[
			{ stripPrefixes: '#' },
			{ stripPrefixes: [''] },
			{ stripPrefixes: [5] },
			{ stripPrefixes: Array(101).fill('#') },
		],
		RG,
		'idRules.stripPrefixes',
	),
	...bad('idRules', [{ stripSuffixes: ['  '] }], RG, 'idRules.stripSuffixes'),
	...bad('idRules', [{ erpPrefix: 5 }, { erpPrefix: LONG }], RG, 'idRules.erpPrefix'),
	...bad(
		'idRules',
		[
			{ padLength: -1 },
			{ padLength: 1.5 },
			{ padLength: 65 },
			{ padLength: '7' },
			{ padLength: Number.NaN },
		],
		RG,
		'idRules.padLength',
	),
	...bad('idRules', [{ prefix: 'SO-' }], RG, 'idRules.prefix'),
	...bad('closedOrderStatuses', ['closed', [''], [5], Array(101).fill('closed'), {}], RG),
	...bad(
		'knownOrders',
		['SO-1', 5, {}, [{}], [{ orderRef: '' }], [{ orderRef: {} }], [{ orderRef: Number.NaN }]],
		['guard'],
	),
	...bad('amountUnits', ['minor', [], 5], RG),
	...bad('amountUnits', [{ processor: 'cents' }, { processor: 5 }], RG, 'amountUnits.processor'),
	...bad('amountUnits', [{ ledger: 'minor' }], RG, 'amountUnits.ledger'),
	...bad('fieldPaths', ['returnId', [], 5], RG),
	...bad(
		'fieldPaths',
		[{ portal: { returnId: '' } }, { portal: { returnId: 5 } }],
		RG,
		'fieldPaths.portal.returnId',
	),
	...bad('fieldPaths', [{ portal: { ra: 'ra' } }], RG, 'fieldPaths.portal.ra'),
	...bad('fieldPaths', [{ ledger: {} }], RG, 'fieldPaths.ledger'),
	...bad('mode', ['fix', 5, null, true], ['guard']),
	...bad(
		'structuralThreshold',
		[0, -1, 1.5, '3', Number.NaN, Number.POSITIVE_INFINITY],
		['patterns'],
	),
	...bad('prior', ['summary', 5, [], { total: -1, signatures: [] }, { total: 1 }], ['patterns']),
	// Misspelt names are named as spelt.
	...bad('slaWindow', [240], ['reconcile', 'guard', 'tagger']),
	...bad('tolerance', [0.01], ['reconcile', 'guard', 'tagger']),
];

/** Valid companions that never interact with the option at fault (windows stay ordered). */
const VALID: Record<Fn, fc.Arbitrary<Record<string, unknown>>> = {
	reconcile: fc.record(
		{
			now: fc.constantFrom('2026-11-27T12:00:00Z', 1_795_000_000_000),
			slaWindowMinutes: fc.integer({ min: 0, max: 240 }),
			missingAfterMinutes: fc.integer({ min: 4_320, max: 10_000 }),
			amountTolerance: fc.constantFrom(0, 0.01, 1),
			subsidiaryMap: fc.constantFrom({}, { 'web-us': 'US Retail' }),
			idRules: fc.constantFrom({}, { erpPrefix: 'SO-', padLength: 7 }),
			amountUnits: fc.constantFrom({}, { processor: 'minor' }),
		},
		{ requiredKeys: [] },
	),
	guard: fc.record(
		{
			now: fc.constantFrom('2026-11-27T12:00:00Z'),
			statusMap: fc.constantFrom({}, { refunded: 'refunded' }),
			knownOrders: fc.constantFrom(null, [{ orderRef: 'SO-1' }]),
			mode: fc.constantFrom('validate', 'normalize'),
		},
		{ requiredKeys: [] },
	),
	tagger: fc.record({ now: fc.constantFrom('2026-11-27T12:00:00Z') }, { requiredKeys: [] }),
	patterns: fc.record(
		{
			structuralThreshold: fc.integer({ min: 1, max: 10 }),
			slaWindowMinutes: fc.integer({ min: 0, max: 240 }),
		},
		{ requiredKeys: [] },
	),
};

function call(fn: Fn, options: Record<string, unknown>): void {
	if (fn === 'reconcile') reconcileReturns({ portal: [] }, options);
	else if (fn === 'guard') validateHandoff({ returnId: 'RA-1' }, options);
	else if (fn === 'tagger') tagHandoffError({ error: { httpCode: 500 } }, options);
	else summarizePatterns([], options);
}

const cases = fc
	.constantFrom(...BAD_OPTIONS)
	.chain((bad) =>
		fc
			.tuple(fc.constant(bad), fc.constantFrom(...bad.in))
			.chain(([b, fn]) => fc.tuple(fc.constant(b), fc.constant(fn), VALID[fn])),
	);

describe('options: every wrong option is named', () => {
	it('throws an OptionsError naming the option, whatever valid options come with it', () => {
		fc.assert(
			fc.property(cases, ([b, fn, valid]) => {
				const options = { ...valid, ...b.with, [b.option]: b.value };
				let thrown: unknown;
				try {
					call(fn, options);
				} catch (error) {
					thrown = error;
				}
				if (!(thrown instanceof OptionsError)) {
					throw new Error(
						`${fn} with ${b.option} = ${fc.stringify(b.value)}: expected an OptionsError, got ${String(thrown)}`,
					);
				}
				const named = thrown.option === b.named || thrown.option.startsWith(`${b.named}.`);
				if (!named || !thrown.message.includes(b.named)) {
					throw new Error(
						`${fn}: expected the error to name ${b.named}, got option "${thrown.option}": ${thrown.message}`,
					);
				}
			}),
			runs(),
		);
	});

	// Apart from the property: reading 100,001 keys costs ~25 ms, too much for 10,000 cases.
	it('refuses an enormous map, naming it', () => {
		for (const option of ['statusMap', 'subsidiaryMap', 'idMap']) {
			for (const fn of ['reconcile', 'guard'] as const) {
				expect(() => call(fn, { [option]: ENORMOUS_MAP })).toThrow(
					expect.objectContaining({ name: 'OptionsError', option }),
				);
				expect(() => call(fn, { [option]: ENORMOUS_MAP })).toThrow(option);
			}
		}
	});

	it('refuses options that are not an object, naming them as a whole', () => {
		for (const options of ['x', 5, [], true]) {
			for (const fn of ['reconcile', 'guard', 'tagger', 'patterns'] as const) {
				expect(() => call(fn, options as never)).toThrow(OptionsError);
			}
		}
	});
});
