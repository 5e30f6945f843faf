/**
 * updateJob as panda-server processes it (JobDispatcher.updateJob + DBProxy.updateJobStatus,
 * spec §6.6): parameter mapping with the server's truncations and conversions, final states
 * stored as `holding` for the Adder, the transition rules (alreadydone, starting after running,
 * no way back from holding), lookup by PandaID *and* attemptNr, and the command answer
 * (`debug,` prefix, commandToPilot, `tobekilled` for unknown/archived jobs).
 */
import type { HandlerContext, HandlerResult } from './handlers.js';
import type { Params } from './request.js';
/** The updateJob handler. */
export declare function applyUpdate(p: Params, ctx: HandlerContext): HandlerResult;
