import { type PilotError } from '../common/errors.js';
/**
 * Validate an LFN: a plain file name (no '/', not '.' or '..', no shell metacharacters).
 * @param code which failure to raise (stage-in or stage-out family).
 */
export declare function checkLfn(lfn: string, fail?: (diag: string) => PilotError): void;
/** Validate a Rucio scope: dotted names, optionally 'user.x' style; no path tricks. */
export declare function checkScope(scope: string, fail?: (diag: string) => PilotError): void;
/**
 * Rucio's deterministic path: `<scope split on '.'>/<md5[0:2]>/<md5[2:4]>/<lfn>`, where md5 is
 * over "scope:lfn"; empty parts dropped (Pilot 3's get_path).
 */
export declare function rucioPath(scope: string, lfn: string): string;
/**
 * `dir/name` after checking the result stays inside `dir` (defence in depth on top of checkLfn).
 */
export declare function safeJoin(dir: string, name: string, fail?: (diag: string) => PilotError): string;
/** Transfer timeout in seconds for a file: min(400 + size/1e6 + add, 10800) (Pilot 3's get_timeout). */
export declare function transferTimeout(filesize: number | undefined, add?: number): number;
/** URL scheme ('root', 'davs', ...) or '' for a plain path. */
export declare function urlScheme(url: string): string;
/**
 * A URL fit for logs and error messages: query string (signed URLs, `authz=` tokens) and
 * user:password dropped.
 */
export declare function redactUrl(url: string | undefined): string;
