const FINAL = new Set(['finished', 'failed']);
/** Tracks the last reported state of one job. */
export class ServerStateTracker {
    current = '';
    /** The state to send when the job asks to report `requested`. */
    next(requested) {
        if (FINAL.has(this.current))
            return this.current;
        if (requested === 'finished' || requested === 'failed' || requested === 'holding')
            return requested;
        return this.current === '' ? 'starting' : 'running';
    }
    /** Remember what was actually sent. */
    sent(state) {
        this.current = state;
    }
    get state() {
        return this.current;
    }
}
//# sourceMappingURL=serverstate.js.map