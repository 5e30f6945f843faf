/**
 * Proxy verification with Pilot 3's rules (pilot/user/atlas/proxy.py verify_proxy/check_time_left),
 * reading the proxy natively instead of running arcproxy:
 * - the proxy certificate ("cert") is checked first, then the VOMS attributes ("proxy");
 * - each needs `limit - grace` seconds left (limit 1 h during a job, 72 h at pilot start-up,
 *   grace 20 min);
 * - too little at start-up → PROXYTOOSHORT (1382); during a job the certificate gives
 *   CERTIFICATEHASEXPIRED (1373, the job is killed) and the VOMS attributes
 *   VOMSPROXYABOUTTOEXPIRE (1370, a new proxy is fetched with getProxy).
 * Deliberate differences (arcproxy's failures become clearer codes): no proxy file → NOPROXY
 * (1163); a proxy without VOMS attributes, or one that cannot be read → NOVOMSPROXY (1177).
 * All of 1163/1177/1373 end the pilot with exit code 68, 1382 with 80, as in Pilot 3.
 */
import { ErrorCodes } from '../common/errors.js';
import { readProxy, timeLeft, vomsTimeLeft, type ProxyInfo } from './proxy-info.js';

/** Time limits of the checks (seconds). */
export interface ProxyLimits {
  /** Needed at pilot start-up (Pilot 3: 72 h). */
  startupS: number;
  /** Needed at every periodic check during a job (Pilot 3: 1 h). */
  jobS: number;
  /** Subtracted from both (Pilot 3: 20 min). */
  graceS: number;
}

/** Pilot 3's hard-coded limits. */
export const PILOT3_LIMITS: ProxyLimits = { startupS: 72 * 3600, jobS: 3600, graceS: 1200 };

/** Outcome of one check: code 0 when fine. */
export interface ProxyCheck {
  code: number;
  diag: string;
  info?: ProxyInfo;
  certLeftS?: number;
  vomsLeftS?: number;
}

const hours = (s: number) => (s / 3600).toFixed(2);

/** Check the proxy file against the start-up or the job limit. Never throws. */
export function checkProxy(path: string | undefined, limits: ProxyLimits, startup: boolean, nowS = Date.now() / 1000): ProxyCheck {
  if (!path) return { code: ErrorCodes.NOPROXY, diag: 'no X509 proxy found (X509_USER_PROXY, /tmp/x509up_u<uid>)' };
  let info: ProxyInfo;
  try {
    info = readProxy(path);
  } catch (e) {
    return { code: ErrorCodes.NOVOMSPROXY, diag: `voms proxy certificate check failure: cannot read ${path}: ${(e as Error).message}` };
  }
  const certLeftS = timeLeft(info, nowS);
  const vomsLeftS = vomsTimeLeft(info, nowS);
  const base = { info, certLeftS, vomsLeftS };
  if (vomsLeftS === undefined) return { ...base, code: ErrorCodes.NOVOMSPROXY, diag: `proxy ${path} carries no VOMS attributes` };
  const need = (startup ? limits.startupS : limits.jobS) - limits.graceS;
  for (const [name, left] of [['cert', certLeftS], ['proxy', vomsLeftS]] as const) {
    if (left >= need) continue;
    if (startup) return { ...base, code: ErrorCodes.PROXYTOOSHORT, diag: `proxy is too short for pilot startup: ${hours(left)}h` };
    const code = name === 'cert' ? ErrorCodes.CERTIFICATEHASEXPIRED : ErrorCodes.VOMSPROXYABOUTTOEXPIRE;
    return { ...base, code, diag: `cert/proxy is about to expire: ${hours(left)}h` };
  }
  return { ...base, code: 0, diag: '' };
}

/** Seconds until a check would fail (the earliest of the two ends minus the job limit). */
export function secondsUntilDue(check: ProxyCheck, limits: ProxyLimits): number | undefined {
  if (check.certLeftS === undefined || check.vomsLeftS === undefined) return undefined;
  return Math.min(check.certLeftS, check.vomsLeftS) - (limits.jobS - limits.graceS);
}
