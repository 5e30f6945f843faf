import { TraceReport } from './trace.js';
/** Pilot 3's str2bool: yes/true/t/y/1 and no/false/f/n/0 (any case). */
export declare function str2bool(v: string): boolean;
/** Exit code of the scripts when a transfer failed (Pilot 3's TRANSFER_ERROR). */
export declare const TRANSFER_ERROR = 12;
/** The trace report the scripts build from their arguments. */
export declare function scriptTrace(args: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<TraceReport>;
/** An initialised InfoService for the queue, or null (logged) when it cannot be resolved, as in Pilot 3. */
export declare function scriptInfoService(queue: string, env: NodeJS.ProcessEnv): Promise<import('../info/infoservice.js').InfoService | null>;
/** Write a status dictionary `{lfn: [...], error: [message, code]}` as JSON. */
export declare function writeStatus(path: string, entries: Record<string, unknown[]>): Promise<void>;
/** `<workdir>/<name>` */
export declare function inWorkdir(workdir: string, name: string): string;
