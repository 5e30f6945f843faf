/**
 * Core dump of a looping payload before it is killed (Pilot 3's create_core_dump in
 * pilot/util/loopingjob.py): the youngest process of the payload's tree is dumped with
 * `gdb --pid <pid> -ex generate-core-file -ex quit` (10 s at most) into the work dir, where the
 * log tarball picks it up. No gdb, or a failed dump, is logged and never delays the kill longer.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../common/log.js';
import { runTool } from '../copytool/exec.js';
import { which } from '../payload/containers.js';
import { readStat } from './proc.js';

const logger = log('monitor.coredump');

/** The process of the tree that started last (Pilot 3 takes the payload's last subprocess). */
export function youngestProcess(pids: readonly number[]): number | undefined {
  let best: { pid: number; start: number } | undefined;
  for (const pid of pids) {
    const st = readStat(pid);
    if (st && st.state !== 'Z' && (!best || st.starttime >= best.start)) best = { pid, start: st.starttime };
  }
  return best?.pid;
}

/** Dump the youngest payload process into `workdir/core.<pid>`; returns the core file's path, if written. */
export async function createCoreDump(pids: readonly number[], workdir: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const pid = youngestProcess(pids);
  const gdb = which('gdb', env.PATH ?? '');
  if (!pid || !gdb) {
    logger.warn({ pid, gdb: Boolean(gdb) }, 'cannot create core file (no payload process or no gdb)');
    return undefined;
  }
  const res = await runTool([gdb, '--batch', '--pid', String(pid), '-ex', 'generate-core-file', '-ex', 'quit'], { cwd: workdir, env, timeoutS: 10 });
  const core = join(workdir, `core.${pid}`);
  if (res.exitCode === 0 && existsSync(core)) {
    logger.info({ pid, core }, 'core dump of the looping payload written to the work dir');
    return core;
  }
  logger.warn({ pid, exitCode: res.exitCode, timedOut: res.timedOut, stderr: res.stderr.slice(-300) }, 'gdb failed to create a core file');
  return undefined;
}
