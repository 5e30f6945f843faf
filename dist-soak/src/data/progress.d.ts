import type { ProgressFn } from '../copytool/types.js';
/** Format one progress line: `lfn  512.0 MiB / 1.0 GiB  210.3 MiB/s  ETA 2s`. */
export declare function formatProgress(lfn: string, bytes: number, total: number, elapsedS: number): string;
/** The default progress reporter for `stream` (stderr). */
export declare function progressReporter(stream?: NodeJS.WriteStream): ProgressFn;
