/**
 * `gfal` copytool (Pilot 3's pilot/copytool/gfal.py): `gfal-copy --verbose -f -t <timeout>
 * [-K <type>:<value>] <src> <dst>`, run without a shell. gfal-copy verifies the checksum itself
 * (-K); we also check the size of downloads and remove partial files.
 *
 * Debian's gfal-copy wrapper needs a python that imports gfal2: when GFAL_PYTHONBIN is unset we
 * point it at the system /usr/bin/python3 (a python on PATH from pyenv/conda lacks the module).
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ErrorCodes, PilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import type { TransferFile } from '../data/types.js';
import { transferError } from './errormap.js';
import { runTool, type ExecResult } from './exec.js';
import { transferTimeout, redactUrl } from './paths.js';
import type { CopyContext, Copytool } from './types.js';
import { inputDestination, outputSource, transferEach, verifySize } from './perfile.js';

const logger = log('copytool.gfal');

function gfalEnv(ctx: CopyContext): NodeJS.ProcessEnv {
  const env = { ...(ctx.env ?? process.env) };
  if (!env.GFAL_PYTHONBIN && existsSync('/usr/bin/python3')) env.GFAL_PYTHONBIN = '/usr/bin/python3';
  return env;
}

/** `-K <type>:<value>` from the first catalog checksum (Pilot 3's choice). */
function checksumArgOf(f: TransferFile): string | undefined {
  const first = Object.entries(f.checksum ?? {}).find(([, v]) => v);
  return first ? `${first[0]}:${first[1]}` : undefined;
}

async function gfalCopy(src: string, dst: string, f: TransferFile, ctx: CopyContext): Promise<ExecResult> {
  const timeout = ctx.timeoutS ?? transferTimeout(f.filesize);
  const argv = ['gfal-copy', '--verbose', '-f', '-t', String(timeout)];
  const ck = checksumArgOf(f);
  if (ck) argv.push('-K', ck);
  argv.push(src, dst);
  logger.info({ lfn: f.lfn, src: redactUrl(src), dst: redactUrl(dst) }, 'gfal-copy');
  // our own kill timer is a little longer than gfal's, so gfal reports its timeout itself
  return runTool(argv, { env: gfalEnv(ctx), timeoutS: timeout + 30, signal: ctx.signal });
}

function failure(r: ExecResult, isStagein: boolean, checksumArg?: string): PilotError {
  if (r.exitCode === 127 && /No such file|ENOENT|spawn/.test(r.stderr)) {
    return (isStagein ? errors.STAGEINFAILED : errors.STAGEOUTFAILED)(`No GFAL2 tools found: ${r.stderr.trim()}`);
  }
  if (r.exitCode === 110 || r.exitCode === 62 || r.timedOut) {
    return new PilotError(isStagein ? ErrorCodes.STAGEINTIMEOUT : ErrorCodes.STAGEOUTTIMEOUT, `copy command timed out: ${r.stderr.trim().slice(-1000)}`);
  }
  const text = `${r.stdout}\n${r.stderr}`.trim() || `gfal-copy exited with ${r.exitCode}`;
  // Deviation: gfal-copy's checksum failure (exit 84, "CheckSum error") is a checksum mismatch,
  // not Pilot 3's generic 1099/1137.
  if (r.exitCode === 84 || /CheckSum error|[Cc]hecksum mismatch/.test(text)) {
    const md5 = /md5/i.test(checksumArg ?? '');
    const code = isStagein ? (md5 ? ErrorCodes.GETMD5MISMATCH : ErrorCodes.GETADMISMATCH) : md5 ? ErrorCodes.PUTMD5MISMATCH : ErrorCodes.PUTADMISMATCH;
    return new PilotError(code, `checksum mismatch: ${text.split('\n').filter((l) => /error/i.test(l)).slice(-2).join(' ') || text.slice(-500)}`);
  }
  return transferError(text, isStagein);
}

async function copyIn(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]> {
  return transferEach(files, ctx, true, (f) => {
    const { turl, dst } = inputDestination(f, ctx);
    return {
      url: turl,
      partial: dst,
      run: async () => {
        const r = await gfalCopy(turl, `file://${resolve(dst)}`, f, ctx);
        if (r.exitCode !== 0) throw failure(r, true, checksumArgOf(f));
        verifySize(f, (await stat(dst)).size);
      },
    };
  });
}

async function copyOut(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]> {
  return transferEach(files, ctx, false, (f) => {
    const { turl, src } = outputSource(f, ctx);
    return {
      url: turl,
      run: async () => {
        const r = await gfalCopy(`file://${resolve(src)}`, turl, f, ctx);
        if (r.exitCode !== 0) throw failure(r, false, checksumArgOf(f));
      },
    };
  });
}

/** The gfal copytool. */
export const gfalCopytool: Copytool = {
  name: 'gfal',
  requireReplicas: true,
  requireInputProtocols: false,
  requireProtocols: true,
  checkAvailableSpace: true,
  allowedSchemas: ['srm', 'gsiftp', 'https', 'davs', 'root'],
  copyIn,
  copyOut,
};
