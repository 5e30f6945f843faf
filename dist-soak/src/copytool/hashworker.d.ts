import type { Checksums } from '../data/types.js';
/** A checksum running on its own thread; feed whole buffers (they are transferred, not copied). */
export declare class ThreadedChecksum {
    private readonly worker;
    bytes: number;
    constructor(opts?: {
        md5?: boolean;
    });
    /** Hand over a buffer that owns its whole ArrayBuffer (it becomes unusable here). */
    updateOwned(buf: Buffer): void;
    /** Final checksums; the worker ends. */
    digest(): Promise<Checksums>;
    /** Stop the worker without a result. */
    close(): Promise<void>;
}
