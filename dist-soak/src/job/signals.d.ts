export declare const TRAPPED_SIGNALS: readonly ["SIGINT", "SIGTERM", "SIGQUIT", "SIGSEGV", "SIGXCPU", "SIGUSR1", "SIGBUS"];
export interface SignalState {
    /** Name of the first signal received (e.g. "SIGTERM"), if any. */
    first?: string;
    count: number;
    firstAt?: number;
}
/**
 * Trap the pilot's signals: abort `controller` on the first one; call `onDeadline` when the
 * wind-down takes longer than `hardDeadlineS`. Returns the live state and an uninstall function.
 */
export declare function trapSignals(controller: AbortController, hardDeadlineS: number, onDeadline: (state: SignalState) => void): {
    state: SignalState;
    uninstall: () => void;
};
