// The scripts' one command-line parser, as someone typing `npm run demo -- …` meets it.
import { ArgsError, parseArgs, type ArgsSpec } from '../../scripts/lib/args';

const DEMO: ArgsSpec = {
	options: {
		headless: { type: 'flag' },
		port: { type: 'number', default: 5678 },
		listen: { type: 'string', default: '127.0.0.1' },
		'no-execute': { type: 'flag' },
	},
};

function errorOf(argv: string[], spec: ArgsSpec = DEMO): ArgsError {
	try {
		parseArgs(argv, spec);
	} catch (error) {
		if (error instanceof ArgsError) return error;
		throw error;
	}
	throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseArgs', () => {
	it.each([[['--port=5700']], [['--port', '5700']]])('reads %j as port 5700', (argv) => {
		expect(parseArgs(argv, DEMO).port).toBe(5700);
	});

	it('gives the defaults when an option is not given, and flags as true or false', () => {
		expect(parseArgs(['--headless'], DEMO)).toEqual({
			help: false,
			headless: true,
			port: 5678,
			listen: '127.0.0.1',
			noExecute: false,
		});
		expect(parseArgs(['--no-execute'], DEMO).noExecute).toBe(true);
	});

	it('refuses an unknown option and lists the known ones', () => {
		const error = errorOf(['--prot=5700']);
		expect(error.message).toContain('unknown option --prot');
		for (const known of ['--headless', '--port <number>', '--listen <string>', '--no-execute']) {
			expect(error.message).toContain(known);
		}
	});

	it.each([
		[['--port'], '--port'],
		[['--port', '--headless'], '--port'],
		[['--port=next'], '--port wants a number'],
		[['--headless=yes'], '--headless'],
		[['5700'], '5700'],
	])('refuses %j, naming %s', (argv, named) => {
		expect(errorOf(argv).message).toContain(named);
	});

	it('reads named positionals, a variadic last one as an array', () => {
		const spec: ArgsSpec = {
			options: { child: { type: 'flag' } },
			positionals: [{ name: 'mode' }, { name: 'sizes', type: 'number', variadic: true }],
		};
		expect(parseArgs(['--child', 'reconcile', '10000', '30000'], spec)).toEqual({
			help: false,
			child: true,
			mode: 'reconcile',
			sizes: [10000, 30000],
		});
		expect(errorOf(['reconcile', 'many'], spec).message).toContain('<sizes> wants a number');
	});

	it('refuses more positionals than the spec names', () => {
		const spec: ArgsSpec = { positionals: [{ name: 'returns', type: 'number', default: 300 }] };
		expect(parseArgs([], spec).returns).toBe(300);
		expect(errorOf(['300', '42'], spec).message).toContain('42');
	});
});
