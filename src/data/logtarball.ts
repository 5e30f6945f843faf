/**
 * The job's log tarball (Pilot 3's create_log): the job directory archived with gzip under one
 * top directory named `tarball_PandaJob_<jobid>_<queue>`, symlinks dereferenced, input and
 * output files left out, special pilot files copied in first. node-tar, no `tar` process.
 *
 * Deviation: Pilot 3 deletes the inputs/outputs and renames the job directory around the tar
 * call; we leave the directory alone and filter entries (the archive has the same layout).
 */
import { copyFile, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, join, relative, isAbsolute } from 'node:path';
import { errors, PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { checkLfn } from '../copytool/paths.js';

const logger = log('logtarball');

/** Files from the pilot home copied into the job directory before archiving (copy_special_files). */
export const SPECIAL_FILES = ['pilot_heartbeat.json', 'workernode_map.json', 'gpu_map.json'];

/** Options of createLogTarball. */
export interface LogTarballOptions {
  /** Top directory name inside the archive (default `tarball_PandaJob_<basename(workdir)>`). */
  tarballName?: string;
  /** Where the archive is written (default: parent of workdir, as Pilot 3 writes it in PILOT_HOME). */
  outDir?: string;
  /** Pilot home, source of the special files (default: parent of workdir). */
  pilotHome?: string;
  /** Input/output lfns left out of the archive. */
  exclude?: string[];
  /** Extra name patterns (simple globs: `*`, `?`) left out, e.g. an experiment's redundant files. */
  excludePatterns?: string[];
  /** Also copy the archive into the workdir (needed to stage it out from there). Default true. */
  copyToWorkdir?: boolean;
  signal?: AbortSignal;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
}

async function dirSizeMB(dir: string): Promise<number | undefined> {
  let total = 0;
  try {
    for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (e.isFile()) total += (await stat(join(e.parentPath ?? dir, e.name)).catch(() => ({ size: 0 }))).size;
    }
    return total / 1e6;
  } catch {
    return undefined;
  }
}

/**
 * Every path under `root` (relative, parents before children) except excluded ones and
 * symlinks whose target is gone: with --dereference semantics such a link would abort the
 * archive (Pilot 3's ATLAS plug-in deletes broken links first; we just leave them out).
 */
async function collectEntries(root: string, skip: (rel: string, top: boolean) => boolean, links?: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const e of await readdir(rel ? join(root, rel) : root, { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (skip(p, !rel)) continue;
      if (e.isSymbolicLink()) {
        const target = await stat(join(root, p)).catch(() => undefined);
        if (target) out.push(p);
        if (target?.isFile()) links?.push(p);
      } else if (e.isDirectory()) {
        out.push(p);
        await walk(p);
      } else {
        out.push(p);
      }
    }
  };
  await walk('');
  return out;
}

/** Is `p` strictly inside directory `dir` (both real paths)? */
function within(dir: string, p: string): boolean {
  const rel = relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Replace each link to a file of the pilot home outside the job directory (the pilot log) by a
 * copy of what it holds now: the pilot, or another job slot, keeps writing that file, and an
 * archive entry that grows while it is read fails the whole tarball. Links elsewhere (a payload's)
 * are archived as before; the job directory and its link are ours.
 */
async function snapshotPilotHomeLinks(root: string, pilotHome: string, links: string[]): Promise<void> {
  const work = await realpath(root);
  const home = await realpath(pilotHome).catch(() => undefined);
  if (!home) return;
  for (const rel of links) {
    const link = join(root, rel);
    const target = await realpath(link).catch(() => undefined);
    if (!target || within(work, target) || !within(home, target)) continue;
    const tmp = `${link}.snapshot-${process.pid}`;
    try {
      await copyFile(target, tmp);
      await rename(tmp, link);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined);
      logger.warn({ file: rel, err: (e as Error).message }, 'could not take a copy of a linked file for the log tarball');
    }
  }
}

/** Pilot 3's tar timeout: min(30 + int(60 + MB/5), 10800) s, 10800 when the size is unknown. */
export function tarTimeout(sizeMB: number | undefined): number {
  return sizeMB === undefined ? 10800 : Math.min(30 + Math.floor(60 + sizeMB / 5), 10800);
}

/**
 * Create `<outDir>/<logFile>` from `workdir`. Returns the archive path (and the copy in the
 * workdir when requested). Empty log name → undefined (Pilot 3 skips silently).
 * Errors: LOGFILECREATIONFAILURE (1320), LOGCREATIONTIMEOUT (1376).
 */
export async function createLogTarball(workdir: string, logFile: string, opts: LogTarballOptions = {}): Promise<string | undefined> {
  const name = logFile.replace(/\//g, '').trim();
  if (!name) return undefined;
  checkLfn(name, errors.LOGFILECREATIONFAILURE);
  const parent = join(workdir, '..');
  const pilotHome = opts.pilotHome ?? parent;
  const outDir = opts.outDir ?? parent;
  const top = opts.tarballName ?? `tarball_PandaJob_${basename(workdir)}`;
  checkLfn(top, errors.LOGFILECREATIONFAILURE);
  for (const f of SPECIAL_FILES) {
    await copyFile(join(pilotHome, f), join(workdir, f)).catch(() => undefined);
  }
  const excluded = new Set([name, ...(opts.exclude ?? [])]);
  const patterns = [/job\.log\.tgz$/, ...(opts.excludePatterns ?? []).map(globToRegExp)];
  const links: string[] = [];
  const entries = await collectEntries(workdir, (rel, top) => (top && excluded.has(rel)) || patterns.some((p) => p.test(basename(rel))), links);
  await snapshotPilotHomeLinks(workdir, pilotHome, links);
  const out = join(outDir, name);
  const timeoutS = tarTimeout(await dirSizeMB(workdir));
  const timeout = AbortSignal.timeout(timeoutS * 1000);
  const warnings: string[] = [];
  try {
    const tar = await import('tar');
    const work = tar.c(
      {
        gzip: true,
        file: out,
        cwd: workdir,
        prefix: top,
        follow: true,
        portable: false,
        // we list every entry ourselves (broken links and exclusions already dropped)
        noDirRecurse: true,
        onwarn: (_code: string, message: string) => {
          warnings.push(message);
        },
      },
      entries,
    );
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(timeout.aborted ? errors.LOGCREATIONTIMEOUT(`log tarball creation timed out after ${timeoutS} s`) : opts.signal?.reason);
      timeout.addEventListener('abort', onAbort, { once: true });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => {
        timeout.removeEventListener('abort', onAbort);
        opts.signal?.removeEventListener('abort', onAbort);
      });
    });
  } catch (e) {
    await rm(out, { force: true }).catch(() => undefined);
    if (e instanceof PilotError) throw e;
    if (opts.signal?.aborted) throw e;
    throw errors.LOGFILECREATIONFAILURE(`failed to create log tarball ${out}: ${(e as Error)?.message ?? e}`, e);
  }
  if (warnings.length) logger.warn({ warnings: warnings.slice(0, 10) }, 'log tarball warnings');
  if (opts.copyToWorkdir !== false && outDir !== workdir) await copyFile(out, join(workdir, name));
  logger.info({ out, top, entries: entries.length }, 'created log tarball');
  return out;
}
