/**
 * The pilot's job loop: ask for a job, run it, and ask again while the time floor, the lifetime
 * and Pilot 3's getJob limits allow (architecture-cli-config.md §1.5). Nothing polls: each step
 * starts when the previous one resolves.
 */
import { ErrorCodes, errors, PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { sleep } from '../common/timing.js';
import type { GetJobAnswer } from './getjob.js';
import type { JobOutcome } from './runjob.js';

export interface LoopOptions {
  /** --getjobrequests: getJob requests allowed per job slot. */
  maxRequests: number;
  /** --getjobfailures: failed getJob answers before giving up. */
  maxFailures: number;
  /** queuedata timefloor in seconds; 0 = one job. */
  timefloorS: number;
  /** Seconds until the pilot must stop taking jobs (lifetime). */
  lifetimeS: number;
  /** Seconds to wait after "no job" (Pilot 3: random 60–180) and after an empty answer (60). */
  noJobSleepS: [number, number];
  emptySleepS: number;
  /** Ask for a job; throws a PilotError when the server cannot be reached at all (fatal). */
  fetchJob(): Promise<GetJobAnswer>;
  /** Run one job description to its final update (parsing included). */
  runDescription(description: Record<string, unknown>): Promise<JobOutcome | undefined>;
  /** Checked before every getJob: throws a PilotError (e.g. NOLOCALSPACE) to stop the pilot. */
  preflight?(): Promise<void>;
  signal: AbortSignal;
}

export interface LoopResult {
  outcomes: JobOutcome[];
  /** Pilot 3's traces.pilot.error_code: what decides the pilot's exit code (0 when fine). */
  errorCode: number;
  reason: string;
}

/** Run jobs until there are no more, the time is up, or the pilot is told to stop. */
export async function jobLoop(o: LoopOptions): Promise<LoopResult> {
  const logger = log('loop');
  const outcomes: JobOutcome[] = [];
  const started = Date.now();
  let requests = 0;
  let failures = 0;
  const elapsedS = () => (Date.now() - started) / 1000;
  const stop = (reason: string, errorCode = 0): LoopResult => {
    logger.info({ reason, jobs: outcomes.length }, 'job loop ends');
    return { outcomes, errorCode, reason };
  };

  for (;;) {
    if (o.signal.aborted) return stop('pilot aborted');
    const jobs = outcomes.length;
    if (jobs > 0 && o.timefloorS <= 0) return stop('one job per pilot (timefloor 0)');
    if (jobs > 0 && elapsedS() > o.timefloorS) return stop('time floor passed');
    if (elapsedS() >= o.lifetimeS) return stop('lifetime reached');
    requests++;
    if (requests > o.maxRequests) return stop(`getJob request limit (${o.maxRequests}) reached`);
    try {
      await o.preflight?.();
    } catch (e) {
      const err = e instanceof PilotError ? e : errors.GENERALERROR(String(e));
      return stop(err.diag, err.code);
    }

    let answer: GetJobAnswer;
    try {
      answer = await o.fetchJob();
    } catch (e) {
      // Pilot 3 ends the pilot when getJob gets no answer at all (both user plugins say so).
      // Better than Pilot 3 (which exits 0): an unreachable server is a pilot failure the wrapper sees (79).
      const reached = requests > 1 || outcomes.length > 0 ? 'did not answer getJob' : 'never reached';
      const diag = `PanDA server ${reached}: ${(e as Error).message}`;
      logger.error({ code: e instanceof PilotError ? e.code : ErrorCodes.COMMUNICATIONFAILURE }, diag);
      return stop(diag, e instanceof PilotError && e.code !== ErrorCodes.COMMUNICATIONFAILURE ? e.code : ErrorCodes.COMMUNICATIONFAILURE);
    }
    if (answer.kind === 'nojob') {
      failures++;
      logger.info({ reason: answer.reason, failures }, 'no job from the server');
      if (failures >= o.maxFailures) return stop(`getJob failure limit (${o.maxFailures}) reached`);
      // Better than Pilot 3: no pointless wait when the next request would pass the limit anyway.
      if (requests + 1 > o.maxRequests) return stop(`getJob request limit (${o.maxRequests}) reached`);
      const [lo, hi] = answer.statusCode === undefined ? [o.emptySleepS, o.emptySleepS] : o.noJobSleepS;
      const waitS = Number((lo + Math.random() * (hi - lo)).toFixed(1));
      logger.info({ reason: answer.reason, waitS, request: requests + 1, maxRequests: o.maxRequests }, `waiting ${waitS} s before the next getJob request`);
      try {
        await sleep(1000 * waitS, o.signal);
      } catch {
        return stop('pilot aborted');
      }
      continue;
    }
    const outcome = await o.runDescription(answer.description);
    if (outcome) {
      outcomes.push(outcome);
      requests = 0;
    } else {
      failures++;
      if (failures >= o.maxFailures) return stop(`getJob failure limit (${o.maxFailures}) reached`);
    }
  }
}
