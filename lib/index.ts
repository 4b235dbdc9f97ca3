/** The library: four functions and their types, nothing else. The nodes are thin shells over it. */
export { reconcileReturns } from './reconcile';
export type { ReconcileResult, ReturnCase, UnmatchedRecord } from './reconcile';
export { validateHandoff } from './guard';
export type { GuardResult, Problem, ProblemCode } from './guard';
export { tagHandoffError } from './tagger';
export { summarizePatterns } from './patterns';
export type { PatternOptions, PatternSummary, PatternSignature } from './patterns';
export type { GuardOptions, IdRules, KnownOrder, ReconcileOptions, TagOptions } from './options';
export { OptionsError } from './options';
export type { Finding, HandoffTag, MatchMethod, RecordKind, Scope, Severity, State, Symptom } from './types';
