/**
 * Running the payload in a container, as Pilot 3 decides it (pilot/user/generic/container.py
 * do_use_container, pilot/control/job.py validate) and wraps it (pilot/util/container.py raw
 * singularity/apptainer wrapper): the work dir is bound at its own path and at /srv (ALRB's
 * convention), /cvmfs and /home are bound when present, the pilot's environment is passed, and
 * TMPDIR/GFORTRAN_TMPDIR point at /srv as inside ALRB containers.
 *
 * Runtime: the one the queue names (container_type "singularity:pilot" / "apptainer:pilot") when
 * installed, else the other of the two, else bubblewrap (unprivileged, Debian `bubblewrap`), which
 * runs an unpacked (directory) image. bwrap cannot bind onto a read-only image, so the image's
 * top-level entries are bound one by one into bwrap's tmpfs root, descending only along the paths
 * we must mount on (see {@link bwrapRootLayout}).
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { delimiter, join, posix } from 'node:path';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';

const logger = log('payload.container');

/** What the payload's container needs; built by {@link resolveContainer}. */
export interface ContainerSpec {
  /** Runtime named by the queue for the "pilot" user (e.g. "singularity"), if any. */
  runtime?: string;
  /** Image: a directory (any runtime) or an image file / docker:// reference (apptainer only). */
  image: string;
  /** queuedata.container_options (apptainer syntax; `-B src[:dst[:ro]]` is honoured by bwrap too). */
  options?: string;
  /** The job's work dir (bound at its own path and at /srv, and the container's cwd). */
  workdir: string;
  /** Runtimes to try, in order (default: the queue's, the other apptainer flavour, bwrap). */
  prefer?: string[];
  /** Binds the pilot itself needs (the event service's channel socket), after the queue's. */
  binds?: Bind[];
}

/** The job fields the container decision reads (Pilot 3 JobData names). */
export interface ContainerJob {
  imagename?: string;
  platform?: string;
  alrbuserplatform?: string;
  workdir?: string;
}

/** The queuedata fields the container decision reads. */
export interface ContainerQueue {
  container_type?: string | Record<string, string>;
  container_options?: string;
}

/** Parse queuedata.container_type (`"singularity:pilot;docker:wrapper"`) into {user: runtime}. */
export function parseContainerType(value: string | Record<string, string> | undefined): Record<string, string> {
  if (!value) return {};
  if (typeof value !== 'string') return { ...value };
  const out: Record<string, string> = {};
  for (const item of value.split(';')) {
    const [runtime, user] = item.split(':').map((s) => s.trim());
    if (runtime && user) out[user] = runtime;
  }
  return out;
}

/**
 * Pilot 3's do_use_container + the validate checks: undefined when no container is wanted (or
 * none can be built: no image), else the spec. Throws QUEUENOTSETUPFORCONTAINERS when the queue
 * has no "pilot" container type, IMAGENOTFOUND when an absolute image path does not exist.
 */
export function resolveContainer(job: ContainerJob, queuedata: ContainerQueue, workdir = job.workdir ?? '.'): ContainerSpec | undefined {
  const image = job.imagename && job.imagename !== 'NULL' ? job.imagename : '';
  const types = parseContainerType(queuedata.container_type);
  const wanted = image ? true : !job.platform && !job.alrbuserplatform ? false : Boolean(types.pilot);
  if (!wanted) return undefined;
  if (!types.pilot) throw errors.QUEUENOTSETUPFORCONTAINERS('container_type must be set in CRIC');
  if (!image) {
    // Pilot 3's raw wrapper leaves the command unwrapped when it finds no image.
    logger.warn({ platform: job.platform }, 'container wanted but no image known: running without one');
    return undefined;
  }
  if (image.startsWith('/') && !existsSync(image)) throw errors.IMAGENOTFOUND(`image does not exist: ${image}`);
  return { runtime: types.pilot, image, options: queuedata.container_options || undefined, workdir };
}

