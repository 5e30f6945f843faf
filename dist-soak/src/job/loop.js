/**
 * The pilot's job loop: ask for a job, run it, and ask again while the time floor, the lifetime
 * and Pilot 3's getJob limits allow (architecture-cli-config.md §1.5). Nothing polls: each step
 * starts when the previous one resolves.
 */
import { errors, PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { sleep } from '../common/timing.js';
/** Run jobs until there are no more, the time is up, or the pilot is told to stop. */
export async function jobLoop(o) {
    const logger = log('loop');
    const outcomes = [];
    const started = Date.now();
    let requests = 0;
    let failures = 0;
    const elapsedS = () => (Date.now() - started) / 1000;
    const stop = (reason, errorCode = 0) => {
        logger.info({ reason, jobs: outcomes.length }, 'job loop ends');
        return { outcomes, errorCode, reason };
    };
    for (;;) {
        if (o.signal.aborted)
            return stop('pilot aborted');
        const jobs = outcomes.length;
        if (jobs > 0 && o.timefloorS <= 0)
            return stop('one job per pilot (timefloor 0)');
        if (jobs > 0 && elapsedS() > o.timefloorS)
            return stop('time floor passed');
        if (elapsedS() >= o.lifetimeS)
            return stop('lifetime reached');
        requests++;
        if (requests > o.maxRequests)
            return stop(`getJob request limit (${o.maxRequests}) reached`);
        try {
            await o.preflight?.();
        }
        catch (e) {
            const err = e instanceof PilotError ? e : errors.GENERALERROR(String(e));
            return stop(err.diag, err.code);
        }
        let answer;
        try {
            answer = await o.fetchJob();
        }
        catch (e) {
            // Pilot 3 ends the pilot when getJob gets no answer at all (both user plugins say so).
            logger.error({ err: e.message }, 'getJob failed: no answer from the server');
            return stop('no answer to getJob');
        }
        if (answer.kind === 'nojob') {
            failures++;
            logger.info({ reason: answer.reason, failures }, 'no job from the server');
            if (failures >= o.maxFailures)
                return stop(`getJob failure limit (${o.maxFailures}) reached`);
            // Better than Pilot 3: no pointless wait when the next request would pass the limit anyway.
            if (requests + 1 > o.maxRequests)
                return stop(`getJob request limit (${o.maxRequests}) reached`);
            const [lo, hi] = answer.statusCode === undefined ? [o.emptySleepS, o.emptySleepS] : o.noJobSleepS;
            try {
                await sleep(1000 * (lo + Math.random() * (hi - lo)), o.signal);
            }
            catch {
                return stop('pilot aborted');
            }
            continue;
        }
        const outcome = await o.runDescription(answer.description);
        if (outcome) {
            outcomes.push(outcome);
            requests = 0;
        }
        else {
            failures++;
            if (failures >= o.maxFailures)
                return stop(`getJob failure limit (${o.maxFailures}) reached`);
        }
    }
}
//# sourceMappingURL=loop.js.map