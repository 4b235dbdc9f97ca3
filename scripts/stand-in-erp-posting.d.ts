// Types for stand-in-erp-posting.js, for tests written in TypeScript.
import type { StandInOptions } from './stand-in-erp';

export function postingStandInOptions(): StandInOptions;
