/**
 * Replica lookup through Rucio's REST API (`POST /replicas/list`, NDJSON answer, token in
 * `X-Rucio-Auth-Token`) and Pilot 3's replica ordering and choice (add_replicas,
 * resolve_replica). Pilot 3 needs the Rucio Python client for this; we speak HTTP directly.
 */
import { ErrorCodes, PilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import type { Replica, TransferFile } from './types.js';
import { RucioAuth, rucioClientConfig } from './rucio-auth.js';

const logger = log('replicas');

/** Schemes Pilot 3 asks Rucio for. */
export const REPLICA_SCHEMES = ['srm', 'root', 'davs', 'gsiftp', 'https', 'storm', 'file'];

/** One replica record of Rucio's list_replicas answer (fields we use). */
export interface RucioReplica {
  scope: string;
  name: string;
  bytes?: number;
  adler32?: string | null;
  md5?: string | null;
  pfns: Record<string, { rse: string; type?: string; domain?: string; priority?: number }>;
}

/** Where Rucio is and how to authenticate. */
export interface RucioOptions {
  /** Rucio server URL (default env RUCIO_HOST, else `rucio_host` from $RUCIO_CONFIG). */
  url?: string;
  /** Auth token (default env RUCIO_AUTH_TOKEN; else the auth type rucio-auth.ts chooses: x509, userpass, oidc). */
  token?: string;
  /** Auth server (default: same as url, or env RUCIO_AUTH_HOST). */
  authUrl?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** CA bundle for https Rucio servers (verification is always on). */
  caFile?: string;
}

/** A minimal Rucio REST client (replica listing), authenticated as rucio-auth.ts chooses. */
export class RucioClient {
  readonly url: string;
  private readonly auth: RucioAuth;
  private readonly opts: RucioOptions;
  private readonly env: NodeJS.ProcessEnv;

  constructor(opts: RucioOptions = {}) {
    this.env = opts.env ?? process.env;
    const url = opts.url ?? rucioClientConfig(this.env).rucioHost;
    if (!url) throw errors.RUCIOLISTREPLICASFAILED('Failed to get replicas from Rucio: no Rucio server configured (RUCIO_HOST or rucio_host in RUCIO_CONFIG)');
    this.url = url.replace(/\/+$/, '');
    this.opts = opts;
    this.auth = new RucioAuth({ env: this.env, url: this.url, authUrl: opts.authUrl, token: opts.token, caFile: opts.caFile, timeoutMs: opts.timeoutMs });
  }

  /** list_replicas for (scope, name) pairs; each NDJSON line is one file's record. */
  async listReplicas(dids: Array<{ scope: string; name: string }>, opts: { schemes?: string[]; signal?: AbortSignal; clientLocation?: Record<string, unknown> } = {}): Promise<RucioReplica[]> {
    const timeout = AbortSignal.timeout(this.opts.timeoutMs ?? 60_000);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    try {
      const res = await this.auth.request({
        url: `${this.url}/replicas/list`,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/x-json-stream' },
        body: JSON.stringify({
          dids,
          schemes: opts.schemes ?? REPLICA_SCHEMES,
          sort: 'geoip',
          client_location: opts.clientLocation ?? { site: this.env.PILOT_RUCIO_SITENAME ?? 'unknown' },
          signature_lifetime: 86400,
        }),
        signal,
      });
      const text = res.body.toString('utf8');
      if (res.status === 404) return [];
      if (res.status !== 200) {
        const exc = res.headers.exceptionmessage ?? text.slice(0, 300);
        throw errors.RUCIOLISTREPLICASFAILED(`Failed to get replicas from Rucio: HTTP ${res.status}: ${String(exc)}`);
      }
      return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RucioReplica);
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      if (e instanceof PilotError) throw e;
      throw errors.RUCIOLISTREPLICASFAILED(`Failed to get replicas from Rucio: ${(e as Error).message}`, e);
    }
  }
}

/**
 * Order and filter one file's Rucio pfns as Pilot 3's add_replicas does: priority ascending,
 * replicas on the file's inputddms first (in that order), DISK only, domain lan/wan by
 * inputddms, and lan/wan dropped when not allowed.
 */
