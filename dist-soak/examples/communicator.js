/**
 * Example: the Communicator API against a PanDA server (or the panda-emulator).
 *
 *   PANDA_URL=http://127.0.0.1:25080 PANDA_QUEUE=DEMO node dist/examples/communicator.js
 *
 * Gets one job, reports it running, takes up to NUM_RANGES event ranges (none for a plain job),
 * marks them finished and reports the job finished. Env: PANDA_URL (required), PANDA_QUEUE
 * (required), JOB_LABEL (default "managed"), NUM_RANGES (default 2). Prints a JSON summary.
 */
import { hostname } from 'node:os';
import { communicator } from 'panda-pilot/api';
const url = process.env.PANDA_URL;
const queue = process.env.PANDA_QUEUE;
if (!url || !queue) {
    console.error('set PANDA_URL and PANDA_QUEUE');
    process.exit(2);
}
const comm = new communicator.Communicator({ url, randomizeAlias: false, updateSleepS: 1 });
const jobs = await comm.getJobs(1, { queue, site: queue, job_label: process.env.JOB_LABEL ?? 'managed', node: hostname(), mem: 2000, disk_space: 10000 });
if (jobs.length === 0) {
    console.log(JSON.stringify({ jobs: 0 }));
    process.exit(0);
}
const job = jobs[0];
const pandaID = String(job.PandaID);
const heartbeat = (state) => ({ jobId: pandaID, state, siteName: queue, node: hostname(), attemptNr: job.attemptNr ?? 1 });
const running = await comm.updateJobs([heartbeat('running')]);
const ranges = await comm.getEventRanges(Number(process.env.NUM_RANGES ?? 2), {
    PandaID: pandaID,
    jobsetID: String(job.jobsetID ?? 0),
    taskID: String(job.taskID ?? 0),
});
let eventUpdate;
if (ranges.length > 0) {
    const done = ranges.map((r) => ({ eventRangeID: r.eventRangeID, eventStatus: 'finished' }));
    eventUpdate = await comm.updateEvents({ eventRanges: JSON.stringify(done), version: 0 });
}
const finished = await comm.updateJobs([heartbeat('finished')]);
console.log(JSON.stringify({ jobs: jobs.length, pandaID, running: running[0], ranges: ranges.map((r) => r.eventRangeID), eventUpdate, finished: finished[0] }));
//# sourceMappingURL=communicator.js.map