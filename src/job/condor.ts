/**
 * HTCondor integration as Pilot 3 does it on a node whose job has a ClassAd (`_CONDOR_JOB_AD`):
 * after each getJob the job id goes into the environment as `HTCondor_Job_ID`
 * (`<host>_<process id>_<PandaID>`, cut to its last 31 characters) and into the job's ClassAd
 * with `condor_chirp set_job_attr PandaID "<id>"` and `PandaPilotId "<pilot id>"`, where
 * condor_chirp is found as Pilot 3 finds it (`_CONDOR_LIBEXEC`, `condor_config_val LIBEXEC`, the
 * LIBEXEC of `CONDOR_CONFIG`, PATH, the usual libexec directories). Values are passed as
 * arguments, never through a shell.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { condorGlobalJobId } from './workernode.js';

const run = promisify(execFile);

const CONFIG_VAL = ['/usr/bin/condor_config_val', '/usr/sbin/condor_config_val', '/opt/condor/bin/condor_config_val', '/opt/condor/sbin/condor_config_val'];
const LIBEXEC_DIRS = ['/usr/libexec/condor', '/usr/lib/condor', '/opt/condor/libexec'];

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(':').filter(Boolean)) {
    const p = path.join(dir, name);
    if (executable(p)) return p;
  }
  return undefined;
}

/** LIBEXEC from an HTCondor config file ($(KEY) macros expanded from earlier lines). */
export function libexecFromConfig(text: string): string | undefined {
  const defs: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.split('#', 1)[0].trim();
    const i = line.indexOf('=');
    if (!line || i < 0) continue;
    defs[line.slice(0, i).trim()] = line.slice(i + 1).trim().replace(/\$\(([^)]+)\)/g, (m, k: string) => defs[k] ?? m);
  }
  return defs.LIBEXEC;
}

/** Where condor_chirp is, in Pilot 3's order; undefined when it is nowhere. */
export async function findCondorChirp(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const chirpIn = (dir: string | undefined) => (dir && executable(path.join(dir, 'condor_chirp')) ? path.join(dir, 'condor_chirp') : undefined);
  const hinted = chirpIn(env._CONDOR_LIBEXEC);
  if (hinted) return hinted;
  const configVal = onPath('condor_config_val', env) ?? CONFIG_VAL.find(executable);
  if (configVal) {
    try {
      const found = chirpIn((await run(configVal, ['-quiet', 'LIBEXEC'], { encoding: 'utf8', timeout: 20_000 })).stdout.trim());
      if (found) return found;
    } catch {
      // no configuration reachable from here
    }
  }
  if (env.CONDOR_CONFIG) {
    try {
      const found = chirpIn(libexecFromConfig(readFileSync(env.CONDOR_CONFIG, 'utf8')));
      if (found) return found;
    } catch {
      // unreadable config
    }
  }
  return onPath('condor_chirp', env) ?? LIBEXEC_DIRS.map((d) => chirpIn(d)).find(Boolean);
}

/** Pilot 3's encode_globaljobid: `<short host>_<process id>_<PandaID>`, its last 31 characters. */
export function encodeGlobalJobId(jobid: string, env: NodeJS.ProcessEnv = process.env, maxsize = 31): string {
  const global = env._CONDOR_JOB_AD ? condorGlobalJobId(env._CONDOR_JOB_AD) : '';
  const proc = global.split('#')[1]?.split('.')[1];
  const host = (env.PANDA_HOSTNAME ?? hostname()).split('.')[0];
  if (!proc || !host) return '';
  const name = `${host}_${proc}_${jobid}`;
  return name.length > maxsize ? name.slice(-maxsize) : name;
}

/**
 * After a getJob on an HTCondor node: HTCondor_Job_ID in the environment, PandaID and PandaPilotId
 * in the job's ClassAd. Returns whether the ClassAd was updated.
 */
export async function updateCondorClassad(jobid: string, pilotid: string, env: NodeJS.ProcessEnv, logger: { info(o: object, m: string): void; warn(o: object, m: string): void }): Promise<boolean> {
  if (!env._CONDOR_JOB_AD) return false;
  const encoded = encodeGlobalJobId(jobid, env);
  if (encoded) env.HTCondor_Job_ID = encoded;
  const chirp = await findCondorChirp(env);
  if (!chirp) {
    logger.warn({}, 'condor_chirp not found: the job ClassAd is not updated (set _CONDOR_LIBEXEC or CONDOR_CONFIG)');
    return false;
  }
  for (const [key, value] of [['PandaID', jobid], ['PandaPilotId', pilotid]] as const) {
    if (!value) continue;
    try {
      // a ClassAd string literal: quoted, inner quotes escaped
      await run(chirp, ['set_job_attr', key, `"${value.replace(/"/g, '\\"')}"`], { timeout: 60_000 });
    } catch (e) {
      logger.warn({ key, err: (e as Error).message }, 'condor_chirp set_job_attr failed');
      return false;
    }
  }
  logger.info({ PandaID: jobid }, 'job ClassAd updated');
  return true;
}
