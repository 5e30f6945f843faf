/**
 * updateEventRanges in batches. At most one request per format version is in flight; reports that
 * arrive meanwhile go into the next one. A lone range is reported at once (no timer to wait for),
 * a busy payload's ranges share requests: latency stays low and the request count falls with the
 * rate. Formats are Pilot 3's: version 0 lists `{eventRangeID, eventStatus, ...}`, version 1 lists
 * `{zipFile, eventRanges: [...]}` groups.
 */
import { log } from '../common/log.js';

const logger = log('eventservice.updates');

/** One version-0 entry (Pilot 3's failure entries; per-range object-store outputs). */
export interface RangeUpdate {
  eventRangeID: string;
  eventStatus: 'finished' | 'failed' | 'fatal';
  errorCode?: number;
  errorDiag?: string;
  objstoreID?: number | string;
  /** The stored object's name (our addition: the server's merge job lists it; panda-server ignores it). */
  lfn?: string;
  pathConvention?: number;
  fsize?: number;
  adler32?: string;
  cpuConsumptionTime?: number;
  coreCount?: number;
}

/** One version-1 group (a zip of outputs and the ranges in it). */
export interface ZipUpdate {
  zipFile: { numEvents: number; objstoreID: number | string; lfn: string; fsize: number; pathConvention: number; adler32?: string };
  eventRanges: { eventRangeID: string; eventStatus: 'finished' }[];
}

/** The server call (Communicator.updateEventRanges). */
export type UpdateSender = (update: { eventRanges: string; version: number }) => Promise<Record<string, unknown>>;

/** What the server said about a batch. */
export interface UpdateOutcome {
  /** The job's command (e.g. `tobekilled`), when the answer carried one. */
  command?: string;
  rejected: string[];
}

interface Pending<T> {
  items: T[];
  ids: string[];
  done: ((o: UpdateOutcome) => void)[];
  /** Called when the request carrying the entries goes out (one per enqueue, in order). */
  sent: (() => void)[];
  /** Entries per enqueue, to know which `sent` callbacks a batch covers. */
  sizes: number[];
}

export class RangeUpdater {
  private readonly queues: [Pending<RangeUpdate>, Pending<ZipUpdate>] = [this.empty(), this.empty()];
  private readonly busy = [false, false];
  private readonly idle: (() => void)[] = [];
  /** Requests sent, and entries reported, per version. */
  readonly sent = [0, 0];
  readonly reported = [0, 0];
  /** Entries the server refused (Returns false). */
  readonly rejected: string[] = [];
  /** Failures of the call itself (the entries are retried with the next batch). */
  failures = 0;
  /** Entries given up after `maxAttempts` failed calls in a row (the server releases their ranges). */
  readonly lost: string[] = [];
  private streak = 0;

  constructor(
    private readonly send: UpdateSender,
    private readonly onCommand: (command: string) => void = () => undefined,
    private readonly maxBatch = 1000,
    private readonly maxAttempts = 5,
  ) {}

  private empty<T>(): Pending<T> {
    return { items: [], ids: [], done: [], sent: [], sizes: [] };
  }

  /** Queue version-0 entries; resolves when the server answered for them (`onSent`: when they went out). */
  report(entries: RangeUpdate[], onSent?: () => void): Promise<UpdateOutcome> {
    return this.enqueue(0, entries, entries.map((e) => e.eventRangeID), onSent);
  }

  /** Queue a version-1 zip group. */
  reportZip(group: ZipUpdate, onSent?: () => void): Promise<UpdateOutcome> {
    return this.enqueue(1, [group], group.eventRanges.map((e) => e.eventRangeID), onSent);
  }

  private enqueue(version: 0 | 1, items: unknown[], ids: string[], onSent: () => void = () => undefined): Promise<UpdateOutcome> {
    return new Promise((resolve) => {
      const q = this.queues[version] as Pending<unknown>;
      q.items.push(...items);
      q.ids.push(...ids);
      q.done.push(resolve);
      q.sent.push(onSent);
      q.sizes.push(items.length);
      this.pump(version);
    });
  }

  private pump(version: 0 | 1): void {
    if (this.busy[version]) return;
    const q = this.queues[version] as Pending<unknown>;
    if (!q.items.length) {
      if (!this.busy[0] && !this.busy[1] && !this.queues[0].items.length && !this.queues[1].items.length) for (const f of this.idle.splice(0)) f();
      return;
    }
    const items = version === 0 ? q.items.splice(0, this.maxBatch) : q.items.splice(0);
    const ids = q.ids.splice(0, version === 0 ? items.length : q.ids.length);
    const done = q.items.length ? [] : q.done.splice(0);
    // the enqueues whose entries are all in this batch have gone out
    let covered = 0;
    let k = 0;
    while (k < q.sizes.length && covered + q.sizes[k] <= items.length) covered += q.sizes[k++];
    const sentNow = q.sent.splice(0, k);
    q.sizes.splice(0, k);
    if (covered < items.length && q.sizes.length) q.sizes[0] -= items.length - covered;
    for (const s of sentNow) s();
    this.busy[version] = true;
    this.sent[version]++;
    void Promise.resolve()
      .then(() => this.send({ eventRanges: JSON.stringify(items), version }))
      .then((answer) => {
        this.streak = 0;
        this.reported[version] += ids.length;
        const outcome = readAnswer(answer, ids);
        this.rejected.push(...outcome.rejected);
        if (outcome.rejected.length) logger.warn({ rejected: outcome.rejected.slice(0, 10), n: outcome.rejected.length }, 'server refused range updates');
        if (outcome.command) this.onCommand(outcome.command);
        for (const d of done) d(outcome);
      })
      .catch((e) => {
        // the entries go back to the front and ride with the next request
        this.failures++;
        if (++this.streak >= this.maxAttempts) {
          logger.error({ err: (e as Error).message, n: ids.length }, `updateEventRanges failed ${this.streak} times in a row; giving these ranges up`);
          this.lost.push(...ids);
          for (const d of done) d({ rejected: ids });
          this.streak = 0;
          return;
        }
        logger.warn({ err: (e as Error).message, n: ids.length }, 'updateEventRanges failed; will retry');
        q.items.unshift(...items);
        q.ids.unshift(...ids);
        q.done.unshift(...done);
        q.sent.unshift(...items.map(() => () => undefined));
        q.sizes.unshift(...items.map(() => 1));
        return new Promise((r) => setTimeout(r, Math.min(30_000, 500 * this.failures)));
      })
      .finally(() => {
        this.busy[version] = false;
        this.pump(version);
      });
  }

  /** Resolves when everything queued so far has been answered. */
  flush(): Promise<void> {
    if (!this.busy[0] && !this.busy[1] && !this.queues[0].items.length && !this.queues[1].items.length) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}

/** Returns (JSON string for version 0, list for 1) and Command ({PandaID: command}). */
function readAnswer(answer: Record<string, unknown>, ids: string[]): UpdateOutcome {
  const parse = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  };
  const returns = parse(answer.Returns);
  const rejected: string[] = [];
  if (Array.isArray(returns)) returns.forEach((r, i) => r === false && ids[i] && rejected.push(ids[i]));
  const commands = parse(answer.Command);
  let command: string | undefined;
  if (commands && typeof commands === 'object') {
    for (const c of Object.values(commands as Record<string, unknown>)) if (typeof c === 'string' && c && c !== 'NULL') command = c;
  }
  return { command, rejected };
}
