/**
 * Containers the ATLAS way (Pilot 3's pilot/user/atlas/container.py): the payload command is
 * split into the release setup (my_release_setup.sh, which stamps the end of setup) and the
 * payload proper (container_script.sh), and ALRB runs both in the job's container:
 * `source ${ATLAS_LOCAL_ROOT_BASE}/user/atlasLocalSetup.sh -c $thePlatform -s ... -r ...`.
 * Where ALRB is absent (or [Container] setup_type is not ALRB) the pilot runs the platform's grid
 * image itself ({@link gridImage}); a job that wants a container never runs without one.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { asetupCommand, pilotContainerType, type AtlasJob, type AtlasQueue } from './setup.js';

/** Files the wrapper writes into the work dir (name → content). */
export type ScriptFiles = Record<string, { content: string; mode: number }>;

/** do_use_container: an image always; a platform when the queue runs pilot containers. */
export function wantsContainer(job: AtlasJob, queue: AtlasQueue): boolean {
  if (job.imagename && job.imagename !== 'NULL') return true;
  if (!job.platform && !job.alrbuserplatform) return false;
  return pilotContainerType(queue) !== undefined;
}

/** fix_asetup: a trailing ";" so more commands can follow. */
export function fixAsetup(s: string): string {
  return s && !s.trim().endsWith(';') ? `${s}; ` : s;
}

/** extract_atlas_setup: ("$AtlasSetup/scripts/asetup.sh", the ALRB part before it). */
export function extractAtlasSetup(asetup: string, swrelease: string | undefined): [string, string] {
  if (!swrelease) return ['', ''];
  const a = asetup.trim();
  const parts = a.split(';');
  const atlas = a.endsWith(';') ? parts.at(-2)! : parts.at(-1)!;
  const cleaned = a.split(atlas).join('').split(';;').join(';');
  return [atlas.replace('source ', ''), cleaned];
}

/** get_full_asetup: "source $AtlasSetup/scripts/asetup.sh <options>;" as it appears in the command. */
export function fullAsetup(cmd: string, atlasSetup: string): string {
  const at = cmd.indexOf(atlasSetup);
  const rest = at === -1 ? cmd.slice(-1) : cmd.slice(at); // Python's cmd[-1:] when not found
  return rest.slice(0, rest.indexOf(';') + 1);
}

/** extract_full_atlas_setup: the sub-command holding asetup, and the command without it. */
function extractFullAtlasSetup(cmd: string, atlasSetup: string): [string, string] {
  if (!atlasSetup) return ['', cmd];
  let found = '';
  const rest: string[] = [];
  for (const sub of cmd.split(';')) {
    if (sub.includes(atlasSetup)) found = sub;
    else rest.push(sub);
  }
  return [found, rest.join(';')];
}

/** get_container_options: the queue's options for ALRB's -e (default "-c -i"; raythena drops -C). */
export function containerOptions(options: string | undefined, env: NodeJS.ProcessEnv): string {
  const raythena = (env.PILOT_ES_EXECUTOR_TYPE ?? 'generic') === 'raythena';
  let o = options ?? '';
  if (o) {
    if (raythena) o = o.replace('-C', '').replace('--containall', '');
    return o ? `-e "${o}"` : '';
  }
  return raythena ? '' : '-e "-c -i"';
}

/** set_platform: thePlatform from the ALRB user platform, the preprocess image, the image or cmtConfig. */
function setPlatform(job: AtlasJob, setup: string): string {
  const pre = job.preprocess && Object.keys(job.preprocess).length && job.containeroptions && Object.keys(job.containeroptions).length;
  if (job.alrbuserplatform) return `${setup}export thePlatform="${job.alrbuserplatform}";`;
  if (pre) return `${setup}export thePlatform="${String(job.containeroptions!.containerImage ?? 'None')}";`;
  if (job.imagename) return `${setup}export thePlatform="${job.imagename}";`;
  if (job.platform) return `${setup}export thePlatform="${job.platform}";`;
  return setup;
}

/** The release setup script: asetup (CVMFS releases), the exit status and the setup-time stamp. */
function releaseSetup(cmd: string, atlasSetup: string, full: string, release: string | undefined, isCvmfs: boolean): [string, string] {
  let content = `echo "INFO: sourcing /srv/my_release_setup.sh inside the container. This should not run if it is a ATLAS standalone container"`;
  if (isCvmfs && release && release !== 'NULL') {
    [content, cmd] = extractFullAtlasSetup(cmd, atlasSetup);
    if (!content) content = full;
    content = `retCode=0\n${content}`;
  }
  content += '\nretCode=$?\ndate +"%H:%M:%S %Y/%m/%d"\nif [ $? -ne 0 ]; then\n    retCode=$?\nfi\nreturn $retCode';
  return [content, cmd.split(';;').join(';')];
}

/** replace_last_command: the last ";"-separated command replaced (preprocess + containerExec). */
function replaceLastCommand(cmd: string, replacement: string): string {
  const c = cmd.replace(/^[; ]+|[; ]+$/g, '');
  const last = c.split(';').at(-1)!.trim();
  return last ? c.split(last).join(replacement) : c;
}

/** Result of {@link alrbWrapper}. */
export interface AlrbWrapped {
  /** The command the pilot runs (ALRB starts the container). */
  command: string;
  /** The command run inside the container (container_script.sh). */
  containerScript: string;
  files: ScriptFiles;
}

/**
 * alrb_wrapper: the payload command for ALRB's container mode. Returns undefined when the queue
 * names no container type for the pilot (Pilot 3 then runs the command as is).
 */
