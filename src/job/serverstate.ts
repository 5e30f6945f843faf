/**
 * The state reported to the server for each update, derived as Pilot 3 derives it: final states
 * are sticky, the first non-final update is `starting` and every later one is `running`.
 */
export type ServerState = 'starting' | 'running' | 'finished' | 'failed' | 'holding';

const FINAL = new Set(['finished', 'failed']);

/** Tracks the last reported state of one job. */
export class ServerStateTracker {
  private current: ServerState | '' = '';

  /** The state to send when the job asks to report `requested`. */
  next(requested: string): ServerState {
    if (FINAL.has(this.current)) return this.current as ServerState;
    if (requested === 'finished' || requested === 'failed' || requested === 'holding') return requested;
    return this.current === '' ? 'starting' : 'running';
  }

  /** Remember what was actually sent. */
  sent(state: ServerState): void {
    this.current = state;
  }

  get state(): ServerState | '' {
    return this.current;
  }
}
