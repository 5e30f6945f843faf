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

/** The pending faults, consumed in order. */
export class FaultInjector {
  private readonly faults: Fault[] = [];

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
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining === 0) this.faults.splice(this.faults.indexOf(f), 1);
    return f;
  }

  /** Remove every pending rule. */
  clear(): void {
    this.faults.length = 0;
  }

  /** Pending rules (copies). */
  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }
}
