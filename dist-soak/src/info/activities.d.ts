import { type ActivityMap, type QueueData } from './queuedata.js';
/** Copytools configuration as callers pass it to a staging client. */
export type CopytoolsArg = string | string[] | ActivityMap | null | undefined;
/**
 * The activity → copytools map a staging client uses (StagingClient constructor, steps 3–5):
 * the caller's value (string → {default: [s]}, list → {default: list}); else the queue's
 * acopytools; else {default: names of queuedata.copytools}; then `default` added from
 * `defaultCopytools` when missing.
 * @throws PilotError UNKNOWNCOPYTOOL (1323) when nothing at all is configured.
 */
export declare function resolveAcopytools(queuedata: QueueData | null | undefined, acopytools?: CopytoolsArg, defaultCopytools?: string | string[]): ActivityMap;
/**
 * Copytool names for an activity list (first non-empty entry, `default` tried last; the caller's
 * list is not modified, unlike Pilot 3's quirk 16).
 * @throws PilotError UNKNOWNCOPYTOOL (1323) when no activity has copytools.
 */
export declare function copytoolsForActivity(acopytools: ActivityMap, activity: string | string[] | null | undefined): string[];
/** DDM endpoints for an activity list from queuedata.astorages (first non-empty entry; no `default`), [] if none. */
export declare function storagesForActivity(queuedata: QueueData | null | undefined, activity: string | string[]): string[];
/** Stage-in activities for the queue and job (classic stage-in). */
export declare function stageInActivities(queuedata: QueueData | null | undefined, isAnalysis: boolean): {
    copytool: string[];
    storages: string[];
};
/** Stage-out activities for outputs (or, with `log`, for the log file). */
export declare function stageOutActivities(queuedata: QueueData | null | undefined, isAnalysis: boolean, log?: boolean): string[];
