/**
 * The state reported to the server for each update, derived as Pilot 3 derives it: final states
 * are sticky, the first non-final update is `starting` and every later one is `running`.
 */
export type ServerState = 'starting' | 'running' | 'finished' | 'failed' | 'holding';
/** Tracks the last reported state of one job. */
export declare class ServerStateTracker {
    private current;
    /** The state to send when the job asks to report `requested`. */
    next(requested: string): ServerState;
    /** Remember what was actually sent. */
    sent(state: ServerState): void;
    get state(): ServerState | '';
}
