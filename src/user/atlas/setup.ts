/**
 * The ATLAS software setup, as Pilot 3's pilot/user/atlas/setup.py and resource/grid.py build it:
 * ALRB (`ATLAS_LOCAL_ROOT_BASE` + atlasLocalSetup.sh) and asetup with the release, home package and
 * platform; the environment exports every payload gets. Pure string building from the job, the
 * queue and the environment, so the differential test compares it with Pilot 3's output.
 */
import { existsSync } from 'node:fs';
import { errors } from '../../common/errors.js';

/** The job fields the ATLAS setup reads (Pilot 3 JobData names). */
export interface AtlasJob {
  jobid: string | number;
  taskid?: string | number;
  transformation: string;
  jobparams: string;
  workdir: string;
  swrelease?: string;
  homepackage?: string;
  platform?: string;
  alrbuserplatform?: string;
  imagename?: string;
  noexecstrcnv?: boolean | null;
  corecount?: number;
  attemptnr?: number;
  processingtype?: string;
  datasetin?: string;
  writetofile?: string;
  is_eventservice?: boolean;
  dask_scheduler_ip?: string;
  /** The job's secrets (JSON text; DOCKER_TOKENS for registry logins). */
  pandasecrets?: string;
  preprocess?: Record<string, unknown>;
  containeroptions?: Record<string, unknown>;
  indata?: ReadonlyArray<{ lfn: string; guid?: string; status?: string | null; turl?: string | null }>;
  outdata?: ReadonlyArray<{ lfn: string }>;
}

/** The queuedata fields the ATLAS setup reads. */
export interface AtlasQueue {
  is_cvmfs?: boolean;
  container_type?: Record<string, string> | string;
  container_options?: string;
  environ?: string;
  appdir?: string;
  catchall?: string;
  type?: string | null;
}

/** Root of the CVMFS tree: ATLAS_SW_BASE (HPC sites move it), else /cvmfs. */
export function fileSystemRoot(env: NodeJS.ProcessEnv): string {
  return env.ATLAS_SW_BASE || '/cvmfs';
}

/** Production or user (analysis) job: the transformation of an analysis job is a URL. */
export function isAnalysis(job: Pick<AtlasJob, 'transformation'>): boolean {
  return /^https?:\/\//.test(job.transformation);
}

/** A build job writes a lib archive. */
export function isBuildJob(job: Pick<AtlasJob, 'outdata'>): boolean {
  return (job.outdata ?? []).some((f) => f.lfn.includes('.lib.') && !f.lfn.includes('.log.'));
}

/** Some input is read directly from storage. */
export function hasRemoteIo(job: Pick<AtlasJob, 'indata'>): boolean {
  return (job.indata ?? []).some((f) => f.status === 'remote_io');
}

/** should_pilot_prepare_setup: with noExecStrCnv and asetup.sh in jobPars, the job brings its own setup. */
export function shouldPilotPrepareSetup(noexecstrcnv: boolean | null | undefined, jobparams: string): boolean {
  return !(noexecstrcnv && jobparams.includes('asetup.sh'));
}

/** "Atlas-<release>" marks a standard ATLAS job. */
export function isStandardAtlasJob(release: string | undefined): boolean {
  return (release ?? '').startsWith('Atlas-');
}

/** verify_release_string: "" and "NULL" (any case) are unset. */
export function releaseIsSet(value: string | undefined): boolean {
  const v = (value ?? '').toUpperCase();
  return v !== '' && v !== 'NULL';
}

/** get_alrb_export: the ATLAS_LOCAL_ROOT_BASE export when the repository exists (optionally guarded). */
export function alrbExport(env: NodeJS.ProcessEnv, addIf = false): string {
  const repo = `${fileSystemRoot(env)}/atlas.cern.ch/repo`;
  if (!existsSync(repo)) return '';
  const cmd = `export ATLAS_LOCAL_ROOT_BASE=${repo}/ATLASLocalRootBase;`;
  return addIf ? `if [ -z "$ATLAS_LOCAL_ROOT_BASE" ]; then ${cmd} fi;` : cmd;
}

