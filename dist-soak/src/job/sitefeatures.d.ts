/** Machine features Pilot 3 knows (values are strings, as read). */
export declare const MACHINE_FEATURES: readonly ["hs06", "shutdowntime", "total_cpu", "grace_secs"];
/** Job features Pilot 3 knows. */
export declare const JOB_FEATURES: readonly ["allocated_cpu", "hs06_job", "shutdowntime_job", "grace_secs_job", "jobstart_secs", "job_id", "wall_limit_secs", "cpu_limit_secs", "max_rss_bytes", "max_swap_bytes", "scratch_limit_bytes"];
/** Read the features present in an MJF directory (missing files are left out). */
export declare function readFeatures(dir: string | undefined, names: readonly string[]): Record<string, string>;
/** Pilot 3's grace before the machine's shutdown time (10 minutes). */
export declare const SHUTDOWN_GRACE_S = 600;
/**
 * Pilot 3's shutdown-time check: true when the machine features give a shutdown time set after
 * the pilot started and now is within the grace period of it (or past it).
 */
export declare function shutdownTimeReached(env: NodeJS.ProcessEnv, pilotStartS: number, nowS?: number): boolean;
/** Options of {@link delayToGetJob} (the node's figures can be given, for tests). */
export interface LoadRule {
    enabled: boolean;
    loadFactor: number;
    load1?: number;
    cores?: number;
}
/** Pilot 3's delay_to_get_job: hold back when the 1-minute load exceeds cores × load factor. */
export declare function delayToGetJob(rule: LoadRule): {
    delay: boolean;
    load1: number;
    maxLoad: number;
};
/** The rule from PILOT_ENABLE_DELAY_TO_GET_JOB / PILOT_LOAD_FACTOR, else [Pilot] enable_delay_to_get_job / load_factor. */
export declare function loadRule(env: NodeJS.ProcessEnv, config: {
    get(s: string, k: string, d?: string): string | undefined;
}): LoadRule;
