import type { Copytool } from './types.js';
/** Pilot 3's URL split: endpoint = scheme://netloc, bucket = first path segment, key = the rest. */
export declare function splitS3Url(url: string): {
    endpoint: string;
    bucket: string;
    key: string;
};
/** The s3 copytool. */
export declare const s3Copytool: Copytool;
