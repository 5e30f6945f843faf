/**
 * Waits an operator can see: a promise that takes long gets a log line every `everyS` seconds
 * ("still waiting for getJob answer from ... (30 s)"), so a server that accepts and never answers
 * is visible in pilotlog.txt while it happens, not only when the time-out ends it.
 */
import type { Logger } from './log.js';

/** Default period of "still waiting" lines (seconds); `PANDA_PILOT_WAIT_LOG_S` changes it. */
export function waitLogPeriodS(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.PANDA_PILOT_WAIT_LOG_S);
  return Number.isFinite(v) && v > 0 ? v : 30;
}

/** Resolve as `p`, logging `what` every `everyS` seconds until it settles. */
export async function loggedWait<T>(p: Promise<T>, logger: Logger, what: string, fields: Record<string, unknown> = {}, everyS = waitLogPeriodS()): Promise<T> {
  const t0 = Date.now();
  const timer = setInterval(() => {
    logger.warn({ ...fields, waitedS: Math.round((Date.now() - t0) / 1000) }, `still waiting for ${what}`);
  }, everyS * 1000);
  timer.unref();
  try {
    return await p;
  } finally {
    clearInterval(timer);
  }
}
