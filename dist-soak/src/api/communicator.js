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
import { PandaClient } from '../server/index.js';
export { PandaClient, HarvesterFileClient, pandaClientFromArgs, resolvePandaServer, PILOT_VERSION, } from '../server/index.js';
/** getJob fields from Pilot 3's request attributes. */
export function jobRequestData(args = {}) {
    const map = [
        ['node', 'node'], ['mem', 'mem'], ['getProxyKey', 'getProxyKey'], ['queue', 'computingElement'],
        ['disk_space', 'diskSpace'], ['site', 'siteName'], ['job_label', 'prodSourceLabel'],
        ['working_group', 'workingGroup'], ['cpu', 'cpu'],
    ];
    const data = { getProxyKey: 'False' };
    for (const [from, to] of map)
        if (args[from] !== undefined && args[from] !== null)
            data[to] = String(args[from]);
    return data;
}
/** Pilot 3's communication-manager calls over a {@link PandaClient}. */
export class Communicator {
    /** The transport (exposed for the calls the manager does not wrap: getKeyPair, getProxy, ...). */
    client;
    /** Use an existing client, or build one from {@link PandaClientOptions} (at least `url`). */
    constructor(client) {
        this.client = client instanceof PandaClient ? client : new PandaClient(client);
    }
    /**
     * Ask for up to `njobs` jobs (one getJob per job, as Pilot 3). Stops at the first answer
     * without a job; "no jobs" (StatusCode 20) just ends the list.
     * @returns the job descriptions received (possibly none)
     * @throws COMMUNICATIONFAILURE when the server gives no usable answer or another error status
     */
    async getJobs(njobs = 1, args = {}, opts = {}) {
        const data = jobRequestData(args);
        const jobs = [];
        for (let i = 0; i < njobs; i++) {
            const answer = await this.client.getJob(data, opts);
            const status = String(answer.StatusCode ?? '0');
            if (status === '0' && answer.PandaID !== undefined) {
                jobs.push(answer);
                continue;
            }
            if (status === '20' || status === '0')
                break; // no (more) jobs
            throw errors.COMMUNICATIONFAILURE(`Get job failed: StatusCode ${status} ${String(answer.errorDialog ?? '')}`.trim());
        }
        return jobs;
    }
    /** Send one updateJob per job dictionary; the answers in order. */
    async updateJobs(jobs, opts = {}) {
        const answers = [];
        for (const job of jobs)
            answers.push(await this.client.updateJob(job, opts));
        return answers;
    }
    /**
     * Ask for `numRanges` event ranges of a job.
     * @returns the event ranges ([] = no more events)
     * @throws COMMUNICATIONFAILURE on a non-zero StatusCode
     */
    async getEventRanges(numRanges, job, opts = {}) {
        if (!job || job.PandaID === undefined)
            throw errors.COMMUNICATIONFAILURE('get_event_ranges needs a job (PandaID, jobsetID, taskID)');
        return this.client.getEventRanges({ pandaID: job.PandaID, jobsetID: job.jobsetID, taskID: job.taskID, nRanges: numRanges }, opts);
    }
    /** Report event range updates (`{eventRanges, version}` as Pilot 3 builds them); the server's answer. */
    updateEvents(update, opts = {}) {
        return this.client.updateEventRanges(update, opts);
    }
    /** Pilot 3 spelling of {@link Communicator.getJobs}. */
    get_jobs(njobs = 1, args = {}) {
        return this.getJobs(njobs, args);
    }
    /** Pilot 3 spelling of {@link Communicator.updateJobs}. */
    update_jobs(jobs) {
        return this.updateJobs(jobs);
    }
    /** Pilot 3 spelling of {@link Communicator.getEventRanges} (`num_event_ranges`, `job`). */
    get_event_ranges(num_event_ranges = 1, job) {
        return this.getEventRanges(num_event_ranges, job);
    }
    /** Pilot 3 spelling of {@link Communicator.updateEvents}. */
    update_events(update_events) {
        return this.updateEvents(update_events);
    }
}
//# sourceMappingURL=communicator.js.map