/**
 * get_asetup: ALRB export + atlasLocalSetup.sh (+ asetup.sh when `asetup`); with `alrb` only the
 * export (the container wrapper's form). Without ALRB, the queue's appdir (or VO_ATLAS_SW_DIR).
 * @throws NOSOFTWAREDIR when the appdir does not exist.
 */
export function asetupCommand(env: NodeJS.ProcessEnv, queue: AtlasQueue, opts: { asetup?: boolean; alrb?: boolean; addIf?: boolean } = {}): string {
  const asetup = opts.asetup ?? true;
  const alrb = alrbExport(env, opts.addIf);
  if (alrb) {
    if (opts.alrb) return alrb;
    return alrb + 'source ${ATLAS_LOCAL_ROOT_BASE}/user/atlasLocalSetup.sh --quiet;' + (asetup ? 'source $AtlasSetup/scripts/asetup.sh' : '');
  }
  const appdir = queue.appdir || env.VO_ATLAS_SW_DIR || '';
  if (!appdir) return '';
  if (!existsSync(appdir)) throw errors.NOSOFTWAREDIR(`appdir does not exist: ${appdir}`);
  return asetup ? `source ${appdir}/scripts/asetup.sh` : '';
}

/** get_asetup_options: release and home package as asetup's comma list, plus notest (and fast). */
export function asetupOptions(release: string, homepackage: string, env: NodeJS.ProcessEnv): string {
  const opts: string[] = [];
  const rel = release.replace(/^Atlas-/, '');
  if (homepackage.includes('AnalysisTransforms')) {
    const home = homepackage.replace(/^AnalysisTransforms-*/, '');
    if ((home === '' || !/^\d+\.\d+\.\d+$/.test(rel)) && rel !== '') opts.push(rel);
    if (home !== '') opts.push(...home.split('_'));
  } else {
    opts.push(...homepackage.split('/'));
    if (!homepackage.includes(rel) && !opts.includes(rel)) opts.push(rel);
  }
  opts.push('notest');
  if ('ATLAS_FAST_ASETUP' in env) opts.push('fast');
  return opts.join(',');
}

/** Does the queue run the payload in a container ("pilot" user in container_type)? */
export function pilotContainerType(queue: AtlasQueue): string | undefined {
  const t = queue.container_type;
  if (!t) return undefined;
  if (typeof t !== 'string') return t.pilot || undefined;
  for (const item of t.split(';')) {
    const [rt, user] = item.split(':').map((s) => s.trim());
    if (user === 'pilot' && rt) return rt;
  }
  return undefined;
}

/**
 * resource/grid.get_setup_command: the ALRB + asetup line with its options, "" when the job has no
 * release or the queue has neither CVMFS nor a plain (uncontained) setup.
 */
export function setupCommand(job: AtlasJob, queue: AtlasQueue, env: NodeJS.ProcessEnv, prepare: boolean): string {
  const isCvmfs = queue.is_cvmfs ?? true;
  // Without CVMFS a containerised queue brings the software in its image (no asetup).
  if (!isCvmfs && queue.container_type && Object.keys(asRecord(queue.container_type)).length) return '';
  const rel = job.swrelease ?? '';
  if (rel === 'NULL' || rel === '') return '';
  let cmd = asetupCommand(env, queue, { asetup: prepare });
  // Pilot 3 appends the options even when it found no asetup (a command that cannot run); we do not.
  if (prepare && cmd) {
    let options = ` ${asetupOptions(rel, job.homepackage ?? '', env)}`;
    if (job.platform) options += ` --platform ${job.platform}`;
    options += ` --makeflags='$MAKEFLAGS'`;
    cmd += options;
  }
  return cmd;
}

