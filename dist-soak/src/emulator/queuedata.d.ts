/**
 * Queue (schedconfig) and storage (ddmendpoints) descriptions the emulator serves under /cache.
 *
 * Field names are CRIC's as Pilot 3 reads them (data-api.md §1.8/§1.9). The defaults describe a
 * loopback demo queue: mv copytool, one POSIX storage endpoint (`file://localhost<dir>`), no
 * containers, short limits; a queue definition overrides any field.
 */
import type { QueueDefinition } from './types.js';
/** Options for {@link demoQueue}. */
export interface DemoQueueOptions {
    /** Storage endpoint (RSE) name; default `<queue>_LOCAL`. */
    ddmendpoint?: string;
    /** Directory of the POSIX storage endpoint; adds `mv_final_destination` to catchall. */
    storageDir?: string;
    /** Copytool for every activity; default `mv`. */
    copytool?: string;
    /** Any further schedconfig fields. */
    overrides?: QueueDefinition;
}
/** Default RSE name of a demo queue. */
export declare function demoDdmName(queue: string): string;
/**
 * A complete CRIC-like schedconfig entry for a loopback demo queue (what
 * `/cache/schedconfig/<queue>.all.json` returns).
 */
export declare function demoQueue(name: string, opts?: DemoQueueOptions): QueueDefinition;
/** Full schedconfig of a defined queue: demo defaults overlaid with its definition. */
export declare function schedconfigFor(name: string, def: QueueDefinition): QueueDefinition;
/** The site name a pilot sends as `siteName` for this queue (panda_resource). */
export declare function queueResource(name: string, def: QueueDefinition): string;
/** First storage endpoint of the queue's astorages (pw, then pr, pl), or ''. */
export declare function queueDefaultDdm(def: QueueDefinition, activities?: string[]): string;
/** A POSIX storage endpoint description (ddmendpoints.json entry) rooted at `dir`. */
export declare function posixStorage(name: string, dir: string, id?: number, site?: string): Record<string, unknown>;
/**
 * ddmendpoints.json for the defined queues: every endpoint named in a queue's astorages gets a
 * POSIX description under `storageDir/<rse>` unless `storages` defines it explicitly.
 */
export declare function storageData(queues: Record<string, QueueDefinition>, storages: Record<string, Record<string, unknown>>, storageDir: string | undefined): Record<string, Record<string, unknown>>;
