/** Python's `str()` of a value as it lands in a form field (True/False/None spelled the Python way). */
export declare function pythonStr(value: unknown): string;
/** Python's urllib.parse.quote_plus: everything but letters, digits and `_.-~` is %-encoded, space → `+`. */
export declare function quotePlus(s: string): string;
/** Form body like Python's urlencode(data): `k=v&k2=v2`, values through {@link pythonStr}. */
export declare function formEncode(data: Record<string, unknown>): string;
/** The gzip-compressed JSON body Pilot 3's urllib client sends. */
export declare function gzipJson(data: Record<string, unknown>): Buffer;
/** Decode `%xx` and `+` (Python unquote_plus; invalid sequences are kept as they are). */
export declare function unquotePlus(s: string): string;
/**
 * Python's parse_qsl on `&`-separated pairs: a pair without `=` is skipped; a blank value is
 * dropped unless `keepBlankValues` (the server's answers drop them, pre-placed job files keep them).
 */
export declare function parseQsl(text: string, keepBlankValues?: boolean): Array<[string, string]>;
/** Python's parse_qs then Pilot 3's unwrapping: one value → string, repeated key → string[]. */
export declare function parseQuery(text: string): Record<string, string | string[]>;
/**
 * Pilot 3's decoding of an answer to its JSON (urllib) request: `Succeeded` → `{StatusCode: "0"}`;
 * `{...}` → the parsed object (or the raw string when it is not valid JSON); anything else → the
 * URL-encoded fields. We trim surrounding whitespace first (Pilot 3 does not; a trailing newline
 * would make it read a JSON answer as URL-encoded garbage).
 */
export declare function decodeAnswer(body: string): Record<string, unknown> | string;
/** Pilot 3's decoding of an answer to its form (curl) request: JSON only, else undefined (failure). */
export declare function decodeJsonAnswer(body: string): Record<string, unknown> | undefined;
/** Body bytes as text, un-gzipping when the server compressed them (header or gzip magic). */
export declare function bodyText(bytes: Buffer, contentEncoding?: string): string;
