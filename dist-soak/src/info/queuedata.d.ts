/**
 * QueueData: the typed view on a PanDA queue's CRIC/PanDA description, with Pilot 3's field names
 * and cleaning (pilot/info/queuedata.py). External names are mapped: nickname→name,
 * panda_resource→resource, cmtconfig→platform, atlas_site|gstat→site, zip_time_gap→es_stageout_gap.
 */
import { type RawRecord } from './clean.js';
/** Activity → ordered list of names (copytools or DDM endpoints). */
export type ActivityMap = Record<string, string[]>;
/** Per-activity allowed schemas: a list for all copytools or `{copytool: [schemas]}`. */
export type SchemaMap = Record<string, string[] | Record<string, string[]>>;
/** Typed, cleaned queue description (Pilot 3's QueueData). */
export declare class QueueData {
    /** Queue name (external `nickname`). */
    name: string;
    /** e.g. production, analysis, unified. */
    type: string | null;
    /** PanDA resource (external `panda_resource`). */
    resource: string;
    /** Site name (external `atlas_site`, else `gstat`). */
    site: string | null;
    /** CRIC state: must be ACTIVE for the pilot to run. */
    state: string | null;
    /** PanDA status, e.g. online / offline / brokeroff / test. */
    status: string;
    appdir: string;
    /** Extra `key=value` exports for the payload. */
    environ: string;
    /** cmtconfig of the queue. */
    platform: string;
    /** e.g. GRID, hpc. */
    resource_type: string;
    /** Free-form flags: mv_final_destination, allow_wan_for_lib, IMAGE_BASE=, singularity_options=... */
    catchall: string;
    container_options: string;
    /** Container runtime by user, e.g. {pilot: 'apptainer', middleware: 'container'}. */
    container_type: Record<string, string>;
    /** Copytool settings by name, e.g. {rucio: {setup: ''}}. */
    copytools: Record<string, Record<string, unknown>> | null;
    /** Copytools per activity, e.g. {pr: ['rucio'], pw: ['rucio']}. */
    acopytools: ActivityMap | null;
    acopytools_schemas: SchemaMap;
    /** DDM endpoints per activity. */
    astorages: ActivityMap | null;
    aprotocols: RawRecord | null;
    /** Extra parameters (allow_altstageout, pilot_*_grace, job_maxwalltime, ...). */
    params: RawRecord;
    direct_access_lan: boolean;
    direct_access_wan: boolean;
    allow_lan: boolean;
    allow_wan: boolean;
    use_pcache: boolean;
    is_cvmfs: boolean;
    /** MB: maximum work directory size (also the total input size limit). */
    maxwdir: number;
    /** MB. */
    maxrss: number;
    /** MB; -1 disables input size checks. */
    maxinputsize: number;
    /** Seconds: the pilot's maximum lifetime on the resource (0 = use --lifetime). */
    maxtime: number;
    /** Seconds (CRIC gives minutes; converted as Pilot 3 does). */
    timefloor: number;
    corecount: number;
    pledgedcpu: number;
    /** Seconds (external `zip_time_gap`; 0 → 600 opportunistic / 7200). */
    es_stageout_gap: number;
    /** Percent. */
    memkillgrace: number;
    /** From params.allow_altstageout: true/false, or null for no preference. */
    altstageout: boolean | null;
    pilot_walltime_grace: number;
    pilot_rss_grace: number;
    pilot_maxwdir_grace: number;
    /** The merged external record this was built from. */
    readonly raw: RawRecord;
    /**
     * @throws PilotError QUEUEDATANOTOK (1117) when a dict field holds text that is not a literal
     * (Pilot 3 crashes there with a Python SyntaxError).
     */
    constructor(data: RawRecord);
    /** Pilot 3's clean(): derived values and container option fix-ups. */
    private finish;
    /**
     * Allowed schemas for an activity (ordered list, `default` tried last) and copytool, from
     * acopytools_schemas; [] when nothing is configured. Does not modify the caller's list (Pilot 3
     * appends `default` to it and splits a string activity into characters: both fixed).
     */
    resolve_allowed_schemas(activity: string | string[] | null | undefined, copytool?: string | null): string[];
    /** Queue preference for alternative stage-out (null = no preference). */
    allow_altstageout(): boolean | null;
}
/** An activity argument as an ordered list with `default` appended (a new array). */
export declare function activityList(activity: string | string[] | null | undefined): string[];
/** 'apptainer:pilot;container:middleware' → {pilot: 'apptainer', middleware: 'container'}. */
export declare function parseContainerType(value: string): Record<string, string>;
