/**
 * A small parser for Python literals (what Pilot 3's `ast.literal_eval` accepts for the dict
 * fields it reads: `--overwriteQueueData`, pilotSecrets, preprocess, CRIC dicts sent as strings).
 *
 * Supports dicts, lists, tuples (→ arrays), sets (→ arrays), strings ('…', "…", triple quotes,
 * u/r/b prefixes, the usual escapes), ints, floats, True/False/None. JSON's true/false/null are
 * accepted too, so a JSON text parses the same way. Nothing is ever evaluated.
 */
/** Thrown for text that is not a Python literal. */
export declare class LiteralSyntaxError extends Error {
    name: string;
}
/** Parse a Python literal; throws {@link LiteralSyntaxError} on anything else. */
export declare function parsePythonLiteral(text: string): unknown;
