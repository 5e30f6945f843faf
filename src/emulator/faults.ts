/**
 * Fault injection: make the next N requests of a method fail in a chosen way, for tests of the
 * pilot's retry and heartbeat robustness. A fault applies before the request is processed,
 * unless `afterProcessing` is set (the server did the work but the answer is lost).
 */
import { z } from 'zod';

/** How a request fails. */
export const FaultModes = ['http500', 'garbage', 'reset', 'delay', 'empty', 'http403'] as const;

/** A fault rule (admin endpoint body / library call). */
export const FaultSchema = z
  .object({
    /** Method name (getJob, updateJob, update_worker_node, schedconfig, ddmendpoints, trf) or '*'. */
    method: z.string().min(1),
    /**
     * http500: HTTP 500 text body; http403: HTTP 403 "forbidden"; garbage: HTTP 200 with a
     * non-JSON, non-urlencoded body; empty: HTTP 200 with an empty body; reset: socket destroyed
     * without an answer; delay: answer normally after delayMs.
     */
    mode: z.enum(FaultModes),
    /** How many matching requests are affected (default 1). */
    count: z.number().int().positive().default(1),
    /** For delay: milliseconds to wait before answering (default 1000). */
    delayMs: z.number().int().nonnegative().default(1000),
    /** Process the request first, then fail the answer. */
    afterProcessing: z.boolean().default(false),
  })
  .strict();

/** A fault rule as given by a caller. */
export type FaultInput = z.input<typeof FaultSchema>;
/** A fault rule with defaults. */
export type Fault = z.output<typeof FaultSchema> & { remaining: number };

/**
 * Random faults for a soak: while active, each matching request fails with probability `rate` in
 * one of `modes` (seeded, so a soak can be replayed), and during an outage every request is reset.
 */
export interface ChaosOptions {
  /** Probability that a request fails (0..1). */
  rate: number;
  /** Modes to draw from (default: http500, garbage, reset, delay, empty). */
  modes?: Array<(typeof FaultModes)[number]>;
  /** Methods affected (default: every method). */
  methods?: string[];
  /** Delay of the `delay` mode, ms (default 1500). */
  delayMs?: number;
  seed?: number;
}

/** The pending faults, consumed in order. */
export class FaultInjector {
  private readonly faults: Fault[] = [];
  private chaos: (ChaosOptions & { next: () => number }) | undefined;
  private outageUntil = 0;
  /** Requests failed by chaos and by outages (for soak reports). */
  readonly chaosCounts: Record<string, number> = {};

  /** Start (or, with undefined, stop) random faults. */
  setChaos(opts: ChaosOptions | undefined): void {
    if (!opts) {
      this.chaos = undefined;
      return;
    }
    let a = (opts.seed ?? 1) >>> 0;
    // mulberry32
    const next = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    this.chaos = { ...opts, next };
  }

  /** Every request is reset for `ms` from now (a server outage). */
  outage(ms: number): void {
    this.outageUntil = Date.now() + ms;
  }

  private chaosFault(method: string): Fault | undefined {
    const base = { method, count: 1, remaining: 0, afterProcessing: false, delayMs: this.chaos?.delayMs ?? 1500 };
    if (Date.now() < this.outageUntil) {
      this.chaosCounts.outage = (this.chaosCounts.outage ?? 0) + 1;
      return { ...base, mode: 'reset' };
    }
    const c = this.chaos;
    if (!c || (c.methods && !c.methods.includes(method)) || c.next() >= c.rate) return undefined;
    const modes = c.modes ?? ['http500', 'garbage', 'reset', 'delay', 'empty'];
    const mode = modes[Math.floor(c.next() * modes.length)]!;
    this.chaosCounts[mode] = (this.chaosCounts[mode] ?? 0) + 1;
    return { ...base, mode };
  }

  /** Add a rule (validated). */
  add(input: FaultInput): Fault {
    const f = FaultSchema.parse(input);
    const fault = { ...f, remaining: f.count };
    this.faults.push(fault);
    return fault;
  }

  /** Take one use of the first rule matching this method, if any. */
  take(method: string): Fault | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (x.method === method || x.method === '*'));
    if (!f) return this.chaosFault(method);
    f.remaining--;
    if (f.remaining === 0) this.faults.splice(this.faults.indexOf(f), 1);
    return f;
  }

  /** Remove every pending rule, stop chaos and any outage. */
  clear(): void {
    this.faults.length = 0;
    this.chaos = undefined;
    this.outageUntil = 0;
  }

  /** Pending rules (copies). */
  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }
}