export function orderReplicas(f: TransferFile, rec: RucioReplica): Replica[] {
  const inputddms = f.inputddms ?? [];
  const entries = Object.entries(rec.pfns ?? {}).map(([pfn, r]) => ({ pfn, ...r }));
  entries.sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  const local = inputddms.flatMap((ddm) => entries.filter((e) => e.rse === ddm));
  const rest = entries.filter((e) => !inputddms.includes(e.rse));
  const out: Replica[] = [];
  for (const e of [...local, ...rest]) {
    if (e.type && e.type !== 'DISK') continue;
    const domain = inputddms.includes(e.rse) ? 'lan' : 'wan';
    if (domain === 'lan' && f.allow_lan === false) continue;
    if (domain === 'wan' && !f.allow_wan) continue;
    out.push({ pfn: e.pfn, ddmendpoint: e.rse, domain });
  }
  return out;
}

/** Fill `replicas` (and missing size/checksums, warnings on mismatch) for each file. */
export async function resolveReplicas(files: TransferFile[], client: RucioClient, signal?: AbortSignal): Promise<void> {
  const records = await client.listReplicas(files.map((f) => ({ scope: f.scope, name: f.lfn })), { signal });
  for (const f of files) {
    const rec = records.find((r) => r.scope === f.scope && r.name === f.lfn);
    if (!rec) {
      f.replicas = [];
      logger.warn({ lfn: f.lfn }, 'no replicas found');
      continue;
    }
    f.replicas = orderReplicas(f, rec);
    if (!f.replicas.length) logger.warn({ lfn: f.lfn }, 'no usable replicas');
    if (rec.bytes !== undefined && rec.bytes !== null) {
      if (!f.filesize) f.filesize = rec.bytes;
      else if (f.filesize !== rec.bytes) logger.warn({ lfn: f.lfn, catalog: f.filesize, rucio: rec.bytes }, 'filesize differs from Rucio');
    }
    const ck = (f.checksum ??= {});
    if (rec.adler32 && !ck.adler32) ck.adler32 = rec.adler32;
    else if (rec.adler32 && ck.adler32 !== rec.adler32) logger.warn({ lfn: f.lfn }, 'adler32 differs from Rucio');
    if (rec.md5 && !ck.md5) ck.md5 = rec.md5;
  }
}

/**
 * Pilot 3's resolve_replica: among the file's replicas of `domain`, the first matching a primary
 * schema, else the first matching an allowed schema (undefined = any). `surl` is the endpoint's
 * first srm:// pfn, else the chosen replica.
 */
export function chooseReplica(f: TransferFile, primary: readonly string[] | undefined, allowed: readonly string[] | undefined, domain: string): { pfn: string; surl: string; ddmendpoint: string; domain: string } | undefined {
  const matches = (pfn: string, schemas: readonly string[] | undefined) => !schemas || schemas.some((s) => pfn.startsWith(`${s}://`));
  const candidates = (f.replicas ?? []).filter((r) => r.domain === domain);
  let chosen = primary?.length ? candidates.find((r) => matches(r.pfn, primary) && matches(r.pfn, allowed)) : undefined;
  chosen ??= candidates.find((r) => matches(r.pfn, allowed));
  if (!chosen) return undefined;
  const same = (f.replicas ?? []).filter((r) => r.ddmendpoint === chosen!.ddmendpoint);
  const surl = same.find((r) => r.pfn.startsWith('srm://'))?.pfn ?? same[0]?.pfn ?? chosen.pfn;
  return { pfn: chosen.pfn, surl, ddmendpoint: chosen.ddmendpoint, domain };
}

/** Files without replicas raise NOREPLICAS (1326) with this diag. */
export function noReplicas(f: TransferFile, schemas: readonly string[] | undefined): PilotError {
  return new PilotError(ErrorCodes.NOREPLICAS, `Failed to find replica for file=${f.lfn}, domain=lan/wan, allowed_schemas=${JSON.stringify(schemas ?? 'any')}`);
}
