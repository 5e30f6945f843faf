/**
 * OIDC token upkeep as Pilot 3 does it (pilot.py at start-up, control/monitor.py every
 * [Token] download_check seconds): refresh through the server's get_access_token unless the queue's
 * catchall says `no_token_renewal` or `-y/--notokenrenewal` was given. The refreshed file is
 * announced in OIDC_REFRESHED_AUTH_TOKEN, which every later call reads (server/auth.ts).
 * Better than Pilot 3: when the token's own `exp` comes before the next periodic refresh, the
 * refresh runs early enough (a tenth of the token's lifetime, at least a minute, before it).
 */
import { readFileSync } from 'node:fs';
import { log } from '../common/log.js';
import { locateToken, oidcTokenInfo } from '../server/auth.js';

/** `exp`/`iat` of a JWT (epoch s), undefined when the token is not a readable JWT. */
export function jwtTimes(token: string): { exp?: number; iat?: number } | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const body = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    return { exp: num(body.exp), iat: num(body.iat) };
  } catch {
    return undefined;
  }
}

/** Seconds until the configured OIDC token should be refreshed, from its `exp` (undefined: unknown). */
export function refreshDueInS(env: NodeJS.ProcessEnv, nowS = Date.now() / 1000): number | undefined {
  const info = oidcTokenInfo(env);
  if (!info) return undefined;
  const path = locateToken(info.token, env);
  if (!path) return undefined;
  let times: ReturnType<typeof jwtTimes>;
  try {
    times = jwtTimes(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (!times?.exp) return undefined;
  const lifetime = times.iat ? times.exp - times.iat : 3600;
  const margin = Math.max(60, lifetime / 10);
  return Math.max(0, times.exp - margin - nowS);
}

/** Options of {@link startTokenRenewal}. */
export interface TokenRenewalOptions {
  env: NodeJS.ProcessEnv;
  /** Does the refresh (server/token.ts refreshOidcToken bound to the client). */
  refresh(): Promise<boolean>;
  /** [Token] download_check (s). */
  periodS: number;
  /** Shortest wait between refreshes (s, default 30): no tight loop on a token that stays due. */
  minWaitS?: number;
  signal?: AbortSignal;
}

/** Is token renewal allowed (Pilot 3: not with -y, nor with `no_token_renewal` in catchall)? */
export function tokenRenewalAllowed(argAllows: boolean, catchall: unknown): boolean {
  return argAllows && !String(catchall ?? '').includes('no_token_renewal');
}

/**
 * Refresh now (start-up) when a token is configured, then periodically until stopped. Returns a
 * stopper; never throws (a failed refresh keeps the old token, as Pilot 3).
 */
export async function startTokenRenewal(o: TokenRenewalOptions): Promise<{ stop(): void }> {
  const logger = log('token');
  if (!oidcTokenInfo(o.env)) return { stop: () => undefined };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const run = async () => {
    try {
      await o.refresh();
    } catch {
      // only an abort rejects: the pilot is ending
    }
  };
  const schedule = () => {
    if (stopped || o.signal?.aborted) return;
    const due = refreshDueInS(o.env);
    // never a tight loop when refreshes keep failing on a token that is already due
    const waitS = due === undefined ? o.periodS : Math.min(o.periodS, Math.max(due, o.minWaitS ?? 30));
    logger.debug({ waitS: Math.round(waitS) }, 'next OIDC token refresh');
    timer = setTimeout(() => void run().then(schedule), waitS * 1000);
    timer.unref();
  };
  await run();
  schedule();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
