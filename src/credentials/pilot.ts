/**
 * The pilot's credentials over its life, in one place the job loop calls: the start-up proxy
 * check before each getJob, the periodic proxy check (with renewal) while a job runs, the user
 * proxy of analysis jobs on unified queues (that job's transfers and payload only), and the OIDC
 * token refresh. Configuration ([Pilot] keys, see README "Credentials"):
 * - `proxy_checks`: auto (Pilot 3: the atlas user only) | True | False; `-t` turns them off;
 * - `proxy_verification_time` (600 s), `proxy_time_left_startup` (259200 s = 72 h),
 *   `proxy_time_left` (3600 s), `proxy_time_grace` (1200 s): Pilot 3's values by default;
 * - [Token] `download_check` (3600 s); `-y` or catchall `no_token_renewal` disable the refresh.
 */
import { rmSync } from 'node:fs';
import type { PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { startTokenRenewal, tokenRenewalAllowed } from './oidc.js';
import { PILOT3_LIMITS } from './proxy-check.js';
import { ProxyKeeper, type ProxySource } from './proxy-keeper.js';

/** What the credentials need from the pilot's setup. */
export interface PilotCredentialsOptions {
  env: NodeJS.ProcessEnv;
  config: { get(section: string, key: string, fallback?: string): string; getFloat(section: string, key: string, fallback?: number): number };
  args: { verify_proxy: boolean; token_renewal: boolean; pilot_user: string; cacert?: string | null };
  /** The PanDA client (getProxy and the token refresh); undefined without server updates. */
  server?: ProxySource & { refreshToken?(): Promise<boolean> };
}

/** A job's view of the credentials. */
export interface JobCredentialTarget {
  job: { is_analysis?: () => boolean; transformation?: string; prodproxy?: unknown; [k: string]: unknown };
  workdir: string;
}

export class PilotCredentials {
  readonly proxyChecks: boolean;
  readonly keeper: ProxyKeeper;
  private readonly jobEnvs = new WeakMap<object, Promise<NodeJS.ProcessEnv>>();
  /** Per-job user proxy files (unified queues), deleted when the job's transfers are done. */
  private readonly userProxies = new WeakMap<object, string>();
  private tokenStop?: () => void;

  constructor(private readonly o: PilotCredentialsOptions) {
    const mode = o.config.get('Pilot', 'proxy_checks', 'auto').toLowerCase();
    const byUser = o.args.pilot_user.toLowerCase() === 'atlas';
    this.proxyChecks = o.args.verify_proxy && (mode === 'true' || (mode === 'auto' && byUser));
    const f = (key: string, d: number) => o.config.getFloat('Pilot', key, d);
    this.keeper = new ProxyKeeper({
      env: o.env,
      cacert: o.args.cacert,
      server: o.server,
      periodS: f('proxy_verification_time', 600),
      limits: {
        startupS: f('proxy_time_left_startup', PILOT3_LIMITS.startupS),
        jobS: f('proxy_time_left', PILOT3_LIMITS.jobS),
        graceS: f('proxy_time_grace', PILOT3_LIMITS.graceS),
      },
    });
  }

  /** Before each getJob: throws the PilotError that stops the pilot (PROXYTOOSHORT, NOPROXY, ...). */
  preflight(): void {
    if (!this.proxyChecks) return;
    const err = this.keeper.startupCheck();
    if (err) throw err;
  }

  /**
   * Watch the proxy while a job runs; `kill` gets the error that must end the job. The stopper
   * (after stage-out, before the log tarball) also deletes the job's user proxy, as Pilot 3 does.
   */
  watchJob(kill: (e: PilotError) => void, signal: AbortSignal | undefined, job: object): () => void {
    if (!this.proxyChecks) return () => undefined;
    const w = this.keeper.watch(kill, signal);
    return () => {
      w.stop();
      // as Pilot 3: after stage-out the job is back on the pilot's proxy (the log goes out with it)
      this.jobEnvs.set(job, Promise.resolve(this.o.env));
      const file = this.userProxies.get(job);
      this.userProxies.delete(job);
      if (file) rmSync(file, { force: true });
    };
  }

  /**
   * The environment for a job's transfers and payload: the pilot's, or on a unified queue for an
   * analysis job a copy with X509_USER_PROXY (and X509_UNIFIED_DISPATCH) set to its user proxy.
   * Downloaded once per job, on first use.
   */
  jobEnv(target: JobCredentialTarget, queueType: string | undefined, signal?: AbortSignal): Promise<NodeJS.ProcessEnv> {
    if (!this.proxyChecks) return Promise.resolve(this.o.env);
    let p = this.jobEnvs.get(target.job);
    if (!p) {
      p = this.keeper.userProxyFor(target.job, queueType, target.workdir, signal).then((file) => {
        if (!file) return this.o.env;
        this.userProxies.set(target.job, file);
        return { ...this.o.env, X509_USER_PROXY: file, X509_UNIFIED_DISPATCH: file };
      });
      this.jobEnvs.set(target.job, p);
    }
    return p;
  }

  /** Refresh the OIDC token now and keep refreshing it (start-up, after the queue is known). */
  async startTokenRenewal(catchall: unknown, signal?: AbortSignal): Promise<void> {
    const refresh = this.o.server?.refreshToken;
    if (!refresh) return;
    if (!tokenRenewalAllowed(this.o.args.token_renewal, catchall)) {
      log('token').info('OIDC token will not be renewed by the pilot');
      return;
    }
    const r = await startTokenRenewal({ env: this.o.env, refresh, periodS: this.o.config.getFloat('Token', 'download_check', 3600), signal });
    this.tokenStop = r.stop;
  }

  /** Stop the timers (pilot end). */
  stop(): void {
    this.tokenStop?.();
  }
}
