/**
 * Fault injection: make the next N requests of a method fail in a chosen way, for tests of the
 * pilot's retry and heartbeat robustness. A fault applies before the request is processed,
 * unless `afterProcessing` is set (the server did the work but the answer is lost).
 */
import { z } from 'zod';
/** How a request fails. */
export declare const FaultModes: readonly ["http500", "garbage", "reset", "delay", "empty", "http403"];
/** A fault rule (admin endpoint body / library call). */
export declare const FaultSchema: z.ZodObject<{
    method: z.ZodString;
    mode: z.ZodEnum<{
        http500: "http500";
        garbage: "garbage";
        reset: "reset";
        delay: "delay";
        empty: "empty";
        http403: "http403";
    }>;
    count: z.ZodDefault<z.ZodNumber>;
    delayMs: z.ZodDefault<z.ZodNumber>;
    afterProcessing: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strict>;
/** A fault rule as given by a caller. */
export type FaultInput = z.input<typeof FaultSchema>;
/** A fault rule with defaults. */
export type Fault = z.output<typeof FaultSchema> & {
    remaining: number;
};
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
export declare class FaultInjector {
    private readonly faults;
    private chaos;
    private outageUntil;
    /** Requests failed by chaos and by outages (for soak reports). */
    readonly chaosCounts: Record<string, number>;
    /** Start (or, with undefined, stop) random faults. */
    setChaos(opts: ChaosOptions | undefined): void;
    /** Every request is reset for `ms` from now (a server outage). */
    outage(ms: number): void;
    private chaosFault;
    /** Add a rule (validated). */
    add(input: FaultInput): Fault;
    /** Take one use of the first rule matching this method, if any. */
    take(method: string): Fault | undefined;
    /** Remove every pending rule, stop chaos and any outage. */
    clear(): void;
    /** Pending rules (copies). */
    list(): Fault[];
}
