/**
 * `xrdcp` copytool (Pilot 3's pilot/copytool/xrdcp.py): `xrdcp -np -f --cksum adler32:print`.
 *
 * Deviations (deliberate): no shell (argv only; a queue `setup` script is sourced by bash with
 * the arguments passed positionally); a size-based timeout (Pilot 3 has none); the checksum
 * xrdcp prints is compared with the catalog value instead of overwriting it (quirk 9), and it
 * fills the catalog only when the catalog had none; partial downloads are removed.
 */
import { stat } from 'node:fs/promises';
import { ErrorCodes, PilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import type { TransferFile } from '../data/types.js';
import { fileChecksums } from './checksum.js';
import { transferError } from './errormap.js';
import { runTool, type ExecResult } from './exec.js';
import { transferTimeout, redactUrl } from './paths.js';
import type { CopyContext, Copytool } from './types.js';
import { inputDestination, outputSource, transferEach, verifySize } from './perfile.js';

const logger = log('copytool.xrdcp');

let cksumOption: Promise<string[]> | undefined;

/** Which checksum option this xrdcp understands (probed once via `xrdcp -h`, as Pilot 3). */
export function xrdcpChecksumOption(env?: NodeJS.ProcessEnv): Promise<string[]> {
  cksumOption ??= runTool(['xrdcp', '-h'], { env, timeoutS: 30 }).then((r) => {
    const out = r.stdout + r.stderr;
    if (out.includes('--cksum')) return ['--cksum', 'adler32:print'];
    if (out.includes('-adler')) return ['-adler'];
    return [];
  });
  return cksumOption;
}

/** `(adler32|md5): <hex> <url> <size>` from xrdcp's output (checksum left-padded to 8). */
export function parseXrdcpChecksum(output: string): { type: string; value: string; size: number } | undefined {
  if (!/xrootd|XRootD|adler32/.test(output)) return undefined;
  const m = /(md5|adler32):\s*([0-9a-fA-F]+)\s+\S+\s+(\d+)/.exec(output);
  if (!m) return undefined;
  return { type: m[1], value: m[1] === 'adler32' ? m[2].toLowerCase().padStart(8, '0') : m[2].toLowerCase(), size: Number(m[3]) };
}

function setupOf(ctx: CopyContext): string | undefined {
  const entry = ctx.copytools?.xrdcp as { setup?: unknown } | undefined;
  return typeof entry?.setup === 'string' && entry.setup.trim() ? entry.setup.trim() : undefined;
}

async function xrdcp(src: string, dst: string, f: TransferFile, ctx: CopyContext): Promise<ExecResult> {
  const env = ctx.env ?? process.env;
  const argv = ['xrdcp', '-np', '-f', ...(await xrdcpChecksumOption(env)), src, dst];
  const setup = setupOf(ctx);
  // The setup file is sourced by bash; our arguments travel as "$@", never parsed by the shell.
  const cmd = setup ? ['/bin/bash', '-c', 'source "$0" >/dev/null && exec "$@"', setup, ...argv] : argv;
  logger.info({ lfn: f.lfn, src: redactUrl(src), dst: redactUrl(dst) }, 'xrdcp');
  // xrdcp runs with -np; progress comes from the growing local file (downloads only)
  const local = dst.startsWith('/') ? dst : undefined;
  const timer = ctx.progress && local
    ? setInterval(() => {
        stat(local).then((s) => ctx.progress!({ lfn: f.lfn, bytes: s.size, total: f.filesize ?? 0, done: false }), () => undefined);
      }, 1000)
    : undefined;
  try {
    return await runTool(cmd, { env, timeoutS: ctx.timeoutS ?? transferTimeout(f.filesize), signal: ctx.signal });
  } finally {
    clearInterval(timer);
  }
}

function failure(r: ExecResult, isStagein: boolean): PilotError & { state?: string } {
  const text = r.timedOut ? `xrdcp timeout after transfer time limit\n${r.stderr}` : `${r.stdout}\n${r.stderr}`.trim() || `xrdcp exited with ${r.exitCode}`;
  return transferError(text, isStagein);
}

/** Compare a checksum xrdcp reported with the catalog; md5-only catalogs are checked locally. */
async function verify(f: TransferFile, reported: ReturnType<typeof parseXrdcpChecksum>, localPath: string, isStagein: boolean, ctx: CopyContext): Promise<void> {
  const cat = f.checksum ?? {};
  f.checksum = cat;
  if (cat.adler32) {
    const value = reported?.type === 'adler32' ? reported.value : (await fileChecksums(localPath, { md5: false, signal: ctx.signal })).adler32!;
    if (value !== cat.adler32.toLowerCase().padStart(8, '0')) {
      throw new PilotError(isStagein ? ErrorCodes.GETADMISMATCH : ErrorCodes.PUTADMISMATCH, `adler32 checksum mismatch for ${f.lfn}: catalog ${cat.adler32}, transferred ${value}`);
    }
  } else if (cat.md5) {
    const local = await fileChecksums(localPath, { signal: ctx.signal });
    if (local.md5 !== cat.md5.toLowerCase()) {
      throw new PilotError(isStagein ? ErrorCodes.GETMD5MISMATCH : ErrorCodes.PUTMD5MISMATCH, `md5 checksum mismatch for ${f.lfn}: catalog ${cat.md5}, transferred ${local.md5}`);
    }
  } else if (reported) {
    if (reported.type === 'adler32' || reported.type === 'md5') cat[reported.type] = reported.value;
  }
}

async function copyIn(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]> {
  return transferEach(files, ctx, true, (f) => {
    const { turl, dst } = inputDestination(f, ctx);
    return {
      url: turl,
      partial: dst,
      run: async () => {
        const r = await xrdcp(turl, dst, f, ctx);
        if (r.exitCode !== 0) throw failure(r, true);
        verifySize(f, (await stat(dst)).size);
        await verify(f, parseXrdcpChecksum(r.stdout + r.stderr), dst, true, ctx);
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
        const r = await xrdcp(src, turl, f, ctx);
        if (r.exitCode !== 0) throw failure(r, false);
        await verify(f, parseXrdcpChecksum(r.stdout + r.stderr), src, false, ctx);
      },
    };
  });
}

/** The xrdcp copytool (replicas required, root:// only). */
export const xrdcpCopytool: Copytool = {
  name: 'xrdcp',
  requireReplicas: true,
  requireInputProtocols: false,
  requireProtocols: true,
  checkAvailableSpace: true,
  allowedSchemas: ['root'],
  copyIn,
  copyOut,
};
