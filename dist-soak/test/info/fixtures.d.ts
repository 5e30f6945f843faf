/** Test fixtures: the complete job description of server-protocol.md §4.3, a queue and storages. */
/** The JSON job description of server-protocol.md §4.3 (a fresh copy per call). */
export declare function exampleJob(): Record<string, unknown>;
/** The same job as the URL-encoded answer decodes it: all strings, null → "None", empty values dropped. */
export declare function exampleJobUrlDecoded(): Record<string, unknown>;
/** A queuedata record (data-api.md §1.8 example) as PanDA serves it for one queue. */
export declare function exampleQueue(overrides?: Record<string, unknown>): Record<string, unknown>;
/** A ddmendpoints JSON (data-api.md §1.9 example). */
export declare function exampleStorages(): Record<string, unknown>;
