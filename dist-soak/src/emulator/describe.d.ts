import type { JobRecord } from './types.js';
/** What a description needs from outside the record. */
export interface DescribeContext {
    /** Base URL transformations from trfDir are served under (`<url>/trf`). */
    trfBaseUrl: string;
    /** nSent node value. */
    nSent: number;
}
/** The description fields (no StatusCode) for a job record. */
export declare function describeJob(rec: JobRecord, ctx: DescribeContext): Record<string, unknown>;
