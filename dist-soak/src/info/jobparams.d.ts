import type { RawRecord } from './clean.js';
/** What clean__jobparams extracts from jobPars. */
export interface CleanedJobParams {
    jobparams: string;
    overwrite_queuedata: RawRecord;
    overwrite_storagedata: RawRecord;
    zipmap: string;
    /** '' when no --containerImage option was present. */
    imagename: string;
}
/** A shell-like token with its position in the original text. */
interface Token {
    value: string;
    start: number;
    end: number;
}
/**
 * Split like Python's shlex.split (POSIX mode) but keep each token's span; undefined on an
 * unbalanced quote (Pilot 3 then leaves the parameters untouched, and so do we).
 */
export declare function tokenize(s: string): Token[] | undefined;
/** Extract and remove the pilot's own options from jobPars (see the module comment). */
export declare function cleanJobParams(value: string): CleanedJobParams;
export {};
