export declare const DEMO_INPUT = "EVNT.demo._000001.pool.root.1";
export declare const DEMO_INPUT_BODY: string;
/** adler32 of a buffer, as the `ad:` checksum of a job definition. */
export declare function adler32Hex(data: string | Buffer): string;
/** Transformation scripts the demo serves. */
export declare const DEMO_TRFS: Record<string, string>;
/** The demo job definitions (emulator format) and what each must end as. */
export declare function demoJobs(): Array<{
    def: Record<string, unknown>;
    expect: {
        state: string;
        pilotErrorCode: number;
    };
}>;
