/**
 * The mutable record of one job while the pilot runs it: its errors, exit codes, measured figures
 * and back-channel flags. `runJob` owns it; the reporter reads it to build updates.
 */
import { PilotError } from '../common/errors.js';
import type { JournalPatch } from './journal.js';

/** The part of a file description the runner reports on (structural: info's FileSpec satisfies it). */
export interface ReportedFile {
  lfn: string;
  guid?: string;
  filesize?: number;
  checksum?: Record<string, string | undefined>;
  surl?: string;
  turl?: string;
  ddmendpoint?: string;
  status?: string | null;
}

/** The part of a parsed job description the runner needs (info's JobData satisfies it). */
export interface RunnableJob {
  jobid: string;
  attempt_nr?: number;
  corecount?: number;
  indata: ReportedFile[];
  outdata: ReportedFile[];
  logdata: ReportedFile[];
  transformation?: string;
  jobparams?: string;
  workdir?: string;
  /** environment the payload gets on top of the pilot's (a multi-job slot's core share) */
  slotEnv?: Record<string, string>;
  [key: string]: unknown;
}

/** Figures the monitor and payload produce, sent with updates. */
export interface JobFigures {
  cpuConsumptionTime?: number;
  nEvents?: number;
  memory?: Record<string, number>;
  jobMetrics?: string;
  /** Processors the payload's process group ran on, per monitor sample (coreCount: the last, meanCoreCount: the mean). */
  coreCounts?: number[];
}

export class JobRun {
  /** Errors in the order they happened; the first one is what the server sees. */
  readonly errors: PilotError[] = [];
  transExitCode = 0;
  exeErrorCode = 0;
  exeErrorDiag = '';
  /** Job report (metaData) sent with the final update. */
  metadata: string | undefined = undefined;
  figures: JobFigures = {};
  /** Server asked for debug heartbeats (`debug` command). */
  debug = false;
  debugCommand = '';
  /** Server asked to keep the work directory (`nocleanup`). */
  noCleanup = false;
  pilotSecrets?: unknown;
  /** Why the job has no log tarball (set when its creation or stage-out failed). */
  logProblem?: string;
  /** The job's journal record (written through at once), when the pilot keeps a journal. */
  journal?: { update(patch: JournalPatch): void };
  /**
   * Send an update now, still as running (Pilot 3's preliminary_server_update when its job monitor
   * found a reason to stop the job, before the final update); set by the job's reporter.
   */
  preliminaryUpdate?: () => Promise<boolean>;

  constructor(
    readonly job: RunnableJob,
    readonly workdir: string,
  ) {}

  get jobid(): string {
    return this.job.jobid;
  }

  /** Record a failure (the first one stays the reported error). */
  fail(err: PilotError): void {
    if (!this.errors.some((e) => e.code === err.code)) this.errors.push(err);
  }

  get failed(): boolean {
    return this.errors.length > 0;
  }

  /** The error reported to the server (first recorded), if any. */
  get error(): PilotError | undefined {
    return this.errors[0];
  }
}
