import type { Copytool } from '../copytool/types.js';
import { StagingClient, type TransferOptions } from './staging.js';
import type { TransferFile } from './types.js';
/** Schemas allowed for direct access on the LAN (Pilot 3's direct_localinput_allowed_schemas). */
export declare const DIRECT_LOCALINPUT_SCHEMAS: string[];
/** Schemas allowed for direct access over the WAN. */
export declare const DIRECT_REMOTEINPUT_SCHEMAS: string[];
/** Schemas allowed for WAN copies. */
export declare const REMOTEINPUT_SCHEMAS: string[];
/** FileSpec.is_directaccess(ensure_replica, allowed) as Pilot 3 defines it. */
export declare function isDirectAccess(f: TransferFile, ensureReplica?: boolean, allowed?: readonly string[]): boolean;
/** Options only stage-in understands. */
export interface StageInOptions extends TransferOptions {
    /** Where the base trace for direct-access files is written (Pilot 3's remotefileverification_log); '' sends at once. */
    remoteFileVerificationLog?: string;
}
/** Stage-in client. */
export declare class StageInClient extends StagingClient {
    protected readonly isStagein = true;
    /** Pilot 3's prepare_inputddms: LAN endpoints from astorages (or the file's own endpoint). */
    prepareInputddms(files: TransferFile[], activities?: string[]): void;
    protected prepare(files: TransferFile[]): void;
    /** Pick a replica per file: LAN first, then WAN (NOREPLICAS when neither fits). */
    private selectReplicas;
    /** Mark direct-access files `remote_io` and record their trace (Pilot 3's set_status_for_direct_access). */
    private markDirectAccess;
    protected transferFiles(tool: Copytool, files: TransferFile[], activities: string[], opts: StageInOptions): Promise<void>;
    /** Transfer (download) files; see {@link StagingClient.transfer}. */
    transfer<T extends TransferFile>(files: T[], opts?: StageInOptions): Promise<T[]>;
}