function asRecord(t: Record<string, string> | string): Record<string, string> {
  if (typeof t !== 'string') return t;
  const out: Record<string, string> = {};
  for (const item of t.split(';')) {
    const [rt, user] = item.split(':').map((s) => s.trim());
    if (rt && user) out[user] = rt;
  }
  return out;
}

/** set_inds: the first input dataset that is neither a DBRelease nor a lib dataset, else "unknown". */
export function inputDataset(datasetin: string | undefined): string {
  for (const ds of (datasetin ?? '').split(',')) if (!ds.includes('DBRelease') && !ds.includes('.lib.')) return ds || 'unknown';
  return 'unknown';
}

/**
 * The variables Pilot 3 keeps in its own os.environ for the current job (verify_ncores, the job
 * monitor's PANDAID/PanDA_TaskID, set_inds): we compute them per job and never change process.env.
 */
export function jobEnvironment(job: AtlasJob, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, PANDAID: String(job.jobid), PanDA_TaskID: String(job.taskid ?? '') };
  delete out.ATHENA_PROC_NUMBER_JOB;
  const apn = Number.parseInt(env.ATHENA_PROC_NUMBER ?? '', 10);
  if (apn) out.ATHENA_CORE_NUMBER = String(apn);
  else {
    out.ATHENA_PROC_NUMBER_JOB = String(job.corecount ?? 1);
    out.ATHENA_CORE_NUMBER = String(job.corecount ?? 1);
  }
  out.INDS = isStandardAtlasJob(job.swrelease) ? inputDataset(job.datasetin) : 'unknown';
  return out;
}

/** get_payload_environment_variables: what every ATLAS payload is told about itself. */
export function payloadEnvironmentVariables(cmd: string, job: AtlasJob, env: NodeJS.ProcessEnv, analysis: boolean): string[] {
  const v = [
    `export PANDA_RESOURCE='${env.PILOT_SITENAME ?? ''}';`,
    `export FRONTIER_ID="[${job.taskid ?? ''}_${job.jobid}]";`,
    'export CMSSW_VERSION=$FRONTIER_ID;',
    `export PandaID=${env.PANDAID ?? 'unknown'};`,
    `export PanDA_TaskID='${env.PanDA_TaskID ?? 'unknown'}';`,
    `export PanDA_AttemptNr='${job.attemptnr ?? 0}';`,
    `export INDS='${env.INDS ?? 'unknown'}';`,
  ];
  if (cmd.includes('Merge_tf') && 'ATHENA_PROC_NUMBER' in env) v.push('unset ATHENA_PROC_NUMBER;', 'unset ATHENA_CORE_NUMBER;');
  if (analysis) {
    v.push('export ROOT_TTREECACHE_SIZE=1;');
    const n = Number.parseInt(env.ATHENA_PROC_NUMBER ?? '', 10);
    v.push(Number.isNaN(n) ? 'export ROOTCORE_NCPUS=1;' : `export ROOTCORE_NCPUS=${n};`);
  }
  if (job.processingtype) v.push(`export RUCIO_APPID='${job.processingtype}';`);
  v.push('unset RUCIO_ACCOUNT;');
  return v;
}

/** get_exports: PQ.environ "K1=V1 K2=V2" as export statements. */
export function queueExports(environ: string | undefined): string {
  let out = '';
  for (const m of (environ ?? '').matchAll(/\b(\w+)=(.*?)(?=\s\w+=\s*|$)/g)) {
    let kv = `export ${m[1]}=${m[2]}`;
    if (!m[2]!.endsWith(';')) kv += ';';
    out += kv;
  }
  return out;
}

/** prepend_env_vars: queue exports and TZ=UTC in front of the command. */
export function prependQueueEnvironment(environ: string | undefined, cmd: string): string {
  return `${queueExports(environ)}export TZ='UTC'; ${cmd}`;
}
