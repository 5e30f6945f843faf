/**
 * Where event-service outputs go: the queue's `es_events` storage (then `pw`), through the data
 * layer's stage-out client, as Pilot 3's StageOutESClient (activity `es_events` → the
 * `objectstore` copytool; failover to `es_failover` when it names another endpoint). Until an
 * `objectstore` copytool is registered the `s3` one does the work; nothing else here changes
 * when it arrives. Merge jobs read the same objects back (`es_events_read`).
 */
import { dirname } from 'node:path';
import { ErrorCodes, PilotError, asPilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { copytoolNames, getCopytool } from '../copytool/registry.js';
import { deterministicSurl } from '../data/protocols.js';
import type { InfoServiceLike, QueueDataLike, StorageDataLike, TransferFile } from '../data/types.js';

const logger = log('eventservice.objectstore');

/** A local output to store. */
export interface EsOutputFile {
  lfn: string;
  /** Absolute path of the file. */
  path: string;
}

/** A stored output. */
export interface StoredOutput {
  lfn: string;
  url: string;
  fsize: number;
  adler32?: string;
  ddmendpoint: string;
  /** The endpoint's id (objstoreID in range updates). */
  objstoreID: number | string;
}

/** The store interface the event service uses (a bench may pass its own). */
export interface EsOutputStore {
  /** Store the files; throws a PilotError when any fails. */
  put(files: EsOutputFile[], signal?: AbortSignal): Promise<StoredOutput[]>;
}

/** What the store needs from the job's data context. */
export interface EsStoreContext {
  infoservice?: InfoServiceLike | null;
  queuedata?: QueueDataLike | null;
  storagedata?: Record<string, StorageDataLike>;
  env?: NodeJS.ProcessEnv;
}

/** The copytool behind `objectstore` activities: `objectstore` once it exists, `s3` until then. */
export function esCopytoolName(): string {
  return copytoolNames().includes('objectstore') ? 'objectstore' : 's3';
}

function queuedataOf(ctx: EsStoreContext): QueueDataLike | undefined {
  return (ctx.infoservice?.queuedata ?? ctx.queuedata) || undefined;
}

/** The queue's ES output store; undefined when the queue names no `es_events`/`pw` storage. */
export function objectStoreFor(ctx: EsStoreContext): EsOutputStore | undefined {
  const qd = queuedataOf(ctx);
  const ast = qd?.astorages ?? {};
  if (!ast.es_events?.length && !ast.pw?.length) return undefined;
  const tool = esCopytoolName();
  return {
    async put(files, signal) {
      const specs: TransferFile[] = files.map((f) => ({ lfn: f.lfn, scope: 'transient', filetype: 'output', workdir: dirname(f.path) }));
      const first = await transfer(ctx, specs, ['es_events', 'pw'], tool, signal).catch((e: unknown) => asPilotError(e));
      if (first instanceof PilotError) {
        const primary = specs[0]?.ddmendpoint;
        const failover = ast.es_failover?.[0];
        if (first.code === ErrorCodes.MISSINGOUTPUTFILE || !failover || failover === primary || signal?.aborted) throw first;
        logger.warn({ code: first.code, failover }, 'ES stage-out failed, trying the failover storage');
        for (const s of specs) Object.assign(s, { ddmendpoint: undefined, status: null, status_code: 0, turl: undefined, surl: undefined });
        await transfer(ctx, specs, ['es_failover', 'pw'], tool, signal);
      }
      return specs.map((s) => {
        const pk = storages(ctx)[s.ddmendpoint ?? '']?.pk;
        return { lfn: s.lfn, url: s.turl ?? '', fsize: s.filesize ?? 0, adler32: s.checksum?.adler32, ddmendpoint: s.ddmendpoint ?? '', objstoreID: pk ?? s.ddmendpoint ?? '' };
      });
    },
  };
}

function storages(ctx: EsStoreContext): Record<string, StorageDataLike> {
  return ctx.storagedata ?? ctx.infoservice?.storages_info ?? ctx.infoservice?.storagesInfo ?? {};
}

async function transfer(ctx: EsStoreContext, files: TransferFile[], activities: string[], tool: string, signal?: AbortSignal): Promise<void> {
  const { StageOutClient } = await import('../data/stageout.js');
  const qd = queuedataOf(ctx);
  // es_events always means the object-store tool (Pilot 3's StageOutESClient.setdefault)
  const acopytools = { ...(qd?.acopytools ?? {}), es_events: qd?.acopytools?.es_events ?? [tool], es_failover: qd?.acopytools?.es_failover ?? [tool] };
  const client = new StageOutClient(ctx.infoservice ?? null, { queuedata: qd, storagedata: ctx.storagedata, acopytools, env: ctx.env });
  client.prepareDestinations(files, activities);
  await client.transfer(files, { activity: activities, workdir: files[0]?.workdir ?? undefined, signal });
  const bad = files.filter((f) => f.status !== 'transferred');
  if (bad.length) throw errors.STAGEOUTFAILED(`ES stage-out failed for ${bad.map((f) => f.lfn).join(', ')}`);
}

/**
 * Merge-job inputs that live on an object store (the queue's `es_events` endpoints): read back
 * from where {@link objectStoreFor} put them, through the same copytool. Returns the files it
 * fetched; the others are left to the normal stage-in.
 */
export async function stageInFromObjectStore(files: TransferFile[], workdir: string, ctx: EsStoreContext, signal?: AbortSignal): Promise<TransferFile[]> {
  const qd = queuedataOf(ctx);
  const osEndpoints = new Set([...(qd?.astorages?.es_events ?? []), ...(qd?.astorages?.es_failover ?? [])]);
  const mine = files.filter((f) => f.ddmendpoint && osEndpoints.has(f.ddmendpoint));
  if (!mine.length) return [];
  // the tool that wrote them reads them (Pilot 3's StageInESClient: es_events_read → objectstore)
  const name = qd?.acopytools?.es_events_read?.[0] ?? qd?.acopytools?.es_events?.[0] ?? esCopytoolName();
  const tool = await getCopytool(name);
  const ddmconf = storages(ctx);
  for (const f of mine) {
    const ddm = ddmconf[f.ddmendpoint!];
    const proto = ddm?.arprotocols?.es_events_read?.[0] ?? ddm?.arprotocols?.read_lan?.[0] ?? ddm?.arprotocols?.write_lan?.[0] ?? ddm?.arprotocols?.w?.[0];
    if (!proto?.endpoint) throw errors.NOSTORAGEPROTOCOL(`no object-store protocol to read ${f.lfn} from ${f.ddmendpoint}`);
    if (ddm?.is_deterministic || !tool.resolveSurl) {
      f.turl = deterministicSurl(f, proto, ddmconf);
    } else {
      // OS_ES layout: s3 gives the directory <path>/<queue> (its stage-out appends the lfn),
      // objectstore the file itself (<path>/<lfn>, as Pilot 3's resolve_surl)
      const { surl } = tool.resolveSurl({ ...f, dataset: '' }, { endpoint: proto.endpoint, path: proto.path, id: proto.id }, ddmconf, { queue: qd?.name ?? undefined, env: ctx.env });
      const base = surl.replace(/\/+$/, '');
      f.turl = base.endsWith(`/${f.lfn}`) ? base : `${base}/${f.lfn}`;
    }
    f.surl = f.turl;
    f.workdir = workdir;
  }
  await tool.copyIn(mine, { workdir, signal, env: ctx.env, ddmconf });
  for (const f of mine) f.status = 'no_transfer';
  logger.info({ n: mine.length }, 'merge inputs read from the object store');
  return mine;
}
