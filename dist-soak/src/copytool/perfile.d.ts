import type { TransferFile } from '../data/types.js';
import type { CopyContext } from './types.js';
/** One file's transfer, as a copytool describes it. */
export interface FileTransfer {
    /** Remote URL (traced). */
    url: string;
    /** Local file the transfer writes (stage-in), removed when it fails. */
    partial?: string;
    run(): Promise<void>;
}
/** Where an input lands: `<file workdir or ctx.workdir>/<lfn>`, names checked first. */
export declare function inputDestination(f: TransferFile, ctx: CopyContext): {
    turl: string;
    dst: string;
};
/** What an output is read from: its absolute surl, else `<ctx.workdir>/<lfn>`; names checked first. */
export declare function outputSource(f: TransferFile, ctx: CopyContext): {
    turl: string;
    src: string;
};
/** Transfer `files` one after the other with the shared bookkeeping; `prepare` may throw before any trace. */
export declare function transferEach(files: TransferFile[], ctx: CopyContext, isStagein: boolean, prepare: (f: TransferFile) => FileTransfer): Promise<TransferFile[]>;
