/**
 * The ATLAS payload command, as Pilot 3's get_payload_command (pilot/user/atlas/common.py) builds
 * it: the setup line, then the transform (production: the bare transform name found by the
 * release setup; analysis: the downloaded runGen/runAthena with its run options), the job's
 * environment exports, the queue's `environ`, direct-access TURLs and the core-count exports.
 * Downloading is the caller's part: this module is string building only.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pyRepr } from '../../common/pyliteral.js';
import {
  hasRemoteIo, isAnalysis, isBuildJob, isStandardAtlasJob, payloadEnvironmentVariables, prependQueueEnvironment,
  releaseIsSet, setupCommand, shouldPilotPrepareSetup, type AtlasJob, type AtlasQueue,
} from './setup.js';

/** Tokens the payload must not inherit (Pilot 3 unsets them for user jobs). */
const UNSET_FOR_USER = ['OIDC_AUTH_TOKEN', 'OIDC_AUTH_ORIGIN', 'PANDA_AUTH_TOKEN', 'PANDA_AUTH_ORIGIN', 'OIDC_REFRESHED_AUTH_TOKEN'];

/** add_makeflags: MAKEFLAGS from the core count unless ATHENA_PROC_NUMBER is set; always one. */
export function makeflags(corecount: number | undefined, env: NodeJS.ProcessEnv): string {
  let cmd = '';
  const apn = Number.parseInt(env.ATHENA_PROC_NUMBER ?? '', 10);
  if (Number.isNaN(apn) && corecount !== undefined && corecount >= 1) cmd += `export MAKEFLAGS='-j${corecount} QUICK=1 -l1';`;
  if (!cmd.includes('MAKEFLAGS=')) cmd += "export MAKEFLAGS='-j1 QUICK=1 -l1';";
  return cmd;
}

/** get_guids_from_jobparams: GUIDs of the files named by `-i "[a,b]"`, in that order. */
export function guidsFromJobParams(jobparams: string, lfns: string[], guids: string[]): string[] {
  const pars = jobparams.replace(/'/g, '').replace(/, /g, ',');
  const m = /-i "\[([A-Za-z0-9.,_-]+)\]"/.exec(pars);
  if (!m) return []; // Pilot 3 expands the compact form but never uses it
  const out: string[] = [];
  for (const f of m[1]!.split(',')) {
    const i = lfns.indexOf(f);
    if (i >= 0 && guids[i] !== undefined) out.push(guids[i]!);
  }
  return out;
}

/** get_analysis_run_command: proxy export, token unsets, `./<trf> <jobparams>`, direct-access and GUID options. */
export function analysisRunCommand(job: AtlasJob, trf: string, env: NodeJS.ProcessEnv): string {
  let cmd = '';
  if ('X509_USER_PROXY' in env && !job.imagename) cmd += `export X509_USER_PROXY=${env.X509_UNIFIED_DISPATCH ?? env.X509_USER_PROXY ?? ''};`;
  for (const v of UNSET_FOR_USER) if (v in env) cmd += `unset ${v};`;
  if (!job.imagename) cmd += `./${trf} ${job.jobparams}`;
  else {
    cmd += isAnalysis(job) ? `./${trf} ${job.jobparams}` : `python ${trf} ${job.jobparams}`;
    let image = job.imagename;
    const loc = env.PAYLOAD_CONTAINER_LOCATION;
    if (loc !== undefined) {
      const local = join(loc, image.split('/').at(-1)!);
      if (existsSync(local)) image = local;
    }
    if (!cmd.includes('containerImage') && trf.includes('runcontainer')) cmd += ` --containerImage=${image}`;
  }
  if (hasRemoteIo(job)) {
    if (!cmd.includes('--usePFCTurl')) cmd += ' --usePFCTurl';
    if (!cmd.includes('--directIn')) cmd += ' --directIn';
  }
  if (!isBuildJob(job)) {
    const ind = job.indata ?? [];
    const g = guidsFromJobParams(job.jobparams, ind.map((f) => f.lfn), ind.map((f) => f.guid ?? ''));
    if (g.length) cmd += ` --inputGUIDs "${pyRepr(g)}"`;
  }
  return cmd;
}

/** add_athena_proc_number: ATHENA_PROC_NUMBER / ATHENA_CORE_NUMBER exports for multi-core jobs. */
export function addAthenaProcNumber(cmd: string, env: NodeJS.ProcessEnv): string {
  const int = (v: string | undefined) => {
    const n = v === undefined ? Number.NaN : Number(v.trim());
    return Number.isInteger(n) && /^\s*[+-]?\d+\s*$/.test(v ?? '') ? n : undefined;
  };
  const job = int(env.ATHENA_PROC_NUMBER_JOB);
  const core = int(env.ATHENA_CORE_NUMBER);
  if (!cmd.includes('ATHENA_PROC_NUMBER')) {
    if ('ATHENA_PROC_NUMBER' in env) cmd = `export ATHENA_PROC_NUMBER=${env.ATHENA_PROC_NUMBER};` + cmd;
    else if ('ATHENA_PROC_NUMBER_JOB' in env && job && job > 1) cmd = `export ATHENA_PROC_NUMBER=${job};` + cmd;
  }
  if ('ATHENA_CORE_NUMBER' in env && core && core > 1) cmd = `export ATHENA_CORE_NUMBER=${core};` + cmd;
  return cmd;
}

/** PoolFileCatalog.xml → { lfn: [pfn, guid] } (Pilot 3's get_file_info_from_xml; lfn = basename of the pfn). */
export function readPoolFileCatalog(path: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  const text = readFileSync(path, 'utf8');
  const unesc = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const file of text.matchAll(/<File\s+ID="([^"]*)"[^>]*>([\s\S]*?)<\/File>/g)) {
    for (const pfn of file[2]!.matchAll(/<pfn\b[^>]*\bname="([^"]*)"/g)) {
      const name = unesc(pfn[1]!);
      out.set(basename(name), [name, unesc(file[1]!)]);
    }
  }
  return out;
}

