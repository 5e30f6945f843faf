/**
 * The per-file bookkeeping every byte-moving copytool shares (Pilot 3's copytools repeat it in
 * each module): validate names, trace the start, run the transfer, and then either mark the file
 * transferred and trace DONE, or remove the partial file, mark it failed with the error's code,
 * trace the failure and stop at the first failed file.
 */
import { rm } from 'node:fs/promises';
import { errors, PilotError } from '../common/errors.js';
import type { TransferFile } from '../data/types.js';
import { checkLfn, checkScope, safeJoin } from './paths.js';
import { traceDone, traceStart } from './tracefields.js';
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
export function inputDestination(f: TransferFile, ctx: CopyContext): { turl: string; dst: string } {
  checkLfn(f.lfn);
  checkScope(f.scope);
  if (!f.turl) throw errors.STAGEINFAILED(`no turl for ${f.lfn}`);
  return { turl: f.turl, dst: safeJoin(f.workdir || ctx.workdir, f.lfn) };
}

/** What an output is read from: its absolute surl, else `<ctx.workdir>/<lfn>`; names checked first. */
export function outputSource(f: TransferFile, ctx: CopyContext): { turl: string; src: string } {
  checkLfn(f.lfn, errors.STAGEOUTFAILED);
  if (!f.turl) throw errors.STAGEOUTFAILED(`no destination turl for ${f.lfn}`);
  const src = f.surl && f.surl.startsWith('/') ? f.surl : safeJoin(ctx.workdir, f.lfn, errors.STAGEOUTFAILED);
  return { turl: f.turl, src };
}

/** A downloaded file's size against the catalog (STAGEINFAILED); fills the size the catalog lacked. */
export function verifySize(f: TransferFile, bytes: number): void {
  if (f.filesize && bytes !== f.filesize) throw errors.STAGEINFAILED(`file size mismatch for ${f.lfn}: catalog ${f.filesize}, transferred ${bytes}`);
  f.filesize ||= bytes;
}

/**
 * What arrived against the catalog: size, then adler32 (else md5), GETADMISMATCH/GETMD5MISMATCH;
 * fills the size, and the adler32 when the catalog had no checksum.
 */
export function verifyDownload(f: TransferFile, bytes: number, got: { adler32?: string; md5?: string }): void {
  verifySize(f, bytes);
  const cat = (f.checksum ??= {});
  if (cat.adler32 && cat.adler32.toLowerCase().padStart(8, '0') !== got.adler32) {
    throw errors.GETADMISMATCH(`adler32 checksum mismatch for ${f.lfn}: catalog ${cat.adler32}, transferred ${got.adler32}`);
  }
  if (!cat.adler32 && cat.md5 && cat.md5.toLowerCase() !== got.md5) {
    throw errors.GETMD5MISMATCH(`md5 checksum mismatch for ${f.lfn}: catalog ${cat.md5}, transferred ${got.md5}`);
  }
  if (!cat.adler32 && !cat.md5) cat.adler32 = got.adler32;
}

/**
 * What was sent against the catalog: the adler32 hashed while uploading must be the catalog's
 * (PUTADMISMATCH: the file changed during the upload); fills the adler32 and size the catalog lacked.
 */
export function verifyUpload(f: TransferFile, bytes: number, got: { adler32?: string }): void {
  const cat = (f.checksum ??= {});
  if (cat.adler32 && cat.adler32.toLowerCase().padStart(8, '0') !== got.adler32) {
    throw errors.PUTADMISMATCH(`adler32 of ${f.lfn} changed during upload: expected ${cat.adler32}, sent ${got.adler32}`);
  }
  if (!cat.adler32) cat.adler32 = got.adler32;
  f.filesize ||= bytes;
}

/** Transfer `files` one after the other with the shared bookkeeping; `prepare` may throw before any trace. */
export async function transferEach(
  files: TransferFile[],
  ctx: CopyContext,
  isStagein: boolean,
  prepare: (f: TransferFile) => FileTransfer,
): Promise<TransferFile[]> {
  for (const f of files) {
    const t = prepare(f);
    traceStart(ctx, f, t.url);
    try {
      await t.run();
    } catch (e) {
      if (t.partial) await rm(t.partial, { force: true }).catch(() => undefined);
      if (ctx.signal?.aborted) throw e;
      const fallback = isStagein ? errors.STAGEINFAILED : errors.STAGEOUTFAILED;
      const err = e instanceof PilotError ? e : fallback(String((e as Error)?.message ?? e), e);
      f.status = 'failed';
      f.status_code = err.code;
      traceDone(ctx, false, isStagein, err.diag, (err as { state?: string }).state, err.code);
      throw err;
    }
    ctx.progress?.({ lfn: f.lfn, bytes: f.filesize ?? 0, total: f.filesize ?? 0, done: true });
    f.status = 'transferred';
    f.status_code = 0;
    traceDone(ctx, true, isStagein);
  }
  return files;
}
