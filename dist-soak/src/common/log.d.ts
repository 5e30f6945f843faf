/**
 * Logging: one pino logger for the process, with per-component children.
 *
 * Pilot 3 writes pilotlog.txt in its launch directory; we write JSON lines there (and to stdout
 * when asked), so a site can grep or feed them to a log system. Secrets never reach a log line:
 * callers pass objects through {@link redact} fields, and pino's `redact` covers the known keys.
 */
import { type Logger } from 'pino';
export type { Logger };
/** Set up the process logger: to a file (pilotlog.txt), to stderr, or both. */
export declare function initLogging(opts: {
    file?: string;
    console?: boolean;
    level?: string;
}): Logger;
/** A child logger for one component (`log('copytool')`). */
export declare function log(component: string, bindings?: Record<string, unknown>): Logger;
