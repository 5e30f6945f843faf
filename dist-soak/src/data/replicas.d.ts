import { PilotError } from '../common/errors.js';
import type { Replica, TransferFile } from './types.js';
/** Schemes Pilot 3 asks Rucio for. */
export declare const REPLICA_SCHEMES: string[];
/** One replica record of Rucio's list_replicas answer (fields we use). */
export interface RucioReplica {
    scope: string;
    name: string;
    bytes?: number;
    adler32?: string | null;
    md5?: string | null;
    pfns: Record<string, {
        rse: string;
        type?: string;
        domain?: string;
        priority?: number;
    }>;
}
/** Where Rucio is and how to authenticate. */
export interface RucioOptions {
    /** Rucio server URL (default env RUCIO_HOST, else `rucio_host` from $RUCIO_CONFIG). */
    url?: string;
    /** Auth token (default env RUCIO_AUTH_TOKEN; else userpass login with RUCIO_ACCOUNT/RUCIO_USERNAME/RUCIO_PASSWORD). */
    token?: string;
    /** Auth server (default: same as url, or env RUCIO_AUTH_HOST). */
    authUrl?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    /** CA bundle for https Rucio servers (verification is always on). */
    caFile?: string;
}
/** A minimal Rucio REST client (replica listing only). */
export declare class RucioClient {
    readonly url: string;
    private token?;
    private readonly opts;
    private readonly env;
    constructor(opts?: RucioOptions);
    private authToken;
    /** list_replicas for (scope, name) pairs; each NDJSON line is one file's record. */
    listReplicas(dids: Array<{
        scope: string;
        name: string;
    }>, opts?: {
        schemes?: string[];
        signal?: AbortSignal;
        clientLocation?: Record<string, unknown>;
    }): Promise<RucioReplica[]>;
}
/**
 * Order and filter one file's Rucio pfns as Pilot 3's add_replicas does: priority ascending,
 * replicas on the file's inputddms first (in that order), DISK only, domain lan/wan by
 * inputddms, and lan/wan dropped when not allowed.
 */
export declare function orderReplicas(f: TransferFile, rec: RucioReplica): Replica[];
/** Fill `replicas` (and missing size/checksums, warnings on mismatch) for each file. */
export declare function resolveReplicas(files: TransferFile[], client: RucioClient, signal?: AbortSignal): Promise<void>;
/**
 * Pilot 3's resolve_replica: among the file's replicas of `domain`, the first matching a primary
 * schema, else the first matching an allowed schema (undefined = any). `surl` is the endpoint's
 * first srm:// pfn, else the chosen replica.
 */
export declare function chooseReplica(f: TransferFile, primary: readonly string[] | undefined, allowed: readonly string[] | undefined, domain: string): {
    pfn: string;
    surl: string;
    ddmendpoint: string;
    domain: string;
} | undefined;
/** Files without replicas raise NOREPLICAS (1326) with this diag. */
export declare function noReplicas(f: TransferFile, schemas: readonly string[] | undefined): PilotError;
