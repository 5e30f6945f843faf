/** An HTTP answer. */
export interface Answer {
    status: number;
    type: string;
    text: string;
}
/** POST gzip-compressed JSON to /server/panda/<method> like request2 (no Accept, no Content-Encoding). */
export declare function postJson(base: string, method: string, data: Record<string, unknown>, headers?: Record<string, string>): Promise<Answer>;
/** POST a form like the pilot's curl client (Accept: application/json). */
export declare function postForm(base: string, method: string, data: Record<string, string>, accept?: string): Promise<Answer>;
/** Python parse_qs + single-value unwrap (what request2 does with urlencoded answers). */
export declare function parseQs(text: string): Record<string, string | string[]>;
/** A settable clock for store timeouts. */
export declare function fakeClock(start?: number): {
    now: () => number;
    advance: (s: number) => void;
};
/** Friendly job definition used across tests. */
export declare function sampleJob(extra?: Record<string, unknown>): Record<string, unknown>;
/** A valid xml file report for a job's outputs and log. */
export declare function xmlFor(lfns: string[]): string;
