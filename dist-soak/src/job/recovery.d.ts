import type { JournalEntry, JournalRecord, JobJournal } from './journal.js';
import type { UpdateSender } from './reporter.js';
/** What the journal held for us at start-up. */
export interface Recovered {
    /** Final updates re-sent and accepted. */
    resent: string[];
    /** Final updates still not accepted (kept journaled). */
    kept: string[];
    /** Jobs interrupted before their final update (payload killed): the caller finishes them. */
    interrupted: JournalRecord[];
}
/** Options of {@link recoverJournal}. */
export interface RecoveryOptions {
    client: UpdateSender | undefined;
    updateSleepS: number;
    finalDeadlineS: number;
    killGraceMs: number;
}
/** Kill what is left of a journaled payload (nothing when it is gone). */
export declare function killJournaledPayload(entry: JournalEntry, graceMs: number): Promise<number[]>;
/** Send a journaled final update body until accepted or `deadlineS` passes. */
export declare function resendFinal(client: UpdateSender, body: Record<string, string | number>, o: {
    updateSleepS: number;
    deadlineS: number;
}): Promise<boolean>;
/**
 * Claim the dead pilots' records, kill their payloads, re-send their pending final updates.
 * Interrupted jobs are returned for the caller to finish (it needs the queue for the log).
 */
export declare function recoverJournal(journal: JobJournal, o: RecoveryOptions): Promise<Recovered>;
