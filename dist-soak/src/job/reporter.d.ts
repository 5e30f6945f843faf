import { type PilotError } from '../common/errors.js';
import type { JobRun } from './jobrun.js';
import { type UpdateBody, type UpdateContext } from './updates.js';
/** The one server call the reporter makes (PandaClient and the Harvester file client both have it). */
export interface UpdateSender {
    updateJob(data: Record<string, unknown>, opts?: {
        signal?: AbortSignal;
        attempts?: number;
        final?: boolean;
        job?: {
            jobid: string;
            workdir: string;
            logdata?: unknown[];
            outdata?: unknown[];
        };
    }): Promise<Record<string, unknown>>;
}
export interface ReporterOptions {
    client: UpdateSender | undefined;
    update: UpdateContext;
    pilotHome: string;
    heartbeatS: number;
    debugHeartbeatS: number;
    updateSleepS: number;
    finalDeadlineS: number;
    /** Stop the job when no update got through for this long (Pilot 3: lost_heartbeat, 10800 s). */
    lostHeartbeatS: number;
    heartbeatFile: string;
    /** Called when the server orders the job killed. */
    onKill: (err: PilotError) => void;
    /** Refresh figures (CPU, memory) just before an update is built. */
    refresh?: () => void;
    /** Called with the final update's body before it is first sent (the journal keeps it). */
    onFinalBody?: (body: UpdateBody) => void;
}
export declare class Reporter {
    private readonly run;
    private readonly opts;
    private readonly states;
    private timer;
    private stopped;
    /** The chain of pending updates (see {@link update}). */
    private queue;
    private readonly logger;
    /** Epoch ms of the last successful update (any kind). */
    lastSuccess: number;
    /** Number of heartbeats sent by the timer (for tests and logs). */
    heartbeats: number;
    constructor(run: JobRun, opts: ReporterOptions);
    /** Start the heartbeat timer (period from now). */
    start(): void;
    /** Stop the heartbeat timer. */
    stop(): void;
    private periodMs;
    private schedule;
    private heartbeat;
    /**
     * Send a non-final update; requested 'running'/'starting' is mapped to what the server must see.
     * Failures are logged, never thrown: a server that is down must not disturb the payload.
     */
    update(requested: string, opts?: {
        stdout?: boolean;
    }): Promise<boolean>;
    private sendUpdate;
    /**
     * The final update, retried every updateSleepS until accepted or finalDeadlineS passed.
     * Returns whether the server accepted it.
     */
    final(pilotLog: string): Promise<boolean>;
    /**
     * Send a final update body, retried every updateSleepS until accepted or `deadlineS` passed
     * (also used to re-send a journaled one). Returns whether the server accepted it.
     */
    sendFinal(body: UpdateBody, deadlineS: number): Promise<boolean>;
    private send;
    /** Act on the server's back-channel command (server-protocol.md §6.5). */
    handleAnswer(answer: Record<string, unknown>): void;
    private setDebug;
    /** The `stdout` field of a debug heartbeat: the debug command's output, or the payload's stdout tail. */
    private debugOutput;
}
/** The last `bytes` of a file ('' when missing). */
export declare function tailFile(file: string, bytes: number): Promise<string>;
