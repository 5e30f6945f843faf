import { type Snapshot } from './snapshot.js';
/** Keeps the payload tree's CPU seconds. */
export declare class CpuTracker {
    private readonly baseline;
    private treeMax;
    /** Account a snapshot's processes. */
    observe(snap: Snapshot): void;
    /** Read the tree's stat files now (cheap: stat only) and return whole seconds. */
    current(pids: readonly number[]): number;
    /** Final figure: the larger of the tree maximum and the children time the pilot collected. */
    final(): number;
}
