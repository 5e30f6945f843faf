/**
 * Queue (schedconfig) and storage (ddmendpoints) descriptions the emulator serves under /cache.
 *
 * Field names are CRIC's as Pilot 3 reads them (data-api.md §1.8/§1.9). The defaults describe a
 * loopback demo queue: mv copytool, one POSIX storage endpoint (`file://localhost<dir>`), no
 * containers, short limits; a queue definition overrides any field.
 */
import type { QueueDefinition } from './types.js';

/** Options for {@link demoQueue}. */
export interface DemoQueueOptions {
  /** Storage endpoint (RSE) name; default `<queue>_LOCAL`. */
  ddmendpoint?: string;
  /** Directory of the POSIX storage endpoint; adds `mv_final_destination` to catchall. */
  storageDir?: string;
  /** Copytool for every activity; default `mv`. */
  copytool?: string;
  /** Any further schedconfig fields. */
  overrides?: QueueDefinition;
}

/** Default RSE name of a demo queue. */
export function demoDdmName(queue: string): string {
  return `${queue}_LOCAL`;
}

/**
 * A complete CRIC-like schedconfig entry for a loopback demo queue (what
 * `/cache/schedconfig/<queue>.all.json` returns).
 */
export function demoQueue(name: string, opts: DemoQueueOptions = {}): QueueDefinition {
  const ddm = opts.ddmendpoint ?? demoDdmName(name);
  const tool = opts.copytool ?? 'mv';
  return {
    name,
    nickname: name,
    panda_resource: name,
    atlas_site: name,
    type: 'production',
    state: 'ACTIVE',
    status: 'online',
    resource_type: 'GRID',
    cloud: 'LOCAL',
    cmtconfig: '',
    corecount: 1,
    maxrss: 4000,
    maxwdir: 20000,
    maxinputsize: 10000,
    maxtime: 7200,
    timefloor: 0,
    pledgedcpu: 0,
    zip_time_gap: 0,
    memkillgrace: 100,
    catchall: opts.storageDir ? 'mv_final_destination' : '',
    container_type: '',
    container_options: '',
    environ: '',
    appdir: '',
    direct_access_lan: false,
    direct_access_wan: false,
    allow_lan: true,
    allow_wan: false,
    use_pcache: false,
    is_cvmfs: false,
    copytools: { [tool]: { setup: '' } },
    // read_lan/write_lan too: stage-in looks up read_lan before pr and would fall back to rucio
    acopytools: { pr: [tool], pw: [tool], pl: [tool], read_lan: [tool], write_lan: [tool] },
    acopytools_schemas: {},
    astorages: { pr: [ddm], pw: [ddm], pl: [ddm], read_lan: [ddm], write_lan: [ddm] },
    aprotocols: {},
    params: {},
    ...(opts.overrides ?? {}),
  };
}

/** Full schedconfig of a defined queue: demo defaults overlaid with its definition. */
export function schedconfigFor(name: string, def: QueueDefinition, storageDir?: string): QueueDefinition {
  // with a storage directory the mv copytool reads and writes there (mv_final_destination)
  return demoQueue(name, { overrides: def, storageDir });
}

/** The site name a pilot sends as `siteName` for this queue (panda_resource). */
export function queueResource(name: string, def: QueueDefinition): string {
  const r = def.panda_resource;
  return typeof r === 'string' && r ? r : name;
}

/** First storage endpoint of the queue's astorages (pw, then pr, pl), or ''. */
export function queueDefaultDdm(def: QueueDefinition, activities: string[] = ['pw', 'pr', 'pl']): string {
  const ast = def.astorages as Record<string, unknown> | undefined;
  if (ast && typeof ast === 'object') {
    for (const a of activities) {
      const list = ast[a];
      if (Array.isArray(list) && typeof list[0] === 'string') return list[0];
    }
  }
  return '';
}

/** A POSIX storage endpoint description (ddmendpoints.json entry) rooted at `dir`. */
export function posixStorage(name: string, dir: string, id = 1, site = name): Record<string, unknown> {
  const proto = { id, endpoint: 'file://localhost', path: dir, flavour: 'POSIX' };
  return {
    name,
    id,
    site,
    type: 'DATADISK',
    token: '',
    is_deterministic: true,
    state: 'ACTIVE',
    rprotocols: { [String(id)]: proto },
    arprotocols: { read_lan: [proto], write_lan: [proto], read_wan: [proto], write_wan: [proto] },
    resource: {},
  };
}

/**
 * ddmendpoints.json for the defined queues: every endpoint named in a queue's astorages gets a
 * POSIX description under `storageDir/<rse>` unless `storages` defines it explicitly. There is no
 * shared default root: each emulator passes its own (see PandaEmulatorOptions.storageDir).
 */
export function storageData(
  queues: Record<string, QueueDefinition>,
  storages: Record<string, Record<string, unknown>>,
  storageDir: string,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  let id = 1;
  for (const [qname, def] of Object.entries(queues)) {
    const full = schedconfigFor(qname, def);
    const ast = (full.astorages ?? {}) as Record<string, unknown>;
    for (const list of Object.values(ast)) {
      if (!Array.isArray(list)) continue;
      for (const rse of list) {
        if (typeof rse !== 'string' || out[rse]) continue;
        out[rse] = posixStorage(rse, `${storageDir.replace(/\/$/, '')}/${rse}`, id++, queueResource(qname, full));
      }
    }
  }
  for (const [name, def] of Object.entries(storages)) out[name] = def;
  return out;
}
