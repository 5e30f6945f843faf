import { type PilotError } from '../common/errors.js';
import type { MonitoredJob, MonitoredQueue, MonitorSettings } from './limits.js';
import type { Snapshot } from './snapshot.js';
import type { WorkdirScanner } from './workdir-scan.js';
/** What a check may look at besides the snapshot. */
export interface WatchContext {
    job: MonitoredJob;
    queue?: MonitoredQueue;
    settings: MonitorSettings;
    workdir: string;
    /** When monitoring (≈ the payload) started, ms since the epoch. */
    startTime: number;
    /** Current time of this tick, ms since the epoch. */
    now: number;
    scanner: WorkdirScanner;
    /** Largest tree PSS seen so far (kB), over every sample. */
    maxPss: number;
    /** Environment (storageLimitMiB / storageRequestMiB). */
    env: NodeJS.ProcessEnv;
    /** Work dir sizes measured by the disk check (bytes, inputs/outputs deducted) — Pilot 3's job.workdirsizes. */
    workdirSizes: number[];
}
/** One periodic check. */
export interface Watcher {
    name: string;
    periodMs: number;
    /** Run on the first tick instead of after one period. */
    runAtStart?: boolean;
    /** Which /proc data the check needs; `false`: no snapshot at all. */
    needs: false | {
        memory?: boolean;
        io?: boolean;
    };
    check(snap: Snapshot | undefined, ctx: WatchContext): PilotError | undefined;
}
/** Memory limit (Pilot 3: ATLAS memory_usage): maxPSS of the tree above the limit → PAYLOADEXCEEDMAXMEM. */
export declare function memoryLimitWatcher(limitKb: number, periodS: number, label: string): Watcher;
/**
 * Looping job (pilot/util/loopingjob.py): the newest modification in the work dir (ignoring the
 * pilot's own files) older than the looping limit → LOOPINGJOB. Only modifications within the
 * limit move the "last touched" time, and none seen yet means no verdict, as in Pilot 3.
 * A gap between checks far longer than the period means the node was suspended: the gap is
 * added to the last touch time (Pilot 3 does this through pilot_heartbeat.json).
 */
export declare function loopingWatcher(settings: MonitorSettings): Watcher & {
    lastTouched(): number | undefined;
};
/** Free space (bytes) where the work dir lives; storageLimitMiB from the batch system wins, as in Pilot 3. */
export declare function freeSpace(path: string, env: NodeJS.ProcessEnv): number | undefined;
/**
 * Disk checks (Pilot 3's verify_disk_usage), first failure wins: payload log sizes → STDOUTTOOBIG,
 * free local space → NOLOCALSPACE, work dir size vs maxwdir → USERDIRTOOLARGE, output files above
 * maximum_output_file_size → OUTPUTFILETOOLARGE.
 */
export declare function diskWatcher(job: MonitoredJob, queue: MonitoredQueue | undefined, settings: MonitorSettings): Watcher;
/** Process count check (Pilot 3: every 300 s, no limit enforced; the maximum is reported). */
export declare function processWatcher(settings: MonitorSettings): Watcher;
