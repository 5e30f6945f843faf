/**
 * Communicator API: the PanDA server calls for library users.
 *
 * The transport is the pilot's own {@link PandaClient} (same encodings, authentication, timeouts
 * and retries; Harvester's file transport implements the same job calls). {@link Communicator}
 * adds the call shapes of Pilot 3's communication manager (get_jobs, update_jobs,
 * get_event_ranges, update_events) as plain async methods: no manager thread, no polling; a
 * call resolves when the server has answered.
 */
import { errors } from '../common/errors.js';
import { PandaClient, type PandaClientOptions, type RequestOptions, type ServerAnswer } from '../server/index.js';

export {
  PandaClient,
  HarvesterFileClient,
  pandaClientFromArgs,
  resolvePandaServer,
  PILOT_VERSION,
  type PandaClientOptions,
  type HarvesterFileOptions,
  type PilotServerClient,
  type RequestOptions,
  type UpdateJobOptions,
  type ServerAnswer,
  type JobFilesInfo,
  type FileLike,
} from '../server/index.js';
export type { BearerAuth } from '../server/auth.js';
export type { PilotConfig, ConfigValue } from '../config/index.js';
export type { PilotArgs } from '../cli/args.js';

/** What the get-jobs request may carry (Pilot 3's request attributes → getJob fields). */
export interface JobRequestArgs {
  /** → computingElement */
  queue?: string;
  /** → siteName */
  site?: string;
  /** → prodSourceLabel */
  job_label?: string;
  /** → workingGroup */
  working_group?: string;
  /** → diskSpace (MB) */
  disk_space?: number | string;
  /** → node (worker node name) */
  node?: string;
  /** → mem (MB available to the job) */
  mem?: number | string;
  /** → cpu (CPU speed, MHz) */
  cpu?: number | string;
  /** "True"/"False" (default "False") */
  getProxyKey?: string;
}

/** The job keys an event-range request needs (Pilot 3's job dictionary names). */
export interface EventJobRef {
  /** The job's PandaID (sent as pandaID). */
  PandaID: string | number;
  /** Its jobset (sent as jobsetID). */
  jobsetID: string | number;
  /** Its task (sent as taskID). */
  taskID: string | number;
}

/** getJob fields from Pilot 3's request attributes. */
export function jobRequestData(args: JobRequestArgs = {}): Record<string, string> {
  const map: Array<[keyof JobRequestArgs, string]> = [
    ['node', 'node'], ['mem', 'mem'], ['getProxyKey', 'getProxyKey'], ['queue', 'computingElement'],
    ['disk_space', 'diskSpace'], ['site', 'siteName'], ['job_label', 'prodSourceLabel'],
    ['working_group', 'workingGroup'], ['cpu', 'cpu'],
  ];
  const data: Record<string, string> = { getProxyKey: 'False' };
  for (const [from, to] of map) if (args[from] !== undefined && args[from] !== null) data[to] = String(args[from]);
  return data;
}

/** Pilot 3's communication-manager calls over a {@link PandaClient}. */
export class Communicator {
  /** The transport (exposed for the calls the manager does not wrap: getKeyPair, getProxy, ...). */
  readonly client: PandaClient;

  /** Use an existing client, or build one from {@link PandaClientOptions} (at least `url`). */
  constructor(client: PandaClient | PandaClientOptions) {
    this.client = client instanceof PandaClient ? client : new PandaClient(client);
  }

  /**
   * Ask for up to `njobs` jobs (one getJob per job, as Pilot 3). Stops at the first answer
   * without a job; "no jobs" (StatusCode 20) just ends the list.
   * @returns the job descriptions received (possibly none)
   * @throws COMMUNICATIONFAILURE when the server gives no usable answer or another error status
   */
  async getJobs(njobs = 1, args: JobRequestArgs = {}, opts: RequestOptions = {}): Promise<Record<string, unknown>[]> {
    const data = jobRequestData(args);
    const jobs: Record<string, unknown>[] = [];
    for (let i = 0; i < njobs; i++) {
      const answer = await this.client.getJob(data, opts);
      const status = String(answer.StatusCode ?? '0');
      if (status === '0' && answer.PandaID !== undefined) {
        jobs.push(answer);
        continue;
      }
      if (status === '20' || status === '0') break; // no (more) jobs
      throw errors.COMMUNICATIONFAILURE(`Get job failed: StatusCode ${status} ${String(answer.errorDialog ?? '')}`.trim());
    }
    return jobs;
  }

  /** Send one updateJob per job dictionary; the answers in order. */
  async updateJobs(jobs: Record<string, unknown>[], opts: RequestOptions = {}): Promise<ServerAnswer[]> {
    const answers: ServerAnswer[] = [];
    for (const job of jobs) answers.push(await this.client.updateJob(job, opts));
    return answers;
  }

  /**
   * Ask for `numRanges` event ranges of a job.
   * @returns the event ranges ([] = no more events)
   * @throws COMMUNICATIONFAILURE on a non-zero StatusCode
   */
  async getEventRanges(numRanges: number, job: EventJobRef, opts: RequestOptions = {}): Promise<Record<string, unknown>[]> {
    if (!job || job.PandaID === undefined) throw errors.COMMUNICATIONFAILURE('get_event_ranges needs a job (PandaID, jobsetID, taskID)');
    return this.client.getEventRanges({ pandaID: job.PandaID, jobsetID: job.jobsetID, taskID: job.taskID, nRanges: numRanges }, opts);
  }

  /** Report event range updates (`{eventRanges, version}` as Pilot 3 builds them); the server's answer. */
  updateEvents(update: Record<string, unknown>, opts: RequestOptions = {}): Promise<ServerAnswer> {
    return this.client.updateEventRanges(update, opts);
  }

  /** Pilot 3 spelling of {@link Communicator.getJobs}. */
  get_jobs(njobs = 1, args: JobRequestArgs = {}): Promise<Record<string, unknown>[]> {
    return this.getJobs(njobs, args);
  }

  /** Pilot 3 spelling of {@link Communicator.updateJobs}. */
  update_jobs(jobs: Record<string, unknown>[]): Promise<ServerAnswer[]> {
    return this.updateJobs(jobs);
  }

  /** Pilot 3 spelling of {@link Communicator.getEventRanges} (`num_event_ranges`, `job`). */
  get_event_ranges(num_event_ranges = 1, job?: EventJobRef): Promise<Record<string, unknown>[]> {
    return this.getEventRanges(num_event_ranges, job as EventJobRef);
  }

  /** Pilot 3 spelling of {@link Communicator.updateEvents}. */
  update_events(update_events: Record<string, unknown>): Promise<ServerAnswer> {
    return this.updateEvents(update_events);
  }
}
