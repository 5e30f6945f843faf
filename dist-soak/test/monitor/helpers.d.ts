/** Helpers for the monitor tests: real payload processes in their own group, temp work dirs. */
import { type ChildProcess } from 'node:child_process';
/** A payload started by a test. */
export interface TestPayload {
    child: ChildProcess;
    pid: number;
    pids: () => number[];
    exited: Promise<void>;
    /** Resolves with the first stdout line containing `text`. */
    waitFor(text: string, timeoutMs?: number): Promise<void>;
    kill(): void;
}
/** Start `argv` in its own process group (like the payload runner does) with cwd = workdir. */
export declare function startPayload(argv: string[], cwd: string): TestPayload;
/** A fresh temporary work dir; `cleanup()` removes it. */
export declare function tempWorkdir(prefix?: string): {
    dir: string;
    cleanup: () => void;
};
/** Resolve when `fn` returns a value (polled every `everyMs`), or reject after `timeoutMs`. */
export declare function until<T>(fn: () => T | undefined, timeoutMs?: number, everyMs?: number): Promise<T>;
/** Directory of the reference files (Pilot 3's test resources: a prmon and an old MemoryMonitor output). */
export declare const FIXTURES: string;
