/**
 * Pilot-level signal handling. The first trapped signal aborts the pilot (its reason is the
 * signal's PilotError, so the running job fails with 1201–1208 and still sends its log and final
 * update); later signals are logged only; a hard deadline (Pilot 3: 180 s) bounds the whole
 * sequence, after which the pilot kills what it started and exits.
 */
import { PilotError, signalErrorCode } from '../common/errors.js';
import { log } from '../common/log.js';

export const TRAPPED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGQUIT', 'SIGSEGV', 'SIGXCPU', 'SIGUSR1', 'SIGBUS'] as const;

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
export function trapSignals(
  controller: AbortController,
  hardDeadlineS: number,
  onDeadline: (state: SignalState) => void,
): { state: SignalState; uninstall: () => void } {
  const logger = log('signals');
  const state: SignalState = { count: 0 };
  let deadline: NodeJS.Timeout | undefined;
  const handler = (name: NodeJS.Signals) => {
    state.count++;
    if (state.first) {
      logger.warn({ signal: name, count: state.count }, 'signal received again; wind-down continues');
      return;
    }
    state.first = name;
    state.firstAt = Date.now();
    logger.warn({ signal: name }, 'signal received: aborting the job and winding down');
    deadline = setTimeout(() => onDeadline(state), hardDeadlineS * 1000);
    deadline.unref();
    // Pilot 3 reports the code's standard message ("Job killed by signal: SIGTERM")
    controller.abort(new PilotError(signalErrorCode(name)));
  };
  for (const s of TRAPPED_SIGNALS) process.on(s, handler);
  return {
    state,
    uninstall: () => {
      for (const s of TRAPPED_SIGNALS) process.off(s, handler);
      clearTimeout(deadline);
    },
  };
}
