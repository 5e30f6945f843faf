import type { Copytool } from './types.js';
/** Which checksum option this xrdcp understands (probed once via `xrdcp -h`, as Pilot 3). */
export declare function xrdcpChecksumOption(env?: NodeJS.ProcessEnv): Promise<string[]>;
/** `(adler32|md5): <hex> <url> <size>` from xrdcp's output (checksum left-padded to 8). */
export declare function parseXrdcpChecksum(output: string): {
    type: string;
    value: string;
    size: number;
} | undefined;
/** The xrdcp copytool (replicas required, root:// only). */
export declare const xrdcpCopytool: Copytool;
