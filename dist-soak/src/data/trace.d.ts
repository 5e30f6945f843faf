import type { TraceSink } from '../copytool/types.js';
/** Pilot 3's production trace endpoint (its default `[Rucio] url`); pass it explicitly to use it. */
export declare const DEFAULT_TRACE_URL = "https://rucio-lb-prod.cern.ch/traces/";
/** The trace report's keys (Pilot 3's names). */
export type TraceFields = Record<string, unknown>;
/** Job fields a trace report is initialised from (JobData names). */
export interface TraceJob {
    jobid?: string | number;
    taskid?: string | number;
    produserid?: string;
    jobdefinitionid?: string | number;
}
/** Options of a trace report. */
export interface TraceOptions {
    /**
     * Where to POST (default: env PANDA_PILOT_TRACE_URL). Without a URL nothing is sent: the pilot
     * passes its configured `[Rucio] url`; a library user or a test never reaches a production
     * service by accident.
     */
    url?: string;
    /** Extra initial fields (eventType, localSite, remoteSite, dataset, ...). */
    fields?: TraceFields;
    env?: NodeJS.ProcessEnv;
    /** Per-POST timeout (ms). */
    timeoutMs?: number;
    /** Pilot version for eventVersion. */
    version?: string;
}
/** A trace report: a mutable set of fields plus send(). */
export declare class TraceReport implements TraceSink {
    readonly fields: TraceFields;
    readonly url: string | undefined;
    private readonly env;
    private readonly timeoutMs;
    private readonly pending;
    /** Number of traces that reached the server (2xx). */
    sent: number;
    /** Number of failed POSTs. */
    failed: number;
    constructor(opts?: TraceOptions);
    /** Fill the job part (Pilot 3's init(job)): anonymised user, app id, host, uuid, timeStart. */
    init(job?: TraceJob): Promise<this>;
    /** Merge fields. */
    update(fields: TraceFields): void;
    /** Pilot 3's verify_trace: needs eventType, localSite and remoteSite. */
    isValid(): boolean;
    /** Send a snapshot of the report in the background (see {@link flush}). */
    send(): void;
    /** POST the current fields; resolves true on a 2xx answer, never rejects. */
    post(): Promise<boolean>;
    /** Wait (bounded) for traces still in flight. */
    flush(maxMs?: number): Promise<void>;
}
