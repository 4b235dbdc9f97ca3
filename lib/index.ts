/**
 * The library: four functions (and the Guard's reusable form, createHandoffGuard), their types
 * and the option vocabulary. The nodes are thin shells over it.
 */
export { reconcileReturns } from './reconcile';
export type { ReconcileResult, ReturnCase, UnmatchedRecord } from './reconcile';
export { createHandoffGuard, validateHandoff } from './guard';
export type { GuardResult, HandoffGuard, KnownOrdersSource, Problem, ProblemCode } from './guard';
export { tagHandoffError } from './tagger';
export { summarizePatterns } from './patterns';
export type { PatternOptions, PatternSummary, PatternSignature } from './patterns';
export type {
	GuardOptions,
	IdRules,
	KnownOrder,
	Options,
	OptionsErrorData,
	ReconcileOptions,
	TagOptions,
} from './options';
export { OPTION_NAMES, OptionsError } from './options';
export type {
	Finding,
	HandoffTag,
	MatchMethod,
	RecordKind,
	Scope,
	Severity,
	State,
	Symptom,
} from './types';
export type { AnyCause, Cause, NoSymptomCause, SymptomCause } from './catalog';
