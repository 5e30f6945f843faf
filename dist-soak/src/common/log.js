/**
 * Logging: one pino logger for the process, with per-component children.
 *
 * Pilot 3 writes pilotlog.txt in its launch directory; we write JSON lines there (and to stdout
 * when asked), so a site can grep or feed them to a log system. Secrets never reach a log line:
 * callers pass objects through {@link redact} fields, and pino's `redact` covers the known keys.
 */
import pino from 'pino';
const REDACT = ['token', 'authorization', 'Authorization', 'headers.authorization', 'headers.Authorization', 'proxy', 'key', 'cert', 'password', 'secret', '*.token', '*.secret', '*.password'];
let root = pino({ level: process.env.PANDA_PILOT_LOG_LEVEL ?? 'silent', redact: REDACT });
/** Set up the process logger: to a file (pilotlog.txt), to stderr, or both. */
export function initLogging(opts) {
    const streams = [];
    const level = (opts.level ?? 'info');
    if (opts.file)
        streams.push({ level, stream: pino.destination({ dest: opts.file, sync: true, mkdir: true }) });
    // Pilot 3 logs to stdout as well as to its file; wrappers capture it in the batch log.
    if (opts.console)
        streams.push({ level, stream: pino.destination({ fd: 1, sync: true }) });
    root = streams.length
        ? pino({ level, redact: REDACT, timestamp: pino.stdTimeFunctions.isoTime, base: { pid: process.pid } }, pino.multistream(streams))
        : pino({ level: 'silent' });
    return root;
}
/** A child logger for one component (`log('copytool')`). */
export function log(component, bindings = {}) {
    return root.child({ component, ...bindings });
}
//# sourceMappingURL=log.js.map