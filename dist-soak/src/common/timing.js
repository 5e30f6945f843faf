/** Wall-clock helpers shared by every component (seconds since the epoch, as Pilot 3 stores them). */
/** Current time in seconds (float), like Python's time.time(). */
export function now() {
    return Date.now() / 1000;
}
/** Resolve after `ms`, or reject with the signal's reason when it aborts first. */
export function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(signal.reason);
        const t = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(t);
            reject(signal.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
//# sourceMappingURL=timing.js.map