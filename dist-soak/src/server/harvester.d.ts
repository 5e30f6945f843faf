import type { PilotConfig } from '../config/index.js';
import type { JobFilesInfo, PilotServerClient, RequestOptions, ServerAnswer, UpdateJobOptions } from './types.js';
/** Where the pilot and Harvester meet. */
export interface HarvesterFileOptions {
    /** main work dir (PILOT_HOME) */
    pilotHome: string;
    /** launch dir (Pilot 3's args.sourcedir) */
    sourceDir?: string;
    /** `--workdir` (PILOT_WORK_DIR) */
    pilotWorkDir?: string;
    /** `--harvester-workdir` (the access point; default pilotHome) */
    harvesterWorkdir?: string;
    /** `--harvester-datadir` */
    harvesterDatadir?: string;
    /** Harvester mode (see isHarvesterMode); false = write heartbeat.json only (Nordugrid mode) */
    harvester: boolean;
    /** `--pod` */
    pod?: boolean;
    /** file names ([Pilot] pandajobdata, heartbeat_message; [Harvester] ...); defaults as default.cfg */
    config?: PilotConfig;
    env?: NodeJS.ProcessEnv;
}
/** Pilot 3's is_harvester_mode for parsed args and an environment. */
export declare function isHarvesterMode(args: {
    harvester_workdir: string;
    harvester_datadir: string;
    harvester_eventstatusdump: string;
    harvester_workerattributes: string;
    harvester_submitmode: string;
    update_server: boolean;
}, env?: NodeJS.ProcessEnv): boolean;
/** Write JSON as Pilot 3's write_json (sorted keys, indent 4), atomically (temp file + rename). */
export declare function writeJsonFile(path: string, data: unknown): void;
/** Pilot 3's time_stamp(): local time ISO-8601 with the UTC offset, e.g. 2026-03-10T16:10:06+01:00. */
export declare function timeStamp(d?: Date): string;
/** First file called `name` under `dir` (top-down walk like os.walk), "" when none. */
export declare function findFile(dir: string, name: string): string;
/** Harvester / Nordugrid file transport. */
export declare class HarvesterFileClient implements PilotServerClient {
    private readonly opts;
    private readonly logger;
    private readonly env;
    constructor(opts: HarvesterFileOptions);
    private name;
    /** The access point: `--harvester-workdir`, else PILOT_HOME. */
    get accessPoint(): string;
    /** Path of the job request file (in PILOT_HOME, as Pilot 3). */
    get jobRequestFile(): string;
    /** Pilot 3's locate_job_definition: the first existing job definition file, or "". */
    locateJobDefinition(): string;
    /**
     * Pilot 3's get_job_definition_from_file: Harvester/pod JSON `{PandaID: {...}}` (first job, with
     * `jobid` added; the file is moved to PILOT_HOME/job_definition.json), else URL-encoded fields
     * (blank values kept; the file is removed). `{}` when a JSON file holds no job.
     * @throws FILEHANDLINGFAILURE for an empty or unreadable file (fatal in Pilot 3)
     */
    readJobDefinition(path: string): ServerAnswer;
    /** A job from the pre-placed file, or `{}` when there is none (yet). */
    getJob(_data?: Record<string, unknown>, _opts?: RequestOptions): Promise<ServerAnswer>;
    /**
     * Publish an update: Harvester mode → worker_attributes.json (the update plus `jobStatus`, fresh
     * `timestamp`, without `xml`/`inputfiles`/`outputfiles`), and on the final update also
     * event_status.dump.json and the trimmed jobReport.json; otherwise heartbeat.json in PILOT_HOME.
     * @returns `{StatusCode: 0}` (there is no back channel in file mode)
     * @throws FILEHANDLINGFAILURE when a file cannot be written or a final update has nothing to declare
     */
    updateJob(data: Record<string, unknown>, opts?: UpdateJobOptions): Promise<ServerAnswer>;
    /** event_status.dump.json: `{jobid: [{type, path, guid, fsize, chksum}]}`, log first, transferred outputs. */
    publishStageOutFiles(job: JobFilesInfo): string;
    /** Copy the job's jobReport.json to the access point with every executor logfileReport emptied. */
    publishJobReport(job: JobFilesInfo): boolean;
    /** Ask Harvester for another job (`{"nJobs": n}`), unless a request is already pending. */
    requestNewJobs(njobs?: number): void;
    /** Tell Harvester the pilot is done (empty kill_worker file in PILOT_HOME). */
    killWorker(): string;
    /** Nothing to send in file mode (Pilot 3 only sends it with server updates on). */
    updateWorkerPilotStatus(_data: Record<string, unknown>, _opts?: RequestOptions): Promise<ServerAnswer>;
}
