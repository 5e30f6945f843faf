/** Wall-clock helpers shared by every component (seconds since the epoch, as Pilot 3 stores them). */
/** Current time in seconds (float), like Python's time.time(). */
export declare function now(): number;
/** Resolve after `ms`, or reject with the signal's reason when it aborts first. */
export declare function sleep(ms: number, signal?: AbortSignal): Promise<void>;
