import { z } from 'zod';
import type { JobRecord, QueueDefinition } from './types.js';
/** Schema of a friendly job definition (see README of the emulator in the report). */
export declare const JobDefinitionSchema: z.ZodObject<{
    queue: z.ZodString;
    count: z.ZodDefault<z.ZodNumber>;
    PandaID: z.ZodOptional<z.ZodNumber>;
    jobStatus: z.ZodDefault<z.ZodEnum<{
        activated: "activated";
        defined: "defined";
    }>>;
    prodSourceLabel: z.ZodDefault<z.ZodString>;
    transformation: z.ZodDefault<z.ZodString>;
    jobPars: z.ZodDefault<z.ZodString>;
    jobName: z.ZodOptional<z.ZodString>;
    attemptNr: z.ZodDefault<z.ZodNumber>;
    maxAttempts: z.ZodOptional<z.ZodNumber>;
    taskID: z.ZodDefault<z.ZodNumber>;
    jobsetID: z.ZodDefault<z.ZodNumber>;
    jobDefinitionID: z.ZodDefault<z.ZodNumber>;
    reqID: z.ZodOptional<z.ZodNumber>;
    currentPriority: z.ZodDefault<z.ZodNumber>;
    coreCount: z.ZodDefault<z.ZodNullable<z.ZodNumber>>;
    minRamCount: z.ZodDefault<z.ZodNumber>;
    maxDiskCount: z.ZodDefault<z.ZodNumber>;
    maxCpuCount: z.ZodDefault<z.ZodNumber>;
    maxWalltime: z.ZodDefault<z.ZodNullable<z.ZodNumber>>;
    resource_type: z.ZodDefault<z.ZodString>;
    swRelease: z.ZodDefault<z.ZodString>;
    homepackage: z.ZodDefault<z.ZodString>;
    cmtConfig: z.ZodDefault<z.ZodString>;
    processingType: z.ZodDefault<z.ZodString>;
    transferType: z.ZodDefault<z.ZodString>;
    prodUserID: z.ZodDefault<z.ZodString>;
    cloud: z.ZodDefault<z.ZodString>;
    nucleus: z.ZodDefault<z.ZodString>;
    container_name: z.ZodOptional<z.ZodString>;
    specialHandling: z.ZodDefault<z.ZodString>;
    debug: z.ZodOptional<z.ZodBoolean>;
    inFiles: z.ZodDefault<z.ZodArray<z.ZodObject<{
        lfn: z.ZodString;
        scope: z.ZodDefault<z.ZodString>;
        size: z.ZodOptional<z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>>;
        fsize: z.ZodOptional<z.ZodUnion<readonly [z.ZodNumber, z.ZodString]>>;
        checksum: z.ZodOptional<z.ZodString>;
        guid: z.ZodOptional<z.ZodString>;
        ddm: z.ZodOptional<z.ZodString>;
        dataset: z.ZodOptional<z.ZodString>;
        prodDBlockToken: z.ZodOptional<z.ZodString>;
        dispatchDBlock: z.ZodOptional<z.ZodString>;
        dispatchDBlockToken: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>>;
    outFiles: z.ZodDefault<z.ZodArray<z.ZodObject<{
        lfn: z.ZodString;
        scope: z.ZodDefault<z.ZodString>;
        ddm: z.ZodOptional<z.ZodString>;
        dataset: z.ZodOptional<z.ZodString>;
        destinationDblock: z.ZodOptional<z.ZodString>;
        destinationDBlockToken: z.ZodOptional<z.ZodString>;
        destinationSE: z.ZodOptional<z.ZodString>;
        guid: z.ZodOptional<z.ZodString>;
        allowNoOutput: z.ZodOptional<z.ZodBoolean>;
    }, z.core.$strict>>>;
    logFile: z.ZodOptional<z.ZodNullable<z.ZodObject<{
        lfn: z.ZodOptional<z.ZodString>;
        scope: z.ZodDefault<z.ZodString>;
        ddm: z.ZodOptional<z.ZodString>;
        dataset: z.ZodOptional<z.ZodString>;
        destinationDblock: z.ZodOptional<z.ZodString>;
        destinationDBlockToken: z.ZodOptional<z.ZodString>;
        destinationSE: z.ZodOptional<z.ZodString>;
        guid: z.ZodOptional<z.ZodString>;
        allowNoOutput: z.ZodOptional<z.ZodBoolean>;
    }, z.core.$strict>>>;
    eventRanges: z.ZodOptional<z.ZodArray<z.ZodObject<{
        startEvent: z.ZodNumber;
        lastEvent: z.ZodNumber;
        LFN: z.ZodString;
        GUID: z.ZodOptional<z.ZodString>;
        scope: z.ZodOptional<z.ZodString>;
    }, z.core.$strict>>>;
    fields: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodUnknown>>;
}, z.core.$strict>;
declare const RawDefinitionSchema: z.ZodObject<{
    queue: z.ZodString;
    raw: z.ZodRecord<z.ZodString, z.ZodUnknown>;
    prodSourceLabel: z.ZodOptional<z.ZodString>;
    jobStatus: z.ZodDefault<z.ZodEnum<{
        activated: "activated";
        defined: "defined";
    }>>;
}, z.core.$strict>;
/** A friendly definition as written (before defaults). */
export type JobDefinitionInput = z.input<typeof JobDefinitionSchema> | z.input<typeof RawDefinitionSchema>;
/** Raised for an invalid definition, with every problem in one message. */
export declare class JobDefinitionError extends Error {
}
/** What the store provides while building records. */
export interface BuildContext {
    queues: Record<string, QueueDefinition>;
    nextPandaID: () => number;
    now: number;
}
/** A fresh job record with server defaults (no files, no spec). */
export declare function baseRecord(pandaID: number, queue: string, site: string, now: number, status: string): JobRecord;
/** Turn one definition (friendly or raw) into job records; `count` makes copies with new IDs. */
export declare function buildJobRecords(def: unknown, ctx: BuildContext, where?: string): JobRecord[];
/** Add a special-handling tag (comma list) once. */
export declare function addTag(sh: string, tag: string): string;
/** Remove a special-handling tag. */
export declare function removeTag(sh: string, tag: string): string;
/** True when the job is in debug mode (tag `dm` or literal `debug`, JobSpec.is_debug_mode). */
export declare function isDebugMode(rec: JobRecord): boolean;
export {};
