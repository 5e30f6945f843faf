import type { QueueDataLike, TransferFile } from './types.js';
/** Free bytes on the filesystem holding `dir` (storageLimitMiB from the batch system wins). */
export declare function freeSpace(dir: string, env?: NodeJS.ProcessEnv): Promise<number | undefined>;
/**
 * Raise SIZETOOLARGE (1168) when the inputs exceed maxwdir (MB), NOLOCALSPACE (1098) when they
 * do not fit on the destination filesystem. No queuedata → only the free-space check.
 */
export declare function checkAvailableSpace(files: TransferFile[], dir: string, queuedata?: QueueDataLike | null, env?: NodeJS.ProcessEnv): Promise<void>;