/** Absolute path of an executable on PATH, or undefined. */
export function which(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      const st = statSync(p);
      if (st.isFile() && st.mode & 0o111) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Order in which runtimes are tried for a queue that names `runtime`. */
export function runtimeOrder(runtime?: string): string[] {
  if (runtime === 'apptainer') return ['apptainer', 'singularity', 'bwrap'];
  return ['singularity', 'apptainer', 'bwrap'];
}

/** Split an option string the way a shell would for simple quoting ('..', "..", backslash). */
export function splitOptions(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|((?:[^\s"'\\]|\\.)+)|(\s+)/g;
  let cur: string | undefined;
  for (const m of text.matchAll(re)) {
    if (m[4] !== undefined) {
      if (cur !== undefined) out.push(cur);
      cur = undefined;
      continue;
    }
    const piece = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : m[3]!.replace(/\\(.)/g, '$1');
    cur = (cur ?? '') + piece;
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

/** One bind mount. */
export interface Bind {
  src: string;
  dst: string;
  ro: boolean;
}

/** `-B a,b:c,d:e:ro` → binds (apptainer's syntax). */
export function parseBindList(list: string): Bind[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [src, dst, opt] = item.split(':');
      return { src: src!, dst: dst || src!, ro: opt === 'ro' };
    });
}

/** Options we understand from container_options: binds, clean environment; the rest is reported. */
export function parseContainerOptions(options: string | undefined): { binds: Bind[]; cleanEnv: boolean; ignored: string[] } {
  const toks = splitOptions(options ?? '');
  const binds: Bind[] = [];
  const ignored: string[] = [];
  let cleanEnv = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t === '-B' || t === '--bind') binds.push(...parseBindList(toks[++i] ?? ''));
    else if (t.startsWith('--bind=')) binds.push(...parseBindList(t.slice(7)));
    else if (t === '-e' || t === '--cleanenv') cleanEnv = true;
    else ignored.push(t);
  }
  return { binds, cleanEnv, ignored };
}

/** Option words without their bind options (`-B x`, `--bind x`, `--bind=x`). */
function withoutBinds(toks: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    if (toks[i] === '-B' || toks[i] === '--bind') i++;
    else if (!toks[i]!.startsWith('--bind=')) out.push(toks[i]!);
  }
  return out;
}

/** The standard binds: work dir at its path and at /srv, /cvmfs (read-only) and /home when present. */
export function defaultBinds(workdir: string): Bind[] {
  const binds: Bind[] = [
    { src: workdir, dst: workdir, ro: false },
    { src: workdir, dst: '/srv', ro: false },
  ];
  if (existsSync('/cvmfs')) binds.push({ src: '/cvmfs', dst: '/cvmfs', ro: true });
  if (existsSync('/home')) binds.push({ src: '/home', dst: '/home', ro: false });
  return binds;
}

/** Environment additions inside the container (Pilot 3 ALRB's inner exports). */
export const CONTAINER_ENV: Readonly<Record<string, string>> = { TMPDIR: '/srv', GFORTRAN_TMPDIR: '/srv' };

/**
 * bwrap arguments that lay out a directory image under bwrap's tmpfs root without ever binding
 * onto a read-only image directory: entries on the way to a mount target become fresh dirs
 * (recursing into the image), all others are bound read-only (symlinks recreated).
 */
export function bwrapRootLayout(imageDir: string, targets: string[], skip: ReadonlySet<string> = new Set(['/proc', '/dev', '/tmp'])): string[] {
  const args: string[] = [];
  const walk = (src: string, dest: string) => {
    for (const name of readdirSync(src).sort()) {
      const from = join(src, name);
      const to = dest === '/' ? `/${name}` : `${dest}/${name}`;
      if (skip.has(to) || targets.includes(to)) continue;
      let st;
      try {
        st = lstatSync(from);
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(from), to);
      else if (st.isDirectory() && targets.some((t) => t.startsWith(`${to}/`))) {
        args.push('--dir', to);
        walk(from, to);
      } else args.push('--ro-bind', from, to);
    }
  };
  walk(imageDir, '/');
  return args;
}

/** The command to run and which runtime runs it. */
export interface WrappedCommand {
  argv: string[];
  runtime: string;
  /** Variables to add to the environment the runtime is started with. */
  env: Record<string, string>;
}

/**
 * Wrap `argv` (e.g. ['/bin/bash', '-c', cmd]) for the first installed runtime. `keepEnv` names
 * variables that must survive a clean environment (our process-tree marker).
 */
export function wrapInContainer(argv: string[], spec: ContainerSpec, opts: { pathEnv?: string; keepEnv?: Record<string, string> } = {}): WrappedCommand {
  const order = spec.prefer ?? runtimeOrder(spec.runtime);
  // Pilot 3 runs the wrapper after `export workdir=<workdir>`, so queue options may say ${workdir}.
  const options = (spec.options ?? '').replace(/\$\{workdir\}|\$workdir\b/g, spec.workdir);
  const opt = parseContainerOptions(options);
  const binds = [...defaultBinds(spec.workdir), ...opt.binds, ...(spec.binds ?? [])];
  for (const rt of order) {
    const bin = which(rt, opts.pathEnv);
    if (!bin) continue;
    if (rt === 'bwrap') return { argv: bwrapArgv(bin, argv, spec, binds, opt.cleanEnv, opts.keepEnv ?? {}), runtime: rt, env: {} };
    // apptainer / singularity: pass the queue's options through, add our binds.
    // the queue's binds are merged into our -B list (ordered, parents first), the rest passes as is
    const userOpts = withoutBinds(splitOptions(options));
    // parents first (as for bwrap): a later bind of a parent would hide the work dir bound inside it
    const bindArg = [...binds].sort((a, b) => posix.normalize(a.dst).length - posix.normalize(b.dst).length).map((b) => `${b.src}:${b.dst}${b.ro ? ':ro' : ''}`).join(',');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(CONTAINER_ENV)) env[`APPTAINERENV_${k}`] = env[`SINGULARITYENV_${k}`] = v;
    for (const [k, v] of Object.entries(opts.keepEnv ?? {})) env[`APPTAINERENV_${k}`] = env[`SINGULARITYENV_${k}`] = v;
    return { argv: [bin, 'exec', ...userOpts, '-B', bindArg, '--pwd', spec.workdir, spec.image, ...argv], runtime: rt, env };
  }
  if (order.includes('apptainer') && spec.runtime === 'apptainer') throw errors.APPTAINERNOTINSTALLED(`no container runtime found (tried ${order.join(', ')})`);
  throw errors.SINGULARITYNOTINSTALLED(`no container runtime found (tried ${order.join(', ')})`);
}

