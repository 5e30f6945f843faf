/** Minimal types for s3rver (the local S3 server the s3 copytool tests run against). */
declare module 's3rver' {
  interface S3rverOptions {
    port?: number;
    address?: string;
    silent?: boolean;
    directory?: string;
    configureBuckets?: Array<{ name: string }>;
  }
  export default class S3rver {
    constructor(opts: S3rverOptions);
    run(): Promise<unknown>;
    close(): Promise<void>;
  }
}
