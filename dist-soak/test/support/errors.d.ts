/** The PilotError code `fn` throws (fails the test when it throws something else, or nothing). */
export declare function errorCode(fn: () => unknown): number;
