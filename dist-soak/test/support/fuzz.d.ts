/**
 * Seeded mutations of a job description, as a hostile or broken server would send them: fields
 * dropped, emptied, retyped, made huge, path escapes, shell metacharacters, comma lists out of
 * step. The same seed always gives the same descriptions.
 */
/** mulberry32: a small, fast, seedable PRNG. */
export declare function rng(seed: number): () => number;
/** One mutated copy of `base` (1–3 fields changed; the PandaID kept unless `idToo`). */
export declare function mutate(base: Record<string, unknown>, r: () => number, idToo?: boolean): Record<string, unknown>;
/**
 * `count` seeded mutations; every one gets the PandaID `firstId + i` (unless its id is fuzzed
 * too), and the base's id in file and job names is replaced by it, so that jobs running side by
 * side never share an output or log name.
 */
export declare function fuzzedDescriptions(base: Record<string, unknown>, count: number, seed: number, firstId: number): Array<{
    desc: Record<string, unknown>;
    id?: number;
}>;
