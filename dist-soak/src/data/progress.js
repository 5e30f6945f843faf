/**
 * Transfer progress: on an interactive terminal a live line per file (bytes, rate, ETA); otherwise
 * one log line per finished file, so batch logs stay short.
 */
import { log } from '../common/log.js';
const logger = log('progress');
function human(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) {
        n /= 1024;
        i++;
    }
    return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}
/** Format one progress line: `lfn  512.0 MiB / 1.0 GiB  210.3 MiB/s  ETA 2s`. */
export function formatProgress(lfn, bytes, total, elapsedS) {
    const rate = elapsedS > 0 ? bytes / elapsedS : 0;
    const eta = rate > 0 && total > bytes ? Math.ceil((total - bytes) / rate) : 0;
    const of = total > 0 ? ` / ${human(total)}` : '';
    return `${lfn}  ${human(bytes)}${of}  ${human(rate)}/s${total > 0 ? `  ETA ${eta}s` : ''}`;
}
/** The default progress reporter for `stream` (stderr). */
export function progressReporter(stream = process.stderr) {
    const started = new Map();
    return ({ lfn, bytes, total, done }) => {
        const t0 = started.get(lfn) ?? Date.now();
        if (!started.has(lfn))
            started.set(lfn, t0);
        const line = formatProgress(lfn, bytes, total, (Date.now() - t0) / 1000);
        if (stream.isTTY) {
            stream.write(`\r\x1b[2K${line}${done ? '\n' : ''}`);
        }
        else if (done) {
            logger.info({ lfn, bytes, seconds: (Date.now() - t0) / 1000 }, 'transferred');
        }
        if (done)
            started.delete(lfn);
    };
}
//# sourceMappingURL=progress.js.map