/**
 * replace_lfns_with_turls: direct-access production jobs read TURLs, so the LFNs in the command
 * (and in writeToFile input lists) are replaced by the catalogue's PFNs.
 */
export function replaceLfnsWithTurls(cmd: string, workdir: string, lfns: string[], writetofile = ''): string {
  const path = join(workdir, 'PoolFileCatalog.xml');
  if (!existsSync(path)) return cmd;
  const info = readPoolFileCatalog(path);
  const turls = new Map<string, string>();
  for (const lfn of lfns) {
    if (!cmd.includes(lfn)) continue;
    const turl = info.get(lfn)?.[0];
    if (turl === undefined) continue;
    turls.set(lfn, turl);
    if (!cmd.includes(turl)) cmd = cmd.split(lfn).join(turl);
  }
  if (writetofile && turls.size) {
    for (const entry of writetofile.split('^')) {
      if (!entry.includes(':')) continue;
      const name = entry.split(':')[0]!.replace('.pool.root.', '.txt.');
      if (name.includes('/') || name === '..') continue; // lists live in the work dir
      const list = join(workdir, name);
      if (!existsSync(list)) continue;
      const lines = readFileSync(list, 'utf8').split('\n').flatMap((l) => (turls.has(basename(l)) ? [turls.get(basename(l))!] : l ? [l] : []));
      if (lines.length) writeFileSync(list, lines.join('\n'));
    }
  }
  return cmd;
}

/** What {@link payloadCommand} needs besides the job. */
export interface AtlasCommandInput {
  job: AtlasJob;
  queue: AtlasQueue;
  /** The job's environment ({@link jobEnvironment}). */
  env: NodeJS.ProcessEnv;
  /** Name of the downloaded transform in the work dir (analysis jobs). */
  trf?: string;
}

/** Analysis jobs need their transform downloaded before the command can be built. */
export function needsDownload(job: AtlasJob): boolean {
  return isAnalysis(job);
}

/** get_payload_command (no remote-file verification; see the README). */
export function payloadCommand({ job, queue, env, trf = '' }: AtlasCommandInput): string {
  const prepare = shouldPilotPrepareSetup(job.noexecstrcnv, job.jobparams);
  const analysis = isAnalysis(job);
  let cmd = setupCommand(job, queue, env, prepare);
  if (isStandardAtlasJob(job.swrelease)) {
    if (analysis) cmd += '; ' + makeflags(job.corecount, env) + (prepare ? analysisRunCommand(job, trf, env) : job.jobparams);
    else {
      cmd += env.PILOT_DB_LOCAL_SETUP_CMD ?? '';
      if (job.is_eventservice) {
        const n = job.corecount || 1;
        cmd += `; export ATHENA_PROC_NUMBER=${n}; export ATHENA_CORE_NUMBER=${n}`;
      }
      cmd += prepare ? `; ${job.transformation} ${job.jobparams}` : `; ${job.jobparams}`;
    }
  } else if (analysis) {
    const run = prepare ? analysisRunCommand(job, trf, env) : job.jobparams;
    cmd += job.imagename ? run : '; ' + makeflags(job.corecount, env) + run;
  } else if (releaseIsSet(job.homepackage) && job.homepackage !== ' ') {
    cmd = prepare ? `python ${job.homepackage}/${job.transformation} ${job.jobparams}` : job.jobparams;
  } else cmd = prepare ? `python ${job.transformation} ${job.jobparams}` : job.jobparams;

  if (!cmd.endsWith(';')) cmd += '; ';
  cmd = payloadEnvironmentVariables(cmd, job, env, analysis).join('') + cmd;
  cmd = prependQueueEnvironment(queue.environ, cmd);
  if (!cmd.includes('export PandaID')) cmd = `export PandaID=${job.jobid};` + cmd;
  cmd = cmd.split(';;').join(';');
  if (!analysis && !isBuildJob(job) && hasRemoteIo(job)) {
    cmd = replaceLfnsWithTurls(cmd, job.workdir, (job.indata ?? []).map((f) => f.lfn), job.writetofile);
  }
  cmd = addAthenaProcNumber(cmd, env);
  if (job.dask_scheduler_ip) cmd += `export DASK_SCHEDULER_IP=${job.dask_scheduler_ip}; ` + cmd;
  return cmd;
}
