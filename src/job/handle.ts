/**
 * One job description, from the server's answer to its final update: parse, run, report. No
 * field of a description may stop the pilot: a description that does not parse is salvaged (its
 * PandaID and log), a salvage that fails too falls back to the PandaID alone, and any error the
 * runner lets through still ends the job with a final update carrying its code.
 */
import { asPilotError, PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import path from 'node:path';
import type { RunnableJob } from './jobrun.js';
import { plainJobId, type JournalRecord } from './journal.js';

export { plainJobId };
import { runJob, type JobOutcome, type RunJobContext } from './runjob.js';

/** What {@link handleDescription} needs from the pilot. */
export interface HandleDeps {
  parseJob(desc: Record<string, unknown>, pilotHome: string): Promise<RunnableJob>;
  salvageJob(desc: Record<string, unknown>): Promise<RunnableJob | undefined>;
  context: RunJobContext;
  /** Called with the parsed (or salvaged) job before it runs (pandaIDs.out, the environment, slots). */
  onJob?(job: RunnableJob): void;
}

const logger = log('job.handle');

/** A job with nothing but its id: enough for a final update (no files, no log). */
function bareJob(jobid: string): RunnableJob {
  return { jobid, indata: [], outdata: [], logdata: [] };
}

/**
 * Parse and run one description. Resolves to the outcome, or undefined when the description has
 * no usable PandaID (nothing can be reported then). Never rejects.
 */
export async function handleDescription(desc: Record<string, unknown>, deps: HandleDeps): Promise<JobOutcome | undefined> {
  // Journaled before anything else can fail or the pilot be killed: a job the server handed out
  // is never forgotten.
  const record = openEarly(desc, deps.context);
  let job: RunnableJob | undefined;
  let preset: PilotError | undefined;
  try {
    job = await deps.parseJob(desc, deps.context.pilotHome);
  } catch (e) {
    preset = asPilotError(e);
    try {
      job = await deps.salvageJob(desc);
    } catch (s) {
      // The salvage tripped on a field too: the id alone still gets the job its final update.
      logger.warn({ err: asPilotError(s).diag }, 'salvage of a malformed description failed');
      const id = plainJobId(desc);
      job = id ? bareJob(id) : undefined;
    }
    logger.error({ jobid: job?.jobid, code: preset.code, diag: preset.diag }, 'malformed job description');
    if (!job) {
      record?.remove();
      return undefined;
    }
  }
  try {
    deps.onJob?.(job);
  } catch (e) {
    logger.warn({ err: (e as Error).message }, 'job id hook failed');
  }
  const early = record && record.value.jobid === job.jobid ? record : undefined;
  if (record && !early) record.remove(); // the parser read the id differently: its own record follows
  try {
    return await runJob(job, deps.context, preset, { description: desc, record: early });
  } catch (e) {
    // runJob reports every failure itself; should one still escape, the job is not left unreported.
    const err = asPilotError(e);
    logger.error({ jobid: job.jobid, code: err.code, diag: err.diag }, 'unexpected error while running the job');
    return runJob(bareJob(job.jobid), deps.context, err, { description: desc }).catch(() => undefined);
  }
}

function openEarly(desc: Record<string, unknown>, ctx: RunJobContext): JournalRecord | undefined {
  const id = plainJobId(desc);
  if (!id || !ctx.journal) return undefined;
  try {
    return ctx.journal.open(id, { description: desc, pilotHome: ctx.pilotHome, workdir: path.join(ctx.pilotHome, `PanDA_Pilot-${id}`) });
  } catch (e) {
    logger.error({ err: (e as Error).message }, 'cannot write the job journal');
    return undefined;
  }
}
