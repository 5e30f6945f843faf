import type { Copytool } from '../copytool/types.js';
import { StagingClient, type TransferOptions } from './staging.js';
import type { TransferFile } from './types.js';
/** Stage-out client. */
export declare class StageOutClient extends StagingClient {
    protected readonly isStagein = false;
    private mvConfigured;
    /**
     * Pilot 3's prepare_destinations: files get the first astorages endpoint of the activities
     * (keeping a listed one), and `ddmendpoint_alt` the next one (cyclic, skipping `altExclude`).
     */
    prepareDestinations(files: TransferFile[], activity: string | string[], altExclude?: string[]): TransferFile[];
    protected prepare(files: TransferFile[]): void;
    protected transferFiles(tool: Copytool, files: TransferFile[], activities: string[], opts: TransferOptions): Promise<void>;
}
