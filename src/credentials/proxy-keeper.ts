/**
 * The pilot's X509 proxy over its lifetime, as Pilot 3 keeps it (job.py proceed_with_getjob,
 * monitoring.py verify_user_proxy, job.py download_new_proxy / handle_proxy):
 * - before every getJob: the start-up limit (72 h), PROXYTOOSHORT etc. stop the pilot;
 * - while a job runs: a check every `proxy_verification_time` (600 s); VOMS attributes about to
 *   expire → a new proxy from the server's getProxy, written over X509_USER_PROXY; when that fails
 *   → NOVOMSPROXY (1177), the proxy certificate itself about to expire → CERTIFICATEHASEXPIRED
 *   (1373): the job is killed, well before the proxy runs out.
 * Better than Pilot 3: the next check is also scheduled for the moment the proxy becomes due, so a
 * proxy due between two periodic checks is caught in time, not up to 10 minutes late.
 */
import { renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ErrorCodes, PilotError, errorName } from '../common/errors.js';
import { log } from '../common/log.js';
import { writeSecretFile } from '../common/secretfile.js';
import { x509ProxyPath } from '../server/auth.js';
import { checkProxy, secondsUntilDue, type ProxyCheck, type ProxyLimits } from './proxy-check.js';

/** The server call that hands out proxies (PandaClient.getProxy). */
export interface ProxySource {
  getProxy(data: { role: string; dn?: string }, opts?: { signal?: AbortSignal }): Promise<string>;
}

/** How an experiment names the VOMS role and the getProxy request (Pilot 3's user proxy.py). */
export interface ProxyRoles {
  /** VOMS role for 'production' and 'user' proxies. */
  vomsRole(role: 'production' | 'user'): string;
  /** The getProxy request for a VOMS role. */
  request(vomsRole: string): { role: string; dn?: string };
}

/** ATLAS (pilot/user/atlas/proxy.py): get_voms_role and getproxy_dictionary. */
export const ATLAS_ROLES: ProxyRoles = {
  vomsRole: (role) => (role === 'production' ? 'atlas:/atlas/Role=production' : 'atlas'),
  request: (vomsRole) => (vomsRole === 'atlas' ? { role: vomsRole, dn: 'atlpilo2' } : { role: vomsRole }),
};

/** Options of {@link ProxyKeeper}. */
export interface ProxyKeeperOptions {
  env: NodeJS.ProcessEnv;
  /** `--cacert` (Pilot 3 reads the proxy from it first). */
  cacert?: string | null;
  limits: ProxyLimits;
  /** proxy_verification_time (s). */
  periodS: number;
  server?: ProxySource;
  roles?: ProxyRoles;
}

/** A running periodic check (stop it when the job ends). */
export interface ProxyWatch {
  stop(): void;
}

export class ProxyKeeper {
  private readonly logger = log('proxy');
  private readonly roles: ProxyRoles;

  constructor(private readonly o: ProxyKeeperOptions) {
    this.roles = o.roles ?? ATLAS_ROLES;
  }

  /** The proxy file in use now. */
  path(): string | undefined {
    return x509ProxyPath({ cacert: this.o.cacert, env: this.o.env });
  }

  private report(check: ProxyCheck, what: string): void {
    const fields = { file: check.info?.path, certLeftS: check.certLeftS, vomsLeftS: check.vomsLeftS, fqans: check.info?.voms.flatMap((v) => v.fqans) };
    if (check.code) this.logger.warn({ ...fields, code: check.code, diag: check.diag }, `${what}: ${errorName(check.code) ?? check.code}`);
    else this.logger.info(fields, `${what}: proxy verified`);
  }

  /** The start-up check (before each getJob); a PilotError when the pilot must not take a job. */
  startupCheck(): PilotError | undefined {
    const check = checkProxy(this.path(), this.o.limits, true);
    this.report(check, 'start-up proxy check');
    return check.code ? new PilotError(check.code, check.diag) : undefined;
  }

