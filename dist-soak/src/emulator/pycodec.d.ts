/**
 * Python-compatible text encodings used by panda-server's legacy answers.
 *
 * The legacy dispatcher answers with `urllib.parse.urlencode(dict)` (values through `str()`) or
 * `json.dumps(dict)`; getResourceTypes even ships a Python `repr` of a list. The pilot parses
 * these exact forms, so the emulator reproduces them byte for byte where it matters.
 */
/** Python's `quote_plus(s)`: UTF-8 percent-encoding, space → '+'. */
export declare function quotePlus(s: string): string;
/** Python's `repr()` of a JSON-like value (None/True/False, dicts with ': ', lists with ', '). */
export declare function pyRepr(v: unknown): string;
/** Python's `str()` of a value (strings unchanged, everything else as repr). */
export declare function pyStr(v: unknown): string;
/** `urllib.parse.urlencode(dict)` as the legacy dispatcher uses it. */
export declare function pyUrlencode(data: Record<string, unknown>): string;
/** `json.dumps(value)` with Python's default separators (', ' and ': ') and ensure_ascii. */
export declare function pyJson(v: unknown): string;
/**
 * Python's TypeError text for a call with a bad keyword set, e.g.
 * `updateJob() missing 1 required positional argument: 'state'`; undefined when the call is fine.
 */
export declare function signatureError(fn: string, required: readonly string[], optional: readonly string[], given: readonly string[]): string | undefined;
