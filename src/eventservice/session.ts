/**
 * One payload's event-range conversation (Pilot 3's ESProcess + GenericExecutor, without threads):
 * `Ready for events` is answered from the prefetched ranges, reports are parsed, failures go to
 * the server at once, finished outputs are stored (each on its own, or zipped every
 * `zipGapS`) and then reported. Messages are handled strictly in arrival order.
 */
import { realpathSync } from 'node:fs';
import { basename, isAbsolute, join, sep } from 'node:path';
import { ErrorCodes, asPilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import type { EsOutputStore, StoredOutput } from './objectstore.js';
import { MessageParseError, NO_MORE_EVENTS, READY_FOR_EVENTS, parseOutMessage, rangeMessage, type OutMessage } from './protocol.js';
import type { RangeSupply } from './ranges.js';
import type { RangeUpdate, RangeUpdater } from './updates.js';
import type { MessageTransport } from './yampl.js';
import { zipOutputs } from './zip.js';

const logger = log('eventservice');

/** Stage-out attempts per output before its range is reported failed. */
const STAGEOUT_TRIES = 3;

/** How finished outputs leave the node. */
export type OutputMode = 'range' | 'zip';

export interface SessionOptions {
  workdir: string;
  corecount: number;
  transport: MessageTransport;
  supply: RangeSupply;
  updater: RangeUpdater;
  /** Undefined: no storage for ES outputs (finished ranges then fail with NOSTORAGE). */
  store?: EsOutputStore;
  mode: OutputMode;
  /** Zip mode: seconds between zips (Pilot 3's es_stageout_gap). */
  zipGapS: number;
  /** Parallel per-range stage-outs. */
  stageOutConcurrency?: number;
  /** Stage-out failures after which the payload is stopped (Pilot 3: 20). */
  maxStageOutFailures?: number;
  /** Ask the executor to stop the payload (too many stage-out failures, a broken channel). */
  stop(reason: string, code: number): void;
}

/** Per-range timing the benchmarks read (ms). */
export interface SessionStats {
  /** `Ready for events` received → range sent. */
  readyToRange: number[];
  /** Output message received → the server acknowledged the range. */
  outputToReported: number[];
  /** Output message received → the update carrying it went out (the pilot's own share). */
  outputToSent: number[];
  /** First message from the payload (performance clock), to time a job without its start-up. */
  firstMessageAt?: number;
}

interface Finished {
  msg: Extract<OutMessage, { status: 'finished' }>;
  path: string;
  at: number;
  /** Stage-out attempts that failed so far. */
  tries?: number;
}

export class EsSession {
  readonly stats: SessionStats = { readyToRange: [], outputToReported: [], outputToSent: [] };
  finished = 0;
  failed = 0;
  fatal = 0;
  stageOutFailures = 0;
  /** Time `No more events` was first sent (ms, performance clock). */
  noMoreEventsAt?: number;
  private chain: Promise<void> = Promise.resolve();
  private readonly queued: Finished[] = [];
  private readonly staging = new Set<Promise<void>>();
  private zipTimer?: NodeJS.Timeout;
  private lastZip = 0;
  private closed = false;
  private realWorkdir?: string;
  private firstError?: Error;

  constructor(private readonly o: SessionOptions) {}

  start(): void {
    this.o.supply.prefetch();
    this.o.transport.onMessage((m) => {
      const at = performance.now();
      this.stats.firstMessageAt ??= at;
      this.chain = this.chain.then(() => this.handle(m, at)).catch((e) => this.broken(e));
    });
    if (this.o.mode === 'zip') this.zipTimer = setInterval(() => void this.zipNow(false), Math.max(1, this.o.zipGapS) * 1000).unref();
  }

  private broken(e: unknown): void {
    this.firstError ??= e as Error;
    logger.error({ err: (e as Error).message }, 'event-service message handling failed');
    this.o.stop(`failed to handle message from payload: ${(e as Error).message}`, ErrorCodes.MESSAGEHANDLINGFAILURE);
  }

  private async handle(message: string, at: number): Promise<void> {
    if (this.closed) return;
    if (message.includes(READY_FOR_EVENTS)) {
      const range = await this.o.supply.next();
      if (range) {
        this.o.transport.send(rangeMessage(range));
        this.stats.readyToRange.push(performance.now() - at);
      } else {
        this.noMoreEventsAt ??= performance.now();
        this.o.transport.send(NO_MORE_EVENTS);
      }
      return;
    }
    let msg: OutMessage;
    try {
      msg = parseOutMessage(message);
    } catch (e) {
      if (e instanceof MessageParseError) {
        logger.warn({ message: message.slice(0, 300) }, 'unparsable message from payload (ignored)');
        return;
      }
      throw e;
    }
    if (!this.o.supply.open.has(msg.id)) {
      logger.warn({ id: msg.id, status: msg.status }, 'report for a range the payload does not hold (ignored)');
      return;
    }
    if (msg.status === 'finished') {
      const path = isAbsolute(msg.output) ? msg.output : join(this.o.workdir, msg.output);
      this.queued.push({ msg, path, at });
      if (this.o.mode === 'range') this.pumpStageOut();
      else if (!this.lastZip) void this.zipNow(false); // Pilot 3 stages out at once the first time
      return;
    }
    this.o.supply.close(msg.id);
    if (msg.status === 'fatal') this.fatal++;
    else this.failed++;
    void this.o.updater.report([{ eventRangeID: msg.id, eventStatus: msg.status, errorCode: ErrorCodes.UNKNOWNPAYLOADFAILURE, errorDiag: msg.message.slice(0, 500) }]);
  }

  /** Per-range mode: keep up to `stageOutConcurrency` batches of queued outputs in flight. */
  private pumpStageOut(): void {
    const limit = this.o.stageOutConcurrency ?? 4;
    while (this.queued.length && this.staging.size < limit) {
      const batch = this.queued.splice(0, Math.max(1, Math.ceil(this.queued.length / limit)));
      const p: Promise<void> = this.storeAndReport(batch).finally(() => {
        this.staging.delete(p);
        this.pumpStageOut();
      });
      this.staging.add(p);
    }
  }

  private async storeAndReport(batch: Finished[]): Promise<void> {
    let stored: StoredOutput[];
    batch = this.insideWorkdir(batch);
    if (!batch.length) return;
    try {
      if (!this.o.store) throw Object.assign(new Error('no object store for event-service outputs (queue has no es_events storage)'), { code: ErrorCodes.NOSTORAGE });
      stored = await this.o.store.put(batch.map((b) => ({ lfn: basename(b.path), path: b.path })));
    } catch (e) {
      return this.stageOutFailed(batch, e);
    }
    const entries: RangeUpdate[] = batch.map((b, i) => ({
      eventRangeID: b.msg.id,
      eventStatus: 'finished',
      objstoreID: stored[i].objstoreID,
      lfn: stored[i].lfn,
      pathConvention: 1000,
      fsize: stored[i].fsize,
      adler32: stored[i].adler32,
      ...(b.msg.cpu !== undefined && Number.isFinite(Number(b.msg.cpu)) ? { cpuConsumptionTime: Number(b.msg.cpu) } : {}),
    }));
    for (const b of batch) this.o.supply.close(b.msg.id);
    this.finished += batch.length;
    await this.o.updater.report(entries, () => {
      const t = performance.now();
      for (const b of batch) this.stats.outputToSent.push(t - b.at);
    });
    const now = performance.now();
    for (const b of batch) this.stats.outputToReported.push(now - b.at);
  }

  private async stageOutFailed(batch: Finished[], e: unknown): Promise<void> {
    const err = asPilotError(e);
    const code = (e as { code?: number }).code ?? err.code;
    this.stageOutFailures++;
    // Pilot 3 re-queues the outputs of a failed stage-out; we give each output three tries
    const retry = batch.filter((b) => (b.tries = (b.tries ?? 0) + 1) < STAGEOUT_TRIES && code !== ErrorCodes.NOSTORAGE);
    if (retry.length && this.stageOutFailures < (this.o.maxStageOutFailures ?? 20)) {
      logger.warn({ code, diag: err.diag, n: retry.length }, 'ES output stage-out failed; will retry');
      await new Promise((r) => setTimeout(r, 500 * (retry[0].tries ?? 1)));
      this.queued.unshift(...retry);
      batch = batch.filter((b) => !retry.includes(b));
      if (!batch.length) return;
    }
    logger.error({ code, diag: err.diag, n: batch.length }, 'ES output stage-out failed; ranges reported failed');
    for (const b of batch) this.o.supply.close(b.msg.id);
    this.failed += batch.length;
    void this.o.updater.report(batch.map((b) => ({ eventRangeID: b.msg.id, eventStatus: 'failed' as const, errorCode: code, errorDiag: `stage-out failed: ${err.diag}`.slice(0, 500) })));
    if (this.stageOutFailures >= (this.o.maxStageOutFailures ?? 20)) this.o.stop(`too many ES stage-out failures (${this.stageOutFailures})`, ErrorCodes.ESRECOVERABLE);
  }

  /**
   * Outputs must be files inside the work directory (symlinks resolved): a payload naming
   * /etc/passwd gets its range failed, not the file uploaded.
   */
  private insideWorkdir(batch: Finished[]): Finished[] {
    const root = this.realWorkdir ??= realpathSync(this.o.workdir);
    const ok: Finished[] = [];
    for (const b of batch) {
      let real = '';
      try {
        real = realpathSync(b.path);
      } catch {
        /* missing: the stage-out reports it */
        ok.push(b);
        continue;
      }
      if (real.startsWith(`${root}${sep}`)) ok.push(b);
      else {
        logger.error({ id: b.msg.id, output: b.path }, 'payload output outside the work directory: range failed');
        this.o.supply.close(b.msg.id);
        this.failed++;
        void this.o.updater.report([{ eventRangeID: b.msg.id, eventStatus: 'failed', errorCode: ErrorCodes.UNKNOWNPAYLOADFAILURE, errorDiag: `output ${b.path} is outside the work directory` }]);
      }
    }
    return ok;
  }

  /** Zip mode: tar what is queued, store the tar, report its ranges in one version-1 group. */
  private async zipNow(force: boolean): Promise<void> {
    if (!force && this.staging.size) return;
    this.lastZip = performance.now();
    const batch = this.insideWorkdir(this.queued.splice(0));
    if (!batch.length) return;
    const p: Promise<void> = (async () => {
      let stored: StoredOutput;
      let tarName: string;
      try {
        if (!this.o.store) throw Object.assign(new Error('no object store for event-service outputs (queue has no es_events storage)'), { code: ErrorCodes.NOSTORAGE });
        tarName = `EventService_premerge_${batch[0].msg.id}.tar`;
        await zipOutputs(join(this.o.workdir, tarName), batch.map((b) => b.path));
        [stored] = await this.o.store.put([{ lfn: tarName, path: join(this.o.workdir, tarName) }]);
      } catch (e) {
        return this.stageOutFailed(batch, e);
      }
      for (const b of batch) this.o.supply.close(b.msg.id);
      this.finished += batch.length;
      await this.o.updater.reportZip({
        zipFile: { numEvents: batch.length, objstoreID: stored.objstoreID, lfn: tarName, fsize: stored.fsize, pathConvention: 1000, ...(stored.adler32 ? { adler32: stored.adler32 } : {}) },
        eventRanges: batch.map((b) => ({ eventRangeID: b.msg.id, eventStatus: 'finished' as const })),
      });
      const now = performance.now();
      for (const b of batch) this.stats.outputToReported.push(now - b.at);
    })().finally(() => this.staging.delete(p));
    this.staging.add(p);
    await p;
  }

  /** Say `No more events` to the payload (Pilot 3's stop()). */
  sayNoMoreEvents(): void {
    this.noMoreEventsAt ??= performance.now();
    try {
      this.o.transport.send(NO_MORE_EVENTS);
    } catch {
      /* nobody connected */
    }
  }

  /**
   * The payload is gone: handle what it said last, store and report every finished output, report
   * every range it still held as failed with `openCode`, and wait until the server has it all.
   */
  async finish(openCode: number, openDiag: string): Promise<void> {
    await this.chain;
    this.closed = true;
    clearInterval(this.zipTimer);
    // until every output is stored or given up (failed stage-outs come back to the queue)
    do {
      if (this.o.mode === 'zip') await this.zipNow(true);
      else this.pumpStageOut();
      while (this.staging.size) await Promise.allSettled([...this.staging]);
    } while (this.queued.length);
    const open = [...this.o.supply.open.keys()];
    if (open.length) {
      logger.warn({ n: open.length, code: openCode }, 'ranges the payload did not finish are reported failed');
      for (const id of open) this.o.supply.close(id);
      this.failed += open.length;
      void this.o.updater.report(open.map((id) => ({ eventRangeID: id, eventStatus: 'failed' as const, errorCode: openCode, errorDiag: openDiag.slice(0, 500) })));
    }
    await this.o.updater.flush();
  }

  /** The first internal error, if message handling broke. */
  get error(): Error | undefined {
    return this.firstError;
  }
}
