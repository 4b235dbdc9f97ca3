// Types for args.js, for tests written in TypeScript.

export interface OptionSpec {
	type: 'flag' | 'string' | 'number';
	default?: unknown;
	help?: string;
	placeholder?: string;
}

export interface PositionalSpec {
	name: string;
	type?: 'string' | 'number';
	default?: unknown;
	help?: string;
	/** The last positional only: every remaining argument, as an array. */
	variadic?: boolean;
}

export interface ArgsSpec {
	usage?: string;
	options?: Record<string, OptionSpec>;
	positionals?: PositionalSpec[];
}

export class ArgsError extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- values are typed by each spec at run time
export function parseArgs(argv: string[], spec: ArgsSpec): Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as parseArgs
export function parseArgsOrExit(spec: ArgsSpec, argv?: string[]): Record<string, any>;
export function usageOf(spec: ArgsSpec): string;
