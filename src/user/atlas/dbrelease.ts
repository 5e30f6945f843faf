/**
 * DBRelease handling (Pilot 3's pilot/user/atlas/dbrelease.py): DBRelease files are never staged
 * in (the database release is on CVMFS); instead, when the job parameters name
 * `DBRelease-<version>.tar.gz`, the pilot writes a small tarball of that name into the work dir
 * whose setup.py points the payload at the CVMFS copy (DATAPATH, CORAL_DBLOOKUP_PATH).
 */
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errors } from '../../common/errors.js';

/** The version in "DBRelease-x.y.z[.w].tar.gz" ("" when none). */
export function dbreleaseVersion(jobparams: string): string {
  return /DBRelease-(\d+\.\d+\.\d+)\.tar\.gz/.exec(jobparams)?.[1] ?? /DBRelease-(\d+\.\d+\.\d+\.\d+)\.tar\.gz/.exec(jobparams)?.[1] ?? '';
}

/** Where the site keeps DBReleases (VO_ATLAS_SW_DIR/database/DBRelease). */
export function dbreleaseDir(env: NodeJS.ProcessEnv): string {
  return join(env.VO_ATLAS_SW_DIR ?? 'OSG_APP', 'database/DBRelease');
}

/** The setup.py the payload imports. */
export function dbreleaseSetup(version: string, env: NodeJS.ProcessEnv): string {
  const dir = dbreleaseDir(env);
  return [
    'import os',
    `os.environ['DBRELEASE'] = '${version}'`,
    `os.environ['DATAPATH'] = '${dir}/${version}:' + os.environ['DATAPATH']`,
    `os.environ['DBRELEASE_REQUIRED'] = '${version}'`,
    `os.environ['DBRELEASE_REQUESTED'] = '${version}'`,
    `os.environ['CORAL_DBLOOKUP_PATH'] = '${dir}/${version}/XMLConfig'`,
    '',
  ].join('\n');
}

/** Write `<workdir>/DBRelease-<version>.tar.gz` (DBRelease/<version>/setup.py, DBRelease/current). Throws DBRELEASEFAILURE. */
export async function createDbRelease(version: string, workdir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const top = join(workdir, 'DBRelease');
  const file = join(workdir, `DBRelease-${version}.tar.gz`);
  try {
    await mkdir(join(top, version), { recursive: true });
    await writeFile(join(top, version, 'setup.py'), dbreleaseSetup(version, env));
    await symlink(version, join(top, 'current'));
    // tar loads on use: this module loads with the experiment plugins, before every getJob
    const { create } = await import('tar');
    await create({ gzip: true, file, cwd: workdir, portable: true }, [`DBRelease/${version}/setup.py`, 'DBRelease/current']);
    return file;
  } catch (e) {
    throw errors.DBRELEASEFAILURE(`could not create ${file}: ${(e as Error).message}`, e);
  } finally {
    await rm(top, { recursive: true, force: true });
  }
}

/** Stage-in preparation: DBRelease inputs are not transferred, the local tarball is made. */
export async function prepareDbRelease(job: { jobparams: string; workdir: string; indata?: Array<{ lfn: string; status?: string | null }> }, env: NodeJS.ProcessEnv): Promise<void> {
  for (const f of job.indata ?? []) if (f.lfn.includes('DBRelease')) f.status = 'no_transfer';
  if (!job.jobparams.includes('DBRelease')) return;
  const version = dbreleaseVersion(job.jobparams);
  if (version) await createDbRelease(version, job.workdir, env);
}
