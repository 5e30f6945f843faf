import type { TransferFile } from '../data/types.js';
import type { CopyContext } from './types.js';
/** Record the start of one file's transfer in the trace. */
export declare function traceStart(ctx: CopyContext, f: TransferFile, url: string): void;
/** Trace clientState for a failure code when the tool gave none (Pilot 3's error-map states). */
export declare function stateForCode(code: number | undefined): string | undefined;
/** Record the outcome and send the trace (a failed trace never fails the transfer). */
export declare function traceDone(ctx: CopyContext, ok: boolean, isStagein: boolean, reason?: string, state?: string, code?: number): void;