export function alrbWrapper(cmd: string, job: AtlasJob, queue: AtlasQueue, env: NodeJS.ProcessEnv): AlrbWrapped | undefined {
  if (!pilotContainerType(queue)) return undefined;
  const isCvmfs = queue.is_cvmfs ?? true;
  const [atlasSetup, clean] = extractAtlasSetup(fixAsetup(asetupCommand(env, queue)), job.swrelease);
  const full = atlasSetup && clean ? fullAsetup(cmd, `source ${atlasSetup}`) : '';
  if (clean && full) {
    cmd = cmd.split(clean).join('');
    if (job.imagename) cmd = cmd.split(full).join('');
  }
  let setup = fixAsetup(asetupCommand(env, queue, { alrb: true, addIf: true }));
  const x509 = env.X509_UNIFIED_DISPATCH ?? env.X509_USER_PROXY ?? '';
  if (x509) {
    cmd = cmd.split(`export X509_USER_PROXY=${x509};`).join('');
    setup = `export X509_USER_PROXY=${x509};${setup}`;
  }
  setup = setPlatform(job, setup);
  if (!setup.includes('export PandaID')) setup += `export PandaID=${job.jobid};`;
  cmd = `export TMPDIR=/srv;export GFORTRAN_TMPDIR=/srv;${cmd}`.split(';;').join(';');
  const [release, inner] = releaseSetup(cmd, atlasSetup, full, job.swrelease, isCvmfs);
  cmd = inner;
  const opts = job.containeroptions ?? {};
  if (job.preprocess && Object.keys(job.preprocess).length && Object.keys(opts).length) cmd = replaceLastCommand(cmd, String(opts.containerExec ?? 'None'));

  // add_asetup: atlasLocalSetup.sh in container mode with the two scripts and the queue's options.
  let alrb = setup;
  if (job.jobparams.includes('--containerImage')) {
    // Pilot 3 keeps a deprecated path for images left in jobPars; our job parser removes them first.
    const m = / '?--containerImage=? ?(\S+) ?'?/.exec(job.jobparams.replace(/' '/g, ' '));
    const path = m?.[1] ?? '';
    if (job.alrbuserplatform) {
      if (!isCvmfs) alrb += `source \${ATLAS_LOCAL_ROOT_BASE}/user/atlasLocalSetup.sh -c ${job.alrbuserplatform}`;
    } else if (path) alrb += `source \${ATLAS_LOCAL_ROOT_BASE}/user/atlasLocalSetup.sh -c ${path}`;
    else alrb = '';
    if (alrb && !isCvmfs) alrb += ' -d';
  } else {
    alrb += 'source ${ATLAS_LOCAL_ROOT_BASE}/user/atlasLocalSetup.sh ';
    if (job.platform || job.alrbuserplatform || job.imagename) {
      alrb += '-c $thePlatform';
      if (!isCvmfs) alrb += ' -d';
    }
  }
  alrb += ' -s /srv/my_release_setup.sh -r /srv/container_script.sh';
  alrb = alrb.split('  ').join(' ').split(';;').join(';');
  alrb = `${alrb} ${containerOptions(queue.container_options, env)}`.split('  ').join(' ');
  const execArgs = opts.execArgs;
  if (execArgs) alrb += ` ${String(execArgs)}`;
  const secrets = job.pandasecrets ?? '';
  if (secrets.includes('token') && /docker:\/\/[^/]+\//.test(secrets)) alrb = dockerLogin(secrets) + alrb;
  return {
    command: alrb,
    containerScript: cmd,
    files: { 'my_release_setup.sh': { content: release, mode: 0o644 }, 'container_script.sh': { content: cmd, mode: 0o755 } },
  };
}

/**
 * add_docker_login: an `apptainer remote login` for the registry of the job's DOCKER_TOKENS secret
 * ("" when the secret is incomplete). The token is in the command only, never in a log.
 */
export function dockerLogin(secrets: string): string {
  try {
    const tokens = (JSON.parse(secrets) as { DOCKER_TOKENS?: string }).DOCKER_TOKENS;
    const first = tokens ? (JSON.parse(tokens) as Array<{ username?: string; token?: string; registry_path?: string }>)[0] : undefined;
    const registry = first?.registry_path ? /docker:\/\/[^/]+\//.exec(first.registry_path)?.[0] : undefined;
    if (!first?.username || !first.token || !registry) return '';
    return `apptainer remote login -u ${first.username} -p ${first.token} ${registry}; `;
  } catch {
    return '';
  }
}

/** get_grid_image: the platform's unpacked/SIF image on CVMFS (centos7 when the OS has none), "" when absent. */
export function gridImage(platform: string | undefined, root: string): string {
  const plat = platform || 'x86_64-slc6';
  const m = /^([A-Za-z0-9_-]+)-.+-.+/.exec(plat);
  const archOs = m ? m[1]! : plat;
  const dirs = ['apptainer', 'singularity'].map((d) => join(root, 'atlas.cern.ch/repo/containers/images', d)).filter((d) => isDir(d));
  if (!dirs.length) return '';
  for (const name of [`${archOs}.img`, 'x86_64-centos7.img']) {
    const p = join(dirs[0]!, name);
    if (existsSync(p)) return p;
  }
  return '';
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** get_middleware_type: "container" when the queue's container_type says `container:middleware`. */
export function middlewareType(containerType: string | Record<string, string> | undefined): string {
  if (!containerType) return 'workernode';
  if (typeof containerType !== 'string') return containerType.middleware ?? 'workernode';
  if (!containerType.includes('middleware')) return 'workernode';
  let t = '';
  for (const item of containerType.split(';')) {
    const [runtime, user] = item.split(':');
    if (user === 'middleware' && runtime) t = runtime;
  }
  return t;
}
