/**
 * How the middleware process starts (see middleware.ts): the tool command (this pilot's own
 * executable: the single executable, or Node.js with the pilot's entry script), and around it
 *
 * - `bash` mode: the experiment's setup (ATLAS: ALRB + `lsetup`), else the tool itself, on the node;
 * - `container` mode: the experiment's launcher (ATLAS: ALRB `setupATLAS -c <image>`), else the
 *   pilot's container runtime (Apptainer/Singularity when installed, bubblewrap otherwise; see
 *   src/payload/containers.ts) on the [Container] middleware_container image, with the work dir,
 *   the tool (node binary and pilot files, read-only), the credential files (read-only) and the
 *   input (read-only) / output directories bound in. No shell is involved on this path.
 *
 * The image needs no Node.js: the tool brings its own (the node binary the pilot runs on, or the
 * single executable), bound read-only; it needs a glibc as recent as the one Node was built for
 * (official Node 20 builds: 2.28; EL8/EL9 images qualify).
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { errors } from '../common/errors.js';
import { parseContainerType, runtimeOrder, which, wrapInContainer } from '../payload/containers.js';

/** The tool invocation and what must be visible for it to run. */
export interface ToolCommand {
  /** Executable and arguments up to (not including) the `middleware` subcommand's own. */
  argv: string[];
  /** Files/directories the tool needs (bound read-only into a container). */
  binds: string[];
}

/** Settings of the middleware for a job (from the queue, [Container] and the experiment). */
export interface MiddlewareSettings {
  /** The queue's middleware type. */
  mode: 'container' | 'bash';
  /** [Container] middleware_container: an image path, a docker:// reference, or an ALRB name (el9). */
  image: string;
  /** [Container] middleware_container_no_path: the image ALRB is asked for when ALRB_CONT_UNPACKEDDIR is set (HPC). */
  imageNoPath?: string;
  /** [Container] setup_type (ALRB: the experiment's launcher may use ALRB). */
  setupType?: string;
  /** The queue's container runtime for the pilot (container_type "…:pilot"), preferred first. */
  runtime?: string;
  /** The queue's container_options (Apptainer syntax; ALRB's -e). */
  containerOptions?: string;
  /** The experiment's way to start it (ATLAS: ALRB); undefined or returning undefined: ours. */
  launcher?: MiddlewareLauncher;
  /** Pilot 3's [Container] middleware_{stagein,stageout}_{stdout,stderr} names. */
  names?: { stageinStdout?: string; stageinStderr?: string; stageoutStdout?: string; stageoutStderr?: string };
  /** The tool command (default: this pilot's own executable, {@link selfToolCommand}). */
  tool?: ToolCommand;
  /** PATH to look for container runtimes on (default: the job's environment's). */
  pathEnv?: string;
}

/** What a launcher is given. */
export interface LaunchRequest {
  mode: 'container' | 'bash';
  label: 'stage-in' | 'stage-out' | 'log';
  workdir: string;
  /** Request file name (in the work dir). */
  requestFile: string;
  env: NodeJS.ProcessEnv;
  settings: MiddlewareSettings;
  inputDir?: string;
  outputDir?: string;
  /** Directories of the queue's local (file://) storages: read (stage-in) or written (stage-out). */
  storageDirs?: string[];
}

/** How to start the process. */
export interface Launch {
  argv: string[];
  /** Shown in logs and diags, e.g. "bwrap x86_64-el9". */
  how: string;
  /** Variables added to the environment. */
  env?: Record<string, string>;
  /** Scripts written into the work dir first (name → content, mode 0755). */
  files?: Record<string, string>;
}

/** An experiment's launcher: the full tool argv is `[...tool.argv, ...toolArgs]`. */
export type MiddlewareLauncher = (req: LaunchRequest & { tool: ToolCommand; toolArgs: string[]; binds: Bind[] }) => Launch | undefined;

/** One read-only or writable path to make visible inside the container. */
export interface Bind {
  path: string;
  ro: boolean;
}