  /**
   * Fetch a proxy for `role` and verify it with the job limit (Pilot 3's get_and_verify_proxy).
   * Written to `target` (default: over the current proxy file). Returns 0, or the code to fail with.
   */
  async download(role: 'production' | 'user', target?: string, signal?: AbortSignal): Promise<{ code: number; path?: string }> {
    const current = this.path();
    const file = target ?? current;
    if (!this.o.server || !file) {
      this.logger.warn({ role }, 'cannot download a new proxy: no server connection or no proxy file to replace');
      return { code: ErrorCodes.NOVOMSPROXY };
    }
    const vomsRole = this.roles.vomsRole(role);
    let pem: string;
    try {
      pem = await this.o.server.getProxy(this.roles.request(vomsRole), { signal });
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      this.logger.warn({ role: vomsRole, reason: (e as PilotError).diag ?? (e as Error).message }, 'failed to get a proxy from the server');
      return { code: ErrorCodes.NOVOMSPROXY };
    }
    // verify before it replaces anything: a bad proxy must not overwrite a working one
    const staged = `${file}.new`;
    writeSecretFile(staged, pem);
    const check = checkProxy(staged, this.o.limits, false);
    if (check.code) {
      rmSync(staged, { force: true });
      this.logger.warn({ role: vomsRole, diag: check.diag }, 'downloaded proxy failed verification');
      return { code: check.code === ErrorCodes.CERTIFICATEHASEXPIRED ? ErrorCodes.CERTIFICATEHASEXPIRED : ErrorCodes.NOVOMSPROXY };
    }
    renameSync(staged, file);
    this.logger.info({ role: vomsRole, file, certLeftS: check.certLeftS, vomsLeftS: check.vomsLeftS }, 'new proxy downloaded and verified');
    return { code: 0, path: file };
  }

  /**
   * Pilot 3's handle_proxy: on a unified queue an analysis job (not marked prodproxy) gets a user
   * proxy from getProxy, stored in its work dir as `<proxy name>-unified`. Returns that file for
   * the job's transfers and payload, or undefined (the pilot's proxy stays in use, as Pilot 3).
   */
  async userProxyFor(job: { is_analysis?: () => boolean; transformation?: string; prodproxy?: unknown }, queueType: string | undefined, workdir: string, signal?: AbortSignal): Promise<string | undefined> {
    const analysis = typeof job.is_analysis === 'function' ? job.is_analysis() : /^https?:\/\//.test(job.transformation ?? '');
    if (!analysis || queueType !== 'unified' || job.prodproxy) return undefined;
    const current = this.path();
    if (!current) return undefined;
    this.logger.info('the production proxy will be replaced by a user proxy for this job');
    const { code, path } = await this.download('user', join(workdir, `${basename(current).replace(/\.proxy$/, '')}-unified`), signal);
    if (code) this.logger.warn({ code }, 'failed to download a user proxy for unified dispatch: the job keeps the pilot proxy');
    return code ? undefined : path;
  }

  /** One periodic check: renew when the VOMS attributes are due; a PilotError when the job must die. */
  async checkOnce(signal?: AbortSignal): Promise<{ error?: PilotError; next: ProxyCheck }> {
    const check = checkProxy(this.path(), this.o.limits, false);
    this.report(check, 'periodic proxy check');
    if (check.code === ErrorCodes.VOMSPROXYABOUTTOEXPIRE) {
      const { code } = await this.download('production', undefined, signal);
      if (code) return { error: new PilotError(code, `proxy about to expire and no new proxy could be obtained (${check.diag})`), next: check };
      return { next: checkProxy(this.path(), this.o.limits, false) };
    }
    if (check.code) return { error: new PilotError(check.code, check.diag), next: check };
    return { next: check };
  }

  /** Check periodically until stopped; `onError` gets the first failure (the job is then killed). */
  watch(onError: (e: PilotError) => void, signal?: AbortSignal): ProxyWatch {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const schedule = (check: ProxyCheck) => {
      if (stopped) return;
      const due = secondsUntilDue(check, this.o.limits);
      const waitS = due === undefined ? this.o.periodS : Math.max(0, Math.min(this.o.periodS, due + 1));
      timer = setTimeout(tick, waitS * 1000);
      timer.unref();
    };
    const tick = () => {
      void this.checkOnce(signal).then(
        ({ error, next }) => {
          if (stopped) return;
          if (error) {
            stopped = true;
            onError(error);
          } else schedule(next);
        },
        () => undefined, // aborted
      );
    };
    schedule(checkProxy(this.path(), this.o.limits, false));
    return {
      stop: () => {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }
}

