import type { JobRecord, UpdateRecord, WorkerReport } from './types.js';
export type OrphanUpdate = UpdateRecord & {
    jobId: string;
};
/** Everything the journal holds. */
export interface JournalState {
    nextPandaID: number;
    nSent: number;
    jobs: JobRecord[];
    workerReports: WorkerReport[];
    orphanUpdates: OrphanUpdate[];
}
/** Read a journal; undefined when the file does not exist. */
export declare function readJournal(file: string): JournalState | undefined;
/** An open journal: append lines, compact when it grows. */
export declare class Journal {
    readonly file: string;
    private fd;
    private tailBytes;
    private snapshotBytes;
    constructor(file: string);
    /** Append lines (objects) in one write. */
    append(entries: object[]): void;
    /** True when the lines after the snapshot have outgrown it. */
    wantsCompaction(): boolean;
    /** Replace the journal by one snapshot line (atomically). */
    compact(state: JournalState): void;
    close(): void;
}
