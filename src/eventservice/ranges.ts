/**
 * Event ranges on their way to the payload: fetched from the server `corecount` at a time and
 * prefetched while the payload works, so `Ready for events` is answered from memory. Every range
 * handed out is tracked until its report is final; what is still open when the payload stops is
 * what the executor reports as failed.
 */

/** A range as the server sends it (passed to the payload unchanged). */
export type EventRange = Record<string, unknown> & { eventRangeID: string };

/** Where ranges come from (getEventRanges). */
export type RangeFetcher = (n: number) => Promise<Record<string, unknown>[]>;

export class RangeSupply {
  private cache: EventRange[] = [];
  private inflight?: Promise<void>;
  private exhausted = false;
  private error?: unknown;
  /** Ranges handed to the payload and not yet reported final, by ID. */
  readonly open = new Map<string, { range: EventRange; handedAt: number }>();
  /** Ranges handed out in total. */
  handedOut = 0;
  /** getEventRanges calls made. */
  requests = 0;

  constructor(
    private readonly fetcher: RangeFetcher,
    private readonly corecount: number,
  ) {}

  /** Start fetching now (the first `Ready for events` then finds ranges waiting). */
  prefetch(): void {
    this.refill();
  }

  private refill(): void {
    if (this.inflight || this.exhausted || this.error) return;
    this.requests++;
    this.inflight = this.fetcher(this.corecount)
      .then((got) => {
        const valid = got.filter((r): r is EventRange => typeof r?.eventRangeID === 'string');
        if (!valid.length) this.exhausted = true;
        this.cache.push(...valid);
      })
      .catch((e) => {
        this.error = e;
      })
      .finally(() => {
        this.inflight = undefined;
        if (this.cache.length < 2 * this.corecount) this.refill();
      });
  }

  /** The next range for the payload, or undefined when the server has no more. */
  async next(): Promise<EventRange | undefined> {
    while (!this.cache.length) {
      if (this.error) throw this.error;
      if (this.exhausted) return undefined;
      this.refill();
      await this.inflight;
    }
    const range = this.cache.shift()!;
    // keep up to two requests' worth ahead of the payload (Pilot 3's queue factor 2)
    if (this.cache.length < 2 * this.corecount) this.refill();
    this.open.set(range.eventRangeID, { range, handedAt: performance.now() });
    this.handedOut++;
    return range;
  }

  /** A range got its final report; false when it was not open (unknown or reported twice). */
  close(id: string): boolean {
    return this.open.delete(id);
  }

  /** True once the server said there is nothing left. */
  get noMoreRanges(): boolean {
    return this.exhausted && !this.cache.length;
  }

  /** Ranges fetched but never handed to the payload (released by the server when the job ends). */
  get unused(): number {
    return this.cache.length;
  }
}
