/**
 * `lsm` copytool (Pilot 3's pilot/copytool/lsm.py): the site's own movers. Stage-in runs
 * `lsm-get <turl> <workdir>/<lfn>` and verifies the catalog checksum; stage-out runs
 * `lsm-put --size N -t <space token> --checksum adler32:<x> --guid <guid> <file> <turl>` (the
 * command checks the checksum itself). The queue's `copytools.lsm.setup` is sourced first.
 * Unlike Pilot 3 no command line is built for a shell: arguments travel as "$@", so file names and
 * URLs are never parsed by one.
 */
import { stat } from 'node:fs/promises';
import { PilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import type { TransferFile } from '../data/types.js';
import { fileChecksums } from './checksum.js';
import { transferError } from './errormap.js';
import { runTool, type ExecResult } from './exec.js';
import { redactUrl, transferTimeout } from './paths.js';
import { inputDestination, outputSource, transferEach, verifyDownload, verifySize } from './perfile.js';
import type { CopyContext, Copytool } from './types.js';

const logger = log('copytool.lsm');

function setupOf(ctx: CopyContext): string | undefined {
  const entry = ctx.copytools?.lsm as { setup?: unknown } | undefined;
  return typeof entry?.setup === 'string' && entry.setup.trim() ? entry.setup.trim() : undefined;
}

async function lsm(command: 'lsm-get' | 'lsm-put', args: string[], f: TransferFile, ctx: CopyContext): Promise<ExecResult> {
  const setup = setupOf(ctx);
  const argv = [command, ...args];
  const cmd = setup ? ['/bin/bash', '-c', 'source "$0" >/dev/null && exec "$@"', setup, ...argv] : argv;
  logger.info({ lfn: f.lfn, command, url: redactUrl(f.turl ?? '') }, 'lsm');
  return runTool(cmd, { env: ctx.env ?? process.env, timeoutS: ctx.timeoutS ?? transferTimeout(f.filesize), signal: ctx.signal });
}

function failure(r: ExecResult, isStagein: boolean, command: string): PilotError {
  const text = r.timedOut ? `${command} timeout after transfer time limit\n${r.stderr}` : (r.stderr.trim() || r.stdout.trim() || `${command} exited with ${r.exitCode}`);
  return transferError(text, isStagein);
}

async function copyIn(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]> {
  return transferEach(files, ctx, true, (f) => {
    const { turl, dst } = inputDestination(f, ctx);
    return {
      url: turl,
      partial: dst,
      run: async () => {
        const r = await lsm('lsm-get', [turl, dst], f, ctx);
        if (r.exitCode !== 0) throw failure(r, true, 'lsm-get');
        const size = (await stat(dst)).size;
        verifySize(f, size); // before hashing a file of the wrong size
        const cat = f.checksum ?? {};
        verifyDownload(f, size, await fileChecksums(dst, { md5: !cat.adler32 && !!cat.md5, signal: ctx.signal }));
      },
    };
  });
}

async function copyOut(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]> {
  return transferEach(files, ctx, false, (f) => {
    const { turl, src } = outputSource(f, ctx);
    const token = f.ddmendpoint ? (ctx.ddmconf?.[f.ddmendpoint] as { token?: string } | undefined)?.token : undefined;
    if (!token) throw errors.STAGEOUTFAILED(`copy_out() failed to resolve token value for ddmendpoint=${f.ddmendpoint}`);
    return {
      url: turl,
      run: async () => {
        f.checksum ??= {};
        if (!f.checksum.adler32 || !f.filesize) {
          const sums = await fileChecksums(src, { md5: false, signal: ctx.signal });
          f.checksum.adler32 ??= sums.adler32;
          f.filesize ||= (await stat(src)).size;
        }
        const args = ['--size', String(f.filesize), '-t', token, '--checksum', `adler32:${f.checksum.adler32}`, '--guid', String(f.guid ?? ''), src, turl];
        const r = await lsm('lsm-put', args, f, ctx);
        if (r.exitCode !== 0) throw failure(r, false, 'lsm-put');
      },
    };
  });
}

/** The lsm copytool (Pilot 3: replicas required; srm, gsiftp and root URLs). */
export const lsmCopytool: Copytool = {
  name: 'lsm',
  requireReplicas: true,
  requireInputProtocols: false,
  requireProtocols: true,
  checkAvailableSpace: true,
  allowedSchemas: ['srm', 'gsiftp', 'root'],
  copyIn,
  copyOut,
};