/** Credential and CA files/dirs the transfers read (bound read-only when they exist). */
export const CREDENTIAL_PATH_VARS = ['X509_USER_PROXY', 'X509_UNIFIED_DISPATCH', 'X509_CERT_DIR', 'BEARER_TOKEN_FILE', 'PANDA_PILOT_CA_FILE', 'RUCIO_CA_CERT', 'RUCIO_CONFIG', 'RUCIO_HOME', 'OIDC_AUTH_TOKEN_FILE'] as const;

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Nearest ancestor (≤ 4 levels) of the entry script holding package.json or pilot.py (the pilot's files). */
function pilotRoot(entry: string): string {
  let dir = dirname(entry);
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'pilot.py'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dirname(entry);
}

/**
 * This pilot's own executable as the tool: the single executable by itself, else the node binary
 * with its flags and the entry script the pilot was started with (bundle loader or dist).
 */
export function selfToolCommand(): ToolCommand {
  const exe = real(process.execPath);
  const sea = (globalThis as { __pandaBundle?: { asset?: unknown } }).__pandaBundle?.asset;
  if (sea) return { argv: [exe], binds: [exe] };
  const entry = real(process.argv[1] ?? '');
  const flags = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  return { argv: [exe, ...flags, entry], binds: [exe, pilotRoot(entry)] };
}

/** The pilot's tool arguments: `middleware --workdir W REQUEST`. */
export function toolArgs(workdir: string, requestFile: string): string[] {
  return ['middleware', '--workdir', workdir, requestFile];
}

/** Paths bound into the container: tool, credentials, input/output dirs (deduplicated, nested ones dropped). */
export function middlewareBinds(req: LaunchRequest, tool: ToolCommand): Bind[] {
  const want: Bind[] = tool.binds.map((p) => ({ path: p, ro: true }));
  for (const v of CREDENTIAL_PATH_VARS) {
    const p = req.env[v];
    if (p && isAbsolute(p) && existsSync(p)) want.push({ path: real(p), ro: true });
  }
  // mv stage-in reads from the input dir (default: the parent of the work dir), stage-out writes
  // to the output dir (same default); local storages are read or written where they are
  const stagein = req.label === 'stage-in';
  want.push({ path: real((stagein ? req.inputDir : req.outputDir) || dirname(req.workdir)), ro: stagein });
  for (const d of req.storageDirs ?? []) if (existsSync(d)) want.push({ path: real(d), ro: stagein });
  const wd = real(req.workdir);
  const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  const out: Bind[] = [];
  for (const b of want.sort((a, c) => a.path.length - c.path.length)) {
    if (inside(b.path, wd) || inside(b.path, '/cvmfs')) continue;
    // a path inside another bind is bound again only when its access differs (a proxy in a written dir stays read-only)
    if (out.some((o) => inside(b.path, o.path) && o.ro === b.ro)) continue;
    // Apptainer's bind syntax has no escape for ',' and ':'
    if (/[,:\s"'$`\\]/.test(b.path)) throw errors.STAGEINFAILED(`cannot bind ${JSON.stringify(b.path)} into the middleware container (unsupported character)`);
    out.push(b);
  }
  return out;
}

/** Local path of a file:// URL (or an absolute path), else undefined. */
function localPath(url: string): string | undefined {
  const m = /^file:\/\/(?:localhost)?(\/.*)$/.exec(url);
  return m ? m[1] : isAbsolute(url) ? url : undefined;
}

/**
 * The directories of local (file://) storage protocols of the endpoints the queue reads from or
 * writes to (its astorages) and the files name: in a container they must be bound, or a copy
 * there would land in the container's own file system and be lost.
 */
export function localStorageDirs(storagedata: Record<string, unknown> | undefined, queuedata: { astorages?: Record<string, string[]> | null } | undefined, endpoints: Array<string | null | undefined> = []): string[] {
  const names = new Set([...Object.values(queuedata?.astorages ?? {}).flat(), ...endpoints].filter((n): n is string => !!n));
  const dirs = new Set<string>();
  for (const name of names) {
    const sd = (storagedata?.[name] ?? {}) as { rprotocols?: Record<string, { endpoint?: string; path?: string }> | null; arprotocols?: Record<string, Array<{ endpoint?: string; path?: string }>> | null };
    const protos = [...Object.values(sd.rprotocols ?? {}), ...Object.values(sd.arprotocols ?? {}).flat()];
    for (const p of protos) {
      const local = localPath(`${(p.endpoint ?? '').replace(/\/+$/, '')}${p.path ?? ''}`);
      if (local) dirs.add(resolve(local));
    }
  }
  return [...dirs].sort();
}

/** `-B a:a:ro,b:b` for the binds, parents first (Apptainer syntax, understood by our bubblewrap wrapper too). */
export function bindOption(binds: Bind[]): string {
  // parents first: a later bind of a parent directory would hide an earlier one inside it
  const sorted = [...binds].sort((a, b) => a.path.length - b.path.length);
  return sorted.length ? `-B ${sorted.map((b) => `${b.path}:${b.path}${b.ro ? ':ro' : ''}`).join(',')}` : '';
}

/**
 * The middleware image for the pilot's own runtime: an absolute path or docker:// reference as
 * given; an ALRB name such as Pilot 3's default `el9` is ALRB's unpacked image on CVMFS
 * (`<ATLAS_SW_BASE or /cvmfs>/atlas.cern.ch/repo/containers/fs/singularity/x86_64-<name>`).
 */
export function resolveMiddlewareImage(image: string, env: NodeJS.ProcessEnv): string {
  const name = image || 'el9';
  if (isAbsolute(name) || /^[a-z]+:\/\//.test(name)) return name;
  const os = name.replace(/^x86_64-/, '').replace(/^alma9$/, 'el9');
  return join(env.ATLAS_SW_BASE || '/cvmfs', 'atlas.cern.ch/repo/containers/fs/singularity', `x86_64-${os}`);
}

/** Environment variables that must survive a queue option clearing the container's environment (no secrets: argv is public). */
function keepEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || /TOKEN$|PASSWORD|SECRET|_KEY$/.test(k)) continue;
    if (/^(X509_|BEARER_TOKEN_FILE$|RUCIO_|PILOT_|PANDA_|XRD_|HOME$|USER$|LANG$)/.test(k)) out[k] = v;
  }
  return out;
}

/** The process to start for a request (throws a PilotError when none can be built). */
export function buildLaunch(req: LaunchRequest): Launch {
  const s = req.settings;
  const tool = s.tool ?? selfToolCommand();
  const args = toolArgs(req.workdir, req.requestFile);
  const binds = req.mode === 'container' ? middlewareBinds(req, tool) : [];
  const own = s.launcher?.({ ...req, tool, toolArgs: args, binds });
  if (own) return own;
  if (req.mode === 'bash') return { argv: [...tool.argv, ...args], how: 'separate process' };
  const image = resolveMiddlewareImage(s.image, req.env);
  if (isAbsolute(image) && !existsSync(image)) throw errors.IMAGENOTFOUND(`middleware image does not exist: ${image}`);
  const pathEnv = s.pathEnv ?? req.env.PATH;
  const order = runtimeOrder(s.runtime);
  // Apptainer binds the node's name resolution files itself; bubblewrap only what it is told
  if (order.find((rt) => which(rt, pathEnv)) === 'bwrap') binds.push(...['/etc/hosts', '/etc/resolv.conf'].filter((f) => existsSync(f)).map((f) => ({ path: f, ro: true })));
  const options = [s.containerOptions ?? '', bindOption(binds)].filter(Boolean).join(' ');
  const wrapped = wrapInContainer([...tool.argv, ...args], { runtime: s.runtime, image, options, workdir: req.workdir, prefer: order }, { pathEnv, keepEnv: keepEnv(req.env) });
  // the tool's log says where it ran (Apptainer announces itself as APPTAINER_CONTAINER too)
  return { argv: wrapped.argv, how: `${wrapped.runtime} ${image}`, env: { ...wrapped.env, PANDA_MIDDLEWARE_RUNTIME: `${wrapped.runtime} ${image}` } };
}

/** The job's middleware settings, or undefined when the queue does not ask for it (in-process path). */
export function middlewareSettings(
  queuedata: { container_type?: string | Record<string, string> | null; container_options?: string | null } | null | undefined,
  config: { get(section: string, key: string, fallback?: unknown): unknown },
  launcher?: MiddlewareLauncher,
): MiddlewareSettings | undefined {
  const types = parseContainerType(queuedata?.container_type ?? undefined);
  const mode = types.middleware;
  if (mode !== 'container' && mode !== 'bash') return undefined;
  const c = (k: string, d = '') => String(config.get('Container', k, d) ?? d);
  return {
    mode,
    image: c('middleware_container', 'el9'),
    imageNoPath: c('middleware_container_no_path', 'el9'),
    setupType: c('setup_type', 'ALRB'),
    runtime: types.pilot,
    containerOptions: queuedata?.container_options || undefined,
    launcher,
    names: { stageinStdout: c('middleware_stagein_stdout'), stageinStderr: c('middleware_stagein_stderr'), stageoutStdout: c('middleware_stageout_stdout'), stageoutStderr: c('middleware_stageout_stderr') },
  };
}
