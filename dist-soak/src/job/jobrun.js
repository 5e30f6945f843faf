export class JobRun {
    job;
    workdir;
    /** Errors in the order they happened; the first one is what the server sees. */
    errors = [];
    transExitCode = 0;
    exeErrorCode = 0;
    exeErrorDiag = '';
    /** Job report (metaData) sent with the final update. */
    metadata = '';
    figures = {};
    /** Server asked for debug heartbeats (`debug` command). */
    debug = false;
    debugCommand = '';
    /** Server asked to keep the work directory (`nocleanup`). */
    noCleanup = false;
    pilotSecrets;
    /** Why the job has no log tarball (set when its creation or stage-out failed). */
    logProblem;
    /** The job's journal record (written through at once), when the pilot keeps a journal. */
    journal;
    constructor(job, workdir) {
        this.job = job;
        this.workdir = workdir;
    }
    get jobid() {
        return this.job.jobid;
    }
    /** Record a failure (the first one stays the reported error). */
    fail(err) {
        if (!this.errors.some((e) => e.code === err.code))
            this.errors.push(err);
    }
    get failed() {
        return this.errors.length > 0;
    }
    /** The error reported to the server (first recorded), if any. */
    get error() {
        return this.errors[0];
    }
}
//# sourceMappingURL=jobrun.js.map