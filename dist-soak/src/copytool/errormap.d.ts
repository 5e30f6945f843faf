/**
 * Pilot 3's mapping of transfer-tool output to error codes (resolve_common_transfer_errors).
 * The first matching rule wins; a `Details:` line replaces the message; `service_unavailable`
 * forces 1316.
 */
import { PilotError } from '../common/errors.js';
/** Result of mapping a tool's output: code, trace clientState and the message kept. */
export interface MappedError {
    rcode: number;
    state: string;
    error: string;
}
/** Map a transfer tool's output to Pilot 3's code/state (stage-in or stage-out family). */
export declare function resolveCommonTransferErrors(output: string, isStagein: boolean): MappedError;
/** A PilotError from tool output (with the trace state attached for the caller). */
export declare function transferError(output: string, isStagein: boolean): PilotError & {
    state: string;
};
