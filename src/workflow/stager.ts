/**
 * Pilot 3's `stager` workflow (`-w stager`): the job's inputs are staged in and nothing is run;
 * the job is `running` until its lease (`-L/--leasetime`, 3600 s) is up, then ends `finished`
 * with only its log staged out. With `--input-destination-dir` the staged files are put there (the
 * directory an interactive user's pod reads), and with `--pod` and no inputs the pilot reports the
 * job running and is no longer needed, as in Pilot 3.
 */
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { log } from '../common/log.js';
import { sleep } from '../common/timing.js';
import type { JobSteps } from '../job/runjob.js';

/** Options of {@link stagerSteps}. */
export interface StagerOptions {
  /** Lease time, seconds. */
  leaseS: number;
  /** Where staged inputs go (`--input-destination-dir`; default: the job's work dir). */
  inputDestination?: string;
  /** `--pod`: a job without inputs ends as soon as it is reported running. */
  pod?: boolean;
}

/** Move a file, across file systems too. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

/** The generic steps with the payload replaced by the lease and stage-out limited to the log. */
export function stagerSteps(steps: JobSteps, opts: StagerOptions): JobSteps {
  const logger = log('stager');
  return {
    ...steps,
    async stageIn(run, signal) {
      await steps.stageIn(run, signal);
      const dest = opts.inputDestination;
      if (!dest) return;
      await mkdir(dest, { recursive: true });
      for (const f of run.job.indata) {
        // the LFN was checked against path escapes when the job was parsed
        await moveFile(path.join(run.workdir, f.lfn), path.join(dest, path.basename(f.lfn)));
        logger.info({ lfn: f.lfn, dest }, 'staged input moved to the input destination');
      }
    },
    async executePayload(run, signal, started) {
      started();
      if (opts.pod && run.job.indata.length === 0) {
        logger.info({ jobid: run.jobid }, 'stager pod without inputs: reported running, pilot no longer needed');
        return;
      }
      logger.info({ jobid: run.jobid, leaseS: opts.leaseS }, 'inputs staged; holding them until the lease is up');
      try {
        await sleep(opts.leaseS * 1000, signal);
      } catch {
        return; // aborted: the runner reports why
      }
      logger.info({ jobid: run.jobid }, 'lease time is up: the job ends finished, its log goes out');
    },
    async stageOut() {
      // Pilot 3 stages out only the log in this workflow
    },
  };
}