function bwrapArgv(bin: string, argv: string[], spec: ContainerSpec, binds: Bind[], cleanEnv: boolean, keepEnv: Record<string, string>): string[] {
  let st;
  try {
    st = statSync(spec.image);
  } catch {
    throw errors.IMAGENOTFOUND(`image does not exist: ${spec.image}`);
  }
  if (!st.isDirectory()) {
    throw errors.SINGULARITYIMAGEMOUNTFAILURE(`bubblewrap runs unpacked (directory) images only, not ${spec.image}; install apptainer for image files`);
  }
  const dests = binds.map((b) => posix.normalize(b.dst));
  const args = [bin, '--unshare-all', '--share-net', '--die-with-parent'];
  args.push(...bwrapRootLayout(spec.image, dests));
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp');
  // Shorter destinations first so a nested bind lands on top of its parent.
  const ordered = binds.map((b, i) => ({ ...b, dst: dests[i]! })).sort((a, b) => a.dst.length - b.dst.length);
  for (const b of ordered) args.push(b.ro ? '--ro-bind' : '--bind', b.src, b.dst);
  if (cleanEnv) {
    args.push('--clearenv');
    for (const [k, v] of Object.entries(keepEnv)) args.push('--setenv', k, v);
    args.push('--setenv', 'PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  }
  for (const [k, v] of Object.entries(CONTAINER_ENV)) args.push('--setenv', k, v);
  args.push('--chdir', spec.workdir, '--', ...argv);
  return args;
}
