import type { RawRecord } from './clean.js';
import type { InfoConfig } from './extinfo.js';
/** Anything that can contribute queue/storage data or source priorities. */
export interface InfoProvider {
    resolve_queuedata?(pandaqueue: string, opts?: {
        schedconfPriority?: string[] | null;
    }): Promise<RawRecord> | RawRecord;
    resolve_storage_data?(ddmendpoints: string[]): Promise<RawRecord> | RawRecord;
    resolve_schedconf_sources?(): string[] | null;
}
/**
 * Overrides from the pilot configuration: only `[Information] acopytools` (a Python-literal
 * dict), as in Pilot 3. Quirk 2: Pilot 3 also sends `maxwdir_broken` and `es_stageout_gap: 601`,
 * which no QueueData field reads; we leave them out.
 */
export declare class PilotConfigProvider implements InfoProvider {
    readonly config: InfoConfig | null;
    constructor(config?: InfoConfig | null);
    resolve_schedconf_sources(): string[] | null;
    resolve_queuedata(pandaqueue: string): RawRecord;
}
/** The job fields the job provider reads. */
export interface JobOverrides {
    platform?: string;
    overwrite_queuedata?: RawRecord;
    overwrite_storagedata?: RawRecord;
}
/** Overrides from a job: its platform (cmtconfig) and --overwriteQueueData/--overwriteStorageData. */
export declare class JobInfoProvider implements InfoProvider {
    readonly job: JobOverrides;
    constructor(job: JobOverrides);
    resolve_schedconf_sources(): string[] | null;
    resolve_queuedata(pandaqueue: string): RawRecord;
    resolve_storage_data(ddmendpoints?: string[]): RawRecord;
}
