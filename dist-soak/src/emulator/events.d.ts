/**
 * Event-service calls (spec §8): getEventRanges hands out a job's ready ranges in order while the
 * job is sent/starting/running and not being killed; updateEventRanges records range statuses
 * and answers with the version-dependent encoding quirk (version 0: JSON strings inside JSON).
 */
import type { HandlerContext, HandlerResult } from './handlers.js';
import type { Params } from './request.js';
/** getEventRanges(pandaID, jobsetID, taskID, nRanges, ...). */
export declare function getEventRanges(p: Params, ctx: HandlerContext): HandlerResult;
/** updateEventRanges(eventRanges, version, ...). */
export declare function updateEventRanges(p: Params, ctx: HandlerContext): HandlerResult;
