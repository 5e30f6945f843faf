import type { Copytool } from '../copytool/types.js';
import type { Protocol, QueueDataLike, StorageDataLike, TransferFile } from './types.js';
/**
 * Pilot 3's resolve_allowed_schemas: the first activity with an acopytools_schemas entry; a list
 * applies to every copytool, a dict is looked up by copytool then `default`. The caller's
 * activity list is not modified (quirk 16).
 */
export declare function resolveAllowedSchemas(queuedata: QueueDataLike | null | undefined, activities: string[], copytool?: string): string[];
/** Keep protocols whose endpoint matches an allowed schema, grouped in schema order. */
export declare function filterProtocols(protocols: Protocol[], schemas: readonly string[] | undefined): Protocol[];
/** The default deterministic surl: endpoint + join(path, rucio path). */
export declare function deterministicSurl(f: TransferFile, protocol: Protocol, ddmconf: Record<string, StorageDataLike>, localDir?: string): string;
/**
 * Give every file its protocols and `turl` (destination for stage-out, source for object-store
 * stage-in). `localDir` replaces storage lookup (Pilot 3's output_dir / input_dir).
 */
export declare function requireProtocols(files: TransferFile[], tool: Copytool, opts: {
    activities: string[];
    queuedata?: QueueDataLike | null;
    ddmconf: Record<string, StorageDataLike>;
    localDir?: string;
    env?: NodeJS.ProcessEnv;
}): void;
