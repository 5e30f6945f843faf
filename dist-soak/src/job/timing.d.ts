export type TimingKey = 'PILOT_START_TIME' | 'PILOT_MULTIJOB_START_TIME' | 'PILOT_PRE_GETJOB' | 'PILOT_POST_GETJOB' | 'PILOT_PRE_SETUP' | 'PILOT_POST_SETUP' | 'PILOT_PRE_STAGEIN' | 'PILOT_POST_STAGEIN' | 'PILOT_PRE_PAYLOAD' | 'PILOT_POST_PAYLOAD' | 'PILOT_PRE_STAGEOUT' | 'PILOT_POST_STAGEOUT' | 'PILOT_PRE_LOG_TAR' | 'PILOT_POST_LOG_TAR' | 'PILOT_PRE_FINAL_UPDATE' | 'PILOT_POST_FINAL_UPDATE' | 'PILOT_END_TIME' | 'PILOT_KILL_SIGNAL' | 'PILOT_PRE_REMOTEIO' | 'PILOT_POST_REMOTEIO';
/** All timing stamps of one pilot process. */
export declare class PilotTiming {
    private readonly stamps;
    /** Record `key` for `id` (a PanDA id, or "0"/"1") at `t` (default: now). */
    add(id: string, key: TimingKey, t?: number): number;
    /** A stamp, falling back to the pilot-level keys as Pilot 3 does. */
    get(id: string, key: TimingKey): number | undefined;
    /** |b - a| truncated to whole seconds; 0 when either stamp is missing. */
    diff(id: string, a: TimingKey, b: TimingKey): number;
    /**
     * The pilotTiming string of a final update: getjob|stagein|payload|stageout|initial_setup|setup.
     */
    pilotTiming(id: string): string;
    /** Write all stamps to `file` (pilot_timing.json), atomically. */
    write(file: string): void;
    toJSON(): Record<string, Partial<Record<TimingKey, number>>>;
}
